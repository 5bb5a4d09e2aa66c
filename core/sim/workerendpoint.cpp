#include "workerendpoint.h"

#include "base/clock.h"
#include "base/logging.h"
#include "httpserver.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

constexpr qsizetype kMaxRequestBytes = 16 * 1024;

// The request target of the first complete request in `buffer`, or empty when incomplete.
QByteArray takeRequestPath(QByteArray *buffer, bool *close)
{
    const qsizetype end = buffer->indexOf("\r\n\r\n");
    if (end < 0)
        return {};
    const QByteArray head = buffer->left(end);
    buffer->remove(0, end + 4);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArray line = lineEnd < 0 ? head : head.left(lineEnd);
    const QList<QByteArray> parts = line.split(' ');
    *close = head.toLower().contains("connection: close") || line.endsWith("HTTP/1.0");
    QByteArray path = parts.value(1, "/"_ba);
    const qsizetype q = path.indexOf('?');
    if (q >= 0)
        path.truncate(q);
    return path;
}

}  // namespace

WorkerEndpoint::WorkerEndpoint(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_health.onIncoming = [this](qintptr fd) { accept(fd, false); };
    m_metrics.onIncoming = [this](qintptr fd) { accept(fd, true); };
}

WorkerEndpoint::~WorkerEndpoint()
{
    stopDrop();
    const auto open = m_connections.values();
    for (Connection *c : open) {
        delete c->notifier;
        c->notifier = nullptr;
        drop(c);
    }
}

Result<void> WorkerEndpoint::bind(const QHostAddress &address, quint16 healthPort, quint16 metricsPort, bool metrics)
{
    unbind();
    m_address = address;
    if (!m_health.listen(address, healthPort)) {
        const auto code = m_health.serverError() == QAbstractSocket::AddressInUseError ? ErrorCode::ConnectionRefused
                                                                                       : ErrorCode::Internal;
        return Error{code,
                     QCoreApplication::translate("parallax::sim", "Cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(healthPort)
                         .arg(m_health.errorString()),
                     m_health.errorString()};
    }
    m_healthPort = m_health.serverPort();
    m_metricsWanted = metrics;
    m_metricsPort = 0;
    if (metrics) {
        if (!m_metrics.listen(address, metricsPort) && !m_metrics.listen(address, 0)) {
            qCWarning(lcSim) << "no metrics listener for" << address << m_metrics.errorString();
            m_metricsWanted = false;
        } else {
            m_metricsPort = m_metrics.serverPort();
        }
    }
    applyListening();
    return {};
}

void WorkerEndpoint::unbind()
{
    stopDrop();
    m_health.close();
    m_metrics.close();
    m_healthPort = 0;
    m_metricsPort = 0;
}

void WorkerEndpoint::setHealth(HealthBehaviour behaviour, int slowMs, int badStatus)
{
    m_slowMs = slowMs;
    m_badStatus = badStatus;
    if (behaviour == m_behaviour)
        return;
    m_behaviour = behaviour;
    applyListening();
}

void WorkerEndpoint::setMetricsDown(bool down)
{
    m_metricsDown = down;
    if (!m_metricsWanted || m_metricsPort == 0)
        return;
    if (down)
        m_metrics.close();
    else if (!m_metrics.isListening() && !m_metrics.listen(m_address, m_metricsPort))
        qCWarning(lcSim) << "cannot re-open metrics port" << m_address << m_metricsPort << m_metrics.errorString();
}

// Refused and Drop are properties of the listener, not of a connection.
void WorkerEndpoint::applyListening()
{
    if (m_healthPort == 0)
        return;
    if (m_behaviour == HealthBehaviour::Refused) {
        stopDrop();
        m_health.close();  // nothing listens: the kernel answers the SYN with RST
    } else if (m_behaviour == HealthBehaviour::Drop) {
        m_health.close();
        if (m_dropFd < 0 && !startDrop())
            qCWarning(lcSim) << "drop emulation unavailable on" << m_address << m_healthPort;
    } else {
        stopDrop();
        if (!m_health.isListening() && !m_health.listen(m_address, m_healthPort))
            qCWarning(lcSim) << "cannot re-open health port" << m_address << m_healthPort << m_health.errorString();
    }
}

// A listening socket with backlog 0 whose accept queue is filled by one connection we never
// accept: Linux then drops further SYNs (tcp_conn_request: accept queue full → drop), so a
// client's connect() times out exactly as behind a DROP firewall rule — on loopback only.
bool WorkerEndpoint::startDrop()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(m_healthPort);
    sa.sin_addr.s_addr = htonl(m_address.toIPv4Address());
    if (::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0 || ::listen(fd, 0) != 0) {
        ::close(fd);
        return false;
    }
    m_dropFd = fd;
    auto *filler = new QTcpSocket(this);
    filler->connectToHost(m_address, m_healthPort);
    m_dropFillers.append(filler);
    return true;
}

void WorkerEndpoint::stopDrop()
{
    for (QTcpSocket *s : std::as_const(m_dropFillers)) {
        s->abort();
        s->deleteLater();
    }
    m_dropFillers.clear();
    if (m_dropFd >= 0) {
        ::close(m_dropFd);
        m_dropFd = -1;
    }
}

QByteArray WorkerEndpoint::response(int status, const QByteArray &contentType, const QByteArray &body) const
{
    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\ndate: ";
    out += httpDate(m_clock->nowMs() + m_skewMs);
    out += "\r\nserver: uvicorn\r\ncontent-type: " + contentType + "\r\ncontent-length: ";
    out += QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

const QByteArray &WorkerEndpoint::okResponse() const
{
    const qint64 second = (m_clock->nowMs() + m_skewMs) / 1000;
    if (second != m_okCacheSecond) {
        m_okCache = response(200, "application/json"_ba, "\"ok\""_ba);
        m_okCacheSecond = second;
    }
    return m_okCache;
}

void WorkerEndpoint::accept(qintptr fd, bool metricsPort)
{
    ::fcntl(int(fd), F_SETFL, ::fcntl(int(fd), F_GETFL) | O_NONBLOCK);
    auto *c = new Connection;
    c->id = m_nextConnection++;
    c->fd = int(fd);
    c->metricsPort = metricsPort;
    m_connections.insert(c->id, c);
    // The request usually arrives with or right after the handshake: try at once, and
    // only create a notifier when it has not.
    serve(c);
}

void WorkerEndpoint::send(Connection *c, const QByteArray &bytes)
{
    // Answers are a few hundred bytes: they fit the socket buffer of a fresh connection.
    [[maybe_unused]] const auto n = ::send(c->fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
}

void WorkerEndpoint::drop(Connection *c, bool reset)
{
    if (reset) {
        // SO_LINGER {1, 0}: close() sends RST instead of FIN → ECONNRESET at the client.
        const linger lg{1, 0};
        ::setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    if (c->notifier) {
        c->notifier->setEnabled(false);
        c->notifier->deleteLater();
    }
    ::close(c->fd);
    m_connections.remove(c->id);
    delete c;
}

void WorkerEndpoint::serve(Connection *c)
{
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::recv(c->fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            c->buffer.append(chunk, qsizetype(n));
            if (c->buffer.size() > kMaxRequestBytes)
                return drop(c);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            return drop(c);  // the client closed (or failed): nothing to answer
        break;
    }
    while (!c->waiting) {
        bool close = false;
        const QByteArray path = takeRequestPath(&c->buffer, &close);
        if (path.isEmpty())
            break;
        if (c->metricsPort) {
            if (path == "/metrics")
                send(c, response(200, "text/plain; version=0.0.4; charset=utf-8"_ba, metricsText ? metricsText() : QByteArray()));
            else
                send(c, response(404, "application/json"_ba, "{\"detail\":\"Not Found\"}"_ba));
        } else if (path == "/readyz") {
            // /readyz, /version and unknown paths are not affected by the health fault.
            send(c, okResponse());
        } else if (path == "/version") {
            send(c, response(200, "application/json"_ba, m_versionJson));
        } else if (path != "/healthz") {
            send(c, response(404, "application/json"_ba, "{\"detail\":\"Not Found\"}"_ba));
        } else {
            switch (m_behaviour) {
            case HealthBehaviour::Ok:
            case HealthBehaviour::Refused:
            case HealthBehaviour::Drop:
                send(c, okResponse());
                break;
            case HealthBehaviour::BadStatus:
                send(c, response(m_badStatus, "text/plain"_ba, httpReasonPhrase(m_badStatus)));
                break;
            case HealthBehaviour::WrongBody:
                // Another service answering on the worker's port.
                send(c, response(200, "text/html"_ba, "<html><body><h1>It works!</h1></body></html>\n"_ba));
                break;
            case HealthBehaviour::Hang:
                c->buffer.clear();  // read, never answer; keep reading so a client close is seen
                break;
            case HealthBehaviour::Reset:
                return drop(c, true);
            case HealthBehaviour::Slow: {
                c->waiting = true;
                const quint64 id = c->id;
                QTimer::singleShot(m_slowMs, this, [this, id, close] {
                    Connection *conn = m_connections.value(id);
                    if (!conn)
                        return;
                    send(conn, okResponse());
                    conn->waiting = false;
                    if (close)
                        return drop(conn);
                    serve(conn);
                });
                break;
            }
            }
            if (m_behaviour == HealthBehaviour::Hang || m_behaviour == HealthBehaviour::Slow)
                break;
        }
        if (close)
            return drop(c);
    }
    if (!c->notifier) {
        c->notifier = new QSocketNotifier(c->fd, QSocketNotifier::Read, this);
        const quint64 id = c->id;
        connect(c->notifier, &QSocketNotifier::activated, this, [this, id] {
            if (Connection *conn = m_connections.value(id))
                serve(conn);
        });
    }
}

}  // namespace parallax::sim

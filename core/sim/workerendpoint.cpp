#include "workerendpoint.h"
#include "base/trcontexts.h"

#include "base/clock.h"
#include "base/logging.h"
#include "simhttp.h"
#include "socketreactor.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
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

#ifndef SOCK_NONBLOCK
// Without SOCK_NONBLOCK and accept4 (macOS): the same flags, set afterwards.
int nonBlocking(int fd)
{
    if (fd >= 0
        && (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 || ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)) {
        ::close(fd);
        return -1;
    }
    return fd;
}
#endif

}  // namespace

WorkerEndpoint::WorkerEndpoint(const Clock *clock, SocketReactor *reactor, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_reactor(reactor)
{
}

WorkerEndpoint::~WorkerEndpoint()
{
    unbind();
    const auto open = m_connections.values();
    for (Connection *c : open)
        drop(c);
}

int WorkerEndpoint::openListener(quint16 port, int backlog, int *error)
{
#ifdef SOCK_NONBLOCK
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    const int fd = nonBlocking(::socket(AF_INET, SOCK_STREAM, 0));
#endif
    if (fd < 0) {
        *error = errno;
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(m_address.toIPv4Address());
    if (::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0 || ::listen(fd, backlog) != 0) {
        *error = errno;
        ::close(fd);
        return -1;
    }
    return fd;
}

void WorkerEndpoint::closeListener(int *fd)
{
    if (*fd < 0)
        return;
    m_reactor->remove(*fd);
    ::close(*fd);
    *fd = -1;
}

static quint16 boundPort(int fd)
{
    sockaddr_in sa{};
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&sa), &len);
    return ntohs(sa.sin_port);
}

Result<void> WorkerEndpoint::bind(const QHostAddress &address, quint16 healthPort, quint16 metricsPort, bool metrics)
{
    unbind();
    if (address.protocol() != QAbstractSocket::IPv4Protocol || !address.isLoopback())
        return Error{ErrorCode::InvalidArgument, Simulator::tr("Workers listen on IPv4 loopback only."), {}};
    m_address = address;
    int error = 0;
    const int fd = openListener(healthPort, 1024, &error);
    if (fd < 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(error));
        return Error{error == EADDRINUSE ? ErrorCode::ConnectionRefused : ErrorCode::Internal,
            Simulator::tr("Cannot listen on %1:%2: %3").arg(address.toString()).arg(healthPort).arg(why), why};
    }
    m_healthPort = boundPort(fd);
    ::close(fd);  // applyListening opens it for real (or not, for refused/drop)
    m_metricsPort = 0;
    if (metrics) {
        int mfd = openListener(metricsPort, 128, &error);
        if (mfd < 0 && metricsPort != 0)
            mfd = openListener(0, 128, &error);
        if (mfd < 0) {
            qCWarning(lcSim) << "no metrics listener for" << address << std::strerror(error);
        } else {
            m_metricsPort = boundPort(mfd);
            ::close(mfd);
        }
    }
    applyListening();
    applyMetricsListening();
    return {};
}

void WorkerEndpoint::unbind()
{
    stopDrop(&m_healthDrop);
    stopDrop(&m_metricsDrop);
    closeListener(&m_healthFd);
    closeListener(&m_metricsFd);
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
    applyMetricsListening();
}

void WorkerEndpoint::setMetricsDropped(bool dropped)
{
    m_metricsDropped = dropped;
    applyMetricsListening();
}

void WorkerEndpoint::applyMetricsListening()
{
    if (m_metricsPort == 0)
        return;
    if (m_metricsDown || m_metricsDropped) {
        closeListener(&m_metricsFd);
        if (!m_metricsDropped)
            stopDrop(&m_metricsDrop);
        else if (m_metricsDrop.fd < 0 && !startDrop(&m_metricsDrop, m_metricsPort))
            qCWarning(lcSim) << "drop emulation unavailable on" << m_address << m_metricsPort;
    } else if (m_metricsFd < 0) {
        stopDrop(&m_metricsDrop);
        int error = 0;
        m_metricsFd = openListener(m_metricsPort, 128, &error);
        if (m_metricsFd < 0) {
            qCWarning(lcSim) << "cannot open metrics port" << m_address << m_metricsPort << std::strerror(error);
            return;
        }
        const int fd = m_metricsFd;
        m_reactor->add(fd, [this, fd] { acceptAll(fd, true); });
    }
}

// Refused and Drop are properties of the listener, not of a connection.
void WorkerEndpoint::applyListening()
{
    if (m_healthPort == 0)
        return;
    if (m_behaviour == HealthBehaviour::Refused) {
        stopDrop(&m_healthDrop);
        closeListener(&m_healthFd);  // nothing listens: the kernel answers the SYN with RST
    } else if (m_behaviour == HealthBehaviour::Drop) {
        closeListener(&m_healthFd);
        if (m_healthDrop.fd < 0 && !startDrop(&m_healthDrop, m_healthPort))
            qCWarning(lcSim) << "drop emulation unavailable on" << m_address << m_healthPort;
    } else {
        stopDrop(&m_healthDrop);
        if (m_healthFd < 0) {
            int error = 0;
            m_healthFd = openListener(m_healthPort, 1024, &error);
            if (m_healthFd < 0) {
                qCWarning(lcSim) << "cannot open health port" << m_address << m_healthPort << std::strerror(error);
                return;
            }
            const int fd = m_healthFd;
            m_reactor->add(fd, [this, fd] { acceptAll(fd, false); });
        }
    }
}

// A listening socket with backlog 0 whose accept queue is filled by one connection we never
// accept: Linux then drops further SYNs (tcp_conn_request: accept queue full → drop), so a
// client's connect() times out exactly as behind a DROP firewall rule — on loopback only.
bool WorkerEndpoint::startDrop(DropTrap *trap, quint16 port)
{
    int error = 0;
    trap->fd = openListener(port, 0, &error);
    if (trap->fd < 0)
        return false;
    trap->filler = new QTcpSocket(this);
    trap->filler->connectToHost(m_address, port);
    return true;
}

void WorkerEndpoint::stopDrop(DropTrap *trap)
{
    if (trap->filler) {
        trap->filler->disconnect();
        trap->filler->abort();
        trap->filler->deleteLater();
        trap->filler = nullptr;
    }
    if (trap->fd >= 0) {
        ::close(trap->fd);
        trap->fd = -1;
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

void WorkerEndpoint::acceptAll(int listenFd, bool metricsPort)
{
    for (;;) {
#ifdef SOCK_NONBLOCK
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
        const int fd = nonBlocking(::accept(listenFd, nullptr, nullptr));
#endif
        if (fd < 0)
            return;  // EAGAIN: drained (or EMFILE: the client retries)
        auto *c = new Connection;
        c->id = m_nextConnection++;
        c->fd = fd;
        c->metricsPort = metricsPort;
        m_connections.insert(c->id, c);
        m_connectionByFd.insert(fd, c->id);
        const quint64 id = c->id;
        m_reactor->add(fd, [this, id] {
            if (Connection *conn = m_connections.value(id))
                serve(conn);
        });
        // The request usually arrives with the handshake: answer at once when it has.
        serve(c);
    }
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
    m_reactor->remove(c->fd);
    ::close(c->fd);
    m_connectionByFd.remove(c->fd);
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
            return drop(c);  // the client closed (or failed): nothing more to answer
        break;
    }
    while (!c->waiting) {
        bool close = false;
        const QByteArray path = takeRequestPath(&c->buffer, &close);
        if (path.isEmpty())
            return;
        if (c->metricsPort) {
            if (path == "/metrics")
                send(c,
                    response(200, "text/plain; version=0.0.4; charset=utf-8"_ba,
                        metricsText ? metricsText() : QByteArray()));
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
            case HealthBehaviour::Drop: send(c, okResponse()); break;
            case HealthBehaviour::BadStatus:
                send(c, response(m_badStatus, "text/plain"_ba, httpReasonPhrase(m_badStatus)));
                break;
            case HealthBehaviour::WrongBody:
                // Another service answering on the worker's port.
                send(c, response(200, "text/html"_ba, "<html><body><h1>It works!</h1></body></html>\n"_ba));
                break;
            case HealthBehaviour::Hang:
                c->buffer.clear();  // read, never answer; keep reading so a client close is seen
                return;
            case HealthBehaviour::Reset: return drop(c, true);
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
                return;
            }
            }
        }
        if (close)
            return drop(c);
    }
}

}  // namespace parallax::sim

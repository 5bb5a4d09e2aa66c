#include "workerendpoint.h"

#include "base/clock.h"
#include "base/logging.h"
#include "httpserver.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
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
    m_health.setMaxPendingConnections(1024);
    connect(&m_health, &QTcpServer::newConnection, this, &WorkerEndpoint::onHealthConnection);
    connect(&m_metrics, &QTcpServer::newConnection, this, &WorkerEndpoint::onMetricsConnection);
}

WorkerEndpoint::~WorkerEndpoint()
{
    stopDrop();
    // Accepted sockets are children of the listeners; silence them before they go.
    for (QTcpServer *server : {&m_health, &m_metrics}) {
        for (QTcpSocket *socket : server->findChildren<QTcpSocket *>()) {
            socket->disconnect();
            delete socket;
        }
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

void WorkerEndpoint::onHealthConnection()
{
    while (QTcpSocket *socket = m_health.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serveHealth(socket); });
    }
}

void WorkerEndpoint::serveHealth(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buf").toByteArray() + socket->readAll();
    if (buffer.size() > kMaxRequestBytes) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    for (;;) {
        bool close = false;
        const QByteArray path = takeRequestPath(&buffer, &close);
        if (path.isEmpty())
            break;
        if (path != "/healthz") {
            // /readyz, /version and unknown paths are not affected by the health fault.
            if (path == "/readyz")
                socket->write(response(200, "application/json"_ba, "\"ok\""_ba));
            else if (path == "/version")
                socket->write(response(200, "application/json"_ba, m_versionJson));
            else
                socket->write(response(404, "application/json"_ba, "{\"detail\":\"Not Found\"}"_ba));
        } else {
            switch (m_behaviour) {
            case HealthBehaviour::Ok:
            case HealthBehaviour::Refused:
            case HealthBehaviour::Drop:
                socket->write(response(200, "application/json"_ba, "\"ok\""_ba));
                break;
            case HealthBehaviour::BadStatus:
                socket->write(response(m_badStatus, "text/plain"_ba, httpReasonPhrase(m_badStatus)));
                break;
            case HealthBehaviour::WrongBody:
                // Another service answering on the worker's port.
                socket->write(response(200, "text/html"_ba, "<html><body><h1>It works!</h1></body></html>\n"_ba));
                break;
            case HealthBehaviour::Hang:
                socket->setProperty("buf", QByteArray());
                return;  // read, never answer
            case HealthBehaviour::Reset: {
                // SO_LINGER {1, 0}: close() sends RST instead of FIN → ECONNRESET at the client.
                const linger lg{1, 0};
                ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
                socket->abort();
                socket->deleteLater();
                return;
            }
            case HealthBehaviour::Slow: {
                QTimer::singleShot(m_slowMs, socket, [this, socket, close] {
                    socket->write(response(200, "application/json"_ba, "\"ok\""_ba));
                    if (close)
                        socket->disconnectFromHost();
                });
                socket->setProperty("buf", buffer);
                return;
            }
            }
        }
        if (close) {
            socket->disconnectFromHost();
            return;
        }
    }
    socket->setProperty("buf", buffer);
}

void WorkerEndpoint::onMetricsConnection()
{
    while (QTcpSocket *socket = m_metrics.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serveMetrics(socket); });
    }
}

void WorkerEndpoint::serveMetrics(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buf").toByteArray() + socket->readAll();
    if (buffer.size() > kMaxRequestBytes) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    for (;;) {
        bool close = false;
        const QByteArray path = takeRequestPath(&buffer, &close);
        if (path.isEmpty())
            break;
        if (path == "/metrics")
            socket->write(response(200, "text/plain; version=0.0.4; charset=utf-8"_ba,
                                   metricsText ? metricsText() : QByteArray()));
        else
            socket->write(response(404, "application/json"_ba, "{\"detail\":\"Not Found\"}"_ba));
        if (close) {
            socket->disconnectFromHost();
            return;
        }
    }
    socket->setProperty("buf", buffer);
}

}  // namespace parallax::sim

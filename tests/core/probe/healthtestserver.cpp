#include "healthtestserver.h"

#include <QTimer>

#include <sys/socket.h>

HealthTestServer::HealthTestServer(Mode mode, QObject *parent)
    : QTcpServer(parent)
    , m_mode(mode)
{
    setMaxPendingConnections(1024);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = nextPendingConnection())
            serve(s);
    });
}

bool HealthTestServer::listenLoopback(const QHostAddress &address)
{
    return listen(address, 0);
}

quint16 HealthTestServer::closedPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

void HealthTestServer::resetConnection(QTcpSocket *socket)
{
    const struct linger lg {
        1, 0
    };
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    socket->abort();
    socket->deleteLater();
}

void HealthTestServer::serve(QTcpSocket *socket)
{
    ++m_accepted;
    socket->setParent(this);
    if (m_mode == Mode::ResetOnAccept) {
        resetConnection(socket);
        return;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        m_lastRequest += socket->readAll();
        if (!m_lastRequest.contains("\r\n\r\n") || socket->property("answered").toBool())
            return;
        socket->setProperty("answered", true);
        ++m_requests;
        if (m_mode == Mode::Hang)
            return;
        if (m_mode == Mode::ResetAfterRequest) {
            resetConnection(socket);
            return;
        }
        if (m_mode == Mode::Delayed) {
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(m_delayMs, this, [this, guard] {
                if (guard)
                    answer(guard);
            });
            return;
        }
        answer(socket);
    });
}

void HealthTestServer::answer(QTcpSocket *socket)
{
    const QByteArray date = m_date.isEmpty() ? QByteArray() : "Date: " + m_date + "\r\n";
    QByteArray out;
    switch (m_mode) {
    case Mode::Ok:
    case Mode::Delayed:
        out = "HTTP/1.1 200 OK\r\n" + date
            + "server: uvicorn\r\ncontent-length: 4\r\ncontent-type: application/json\r\n\r\n\"ok\"";
        break;
    case Mode::OkBare: out = "HTTP/1.1 200 OK\r\n" + date + "Content-Length: 2\r\n\r\nok"; break;
    case Mode::OkChunked:
        out = "HTTP/1.1 200 OK\r\n" + date + "Transfer-Encoding: chunked\r\n\r\n2\r\n\"o\r\n2\r\nk\"\r\n0\r\n\r\n";
        break;
    case Mode::OkCloseDelimited: out = "HTTP/1.0 200 OK\r\n" + date + "\r\n\"ok\""; break;
    case Mode::Status503:
        out = "HTTP/1.1 503 Service Unavailable\r\n" + date + "Content-Length: 19\r\n\r\nService Unavailable";
        break;
    case Mode::BadBody: out = "HTTP/1.1 200 OK\r\n" + date + "Content-Length: 15\r\n\r\n<html>hi</html>"; break;
    case Mode::Garbage: out = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"; break;
    case Mode::Truncated: out = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n\"o"; break;
    case Mode::Huge: out = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n" + QByteArray(1048576, 'x'); break;
    case Mode::Hang:
    case Mode::ResetOnAccept:
    case Mode::ResetAfterRequest: return;
    }
    socket->write(out);
    socket->disconnectFromHost();
}

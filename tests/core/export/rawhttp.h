#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QTcpSocket>
#include <QTest>

// A raw HTTP/1.1 exchange over a real socket: the exact bytes go out, the answer is read while
// the event loop keeps running (the server under test may live in this process).
namespace parallax::test {

struct RawResponse {
    int status = 0;  // 0: no answer
    QByteArray headers;  // lower-cased header block
    QByteArray body;
    bool closed = false;  // the server closed the connection

    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : headers.split('\n')) {
            if (line.startsWith(QByteArray(name + ':')))
                return line.mid(name.size() + 1).trimmed();
        }
        return {};
    }
};

// Reads one answer from `socket` within `timeoutMs`.
inline RawResponse readResponse(QTcpSocket &socket, int timeoutMs)
{
    RawResponse r;
    QByteArray buffer;
    QElapsedTimer t;
    t.start();
    qsizetype headerEnd = -1;
    qsizetype length = -1;
    while (t.elapsed() < timeoutMs) {
        buffer += socket.readAll();
        if (headerEnd < 0 && (headerEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
            r.headers = buffer.left(headerEnd).toLower();
            const QByteArray cl = r.header("content-length");
            length = cl.isEmpty() ? -1 : cl.toLongLong();
            r.status = buffer.mid(9, 3).toInt();
        }
        if (headerEnd >= 0 && length >= 0 && buffer.size() >= headerEnd + 4 + length)
            break;
        if (socket.state() == QAbstractSocket::UnconnectedState) {
            r.closed = true;
            break;
        }
        QTest::qWait(5);
    }
    buffer += socket.readAll();
    if (headerEnd >= 0)
        r.body = buffer.mid(headerEnd + 4, length >= 0 ? length : -1);
    return r;
}

inline RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs = 10'000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    return readResponse(socket, timeoutMs);
}

inline RawResponse get(quint16 port, const QByteArray &target, const QByteArray &accept = {}, int timeoutMs = 10'000)
{
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!accept.isEmpty())
        request += "Accept: " + accept + "\r\n";
    return exchange(port, request + "\r\n", timeoutMs);
}

}  // namespace parallax::test

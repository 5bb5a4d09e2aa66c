#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

// Plain HTTP helpers for the simulator's tests: QNetworkAccessManager for the API, raw
// QTcpSocket where the socket-level outcome (refused, reset, timeout) is the point.
struct HttpResult {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

inline HttpResult httpGet(QNetworkAccessManager &nam, const QUrl &url,
    const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 5000)
{
    QNetworkRequest req(url);
    req.setTransferTimeout(timeoutMs);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam.get(req);
    QSignalSpy done(reply, &QNetworkReply::finished);
    HttpResult r;
    if (!done.wait(timeoutMs + 1000)) {
        reply->abort();
        r.error = QNetworkReply::TimeoutError;
        reply->deleteLater();
        return r;
    }
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

inline HttpResult httpPost(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &contentType,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam.post(req, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    HttpResult r;
    if (!done.wait(5000)) {
        reply->abort();
        r.error = QNetworkReply::TimeoutError;
        reply->deleteLater();
        return r;
    }
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

inline QList<QPair<QByteArray, QByteArray>> bearer(const QString &key)
{
    return {{"Authorization", "Bearer " + key.toLatin1()}};
}

// What a raw socket saw: how the connection ended and what arrived before.
struct RawOutcome {
    bool connected = false;
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
    bool timedOut = false;
    QByteArray data;
    qint64 elapsedMs = 0;
};

inline RawOutcome rawRequest(const QHostAddress &address, quint16 port, const QByteArray &request, int timeoutMs)
{
    RawOutcome out;
    QTcpSocket socket;
    QElapsedTimer t;
    t.start();
    bool finished = false;
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] {
        out.connected = true;
        socket.write(request);
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { out.data += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket, [&](QAbstractSocket::SocketError e) {
        out.error = e;
        finished = true;
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { finished = true; });
    socket.connectToHost(address, port);
    // Done when the socket ends or a complete answer (headers + Content-Length body) arrived.
    const auto complete = [&] {
        const qsizetype end = out.data.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const qsizetype cl = out.data.toLower().indexOf("content-length:");
        if (cl < 0)
            return true;
        const qsizetype eol = out.data.indexOf("\r\n", cl);
        const qsizetype len = out.data.mid(cl + 15, eol - cl - 15).trimmed().toLongLong();
        return out.data.size() >= end + 4 + len;
    };
    const bool ended = QTest::qWaitFor([&] { return finished || complete(); }, timeoutMs);
    out.timedOut = !ended;
    out.data += socket.readAll();
    out.elapsedMs = t.elapsed();
    socket.abort();
    return out;
}

// A watch stream read over a raw socket: the HTTP head, then the de-chunked body, so tests
// see GPUStack's framing byte for byte.
class RawStream : public QObject {
public:
    explicit RawStream(const QUrl &url, const QByteArray &extraHeaders = {})
    {
        QObject::connect(&socket, &QTcpSocket::connected, this, [this, url, extraHeaders] {
            socket.write("GET " + url.path(QUrl::FullyEncoded).toLatin1() + "?"
                + url.query(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: " + url.host().toLatin1() + "\r\n"
                + extraHeaders + "\r\n");
        });
        QObject::connect(&socket, &QTcpSocket::readyRead, this, [this] {
            raw += socket.readAll();
            decode();
        });
        socket.connectToHost(url.host(), quint16(url.port()));
    }

    QByteArray head;  // status line + headers
    QByteArray body;  // de-chunked
    QTcpSocket socket;

private:
    void decode()
    {
        if (head.isEmpty()) {
            const qsizetype end = raw.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = raw.left(end + 4);
            raw.remove(0, end + 4);
        }
        for (;;) {
            const qsizetype eol = raw.indexOf("\r\n");
            if (eol < 0)
                return;
            bool ok = false;
            const qsizetype len = raw.left(eol).toLongLong(&ok, 16);
            if (!ok || raw.size() < eol + 2 + len + 2)
                return;
            body += raw.mid(eol + 2, len);
            raw.remove(0, eol + 2 + len + 2);
        }
    }
    QByteArray raw;
};

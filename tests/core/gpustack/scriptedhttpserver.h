#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace parallax::test {

// One request as the server received it.
struct HttpRequest {
    QByteArray method;
    QByteArray target;  // "/v2/workers?page=1"
    QMap<QByteArray, QByteArray> headers;  // lower-case names
    QByteArray body;

    QString path() const;
    QUrlQuery query() const;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// What the server does on one connection, step by step: send bytes, wait, stall, close.
class Script {
public:
    struct Step {
        enum Kind { Send, Wait, Close, Stall, Repeat } kind;
        QByteArray bytes;
        int ms = 0;
        qint64 times = 0;  // Repeat: how often `bytes` is sent; < 0 until the peer goes away
    };

    Script &send(const QByteArray &bytes);
    Script &wait(int ms);
    Script &close();
    Script &stall();  // keep the connection open and silent until the server is closed
    // Sends `chunk` `times` times (forever when negative) as fast as the peer reads, holding at
    // most ~1 MiB in the socket's buffer: a 100 MB reply costs the test process no 100 MB.
    Script &repeat(const QByteArray &chunk, qint64 times);
    // Sends `bytes` one byte every `intervalMs` (a server trickling its answer).
    Script &trickle(const QByteArray &bytes, int intervalMs);

    // A complete reply with Content-Length, then close.
    static Script reply(int status, const QByteArray &body, const QByteArray &contentType = "application/json",
        const QList<QByteArray> &extraHeaders = {});
    static Script json(int status, const QByteArray &body) { return reply(status, body); }
    // Status line and headers of a reply without Content-Length (body until close), e.g. a stream.
    static QByteArray head(int status, const QByteArray &contentType, const QList<QByteArray> &extraHeaders = {});

    QList<Step> steps;
};

// A tiny HTTP/1.1 server on loopback for tests, scripted per request so it can misbehave on
// purpose: wrong bytes, stalls, connections closed mid-body, redirects, TLS.
class ScriptedHttpServer : public QTcpServer {
    Q_OBJECT
public:
    using Handler = std::function<Script(const HttpRequest &)>;

    explicit ScriptedHttpServer(QObject *parent = nullptr);
    ~ScriptedHttpServer() override;

    // 127.0.0.1 (or another loopback address: 127.0.0.2 is "another host"), a free port unless given.
    bool start(quint16 port = 0, const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    QUrl url() const;  // http(s)://<address>:<port>
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void enableTls(const QSslCertificate &certificate, const QSslKey &key);
    void dropAllConnections();  // abort every open connection (a server crash)

    QList<HttpRequest> requests;
    int connections = 0;
    qint64 bytesSent = 0;  // body and head bytes handed to the sockets by Send and Repeat steps

Q_SIGNALS:
    void requestReceived(const parallax::test::HttpRequest &request);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);
    void runSteps(QPointer<QTcpSocket> socket, QList<Script::Step> steps);
    void pump(QPointer<QTcpSocket> socket, QByteArray chunk, qint64 remaining, QList<Script::Step> rest);

    Handler m_handler;
    bool m_tls = false;
    QSslCertificate m_cert;
    QSslKey m_key;
    QList<QPointer<QTcpSocket>> m_sockets;
};

}  // namespace parallax::test

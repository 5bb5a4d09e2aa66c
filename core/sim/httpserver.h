#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace parallax::sim {

// One parsed HTTP/1.1 request. Header names are lower-cased.
struct HttpRequest {
    QByteArray method;
    QByteArray target;  // as sent: "/v2/workers?page=1"
    QString path;       // decoded path without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;  // first match, empty when absent
};

// One client connection of HttpServer. A handler answers a request with respond(), or
// starts an endless chunked stream with beginStream() + writeChunk() (GPUStack's watch).
class HttpConnection : public QObject {
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, QObject *parent);
    ~HttpConnection() override;

    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void beginStream(int status, const QByteArray &contentType);
    void writeChunk(const QByteArray &data);
    bool isStreaming() const { return m_streaming; }
    // Bytes queued in the socket but not yet written: lets the watch publisher drop
    // subscribers that stopped reading instead of buffering without bound.
    qint64 pendingBytes() const;
    void close();
    void abort();  // drop now, without flushing what is queued

    // Set by HttpServer: the value of the Date header (RFC 7231 IMF-fixdate).
    std::function<QByteArray()> dateProvider;
    std::function<void(const HttpRequest &, HttpConnection *)> handler;

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    bool parseOne();
    void fail(int status, const QByteArray &reason);

    QTcpSocket *m_socket;
    QByteArray m_buffer;
    bool m_busy = false;  // a request is being answered (handlers may answer later)
    bool m_keepAlive = true;
    bool m_head = false;  // HEAD: headers only, Content-Length of the body that would be sent
    bool m_streaming = false;
};

// A small HTTP/1.1 server over QTcpServer: request line, headers, Content-Length bodies,
// keep-alive and pipelining, chunked streams. Enough for GPUStack's REST and watch API;
// no TLS, no Expect: 100-continue, no chunked request bodies.
class HttpServer : public QObject {
    Q_OBJECT
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_server.errorString(); }
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    void close();

    std::function<void(const HttpRequest &, HttpConnection *)> handler;
    std::function<QByteArray()> dateProvider;

private:
    void onNewConnection();
    QTcpServer m_server;
};

QByteArray httpReasonPhrase(int status);
QByteArray httpDate(qint64 msecsSinceEpoch);

}  // namespace parallax::sim

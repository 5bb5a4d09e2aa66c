#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QTimer>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QTcpSocket;

// The one HTTP/1.1 server of the project: the simulator's GPUStack API and the Prometheus
// exporter (core/export) both answer through it.
namespace parallax::http {

// One parsed HTTP/1.1 request. Header names are lower-cased.
struct HttpRequest {
    QByteArray method;
    QByteArray target;  // as sent: "/v2/workers?page=1"
    QString path;  // decoded path without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;  // first match, empty when absent
};

// How a server treats its clients. The defaults suit the simulator (a trusted test peer);
// something that listens for anyone (the exporter) sets tighter limits and a deadline.
struct HttpConfig {
    qsizetype maxHeaderBytes = 64 * 1024;  // request line + headers; beyond: 431, closed
    qsizetype maxBodyBytes = 4 * 1024 * 1024;  // Content-Length; beyond: 413, closed
    // A request must be complete this long after the connection opened or the previous answer
    // was sent; a client that trickles (or idles on keep-alive) is then answered 408 (or, with
    // nothing sent, closed). 0 = no deadline.
    int requestTimeoutMs = 0;
    int maxConnections = 0;  // open connections at most; one more is answered 503 and closed. 0 = any
    QByteArray serverName = "parallax";  // the Server header
    // The body of the server's own error answers (malformed request, too large, timeout).
    QByteArray errorContentType = "text/plain; charset=utf-8";
    std::function<QByteArray(int status, const QByteArray &message)> errorBody;
};

// One client connection of HttpServer. A handler answers a request with respond(), or
// starts an endless chunked stream with beginStream() + writeChunk() (GPUStack's watch).
class HttpConnection : public QObject {
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, std::shared_ptr<const HttpConfig> config, QObject *parent);
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
    // Answers with the server's own error body and closes (a refused connection, a bad request).
    void fail(int status, const QByteArray &reason);

    // Set by HttpServer: the value of the Date header (RFC 7231 IMF-fixdate).
    std::function<QByteArray()> dateProvider;
    std::function<void(const HttpRequest &, HttpConnection *)> handler;

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    bool parseOne();
    void onDeadline();
    void finish();  // closed() once, then deleted

    QTcpSocket *m_socket;
    std::shared_ptr<const HttpConfig> m_config;
    QTimer m_deadline;
    QByteArray m_buffer;
    bool m_closing = false;
    bool m_finished = false;  // answered with Connection: close: later input is dropped
    bool m_busy = false;  // a request is being answered (handlers may answer later)
    bool m_keepAlive = true;
    bool m_head = false;  // HEAD: headers only, Content-Length of the body that would be sent
    bool m_streaming = false;
};

// A small HTTP/1.1 server over QTcpServer: request line, headers, Content-Length bodies,
// keep-alive and pipelining, chunked streams, size limits and a request deadline (HttpConfig).
// Enough for GPUStack's REST and watch API and a metrics endpoint; no TLS, no
// Expect: 100-continue, no chunked request bodies.
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
    int connectionCount() const { return m_connections; }

    // Applies to connections accepted afterwards.
    void setConfig(HttpConfig config) { m_config = std::make_shared<const HttpConfig>(std::move(config)); }
    const HttpConfig &config() const { return *m_config; }

    std::function<void(const HttpRequest &, HttpConnection *)> handler;
    std::function<QByteArray()> dateProvider;

private:
    void onNewConnection();
    QTcpServer m_server;
    std::shared_ptr<const HttpConfig> m_config = std::make_shared<const HttpConfig>();
    int m_connections = 0;
};

QByteArray httpReasonPhrase(int status);
QByteArray httpDate(qint64 msecsSinceEpoch);

}  // namespace parallax::http

#include "httpserver.h"

#include "base/logging.h"

#include <QDateTime>
#include <QLocale>
#include <QTcpSocket>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace parallax::http {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (h.first == name)
            return h.second;
    }
    return {};
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK"_ba;
    case 204: return "No Content"_ba;
    case 302: return "Found"_ba;
    case 400: return "Bad Request"_ba;
    case 401: return "Unauthorized"_ba;
    case 403: return "Forbidden"_ba;
    case 404: return "Not Found"_ba;
    case 405: return "Method Not Allowed"_ba;
    case 408: return "Request Timeout"_ba;
    case 409: return "Conflict"_ba;
    case 413: return "Content Too Large"_ba;
    case 422: return "Unprocessable Entity"_ba;
    case 431: return "Request Header Fields Too Large"_ba;
    case 500: return "Internal Server Error"_ba;
    case 502: return "Bad Gateway"_ba;
    case 503: return "Service Unavailable"_ba;
    case 504: return "Gateway Timeout"_ba;
    default: return "Status"_ba;
    }
}

QByteArray httpDate(qint64 msecsSinceEpoch)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC);
    return QLocale::c().toString(t, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

HttpConnection::HttpConnection(QTcpSocket *socket, std::shared_ptr<const HttpConfig> config, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_config(std::move(config))
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_deadline.stop();
        finish();
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onDeadline);
    if (m_config->requestTimeoutMs > 0)
        m_deadline.start(m_config->requestTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    // Destroyed with the server: the socket's last signals must not reach anyone.
    m_socket->disconnect();
}

qint64 HttpConnection::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::close()
{
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        finish();
        return;
    }
    m_socket->disconnectFromHost();
}

void HttpConnection::abort()
{
    const bool wasConnected = m_socket->state() != QAbstractSocket::UnconnectedState;
    m_socket->abort();
    if (!wasConnected) {
        finish();
    }
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT closed();
    deleteLater();
}

void HttpConnection::onReadyRead()
{
    if (m_closing) {
        m_socket->readAll();  // answered and closing: nothing more is read
        return;
    }
    m_buffer.append(m_socket->readAll());
    while (!m_busy && !m_streaming && !m_closing && parseOne()) { }
}

void HttpConnection::onDeadline()
{
    if (m_busy || m_streaming || m_closing)
        return;
    if (m_buffer.isEmpty()) {
        close();  // an idle keep-alive connection: nothing to answer
        return;
    }
    fail(408, "Request not complete in time"_ba);
}

void HttpConnection::fail(int status, const QByteArray &reason)
{
    m_keepAlive = false;
    m_busy = true;
    m_buffer.clear();
    const QByteArray body = m_config->errorBody ? m_config->errorBody(status, reason) : reason + '\n';
    respond(status, m_config->errorContentType, body);
}

// Parses one complete request from the buffer and hands it to the handler; false when
// the buffer holds no complete request yet.
bool HttpConnection::parseOne()
{
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if ((headerEnd < 0 && m_buffer.size() > m_config->maxHeaderBytes) || headerEnd > m_config->maxHeaderBytes) {
        fail(431, "Request headers too large"_ba);
        return false;
    }
    if (headerEnd < 0)
        return false;
    HttpRequest req;
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        fail(400, "Malformed request line"_ba);
        return false;
    }
    req.method = requestLine.at(0);
    req.target = requestLine.at(1);
    const bool http10 = requestLine.at(2) == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        req.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    qsizetype contentLength = 0;
    const QByteArray cl = req.header("content-length");
    if (!cl.isEmpty()) {
        bool ok = false;
        contentLength = cl.toLongLong(&ok);
        if (!ok || contentLength < 0) {
            fail(400, "Bad Content-Length"_ba);
            return false;
        }
        if (contentLength > m_config->maxBodyBytes) {
            fail(413, "Request body too large"_ba);
            return false;
        }
    }
    if (!req.header("transfer-encoding").isEmpty()) {
        fail(400, "Chunked request bodies are not supported"_ba);
        return false;
    }
    const qsizetype total = headerEnd + 4 + contentLength;
    if (m_buffer.size() < total)
        return false;
    req.body = m_buffer.mid(headerEnd + 4, contentLength);
    m_buffer.remove(0, total);

    const QByteArray connection = req.header("connection").toLower();
    m_keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    const QUrl url = QUrl::fromEncoded(req.target);
    req.path = url.path();
    req.query = QUrlQuery(url);
    m_busy = true;
    m_deadline.stop();
    m_head = req.method == "HEAD";
    if (handler)
        handler(req, this);
    else
        respond(404, "application/json"_ba, "{}"_ba);
    return true;
}

void HttpConnection::respond(int status, const QByteArray &contentType, const QByteArray &body,
    const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (m_streaming || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray out;
    out.reserve(200 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    if (dateProvider)
        out += "Date: " + dateProvider() + "\r\n";
    out += "Server: " + m_config->serverName + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &h : extraHeaders)
        out += h.first + ": " + h.second + "\r\n";
    if (!m_keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!m_head)
        out += body;
    m_socket->write(out);
    m_busy = false;
    if (!m_keepAlive) {
        m_closing = true;
        m_deadline.stop();
        m_socket->disconnectFromHost();
        return;
    }
    if (m_config->requestTimeoutMs > 0)
        m_deadline.start(m_config->requestTimeoutMs);
    // Pipelined requests already buffered.
    if (!m_buffer.isEmpty()) {
        QPointer<HttpConnection> self(this);
        while (self && !m_busy && !m_streaming && parseOne()) { }
    }
}

void HttpConnection::beginStream(int status, const QByteArray &contentType)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    if (dateProvider)
        out += "Date: " + dateProvider() + "\r\n";
    out +=
        "Server: " + m_config->serverName + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n";
    out += "Cache-Control: no-cache\r\n\r\n";
    m_socket->write(out);
    m_streaming = true;
    m_deadline.stop();
}

void HttpConnection::writeChunk(const QByteArray &data)
{
    if (!m_streaming || data.isEmpty() || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray out = QByteArray::number(data.size(), 16) + "\r\n";
    out += data;
    out += "\r\n";
    m_socket->write(out);
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer()
{
    // Connections first, while whoever handles their signals still exists.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server.listen(address, port);
}

void HttpServer::close()
{
    m_server.close();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new HttpConnection(socket, m_config, this);
        connection->handler = handler;
        connection->dateProvider = dateProvider;
        ++m_connections;
        connect(connection, &HttpConnection::closed, this, [this] { --m_connections; });
        if (m_config->maxConnections > 0 && m_connections > m_config->maxConnections)
            connection->fail(503, "Too many connections"_ba);
    }
}

}  // namespace parallax::http

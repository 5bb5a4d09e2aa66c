#include "scriptedhttpserver.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax::test {

QString HttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return QString::fromLatin1(q < 0 ? target : target.left(q));
}

QUrlQuery HttpRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QUrlQuery() : QUrlQuery(QString::fromLatin1(target.mid(q + 1)));
}

Script &Script::send(const QByteArray &bytes)
{
    steps.append({Step::Send, bytes, 0});
    return *this;
}

Script &Script::wait(int ms)
{
    steps.append({Step::Wait, {}, ms});
    return *this;
}

Script &Script::close()
{
    steps.append({Step::Close, {}, 0});
    return *this;
}

Script &Script::stall()
{
    steps.append({Step::Stall, {}, 0});
    return *this;
}

Script &Script::repeat(const QByteArray &chunk, qint64 times)
{
    Step s{Step::Repeat, chunk, 0};
    s.times = times;
    steps.append(s);
    return *this;
}

Script &Script::trickle(const QByteArray &bytes, int intervalMs)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        send(bytes.mid(i, 1));
        if (i + 1 < bytes.size())
            wait(intervalMs);
    }
    return *this;
}

static QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 302: return "Found";
    case 307: return "Temporary Redirect";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray Script::head(int status, const QByteArray &contentType, const QList<QByteArray> &extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    for (const QByteArray &h : extraHeaders)
        out += h + "\r\n";
    out += "Connection: close\r\n\r\n";
    return out;
}

Script Script::reply(
    int status, const QByteArray &body, const QByteArray &contentType, const QList<QByteArray> &extraHeaders)
{
    QList<QByteArray> headers = extraHeaders;
    headers.append("Content-Length: " + QByteArray::number(body.size()));
    Script s;
    s.send(head(status, contentType, headers) + body).close();
    return s;
}

ScriptedHttpServer::ScriptedHttpServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &ScriptedHttpServer::onConnection);
}

ScriptedHttpServer::~ScriptedHttpServer()
{
    dropAllConnections();
}

bool ScriptedHttpServer::start(quint16 port, const QHostAddress &address)
{
    Q_ASSERT(address.isLoopback());  // tests talk to loopback only
    return listen(address, port);
}

QUrl ScriptedHttpServer::url() const
{
    QUrl u;
    u.setScheme(m_tls ? u"https"_s : u"http"_s);
    u.setHost(serverAddress().toString());
    u.setPort(serverPort());
    return u;
}

void ScriptedHttpServer::enableTls(const QSslCertificate &certificate, const QSslKey &key)
{
    m_tls = true;
    m_cert = certificate;
    m_key = key;
}

void ScriptedHttpServer::incomingConnection(qintptr descriptor)
{
    if (!m_tls) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setLocalCertificate(m_cert);
    socket->setPrivateKey(m_key);
    socket->startServerEncryption();
    addPendingConnection(socket);
}

void ScriptedHttpServer::dropAllConnections()
{
    for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets)) {
        if (s)
            s->abort();
    }
    m_sockets.clear();
}

void ScriptedHttpServer::onConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        ++connections;
        m_sockets.append(socket);
        socket->setProperty("buffer", QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ScriptedHttpServer::onReadable(QTcpSocket *socket)
{
    if (socket->property("answered").toBool()) {
        socket->readAll();
        return;
    }
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        socket->setProperty("buffer", buffer);
        return;
    }
    HttpRequest req;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    req.method = first.value(0);
    req.target = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = req.header("content-length").toLongLong();
    if (buffer.size() - (headEnd + 4) < length) {
        socket->setProperty("buffer", buffer);
        return;
    }
    req.body = buffer.mid(headEnd + 4, length);
    socket->setProperty("answered", true);
    requests.append(req);
    Q_EMIT requestReceived(req);
    const Script script =
        m_handler ? m_handler(req) : Script::reply(404, R"({"code":404,"reason":"NotFound","message":"no handler"})");
    runSteps(socket, script.steps);
}

void ScriptedHttpServer::runSteps(QPointer<QTcpSocket> socket, QList<Script::Step> steps)
{
    while (socket && !steps.isEmpty()) {
        const Script::Step step = steps.takeFirst();
        switch (step.kind) {
        case Script::Step::Send:
            socket->write(step.bytes);
            bytesSent += step.bytes.size();
            break;
        case Script::Step::Repeat: pump(socket, step.bytes, step.times, steps); return;
        case Script::Step::Wait:
            QTimer::singleShot(step.ms, socket, [this, socket, steps]() { runSteps(socket, steps); });
            return;
        case Script::Step::Close: socket->disconnectFromHost(); return;
        case Script::Step::Stall: return;
        }
    }
}

void ScriptedHttpServer::pump(QPointer<QTcpSocket> socket, QByteArray chunk, qint64 remaining, QList<Script::Step> rest)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    constexpr qint64 kHeld = 1024 * 1024;
    while (remaining != 0 && socket->bytesToWrite() < kHeld) {
        socket->write(chunk);
        bytesSent += chunk.size();
        if (remaining > 0)
            --remaining;
    }
    if (remaining == 0) {
        runSteps(socket, rest);
        return;
    }
    QTimer::singleShot(1, socket, [this, socket, chunk, remaining, rest]() { pump(socket, chunk, remaining, rest); });
}

}  // namespace parallax::test

#include "simproxy.h"

#include "gpustack/serverversion.h"

#include "loopbackpool.h"

#include <QHostAddress>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

constexpr int kUpstreamTimeoutMs = 10'000;

}  // namespace

bool noProxyBypasses(const QString &host, const QStringList &noProxy, bool cidrAware)
{
    const QString h = host.trimmed().toLower();
    const QHostAddress ip(h);
    for (QString entry : noProxy) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == u"*"_s)
            return true;
        if (cidrAware && !ip.isNull() && ip.protocol() == QAbstractSocket::IPv4Protocol) {
            // ipaddress.IPv4Network(entry, strict=False): a bare IP is a /32.
            const auto net = QHostAddress::parseSubnet(entry.contains(u'/') ? entry : entry + u"/32"_s);
            if (!net.first.isNull() && net.first.protocol() == QAbstractSocket::IPv4Protocol && ip.isInSubnet(net))
                return true;
            if (!net.first.isNull())
                continue;
        }
        // Host / domain entries (urllib proxy_bypass_environment, httpx "all://*domain").
        if (entry.startsWith(u'.'))
            entry.remove(0, 1);
        if (h == entry || h.endsWith(u'.' + entry))
            return true;
    }
    return false;
}

ProxyHandling proxyHandlingFor(const QString &serverVersion)
{
    const ServerVersion v(serverVersion);
    ProxyHandling p;
    p.honoursProxyEnv = v.atLeast(0, 7, 1);  // trust_env=True since v0.7.1 (ref §7 history)
    p.cidrNoProxy = v.atLeast(2, 0, 2);  // commit e9743c7e
    return p;
}

SimProxy::SimProxy(const ServerProxy &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_http(this)
{
    m_http.setConfig(gpustackHttpConfig());
    m_http.handler = [this](const HttpRequest &req, HttpConnection *conn) { handle(req, conn); };
}

bool SimProxy::start()
{
    if (!m_http.listen(QHostAddress::LocalHost, 0))
        return false;
    m_port = m_http.port();
    if (m_config.kind == ServerProxy::Kind::Refused)
        m_http.close();  // HTTP_PROXY names a port where nothing listens: connection refused
    return true;
}

void SimProxy::handle(const HttpRequest &req, HttpConnection *conn)
{
    ++m_requests;
    m_lastTarget = req.target;
    if (m_config.kind == ServerProxy::Kind::Forward) {
        const QUrl url = QUrl::fromEncoded(req.target);
        if (url.scheme() != u"http"_s || url.host().isEmpty())
            return conn->respond(400, "text/plain"_ba, "absolute-form request target required\n"_ba);
        return forward(url, conn);
    }
    // The corporate proxy cannot reach the workers' network (#373: 504s, worker unreachable).
    const int status = m_config.status;
    QPointer<HttpConnection> guard(conn);
    const auto answer = [guard, status] {
        if (guard)
            guard->respond(status, "text/html"_ba,
                "<html><body><h1>" + QByteArray::number(status) + ' ' + httpReasonPhrase(status)
                    + "</h1>The proxy could not reach the requested address.</body></html>\n");
    };
    if (m_config.delayMs > 0)
        QTimer::singleShot(m_config.delayMs, conn, answer);
    else
        answer();
}

void SimProxy::forward(const QUrl &url, HttpConnection *conn)
{
    if (!isLoopbackLiteral(url.host())) {
        // The simulator sends nothing beyond loopback.
        return conn->respond(502, "text/plain"_ba, "the simulated proxy only reaches loopback addresses\n"_ba);
    }
    auto *socket = new QTcpSocket(conn);
    auto *timer = new QTimer(socket);
    auto buffer = std::make_shared<QByteArray>();
    QPointer<HttpConnection> guard(conn);
    const auto finish = [socket, timer, buffer, guard](bool complete) {
        timer->stop();
        if (complete)
            *buffer += socket->readAll();
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        if (!guard)
            return;
        if (!complete)
            return guard->respond(504, "text/plain"_ba, "upstream timed out\n"_ba);
        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return guard->respond(502, "text/plain"_ba, "upstream closed without an answer\n"_ba);
        const QByteArray head = buffer->left(headerEnd);
        const int status = head.left(head.indexOf("\r\n")).split(' ').value(1).toInt();
        QByteArray contentType = "application/octet-stream"_ba;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-type:"))
                contentType = line.mid(13).trimmed();
        }
        guard->respond(status > 0 ? status : 502, contentType, buffer->mid(headerEnd + 4));
    };
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [finish] { finish(false); });
    connect(socket, &QTcpSocket::connected, socket, [socket, url] {
        socket->write("GET " + url.path(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: " + url.host().toLatin1()
            + ':' + QByteArray::number(url.port(80)) + "\r\nConnection: close\r\n\r\n");
    });
    connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer] { *buffer += socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, [finish] { finish(true); });
    connect(socket, &QTcpSocket::errorOccurred, socket, [finish, guard, socket, timer](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError)
            return finish(true);
        const QByteArray why = socket->errorString().toUtf8();
        timer->stop();
        socket->disconnect();
        socket->deleteLater();
        if (guard)
            guard->respond(502, "text/plain"_ba, "upstream: " + why + '\n');
    });
    timer->start(kUpstreamTimeoutMs);
    socket->connectToHost(url.host(), quint16(url.port(80)));
}

}  // namespace parallax::sim

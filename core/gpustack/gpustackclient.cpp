#include "gpustackclient.h"

#include "base/logging.h"
#include "gpustack/jsonread.h"
#include "gpustack/serverversion.h"
#include "gpustack/workerjson.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// System proxy, except for loopback: the embedded simulator and tests live there and an
// http_proxy in the environment must not capture them.
class SystemProxyFactory final : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        const QString host = query.peerHostName();
        QHostAddress address(host);
        if (host == u"localhost"_s || (!address.isNull() && address.isLoopback()))
            return {QNetworkProxy(QNetworkProxy::NoProxy)};
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }
};

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &u) { return u.port(u.scheme() == u"https"_s ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

// RFC 6125 §6.4.4: when a certificate lists subjectAltNames, its CN is not consulted. Qt
// (QSslSocketPrivate::isMatchingHostname) accepts a CN match even then, so a certificate for
// "CN=10.0.0.5, SAN=DNS:other.example" would pass for 10.0.0.5. True when the certificate has
// SANs and none names `host` (exact, or a "*." wildcard for one leftmost label).
bool subjectAltNamesMiss(const QSslCertificate &cert, const QString &host)
{
    const auto sans = cert.subjectAlternativeNames();
    if (sans.isEmpty() || host.isEmpty())
        return false;
    const QHostAddress address(host);
    for (auto it = sans.cbegin(); it != sans.cend(); ++it) {
        const QString name = it.value().trimmed();
        if (it.key() == QSsl::IpAddressEntry) {
            if (!address.isNull() && QHostAddress(name).isEqual(address))
                return false;
            continue;
        }
        if (it.key() != QSsl::DnsEntry)
            continue;
        if (name.compare(host, Qt::CaseInsensitive) == 0)
            return false;
        if (address.isNull() && name.startsWith(u"*."_s)) {
            const qsizetype dot = host.indexOf(u'.');
            if (dot > 0 && host.mid(dot).compare(name.mid(1), Qt::CaseInsensitive) == 0)
                return false;
        }
    }
    return true;
}

bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.toLower().contains("html"))
        return true;
    const QByteArray head = body.left(512).trimmed().toLower();
    return head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<");
}

QString gpuStackMessage(const QByteArray &body)
{
    // {"code":401,"reason":"Unauthorized","message":"…"} (gpustack/api/exceptions.py)
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString msg = o.value(u"message"_s).toString();
    return msg.left(300);
}

}  // namespace

struct GpuStackClient::Call {
    QByteArray verb = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    bool authenticated = true;
    bool allowRelogin = true;
    int redirectsLeft = 3;
    quint64 generation = 0;
    bool stream = false;  // watch: no transfer timeout, the watcher checks the keep-alive
    QByteArray sentCookie;  // the session this call carried, to tell a stale 401 from a fresh one
};

struct GpuStackClient::RawReply {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkCookie> cookies;
    QUrl url;
};

GpuStackClient::GpuStackClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
    Q_ASSERT(network);
}

GpuStackClient::~GpuStackClient() = default;

void GpuStackClient::setEndpoint(const ServerEndpoint &endpoint)
{
    m_endpoint = endpoint;
    m_api = endpoint.apiVersion;
    m_detected = false;
    m_useBasic = endpoint.authMode == AuthMode::Basic;
    m_useHeaderKey = endpoint.authMode == AuthMode::ApiKeyHeader;
    m_info = {};
    m_sessionCookie.clear();
    ++m_generation;
    applyNetworkOptions();
    // Callers still waiting for the old server's detection hear that it was cancelled.
    const auto logins = std::exchange(m_loginWaiters, {});
    for (const auto &w : logins) {
        QTimer::singleShot(0, this, [w]() {
            w(Error{ErrorCode::Cancelled, tr("The request was cancelled because the server settings changed."),
                    u"endpoint changed during login"_s});
        });
    }
    const auto waiters = std::exchange(m_readyWaiters, {});
    for (const auto &w : waiters) {
        QTimer::singleShot(0, this, [w]() {
            w(Error{ErrorCode::Cancelled, tr("The request was cancelled because the server settings changed."),
                    u"endpoint changed"_s});
        });
    }
}

void GpuStackClient::applyNetworkOptions()
{
    const ProxyOptions &p = m_endpoint.proxy;
    switch (p.mode) {
    case ProxyOptions::Mode::System:
        m_network->setProxyFactory(new SystemProxyFactory);
        break;
    case ProxyOptions::Mode::None:
        m_network->setProxyFactory(nullptr);
        m_network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyOptions::Mode::Explicit: {
        m_network->setProxyFactory(nullptr);
        const bool socks = p.url.scheme().startsWith(u"socks"_s);
        QNetworkProxy proxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, p.url.host(),
                            quint16(p.url.port(socks ? 1080 : 8080)), p.url.userName(), p.url.password());
        m_network->setProxy(proxy);
        break;
    }
    }
}

QUrl GpuStackClient::rootUrl(const QString &path) const
{
    QUrl url = m_endpoint.url;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl GpuStackClient::apiUrl(const QString &resource, const QUrlQuery &query) const
{
    QUrl url = rootUrl(apiPrefix(m_api) + u'/' + resource);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QNetworkRequest GpuStackClient::buildRequest(const Call &call) const
{
    QNetworkRequest req(call.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // The session cookie is ours to manage: a manager shared by several profiles must not mix
    // them, and it must not reach other hosts.
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    req.setRawHeader("Accept", "application/json");
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Parallax/" PARALLAX_VERSION));
    if (!call.contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, call.contentType);
    req.setTransferTimeout(call.stream ? 0 : m_timeoutMs);

    if (call.url.scheme() == u"https"_s) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        if (!m_endpoint.tls.extraCaFile.isEmpty()) {
            const auto certs = QSslCertificate::fromPath(m_endpoint.tls.extraCaFile, QSsl::Pem);
            if (!certs.isEmpty())
                conf.addCaCertificates(certs);
        }
        req.setSslConfiguration(conf);
    }

    if (!call.authenticated)
        return req;
    const QString &secret = m_endpoint.secret;
    switch (m_endpoint.authMode) {
    case AuthMode::ApiKeyBearer:
    case AuthMode::ApiKeyHeader:
        if (m_useHeaderKey)
            req.setRawHeader("X-API-Key", secret.toUtf8());
        else
            req.setRawHeader("Authorization", "Bearer " + secret.toUtf8());
        break;
    case AuthMode::Password:
    case AuthMode::Basic:
        if (m_useBasic) {
            const QByteArray pair = m_endpoint.username.toUtf8() + ':' + secret.toUtf8();
            req.setRawHeader("Authorization", "Basic " + pair.toBase64());
        } else if (!m_sessionCookie.isEmpty()) {
            req.setRawHeader("Cookie", m_sessionCookie);
        }
        break;
    case AuthMode::None:
        break;
    }
    return req;
}

QNetworkReply *GpuStackClient::startReply(const Call &call, std::function<void(QNetworkReply *)>)
{
    const QNetworkRequest req = buildRequest(call);
    QNetworkReply *reply = nullptr;
    if (call.verb == "GET")
        reply = m_network->get(req);
    else
        reply = m_network->sendCustomRequest(req, call.verb, call.body);
    // Replies die with the client: an in-flight request is aborted, not leaked, when a
    // profile is closed.
    reply->setParent(this);

    const QString pin = normalizedFingerprint(m_endpoint.tls.pinnedSha256);
    connect(reply, &QNetworkReply::sslErrors, this, [reply, pin](const QList<QSslError> &errors) {
        const QSslCertificate cert = reply->sslConfiguration().peerCertificate();
        const QString fp = QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex());
        reply->setProperty("parallaxPeerFingerprint", fp);
        if (!pin.isEmpty() && fp == pin) {
            qCDebug(lcGpustack) << "accepting pinned certificate for" << reply->url().host();
            reply->ignoreSslErrors(errors);
            return;
        }
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        reply->setProperty("parallaxSslErrors", texts.join(u"; "_s));
    });
    // After the handshake, before any byte of the request (so before any credential).
    connect(reply, &QNetworkReply::encrypted, this, [reply, pin]() {
        const QSslCertificate cert = reply->sslConfiguration().peerCertificate();
        const QString fp = QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex());
        if ((!pin.isEmpty() && fp == pin) || !subjectAltNamesMiss(cert, reply->url().host()))
            return;
        reply->setProperty("parallaxPeerFingerprint", fp);
        reply->setProperty("parallaxSslErrors",
                           tr("the certificate's subject alternative names do not include %1").arg(reply->url().host()));
        reply->setProperty("parallaxNameRefused", true);
        reply->abort();
    });
    return reply;
}

void GpuStackClient::send(std::shared_ptr<Call> call, std::function<void(Result<RawReply>)> done)
{
    call->generation = m_generation;
    call->sentCookie = m_sessionCookie;
    QNetworkReply *reply = startReply(*call);
    auto tooLarge = std::make_shared<bool>(false);
    auto pastDeadline = std::make_shared<bool>(false);
    const qint64 cap = m_maxReplyBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge, cap](qint64 received, qint64 total) {
        if (*tooLarge)
            return;
        if (received > cap || total > cap) {
            *tooLarge = true;
            reply->abort();
        }
    });
    // The transfer timeout only measures silence; this bounds the whole exchange (trickled
    // headers or body, an endless slow chunked reply). The timer dies with the reply.
    const int deadline = m_deadlineMs > 0 ? qMax(m_deadlineMs, m_timeoutMs) : 0;  // never before the idle timeout
    if (deadline > 0) {
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, reply, [reply, pastDeadline]() {
            if (reply->isFinished())
                return;
            *pastDeadline = true;
            reply->abort();
        });
        timer->start(deadline);
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply, call, done, tooLarge, pastDeadline, cap, deadline]() {
        reply->deleteLater();
        if (call->generation != m_generation) {
            done(Error{ErrorCode::Cancelled, tr("The request was cancelled because the server settings changed."),
                       u"endpoint changed"_s});
            return;
        }
        if (*pastDeadline) {
            const QString where =
                call->url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toDisplayString();
            done(Error{ErrorCode::Timeout,
                       tr("The server at %1 did not finish its answer within %2 s: it sends too slowly or never "
                          "stops. Check the server's load and any proxy in between.")
                           .arg(where)
                           .arg(qMax(1, deadline / 1000)),
                       u"request deadline of %1 ms passed for %2"_s.arg(deadline).arg(
                           call->url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toDisplayString())});
            return;
        }
        if (*tooLarge) {
            done(Error{ErrorCode::ReplyTooLarge,
                       tr("The server's answer is larger than %1 MiB, more than Parallax accepts. "
                          "Check the server URL; if it is right, raise the reply size limit.")
                           .arg(cap / (1024 * 1024)),
                       u"reply exceeded %1 bytes from %2"_s.arg(cap).arg(call->url.toDisplayString())});
            return;
        }
        const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const QNetworkReply::NetworkError netError = reply->error();
        const bool transportFailure = !statusAttr.isValid() || netError == QNetworkReply::OperationCanceledError
            || netError == QNetworkReply::TimeoutError || netError == QNetworkReply::RemoteHostClosedError
            || (netError >= QNetworkReply::ConnectionRefusedError && netError < QNetworkReply::ProxyConnectionRefusedError);
        if (netError != QNetworkReply::NoError && transportFailure) {
            done(errorForReply(reply));
            return;
        }
        noteServerDate(reply);
        RawReply raw;
        raw.status = statusAttr.toInt();
        raw.body = reply->readAll();
        raw.url = reply->url();
        raw.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        raw.cookies = reply->header(QNetworkRequest::SetCookieHeader).value<QList<QNetworkCookie>>();
        if (raw.body.size() > cap) {
            *tooLarge = true;
            done(Error{ErrorCode::ReplyTooLarge,
                       tr("The server's answer is larger than %1 MiB, more than Parallax accepts. "
                          "Check the server URL; if it is right, raise the reply size limit.")
                           .arg(cap / (1024 * 1024)),
                       u"reply exceeded %1 bytes"_s.arg(cap)});
            return;
        }

        if (raw.status >= 300 && raw.status < 400) {
            const QUrl target = reply->url().resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
            if (!target.isValid() || !sameOrigin(target, call->url)) {
                done(Error{ErrorCode::Redirect,
                           tr("The server redirected to another address (%1). Parallax does not send your "
                              "credentials there; if that is the right server, use it as the server URL.")
                               .arg(target.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery)
                                        .toDisplayString()),
                           u"redirect %1 -> %2"_s.arg(call->url.toDisplayString(), target.toDisplayString())});
                return;
            }
            if (call->redirectsLeft <= 0) {
                done(Error{ErrorCode::Redirect, tr("The server redirected too many times. Check the server URL."),
                           u"redirect loop at "_s + target.toDisplayString()});
                return;
            }
            auto next = std::make_shared<Call>(*call);
            next->url = target;
            next->redirectsLeft = call->redirectsLeft - 1;
            if (raw.status == 303) {
                next->verb = "GET";
                next->body.clear();
            }
            send(next, done);
            return;
        }

        // Session expired mid-session (JWT lifetime, default 120 min, gpustack/envs): log in again once.
        if (raw.status == 401 && call->authenticated && call->allowRelogin && m_endpoint.authMode == AuthMode::Password
            && !m_useBasic && !call->sentCookie.isEmpty()) {
            auto retry = std::make_shared<Call>(*call);
            retry->allowRelogin = false;
            if (!m_sessionCookie.isEmpty() && m_sessionCookie != call->sentCookie) {
                send(retry, done);  // another request already logged in again
                return;
            }
            qCInfo(lcGpustack) << "session rejected by" << call->url.host() << "- logging in again";
            m_sessionCookie.clear();
            login([this, retry, done](Result<void> r) {
                if (!r.ok()) {
                    done(r.error());
                    return;
                }
                send(retry, done);
            });
            return;
        }
        done(std::move(raw));
    });
}

Error GpuStackClient::errorForReply(QNetworkReply *reply) const
{
    const QString host = reply->url().host();
    const QString where = reply->url().adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toDisplayString();
    // One arg() call: errorString() quotes the server's reason phrase, which may hold "%1".
    const QString detail = u"%1 (%2) for %3"_s.arg(reply->errorString(), QString::number(int(reply->error())),
        reply->url().adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toDisplayString());
    const auto tlsFailure = [&]() -> Error {
        const QString fp = reply->property("parallaxPeerFingerprint").toString();
        const QString sslErrors = reply->property("parallaxSslErrors").toString();
        QString message = tr("The secure connection to %1 failed: %2.").arg(where, sslErrors.isEmpty() ? reply->errorString() : sslErrors);
        if (!fp.isEmpty())
            message += u' ' + tr("If you trust this server, add its CA file to the profile or pin its certificate "
                                 "(SHA-256 %1).").arg(displayFingerprint(fp));
        return {ErrorCode::TlsFailure, message, detail + u" "_s + sslErrors};
    };
    if (reply->property("parallaxNameRefused").toBool())
        return tlsFailure();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return {ErrorCode::ConnectionRefused,
                tr("Nothing accepts connections at %1. Check the host and port, and that the GPUStack server is running.").arg(where),
                detail};
    case QNetworkReply::HostNotFoundError:
        return {ErrorCode::HostNotFound, tr("The host name %1 could not be resolved. Check the server URL and your DNS.").arg(host),
                detail};
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return {ErrorCode::Timeout,
                tr("The server at %1 stopped answering for more than %2 s. Check the network and the server's load.")
                    .arg(where)
                    .arg(qMax(1, m_timeoutMs / 1000)),
                detail};
    case QNetworkReply::RemoteHostClosedError:
        return {ErrorCode::ConnectionReset,
                tr("The server at %1 closed the connection before the answer was complete. Try again; if it persists, "
                   "check a proxy or load balancer in between.")
                    .arg(where),
                detail};
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::InsecureRedirectError: {
        if (reply->error() == QNetworkReply::SslHandshakeFailedError
            || !reply->property("parallaxPeerFingerprint").toString().isEmpty())
            return tlsFailure();
        break;
    }
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return {ErrorCode::ProxyFailure,
                tr("The proxy could not reach %1 (%2). Check the proxy settings of the profile.").arg(where, reply->errorString()),
                detail};
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return {ErrorCode::NetworkUnreachable, tr("The network is unavailable. Check this computer's connection."), detail};
    default:
        break;
    }
    if (reply->error() >= QNetworkReply::SslHandshakeFailedError && reply->error() < QNetworkReply::ProxyConnectionRefusedError) {
        return {ErrorCode::HostUnreachable, tr("Could not connect to %1: %2.").arg(where, reply->errorString()), detail};
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0)
        return httpError(status, {}, reply->url());
    return {ErrorCode::HostUnreachable, tr("Could not connect to %1: %2.").arg(where, reply->errorString()), detail};
}

Error GpuStackClient::httpError(int status, const QByteArray &body, const QUrl &url) const
{
    const QString serverSays = gpuStackMessage(body);
    const QString detail = u"HTTP %1 for %2%3"_s.arg(status).arg(url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toDisplayString(),
                                                               serverSays.isEmpty() ? QString() : u": "_s + serverSays);
    if (status == 401) {
        if (authUsesApiKey(m_endpoint.authMode))
            return {ErrorCode::Unauthorized,
                    tr("The server rejected the API key. Check that it was copied completely and has not been deleted."), detail};
        if (m_endpoint.authMode == AuthMode::None)
            return {ErrorCode::Unauthorized, tr("The server requires credentials. Add an API key or a user to the profile."), detail};
        return {ErrorCode::Unauthorized, tr("The server rejected the user name or password for “%1”.").arg(m_endpoint.username), detail};
    }
    if (status == 403) {
        if (authUsesApiKey(m_endpoint.authMode))
            return {ErrorCode::Forbidden,
                    tr("The API key is valid but may not read the cluster: it needs the “management” or full scope "
                       "(inference-only keys are refused), and on older servers an administrator's key."),
                    detail};
        return {ErrorCode::Forbidden,
                tr("The user “%1” may not read workers on this server; GPUStack v0.x and v2.0–2.1 allow this only "
                   "to administrators.")
                    .arg(m_endpoint.username),
                detail};
    }
    if (status == 404)
        return {ErrorCode::NotFound,
                tr("The server has no %1. Check the server URL and the API version (v2 or v0.x) of the profile.")
                    .arg(url.path()),
                detail};
    if (status >= 300 && status < 400)  // a redirected watch stream: never followed (credentials)
        return {ErrorCode::Redirect,
                tr("The server redirected the request (HTTP %1). Parallax does not follow it with your credentials; "
                   "check the server URL.")
                    .arg(status),
                detail};
    if (status >= 500)
        return {ErrorCode::ServerError,
                tr("The server had an internal error (HTTP %1). Try again later, or check the GPUStack server's logs.").arg(status),
                detail};
    return {ErrorCode::HttpStatus, tr("The server answered with HTTP status %1 where Parallax expected data.").arg(status), detail};
}

void GpuStackClient::fetchJson(const QUrl &url, std::function<void(Result<QJsonDocument>)> done, bool authenticated)
{
    fetchJsonSized(url, [done](Result<QJsonDocument> doc, qint64) { done(std::move(doc)); }, authenticated);
}

void GpuStackClient::fetchJsonSized(const QUrl &url, std::function<void(Result<QJsonDocument>, qint64)> sized,
                                    bool authenticated)
{
    auto call = std::make_shared<Call>();
    call->url = url;
    call->authenticated = authenticated;
    send(call, [this, sized](Result<RawReply> r) {
        const qint64 bytes = r.ok() ? r.value().body.size() : 0;
        auto done = [&sized, bytes](Result<QJsonDocument> doc) {
            const qint64 size = doc.ok() ? bytes : 0;
            sized(std::move(doc), size);
        };
        if (!r.ok()) {
            done(r.error());
            return;
        }
        const RawReply &raw = r.value();
        if (raw.status != 200) {
            done(httpError(raw.status, raw.body, raw.url));
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = parseServerJson(raw.body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            if (looksLikeHtml(raw.body, raw.contentType)) {
                done(Error{ErrorCode::NotGpuStack,
                           tr("The server answered with a web page instead of GPUStack data, perhaps a login portal "
                              "or proxy page. Check the server URL."),
                           u"HTML reply from "_s + raw.url.adjusted(QUrl::RemoveQuery).toDisplayString()});
                return;
            }
            done(Error{ErrorCode::MalformedReply,
                       tr("The server's answer is not valid JSON (%1 at byte %2). Check that the URL points at a "
                          "GPUStack server and that no proxy alters the answer.")
                           .arg(parseError.errorString())
                           .arg(parseError.offset),
                       u"invalid JSON from "_s + raw.url.adjusted(QUrl::RemoveQuery).toDisplayString()});
            return;
        }
        done(doc);
    });
}

void GpuStackClient::addWarning(const QString &text)
{
    if (m_info.warnings.contains(text))
        return;
    m_info.warnings.append(text);
    qCWarning(lcGpustack).noquote() << logSafe(text);
    Q_EMIT warning(text);
}

void GpuStackClient::detectServer(QObject *context, Callback<ServerInfo> done)
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([ctx, done](Result<ServerInfo> r) {
        if (ctx)
            done(std::move(r));
    });
}

void GpuStackClient::ensureReady(std::function<void(Result<ServerInfo>)> done)
{
    const bool needLogin = m_endpoint.authMode == AuthMode::Password && !m_useBasic && m_sessionCookie.isEmpty();
    if (m_detected && !needLogin) {
        done(m_info);
        return;
    }
    // One detection/login at a time: concurrent callers (a list and a watch) wait for it.
    m_readyWaiters.append(std::move(done));
    if (m_readyWaiters.size() > 1)
        return;
    const quint64 generation = m_generation;
    runReadiness([this, generation](Result<ServerInfo> r) {
        if (generation != m_generation)
            return;  // setEndpoint() already answered these waiters
        const auto waiters = std::exchange(m_readyWaiters, {});
        for (const auto &w : waiters)
            w(r);
    });
}

void GpuStackClient::runReadiness(std::function<void(Result<ServerInfo>)> done)
{
    auto afterDetect = [this, done]() {
        const bool needLogin = m_endpoint.authMode == AuthMode::Password && !m_useBasic && m_sessionCookie.isEmpty();
        if (!needLogin) {
            done(m_info);
            return;
        }
        login([this, done](Result<void> r) {
            if (!r.ok())
                done(r.error());
            else
                done(m_info);
        });
    };
    if (m_detected) {
        afterDetect();
        return;
    }
    const quint64 generation = m_generation;
    // /version needs no credentials (ref §3): none are sent before we know it is GPUStack.
    fetchJson(rootUrl(u"/version"_s), [this, done, afterDetect, generation](Result<QJsonDocument> r) {
        if (generation != m_generation) {
            done(Error{ErrorCode::Cancelled, tr("The request was cancelled because the server settings changed."),
                       u"endpoint changed during detection"_s});
            return;
        }
        const bool overridden = m_endpoint.apiVersion != ApiVersion::Auto;
        QString version;
        QString commit;
        if (r.ok()) {
            const QJsonObject o = r.value().object();
            version = o.value(u"version"_s).toString();
            commit = o.value(u"git_commit"_s).toString();
        }
        const bool transport = !r.ok()
            && (r.error().code == ErrorCode::ConnectionRefused || r.error().code == ErrorCode::HostNotFound
                || r.error().code == ErrorCode::Timeout || r.error().code == ErrorCode::TlsFailure
                || r.error().code == ErrorCode::HostUnreachable || r.error().code == ErrorCode::NetworkUnreachable
                || r.error().code == ErrorCode::ProxyFailure || r.error().code == ErrorCode::ConnectionReset
                || r.error().code == ErrorCode::ReplyTooLarge || r.error().code == ErrorCode::Redirect);
        if (transport) {
            done(r.error());
            return;
        }
        if (version.isEmpty() && !overridden) {
            // GET /version answers {"version":…} without credentials in every release (ref §3).
            QString why = r.ok() ? u"no version field"_s : r.error().detail;
            if (!r.ok() && r.error().code == ErrorCode::ServerError) {
                done(r.error());
                return;
            }
            done(Error{ErrorCode::NotGpuStack,
                       tr("%1 does not look like a GPUStack server: it has no GPUStack /version. Check the server "
                          "URL (scheme, host and port of the GPUStack UI).")
                           .arg(m_endpoint.url.adjusted(QUrl::RemoveUserInfo).toDisplayString()),
                       why});
            return;
        }
        finishDetection(version, commit, [afterDetect, done](Result<ServerInfo> d) {
            if (!d.ok())
                done(d);
            else
                afterDetect();
        });
    }, false);
}

void GpuStackClient::finishDetection(const QString &version, const QString &commit,
                                     std::function<void(Result<ServerInfo>)> done)
{
    m_info.version = version;
    m_info.gitCommit = commit;
    const ServerVersion v(version);
    const auto decide = [this, v, done](ApiVersion api) {
        m_api = api;
        m_info.api = api;
        const bool headerOk = api == ApiVersion::V2 && v.atLeast(2, 2);
        if (m_endpoint.authMode == AuthMode::ApiKeyHeader && !headerOk) {
            // X-API-Key is accepted since v2.2.0 only (gpustack/api/auth.py); Bearer works everywhere.
            m_useHeaderKey = false;
            addWarning(tr("This server (%1) predates the X-API-Key header; Parallax sends the key as a Bearer token instead.")
                           .arg(m_info.version));
        }
        m_detected = true;
        done(m_info);
    };

    if (m_endpoint.apiVersion != ApiVersion::Auto) {
        decide(m_endpoint.apiVersion);
        return;
    }
    // Known: v0.5–v0.7 (/v1) and v2.0–v2.2 (/v2). Anything else is tried as the nearest.
    if (v.isKnown() && v.major() == 0 && v.minor() >= 5 && v.minor() <= 7) {
        decide(ApiVersion::V0);
        return;
    }
    if (v.isKnown() && v.major() == 2 && v.minor() <= 2) {
        decide(ApiVersion::V2);
        return;
    }
    if (v.isKnown() && v.major() == 0) {
        addWarning(tr("GPUStack %1 is not a version Parallax was tested with; treating it as v0.x.").arg(version));
        decide(ApiVersion::V0);
        return;
    }
    if (v.isKnown() && v.major() >= 2) {
        addWarning(tr("GPUStack %1 is newer than the versions Parallax was tested with; treating it as v2.2.").arg(version));
        decide(ApiVersion::V2);
        return;
    }
    addWarning(tr("GPUStack version “%1” is unknown (a development build?); Parallax chose the API from the routes the "
                  "server answers.")
                   .arg(version));
    // Ask which prefix exists: an unauthenticated users/me is 401 where the route exists, 404 where not.
    auto call = std::make_shared<Call>();
    call->url = rootUrl(u"/v2/users/me"_s);
    call->authenticated = false;
    send(call, [decide, done](Result<RawReply> r) {
        if (!r.ok()) {
            done(r.error());
            return;
        }
        decide(r.value().status == 404 ? ApiVersion::V0 : ApiVersion::V2);
    });
}

void GpuStackClient::login(std::function<void(Result<void>)> done)
{
    // Requests that meet an expired session at the same time share one login.
    m_loginWaiters.append(std::move(done));
    if (m_loginWaiters.size() > 1)
        return;
    const quint64 generation = m_generation;
    postLogin([this, generation](Result<void> r) {
        if (generation != m_generation)
            return;
        const auto waiters = std::exchange(m_loginWaiters, {});
        for (const auto &w : waiters)
            w(r);
    });
}

void GpuStackClient::postLogin(std::function<void(Result<void>)> done)
{
    auto call = std::make_shared<Call>();
    call->verb = "POST";
    call->url = rootUrl(u"/auth/login"_s);
    call->authenticated = false;
    call->contentType = "application/x-www-form-urlencoded";
    QUrlQuery form;
    form.addQueryItem(u"username"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_endpoint.username)));
    form.addQueryItem(u"password"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_endpoint.secret)));
    call->body = form.query(QUrl::FullyEncoded).toLatin1();
    send(call, [this, done](Result<RawReply> r) {
        if (!r.ok()) {
            done(r.error());
            return;
        }
        const RawReply &raw = r.value();
        if (raw.status == 404 || raw.status == 405) {
            // No form login on this server: GPUStack also accepts HTTP Basic (authenticate_basic_user).
            m_useBasic = true;
            addWarning(tr("This server has no /auth/login; Parallax uses HTTP Basic authentication instead."));
            done({});
            return;
        }
        if (raw.status == 401 || raw.status == 400 || raw.status == 422) {
            done(httpError(401, raw.body, raw.url));
            return;
        }
        if (raw.status != 200 && raw.status != 204) {
            done(httpError(raw.status, raw.body, raw.url));
            return;
        }
        for (const QNetworkCookie &c : raw.cookies) {
            if (c.name() == "gpustack_session") {
                m_sessionCookie = c.name() + '=' + c.value();
                done({});
                return;
            }
        }
        done(Error{ErrorCode::NotGpuStack,
                   tr("The server accepted the login but sent no GPUStack session. Check that the server URL points at "
                      "GPUStack itself, not at a proxy's login page."),
                   u"login 200 without gpustack_session cookie"_s});
    });
}

void GpuStackClient::invalidateSession()
{
    m_sessionCookie.clear();
}

void GpuStackClient::checkConnection(QObject *context, Callback<ServerInfo> done)
{
    QPointer<QObject> ctx(context ? context : this);
    auto finish = [ctx, done](Result<ServerInfo> r) {
        if (ctx)
            done(std::move(r));
    };
    ensureReady([this, finish](Result<ServerInfo> r) {
        if (!r.ok()) {
            finish(r);
            return;
        }
        // Cheap credential check (ref §2), then one worker row: v0.x and v2.0–2.1 make the
        // worker list admin-only, and an inference-only key gets 403 on every /v2 route.
        fetchJson(apiUrl(u"users/me"_s), [this, finish](Result<QJsonDocument> me) {
            if (!me.ok()) {
                finish(me.error());
                return;
            }
            m_info.userName = me.value().object().value(u"username"_s).toString();
            QUrlQuery q;
            q.addQueryItem(u"page"_s, u"1"_s);
            q.addQueryItem(u"perPage"_s, u"1"_s);
            fetchJson(apiUrl(u"workers"_s, q), [this, finish](Result<QJsonDocument> list) {
                if (!list.ok()) {
                    finish(list.error());
                    return;
                }
                const Result<ListPage> page = listPageFromJson(list.value());
                if (!page.ok()) {
                    finish(page.error());
                    return;
                }
                finish(m_info);
            });
        });
    });
}

void GpuStackClient::getJson(const QString &resource, const QUrlQuery &query, QObject *context, Callback<QJsonDocument> done)
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([this, resource, query, ctx, done](Result<ServerInfo> r) {
        if (!r.ok()) {
            if (ctx)
                done(r.error());
            return;
        }
        fetchJson(apiUrl(resource, query), [ctx, done](Result<QJsonDocument> d) {
            if (ctx)
                done(std::move(d));
        });
    });
}

Error GpuStackClient::listTooLong(const QString &resource, const QString &detail) const
{
    return Error{ErrorCode::ReplyTooLarge,
                 tr("The server's list of %1 is longer than Parallax reads (at most %L2 entries or %L3 MiB). "
                    "Parallax stopped reading it; check that the server is GPUStack and that no proxy alters "
                    "its answers.")
                     .arg(resource)
                     .arg(m_maxListItems)
                     .arg(m_maxListBytes / (1024 * 1024)),
                 detail};
}

void GpuStackClient::walkPages(const QString &resource, const ListFilter &filter, int page,
                               std::shared_ptr<ListWalk> walk, std::function<void(const QJsonObject &)> onItem,
                               std::function<void(Result<void>)> done)
{
    QUrlQuery q;
    q.addQueryItem(u"page"_s, QString::number(page));
    q.addQueryItem(u"perPage"_s, QString::number(m_pageSize));
    if (filter.clusterId && m_api != ApiVersion::V0)
        q.addQueryItem(u"cluster_id"_s, QString::number(*filter.clusterId));
    if (!filter.search.isEmpty())
        q.addQueryItem(u"search"_s, filter.search);
    fetchJsonSized(apiUrl(resource, q), [this, resource, filter, page, walk, onItem, done](Result<QJsonDocument> r,
                                                                                            qint64 bytes) {
        if (!r.ok()) {
            done(r.error());
            return;
        }
        const Result<ListPage> p = listPageFromJson(r.value());
        if (!p.ok()) {
            done(p.error());
            return;
        }
        // Every page counts against the listing's caps before its items are kept: a server
        // that claims or sends more than a listing may hold ends it here, with a message.
        if (p->items.size() > m_pageSize && r.value().isObject()) {  // (a bare array is all there is)
            done(Error{ErrorCode::MalformedReply,
                       tr("The server sent %L1 entries on one page of its list of %2, where Parallax asked "
                          "for at most %L3. Parallax stopped reading the list; check that the server is "
                          "GPUStack and that no proxy alters its answers.")
                           .arg(p->items.size())
                           .arg(resource)
                           .arg(m_pageSize),
                       u"page %1 of %2: %3 items, perPage %4"_s.arg(page).arg(resource).arg(p->items.size()).arg(
                           m_pageSize)});
            return;
        }
        const qint64 maxPages = (m_maxListItems + m_pageSize - 1) / m_pageSize;
        if (p->total > m_maxListItems || p->totalPage > maxPages) {
            done(listTooLong(resource, u"%1 claims total %2, totalPage %3"_s.arg(resource).arg(p->total).arg(
                                           p->totalPage)));
            return;
        }
        walk->items += p->items.size();
        walk->bytes += bytes;
        if (walk->items > m_maxListItems || walk->bytes > m_maxListBytes) {
            done(listTooLong(resource, u"%1 pages of %2 hold %3 items, %4 bytes"_s.arg(page).arg(resource).arg(
                                           walk->items).arg(walk->bytes)));
            return;
        }
        for (const QJsonValue &v : p->items) {
            if (v.isObject())
                onItem(v.toObject());
            else
                qCWarning(lcGpustack) << "skipping a non-object list item in" << resource;
        }
        // Walk to totalPage; stop on an empty page too, so a server that lies cannot loop us.
        if (page < p->totalPage && !p->items.isEmpty()) {
            walkPages(resource, filter, page + 1, walk, onItem, done);
            return;
        }
        done({});
    });
}

template <typename T>
void GpuStackClient::listTyped(const QString &resource, const ListFilter &filter, QObject *context, Callback<QList<T>> done,
                               Result<T> (*parse)(const QJsonObject &))
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([this, resource, filter, ctx, done, parse](Result<ServerInfo> r) {
        if (!r.ok()) {
            if (ctx)
                done(r.error());
            return;
        }
        struct Listing {
            QList<T> items;
            QSet<QString> seen;  // rows created while walking shift pages (created_at DESC)
        };
        auto listing = std::make_shared<Listing>();
        auto onItem = [resource, listing, parse](const QJsonObject &o) {
            const QString key = o.value(u"id"_s).toVariant().toString();
            if (listing->seen.contains(key))
                return;
            Result<T> item = parse(o);
            if (!item.ok()) {
                qCWarning(lcGpustack).noquote() << "skipping a" << resource << "row:" << logSafe(item.error().detail);
                return;
            }
            listing->seen.insert(key);
            listing->items.append(std::move(item).value());
        };
        walkPages(resource, filter, 1, std::make_shared<ListWalk>(), onItem, [ctx, done, listing](Result<void> walked) {
            if (!ctx)
                return;
            if (!walked.ok()) {
                done(walked.error());
                return;
            }
            done(std::move(listing->items));
        });
    });
}

void GpuStackClient::listWorkers(const ListFilter &filter, QObject *context, Callback<QList<Worker>> done)
{
    listTyped<Worker>(u"workers"_s, filter, context, std::move(done), &workerFromJson);
}

void GpuStackClient::listClusters(const ListFilter &filter, QObject *context, Callback<QList<Cluster>> done)
{
    listTyped<Cluster>(u"clusters"_s, filter, context, std::move(done), &clusterFromJson);
}

void GpuStackClient::listGpuDevices(const ListFilter &filter, QObject *context, Callback<QList<GpuDeviceRow>> done)
{
    listTyped<GpuDeviceRow>(u"gpu-devices"_s, filter, context, std::move(done), &gpuDeviceRowFromJson);
}

void GpuStackClient::listModelInstances(const ListFilter &filter, QObject *context, Callback<QList<ModelInstance>> done)
{
    listTyped<ModelInstance>(u"model-instances"_s, filter, context, std::move(done), &modelInstanceFromJson);
}

QNetworkReply *GpuStackClient::openStream(const QString &resource, const ListFilter &filter)
{
    QUrlQuery q;
    q.addQueryItem(u"watch"_s, u"true"_s);
    if (filter.clusterId && m_api != ApiVersion::V0)
        q.addQueryItem(u"cluster_id"_s, QString::number(*filter.clusterId));
    if (!filter.search.isEmpty())
        q.addQueryItem(u"search"_s, filter.search);
    Call call;
    call.url = apiUrl(resource, q);
    call.stream = true;
    QNetworkReply *reply = startReply(call);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { noteServerDate(reply); });
    return reply;
}

void GpuStackClient::noteServerDate(const QNetworkReply *reply)
{
    // RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT": English names, which Qt 6's
    // format parser reads in any locale.
    const QByteArray date = reply->rawHeader("Date").trimmed();
    if (date.isEmpty())
        return;
    QDateTime server = QDateTime::fromString(QString::fromLatin1(date), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!server.isValid())
        return;
    server.setTimeSpec(Qt::UTC);
    // The header truncates to the second: the middle of that second is the best guess.
    const qint64 offset = server.toMSecsSinceEpoch() + 500 - QDateTime::currentMSecsSinceEpoch();
    const bool moved = !m_clockOffsetMs || qAbs(offset - *m_clockOffsetMs) >= 1000;
    if (!moved)
        return;
    m_clockOffsetMs = offset;
    Q_EMIT serverClockOffsetChanged(offset);
}

}  // namespace parallax

#include "gpustack/apitransport.h"

#include "base/logging.h"
#include "gpustack/apisession.h"
#include "gpustack/errorwording.h"
#include "gpustack/tlspolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &u) { return u.port(u.scheme() == u"https"_s ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

}  // namespace

ApiTransport::ApiTransport(QNetworkAccessManager *network, QObject *owner, ApiSession &session)
    : m_network(network)
    , m_owner(owner)
    , m_session(session)
{
}

void ApiTransport::setEndpoint(const ServerEndpoint &endpoint)
{
    m_endpoint = endpoint;
    ++m_generation;
}

QNetworkRequest ApiTransport::buildRequest(const ApiCall &call) const
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
    req.setTransferTimeout(call.stream ? 0 : m_limits.timeoutMs);
    if (call.url.scheme() == u"https"_s)
        req.setSslConfiguration(tlsConfigurationFor(m_endpoint.tls));
    if (call.authenticated)
        m_session.authorize(req);
    return req;
}

QNetworkReply *ApiTransport::start(const ApiCall &call)
{
    const QNetworkRequest req = buildRequest(call);
    QNetworkReply *reply = nullptr;
    if (call.verb == "GET")
        reply = m_network->get(req);
    else
        reply = m_network->sendCustomRequest(req, call.verb, call.body);
    // Replies die with the client: an in-flight request is aborted, not leaked, when a
    // profile is closed.
    reply->setParent(m_owner);
    guardTls(reply, m_endpoint.tls, m_owner);
    return reply;
}

void ApiTransport::send(std::shared_ptr<ApiCall> call, std::function<void(Result<RawReply>)> done)
{
    call->generation = m_generation;
    call->sentCookie = m_session.cookie();
    QNetworkReply *reply = start(*call);
    auto tooLarge = std::make_shared<bool>(false);
    auto pastDeadline = std::make_shared<bool>(false);
    const qint64 cap = m_limits.maxReplyBytes;
    QObject::connect(
        reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge, cap](qint64 received, qint64 total) {
            if (*tooLarge)
                return;
            if (received > cap || total > cap) {
                *tooLarge = true;
                reply->abort();
            }
        });
    // The transfer timeout only measures silence; this bounds the whole exchange (trickled
    // headers or body, an endless slow chunked reply). The timer dies with the reply.
    const int deadline = m_limits.deadlineMs > 0 ? qMax(m_limits.deadlineMs, m_limits.timeoutMs) : 0;
    if (deadline > 0) {
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, reply, [reply, pastDeadline]() {
            if (reply->isFinished())
                return;
            *pastDeadline = true;
            reply->abort();
        });
        timer->start(deadline);
    }
    QObject::connect(
        reply, &QNetworkReply::finished, m_owner, [this, reply, call, done, tooLarge, pastDeadline, deadline, cap]() {
            finished(reply, call, *tooLarge, *pastDeadline, deadline, cap, done);
        });
}

void ApiTransport::finished(QNetworkReply *reply, const std::shared_ptr<ApiCall> &call, bool tooLarge,
    bool pastDeadline, int deadline, qint64 cap, const std::function<void(Result<RawReply>)> &done)
{
    reply->deleteLater();
    if (call->generation != m_generation) {
        done(describeEndpointChanged(u"endpoint changed"_s));
        return;
    }
    if (pastDeadline) {
        done(describeDeadlinePassed(call->url, deadline));
        return;
    }
    if (tooLarge) {
        done(
            describeReplyTooLarge(cap, u"reply exceeded %1 bytes from %2"_s.arg(cap).arg(call->url.toDisplayString())));
        return;
    }
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError netError = reply->error();
    const bool transportFailure = !statusAttr.isValid() || netError == QNetworkReply::OperationCanceledError
        || netError == QNetworkReply::TimeoutError || netError == QNetworkReply::RemoteHostClosedError
        || (netError >= QNetworkReply::ConnectionRefusedError && netError < QNetworkReply::ProxyConnectionRefusedError);
    if (netError != QNetworkReply::NoError && transportFailure) {
        done(describeNetworkFailure(reply, m_limits.timeoutMs, m_endpoint));
        return;
    }
    if (m_headersSeen)
        m_headersSeen(reply);
    RawReply raw;
    raw.status = statusAttr.toInt();
    raw.body = reply->readAll();
    raw.url = reply->url();
    raw.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    raw.cookies = reply->header(QNetworkRequest::SetCookieHeader).value<QList<QNetworkCookie>>();
    if (raw.body.size() > cap) {
        done(describeReplyTooLarge(cap, u"reply exceeded %1 bytes"_s.arg(cap)));
        return;
    }

    if (raw.status >= 300 && raw.status < 400) {
        const QUrl target =
            reply->url().resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        if (!target.isValid() || !sameOrigin(target, call->url)) {
            done(describeForeignRedirect(call->url, target));
            return;
        }
        if (call->redirectsLeft <= 0) {
            done(describeRedirectLoop(target));
            return;
        }
        auto next = std::make_shared<ApiCall>(*call);
        next->url = target;
        next->redirectsLeft = call->redirectsLeft - 1;
        if (raw.status == 303) {
            next->verb = "GET";
            next->body.clear();
        }
        send(next, done);
        return;
    }
    if (raw.status == 401 && renewSession(call, done))
        return;
    done(std::move(raw));
}

// Session expired mid-session (JWT lifetime, default 120 min, gpustack/envs): log in again once.
bool ApiTransport::renewSession(const std::shared_ptr<ApiCall> &call, const std::function<void(Result<RawReply>)> &done)
{
    if (!call->authenticated || !call->allowRelogin || !m_session.renewsSession() || call->sentCookie.isEmpty()
        || !m_relogin)
        return false;
    auto retry = std::make_shared<ApiCall>(*call);
    retry->allowRelogin = false;
    if (!m_session.cookie().isEmpty() && m_session.cookie() != call->sentCookie) {
        send(retry, done);  // another request already logged in again
        return true;
    }
    qCInfo(lcGpustack) << "session rejected by" << call->url.host() << "- logging in again";
    m_session.dropCookie();
    m_relogin([this, retry, done](Result<void> r) {
        if (!r.ok()) {
            done(r.error());
            return;
        }
        send(retry, done);
    });
    return true;
}

}  // namespace parallax

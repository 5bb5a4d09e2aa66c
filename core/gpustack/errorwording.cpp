#include "gpustack/errorwording.h"

#include "base/trcontexts.h"
#include "gpustack/tlspolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// The server part of a URL a person may see: no credentials, no path, no query.
QString origin(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toDisplayString();
}

// The URL as the log may show it: no credentials, no query.
QString logged(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toDisplayString();
}

QString gpuStackMessage(const QByteArray &body)
{
    // {"code":401,"reason":"Unauthorized","message":"…"} (gpustack/api/exceptions.py)
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString msg = o.value(u"message"_s).toString();
    return msg.left(300);
}

bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.toLower().contains("html"))
        return true;
    const QByteArray head = body.left(512).trimmed().toLower();
    return head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<");
}

Error describeTlsFailure(const QNetworkReply *reply, const QString &where, const QString &detail)
{
    const TlsRefusal refusal = tlsRefusalOf(reply);
    QString message = GpuStack::tr("The secure connection to %1 failed: %2.")
                          .arg(where, refusal.errors.isEmpty() ? reply->errorString() : refusal.errors);
    if (!refusal.peerFingerprint.isEmpty())
        message += u' '
            + GpuStack::tr("If you trust this server, add its CA file to the profile or pin its certificate "
                           "(SHA-256 %1).")
                  .arg(displayFingerprint(refusal.peerFingerprint));
    return {ErrorCode::TlsFailure, message, detail + u" "_s + refusal.errors};
}

}  // namespace

Error describeNetworkFailure(const QNetworkReply *reply, int timeoutMs, const ServerEndpoint &endpoint)
{
    const QString host = reply->url().host();
    const QString where = origin(reply->url());
    // One arg() call: errorString() quotes the server's reason phrase, which may hold "%1".
    const QString detail =
        u"%1 (%2) for %3"_s.arg(reply->errorString(), QString::number(int(reply->error())), logged(reply->url()));
    if (tlsRefusalOf(reply).nameRefused)
        return describeTlsFailure(reply, where, detail);
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return {ErrorCode::ConnectionRefused,
            GpuStack::tr("Nothing accepts connections at %1. Check the host and port, and that the GPUStack server "
                         "is running.")
                .arg(where),
            detail};
    case QNetworkReply::HostNotFoundError:
        return {ErrorCode::HostNotFound,
            GpuStack::tr("The host name %1 could not be resolved. Check the server URL and your DNS.").arg(host),
            detail};
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return {ErrorCode::Timeout,
            GpuStack::tr("The server at %1 stopped answering for more than %2 s. Check the network and the "
                         "server's load.")
                .arg(where)
                .arg(qMax(1, timeoutMs / 1000)),
            detail};
    case QNetworkReply::RemoteHostClosedError:
        return {ErrorCode::ConnectionReset,
            GpuStack::tr("The server at %1 closed the connection before the answer was complete. Try again; if "
                         "it persists, check a proxy or load balancer in between.")
                .arg(where),
            detail};
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::InsecureRedirectError:
        if (reply->error() == QNetworkReply::SslHandshakeFailedError || !tlsRefusalOf(reply).peerFingerprint.isEmpty())
            return describeTlsFailure(reply, where, detail);
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return {ErrorCode::ProxyFailure,
            GpuStack::tr("The proxy could not reach %1 (%2). Check the proxy settings of the profile.")
                .arg(where, reply->errorString()),
            detail};
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return {ErrorCode::NetworkUnreachable,
            GpuStack::tr("The network is unavailable. Check this computer's connection."), detail};
    default: break;
    }
    const bool beforeHttp = reply->error() >= QNetworkReply::SslHandshakeFailedError
        && reply->error() < QNetworkReply::ProxyConnectionRefusedError;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!beforeHttp && status > 0)
        return describeHttpStatus(status, {}, reply->url(), endpoint);
    return {ErrorCode::HostUnreachable, GpuStack::tr("Could not connect to %1: %2.").arg(where, reply->errorString()),
        detail};
}

Error describeHttpStatus(int status, const QByteArray &body, const QUrl &url, const ServerEndpoint &endpoint)
{
    const QString serverSays = gpuStackMessage(body);
    const QString detail =
        u"HTTP %1 for %2%3"_s.arg(status).arg(logged(url), serverSays.isEmpty() ? QString() : u": "_s + serverSays);
    if (status == 401) {
        if (authUsesApiKey(endpoint.authMode))
            return {ErrorCode::Unauthorized,
                GpuStack::tr("The server rejected the API key. Check that it was copied completely and has not "
                             "been deleted."),
                detail};
        if (endpoint.authMode == AuthMode::None)
            return {ErrorCode::Unauthorized,
                GpuStack::tr("The server requires credentials. Add an API key or a user to the profile."), detail};
        return {ErrorCode::Unauthorized,
            GpuStack::tr("The server rejected the user name or password for “%1”.").arg(endpoint.username), detail};
    }
    if (status == 403) {
        if (authUsesApiKey(endpoint.authMode))
            return {ErrorCode::Forbidden,
                GpuStack::tr("The API key is valid but may not read the cluster: it needs the “management” or "
                             "full scope (inference-only keys are refused), and on older servers an "
                             "administrator's key."),
                detail};
        return {ErrorCode::Forbidden,
            GpuStack::tr("The user “%1” may not read workers on this server; GPUStack v0.x and v2.0–2.1 allow "
                         "this only to administrators.")
                .arg(endpoint.username),
            detail};
    }
    if (status == 404)
        return {ErrorCode::NotFound,
            GpuStack::tr("The server has no %1. Check the server URL and the API version (v2 or v0.x) of the "
                         "profile.")
                .arg(url.path()),
            detail};
    if (status >= 300 && status < 400)  // a redirected watch stream: never followed (credentials)
        return {ErrorCode::Redirect,
            GpuStack::tr("The server redirected the request (HTTP %1). Parallax does not follow it with your "
                         "credentials; check the server URL.")
                .arg(status),
            detail};
    if (status >= 500)
        return {ErrorCode::ServerError,
            GpuStack::tr("The server had an internal error (HTTP %1). Try again later, or check the GPUStack "
                         "server's logs.")
                .arg(status),
            detail};
    return {ErrorCode::HttpStatus,
        GpuStack::tr("The server answered with HTTP status %1 where Parallax expected data.").arg(status), detail};
}

Error describeUnreadableBody(
    const QByteArray &body, const QByteArray &contentType, const QUrl &url, const QJsonParseError &parseError)
{
    if (looksLikeHtml(body, contentType))
        return {ErrorCode::NotGpuStack,
            GpuStack::tr("The server answered with a web page instead of GPUStack data, perhaps a login portal "
                         "or proxy page. Check the server URL."),
            u"HTML reply from "_s + url.adjusted(QUrl::RemoveQuery).toDisplayString()};
    return {ErrorCode::MalformedReply,
        GpuStack::tr("The server's answer is not valid JSON (%1 at byte %2). Check that the URL points at a "
                     "GPUStack server and that no proxy alters the answer.")
            .arg(parseError.errorString())
            .arg(parseError.offset),
        u"invalid JSON from "_s + url.adjusted(QUrl::RemoveQuery).toDisplayString()};
}

Error describeDeadlinePassed(const QUrl &url, int deadlineMs)
{
    return {ErrorCode::Timeout,
        GpuStack::tr("The server at %1 did not finish its answer within %2 s: it sends too slowly or never "
                     "stops. Check the server's load and any proxy in between.")
            .arg(origin(url))
            .arg(qMax(1, deadlineMs / 1000)),
        u"request deadline of %1 ms passed for %2"_s.arg(deadlineMs).arg(logged(url))};
}

Error describeReplyTooLarge(qint64 capBytes, const QString &detail)
{
    return {ErrorCode::ReplyTooLarge,
        GpuStack::tr("The server's answer is larger than %1 MiB, more than Parallax accepts. "
                     "Check the server URL; if it is right, raise the reply size limit.")
            .arg(capBytes / (1024 * 1024)),
        detail};
}

Error describeForeignRedirect(const QUrl &from, const QUrl &target)
{
    return {ErrorCode::Redirect,
        GpuStack::tr("The server redirected to another address (%1). Parallax does not send your "
                     "credentials there; if that is the right server, use it as the server URL.")
            .arg(origin(target)),
        u"redirect %1 -> %2"_s.arg(from.toDisplayString(), target.toDisplayString())};
}

Error describeRedirectLoop(const QUrl &target)
{
    return {ErrorCode::Redirect, GpuStack::tr("The server redirected too many times. Check the server URL."),
        u"redirect loop at "_s + target.toDisplayString()};
}

Error describeEndpointChanged(const QString &detail)
{
    return {
        ErrorCode::Cancelled, GpuStack::tr("The request was cancelled because the server settings changed."), detail};
}

}  // namespace parallax

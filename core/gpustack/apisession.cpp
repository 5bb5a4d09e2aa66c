#include "gpustack/apisession.h"

#include "base/trcontexts.h"
#include "gpustack/errorwording.h"

#include <QNetworkRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace parallax {

void ApiSession::reset(const ServerEndpoint &endpoint)
{
    m_authMode = endpoint.authMode;
    m_username = endpoint.username;
    m_secret = endpoint.secret;
    m_useBasic = endpoint.authMode == AuthMode::Basic;
    m_useHeaderKey = endpoint.authMode == AuthMode::ApiKeyHeader;
    m_cookie.clear();
}

void ApiSession::authorize(QNetworkRequest &request) const
{
    switch (m_authMode) {
    case AuthMode::ApiKeyBearer:
    case AuthMode::ApiKeyHeader:
        if (m_useHeaderKey)
            request.setRawHeader("X-API-Key", m_secret.toUtf8());
        else
            request.setRawHeader("Authorization", "Bearer " + m_secret.toUtf8());
        break;
    case AuthMode::Password:
    case AuthMode::Basic:
        if (m_useBasic) {
            const QByteArray pair = m_username.toUtf8() + ':' + m_secret.toUtf8();
            request.setRawHeader("Authorization", "Basic " + pair.toBase64());
        } else if (!m_cookie.isEmpty()) {
            request.setRawHeader("Cookie", m_cookie);
        }
        break;
    case AuthMode::None: break;
    }
}

bool ApiSession::downgradeHeaderKey()
{
    if (m_authMode != AuthMode::ApiKeyHeader)
        return false;
    m_useHeaderKey = false;
    return true;
}

ApiCall ApiSession::loginCall(const QUrl &loginUrl) const
{
    ApiCall call;
    call.verb = "POST";
    call.url = loginUrl;
    call.authenticated = false;
    call.contentType = "application/x-www-form-urlencoded";
    QUrlQuery form;
    form.addQueryItem(u"username"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_username)));
    form.addQueryItem(u"password"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_secret)));
    call.body = form.query(QUrl::FullyEncoded).toLatin1();
    return call;
}

Result<void> ApiSession::takeLoginReply(const RawReply &reply, const ServerEndpoint &endpoint, bool *basicFallback)
{
    if (reply.status == 404 || reply.status == 405) {
        // No form login on this server: GPUStack also accepts HTTP Basic (authenticate_basic_user).
        m_useBasic = true;
        *basicFallback = true;
        return {};
    }
    if (reply.status == 401 || reply.status == 400 || reply.status == 422)
        return describeHttpStatus(401, reply.body, reply.url, endpoint);
    if (reply.status != 200 && reply.status != 204)
        return describeHttpStatus(reply.status, reply.body, reply.url, endpoint);
    for (const QNetworkCookie &c : reply.cookies) {
        if (c.name() == "gpustack_session") {
            m_cookie = c.name() + '=' + c.value();
            return {};
        }
    }
    return Error{ErrorCode::NotGpuStack,
        GpuStack::tr("The server accepted the login but sent no GPUStack session. Check that the server URL "
                     "points at GPUStack itself, not at a proxy's login page."),
        u"login 200 without gpustack_session cookie"_s};
}

}  // namespace parallax

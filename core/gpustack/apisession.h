#pragma once

#include "base/result.h"
#include "gpustack/apicall.h"
#include "gpustack/serverendpoint.h"

#include <QByteArray>
#include <QString>

class QNetworkRequest;

namespace parallax {

// Who Parallax is to one server: the credentials a request carries (Bearer or X-API-Key, the
// gpustack_session cookie of a form login, or HTTP Basic) and the login that gets the cookie.
// Holds the secret in memory only; never logs it.
class ApiSession {
public:
    // Starts over for a new endpoint: no session, the credential form the profile asks for.
    void reset(const ServerEndpoint &endpoint);

    // Adds the credentials to an authenticated request.
    void authorize(QNetworkRequest &request) const;

    // Password mode signs in with a form login and renews an expired session once per request.
    bool renewsSession() const { return m_authMode == AuthMode::Password && !m_useBasic; }
    bool needsLogin() const { return renewsSession() && m_cookie.isEmpty(); }
    const QByteArray &cookie() const { return m_cookie; }
    void dropCookie() { m_cookie.clear(); }

    // The server predates X-API-Key (v2.2.0): the key goes as a Bearer token. True when the
    // profile asked for the header, so the person is told.
    bool downgradeHeaderKey();

    // POST <root>/auth/login with the user name and password as a form.
    ApiCall loginCall(const QUrl &loginUrl) const;
    // Reads the login's answer: keeps the session cookie, or falls back to HTTP Basic on a server
    // without /auth/login (then `*basicFallback` is set, for a warning).
    Result<void> takeLoginReply(const RawReply &reply, const ServerEndpoint &endpoint, bool *basicFallback);

private:
    AuthMode m_authMode = AuthMode::ApiKeyBearer;
    QString m_username;
    QString m_secret;
    bool m_useBasic = false;  // Password mode on a server without /auth/login
    bool m_useHeaderKey = false;  // X-API-Key accepted by this server version
    QByteArray m_cookie;  // "gpustack_session=…" (never logged)
};

}  // namespace parallax

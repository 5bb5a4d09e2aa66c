#pragma once

#include "base/result.h"
#include "gpustack/apicall.h"
#include "gpustack/serverendpoint.h"

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QObject;

namespace parallax {

class ApiSession;

// Sends requests to one GPUStack server and hands back the raw reply: credentials from the
// session, TLS by the profile's policy (tlspolicy.h), bounded in size and time, redirects
// followed only within the same origin, and an expired session renewed once (through
// `relogin`). Replies are children of `owner` and die with it.
class ApiTransport {
public:
    struct Limits {
        int timeoutMs = 30000;  // inactivity, per request
        int deadlineMs = 60000;  // the whole request; never shorter than timeoutMs, 0 = off
        qint64 maxReplyBytes = 16LL * 1024 * 1024;
    };
    using Relogin = std::function<void(std::function<void(Result<void>)>)>;

    ApiTransport(QNetworkAccessManager *network, QObject *owner, ApiSession &session);

    // A new endpoint: replies still in flight for the old one answer Cancelled.
    void setEndpoint(const ServerEndpoint &endpoint);
    quint64 generation() const { return m_generation; }
    Limits &limits() { return m_limits; }
    const Limits &limits() const { return m_limits; }
    void setRelogin(Relogin relogin) { m_relogin = std::move(relogin); }
    // Called with every reply whose headers arrived (the server's Date).
    void setHeadersSeen(std::function<void(const QNetworkReply *)> seen) { m_headersSeen = std::move(seen); }

    void send(std::shared_ptr<ApiCall> call, std::function<void(Result<RawReply>)> done);
    // Starts `call` and returns its reply as it is: for watch streams, which the caller reads.
    QNetworkReply *start(const ApiCall &call);

private:
    QNetworkRequest buildRequest(const ApiCall &call) const;
    void finished(QNetworkReply *reply, const std::shared_ptr<ApiCall> &call, bool tooLarge, bool pastDeadline,
        int deadline, qint64 cap, const std::function<void(Result<RawReply>)> &done);
    bool renewSession(const std::shared_ptr<ApiCall> &call, const std::function<void(Result<RawReply>)> &done);

    QNetworkAccessManager *m_network;
    QObject *m_owner;
    ApiSession &m_session;
    ServerEndpoint m_endpoint;
    Limits m_limits;
    quint64 m_generation = 0;
    Relogin m_relogin;
    std::function<void(const QNetworkReply *)> m_headersSeen;
};

}  // namespace parallax

#include "followedsession.h"
#include "commands.h"

namespace parallax::cli {

SessionConfig sessionConfigFor(const ServerOptions &options, const ServerEndpoint &endpoint)
{
    SessionConfig config;
    config.name = options.profile.isEmpty() ? endpoint.url.host() : options.profile;
    config.endpoint = endpoint;
    config.requestTimeoutMs = options.timeoutS * 1000;
    config.watch.filter.clusterId = options.clusterId;
    config.probe.allowedNetworks = options.probeNetworks;
    return config;
}

FollowedSession::FollowedSession(
    const ServerOptions &options, const ServerEndpoint &endpoint, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_timeoutS(options.timeoutS)
    , m_session(std::make_unique<ClusterSession>(sessionConfigFor(options, endpoint), clock))
{
    m_redactor.addSecret(endpoint.secret);
    connect(m_session.get(), &ClusterSession::statusChanged, this,
        [this](ClusterSession::Status status, const Error &error) { onStatus(status, error); });
    m_startup.setSingleShot(true);
    connect(&m_startup, &QTimer::timeout, this, [this] {
        if (!m_connected)
            fail(Cli::tr("The server did not answer within %1 s.").arg(m_timeoutS) + u' '
                + m_redactor.text(m_session->lastError().message));
    });
}

FollowedSession::~FollowedSession() = default;

void FollowedSession::start()
{
    m_startup.start(m_timeoutS * 1000);
    m_session->start();
}

void FollowedSession::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    m_startup.stop();
    if (failed)
        failed(reason);
}

void FollowedSession::onStatus(ClusterSession::Status status, const Error &error)
{
    switch (status) {
    case ClusterSession::Status::Failed:
        fail(m_redactor.text(error.message.isEmpty() ? errorCodeId(error.code) : error.message));
        return;
    case ClusterSession::Status::Connected: {
        const bool again = m_connected;
        m_connected = true;
        m_startup.stop();
        if (statusChanged)
            statusChanged(status, error, again);
        return;
    }
    case ClusterSession::Status::Degraded:
        if (statusChanged)
            statusChanged(status, error, m_connected);
        return;
    case ClusterSession::Status::Connecting:
        // Unreachable before the first connection: the session retries; the start-up
        // timeout decides when to give up.
    case ClusterSession::Status::Idle: return;
    }
}

}  // namespace parallax::cli

#pragma once

#include "serverconnection.h"

#include "base/clock.h"
#include "monitor/clustersession.h"
#include "report/redactor.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace parallax::cli {

// The session settings every command derives from its server options: the cluster's name
// (the profile, else the server's host), the endpoint, the timeout, the cluster filter and
// the networks probes may go to.
SessionConfig sessionConfigFor(const ServerOptions &options, const ServerEndpoint &endpoint);

// The long-running session `watch` and `serve` share: built from the options and started;
// given up only when it fails for good (wrong credentials, not GPUStack) or has not connected
// within --timeout. After its first connection it reconnects by itself. Every message it hands
// on has been through the redactor (the run's secret, credentials in URLs).
class FollowedSession : public QObject {
public:
    FollowedSession(
        const ServerOptions &options, const ServerEndpoint &endpoint, const Clock &clock, QObject *parent = nullptr);
    ~FollowedSession() override;

    void start();
    ClusterSession &session() { return *m_session; }
    const Redactor &redactor() const { return m_redactor; }
    bool connectedOnce() const { return m_connected; }

    // Once, with a translated, redacted reason: the command ends with it.
    std::function<void(const QString &reason)> failed;
    // Connected (`again`: a reconnection) and Degraded (the stream dropped, reconnecting).
    std::function<void(ClusterSession::Status status, const Error &error, bool again)> statusChanged;

private:
    void onStatus(ClusterSession::Status status, const Error &error);
    void fail(const QString &reason);

    int m_timeoutS;
    Redactor m_redactor;
    std::unique_ptr<ClusterSession> m_session;
    QTimer m_startup;
    bool m_connected = false;
    bool m_failed = false;
};

}  // namespace parallax::cli

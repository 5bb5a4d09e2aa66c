#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "gpustack/clusterwatch.h"
#include "gpustack/gpustackclient.h"
#include "gpustack/serverendpoint.h"
#include "gpustack/workerwatch.h"
#include "monitor/clustermonitor.h"
#include "probe/probescheduler.h"
#include "probe/probesettings.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>
#include <memory>

namespace parallax {

class HistoryStore;

// How one GPUStack server is watched: where it is, how we log in, how we probe.
struct SessionConfig {
    QString name;  // what people call this cluster ("prod", the profile name)
    // Names this cluster's rows in the history; empty: `name`. A saved profile's is
    // ServerProfile::historyKey() (its id: renaming keeps the history, equal names do not
    // mix); the rows an older version recorded under `name` are taken over on first open.
    QString historyKey;
    ServerEndpoint endpoint;  // URL, auth mode + secret, TLS, proxy, API version
    ProbeSettings probe;
    WorkerWatch::Options watch;
    int requestTimeoutMs = 30'000;
};

// The wiring for one server, data flowing one way:
//
//   GpuStackClient ─► WorkerWatch ─┬─► ClusterMonitor ◄─ ProbeScheduler (your view)
//                                  └─► ProbeScheduler (targets follow the worker list)
//   GpuStackClient ─► ClusterWatch ─► ClusterMonitor (cluster names)
//   ClusterMonitor ─► HistoryStore (both views and verdicts, when one is given)
//
// The GUI and the CLI both build one of these per server and read the monitor.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Idle,
        Connecting,  // checking URL and credentials
        Connected,  // the worker list is current (watching or polling)
        Degraded,  // connected before, the stream dropped: reconnecting (the data shown is aging)
        Failed,  // will not retry by itself: wrong credentials, not GPUStack, …; see lastError()
    };
    Q_ENUM(Status)

    ClusterSession(
        SessionConfig config, const Clock &clock, HistoryStore *history = nullptr, QObject *parent = nullptr);
    ~ClusterSession() override;

    void start();
    void stop();

    const SessionConfig &config() const { return m_config; }
    QString name() const { return m_config.name; }
    Status status() const { return m_status; }
    const Error &lastError() const { return m_lastError; }
    const ServerInfo &serverInfo() const { return m_client.serverInfo(); }

    // Applies new probe settings without a restart.
    void setProbeSettings(const ProbeSettings &settings);

    ClusterMonitor &monitor() { return m_monitor; }
    const ClusterMonitor &monitor() const { return m_monitor; }
    ProbeScheduler &scheduler() { return m_scheduler; }
    GpuStackClient &client() { return m_client; }
    WorkerWatch &watch() { return m_watch; }
    ClusterWatch &clusterWatch() { return m_clusterWatch; }

Q_SIGNALS:
    void statusChanged(parallax::ClusterSession::Status status, const parallax::Error &error);
    // A translated warning worth showing (untested server version, auth downgrade).
    void warning(const QString &message);

private:
    void onConnectionChecked(const Result<ServerInfo> &result);
    void onWatchState(WorkerWatch::ConnectionState state, const Error &error);
    // The server's view reaches the monitor and the prober in order, a slice per turn of the
    // event loop: a listing is its rows, then a prune of what it no longer has.
    struct ServerChange {
        enum Kind { Upsert, Remove, Prune } kind = Upsert;
        Worker worker;  // Upsert
        qint64 id = -1;  // Remove
        std::shared_ptr<const QSet<qint64>> listed;  // Prune: the ids the listing had
    };
    void applySnapshot(const QList<Worker> &workers);
    void queueServerChange(ServerChange change);
    void applyServerChanges();
    bool listingPending() const;
    void setStatus(Status status, const Error &error = {ErrorCode::None, {}, {}});

    SessionConfig m_config;
    const Clock &m_clock;
    QNetworkAccessManager m_network;
    GpuStackClient m_client;
    WorkerWatch m_watch;
    ClusterWatch m_clusterWatch;  // names for the worker table; v0.x servers have none
    QHash<qint64, Cluster> m_clusters;
    ProbeScheduler m_scheduler;
    ClusterMonitor m_monitor;
    std::deque<ServerChange> m_serverChanges;  // not applied yet, oldest first
    QTimer m_serverChangesTimer;
    bool m_connectedWhenApplied = false;  // the watch is current: Connected once the listing is in
    QTimer m_retry;
    int m_retryDelayMs = 1000;
    Status m_status = Status::Idle;
    Error m_lastError{ErrorCode::None, {}, {}};
    bool m_everConnected = false;
};

}  // namespace parallax

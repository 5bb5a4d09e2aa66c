#include "clustersession.h"

#include "base/logging.h"
#include "history/historystore.h"
#include "probe/probetarget.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kRetryMaxMs = 60'000;

// Errors that another attempt will not fix: the user has to change something.
bool isPermanent(ErrorCode code)
{
    return code == ErrorCode::Unauthorized || code == ErrorCode::Forbidden || code == ErrorCode::NotGpuStack
        || code == ErrorCode::TlsFailure || code == ErrorCode::InvalidArgument;
}

// Workers of a listing applied per turn of the event loop: 10,000 at once held the window
// for a third of a second (e2e_bench); 40 take under 20 ms, and their probes start.
constexpr qsizetype kServerChangesPerTurn = 40;
}  // namespace

ClusterSession::ClusterSession(SessionConfig config, const Clock &clock, HistoryStore *history, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
    , m_client(&m_network)
    , m_watch(&m_client)
    , m_clusterWatch(&m_client)
    , m_scheduler(clock)
    , m_monitor(clock)
{
    m_monitor.setName(m_config.name);
    const QString historyKey = m_config.historyKey.isEmpty() ? m_config.name : m_config.historyKey;
    if (history && historyKey != m_config.name)
        history->adoptCluster(m_config.name, historyKey);
    m_monitor.setHistory(history, historyKey);
    m_monitor.setServerUrl(m_config.endpoint.url);
    m_client.setEndpoint(m_config.endpoint);
    m_client.setTimeoutMs(m_config.requestTimeoutMs);
    m_watch.setOptions(m_config.watch);
    WatchOptions clusterOptions = m_config.watch;
    clusterOptions.filter = {};  // a worker filter (cluster_id, search) means nothing to clusters
    m_clusterWatch.setOptions(clusterOptions);
    m_scheduler.setSettings(m_config.probe);

    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ClusterSession::start);

    // Server view → monitor and probe targets.
    // The server's changes reach the monitor and the prober in order, a slice per turn of the
    // event loop: a listing of 10,000 and the stream's replay of them right after it held the
    // window for half a second when applied at once (e2e_bench).
    connect(&m_watch, &WorkerWatch::snapshot, this, &ClusterSession::applySnapshot);
    m_serverChangesTimer.setSingleShot(true);
    m_serverChangesTimer.setInterval(0);
    m_serverChangesTimer.setObjectName(u"session server changes"_s);
    connect(&m_serverChangesTimer, &QTimer::timeout, this, &ClusterSession::applyServerChanges);
    connect(&m_watch, &WorkerWatch::upserted, this, [this](const Worker &worker) {
        queueServerChange({ServerChange::Upsert, worker, worker.id, {}});
    });
    connect(&m_watch, &WorkerWatch::removed, this, [this](qint64 id) {
        queueServerChange({ServerChange::Remove, {}, id, {}});
    });
    connect(&m_watch, &WorkerWatch::connectionStateChanged, this, &ClusterSession::onWatchState);

    // The server's clusters → names in the monitor. Failures here never change the session's
    // status: the workers are what matters, a missing name falls back to "cluster 3".
    auto publishNames = [this]() {
        QHash<qint64, QString> names;
        for (const Cluster &c : std::as_const(m_clusters))
            names.insert(c.id, c.name);
        m_monitor.setClusterNames(names);
    };
    connect(&m_clusterWatch, &ClusterWatch::snapshot, this, [this, publishNames](const QList<Cluster> &clusters) {
        m_clusters.clear();
        for (const Cluster &c : clusters)
            m_clusters.insert(c.id, c);
        publishNames();
    });
    connect(&m_clusterWatch, &ClusterWatch::upserted, this, [this, publishNames](const Cluster &cluster) {
        m_clusters.insert(cluster.id, cluster);
        publishNames();
    });
    connect(&m_clusterWatch, &ClusterWatch::removed, this, [this, publishNames](qint64 id) {
        m_clusters.remove(id);
        publishNames();
    });

    // Your view → monitor.
    connect(&m_scheduler, &ProbeScheduler::probeFinished, &m_monitor, &ClusterMonitor::addProbeResult);
    connect(&m_scheduler, &ProbeScheduler::localStateChanged, &m_monitor, &ClusterMonitor::setLocalState);
    connect(
        &m_scheduler, &ProbeScheduler::localNetworkSuspectChanged, &m_monitor, &ClusterMonitor::setLocalNetworkSuspect);

    connect(&m_client, &GpuStackClient::warning, this, &ClusterSession::warning);
    connect(&m_client, &GpuStackClient::serverClockOffsetChanged, &m_monitor, &ClusterMonitor::setServerClockOffset);
}

ClusterSession::~ClusterSession()
{
    stop();
}

void ClusterSession::start()
{
    m_retry.stop();
    setStatus(Status::Connecting);
    m_client.checkConnection(this, [this](Result<ServerInfo> result) { onConnectionChecked(result); });
}

void ClusterSession::stop()
{
    m_serverChangesTimer.stop();
    m_serverChanges.clear();
    m_connectedWhenApplied = false;
    m_retry.stop();
    m_watch.stop();
    m_clusterWatch.stop();
    m_scheduler.stop();
    if (m_status != Status::Failed)
        setStatus(Status::Idle);
}

void ClusterSession::setProbeSettings(const ProbeSettings &settings)
{
    m_config.probe = settings;
    m_scheduler.setSettings(settings);
}

void ClusterSession::onConnectionChecked(const Result<ServerInfo> &result)
{
    if (!result.ok()) {
        const Error &error = result.error();
        qCWarning(lcMonitor) << m_config.name << "connection check failed:" << errorCodeId(error.code) << error.detail;
        if (isPermanent(error.code)) {
            setStatus(Status::Failed, error);
            return;
        }
        setStatus(m_everConnected ? Status::Degraded : Status::Connecting, error);
        m_retry.start(m_retryDelayMs);
        m_retryDelayMs = qMin(m_retryDelayMs * 2, kRetryMaxMs);
        return;
    }
    m_retryDelayMs = 1000;
    m_monitor.setServerVersion(result->version);
    for (const QString &w : result->warnings)
        Q_EMIT warning(w);
    m_watch.start();
    m_clusterWatch.start();
    m_scheduler.start();
}

void ClusterSession::applySnapshot(const QList<Worker> &workers)
{
    auto listed = std::make_shared<QSet<qint64>>();
    listed->reserve(workers.size());
    for (const Worker &w : workers) {
        listed->insert(w.id);
        m_serverChanges.push_back({ServerChange::Upsert, w, w.id, {}});
    }
    m_serverChanges.push_back({ServerChange::Prune, {}, -1, listed});
    m_monitor.setClusterSize(int(workers.size()));
    m_serverChangesTimer.start();  // the first slice too: this turn already read the last page
}

void ClusterSession::queueServerChange(ServerChange change)
{
    m_serverChanges.push_back(std::move(change));
    if (!m_serverChangesTimer.isActive())
        applyServerChanges();
}

void ClusterSession::applyServerChanges()
{
    for (qsizetype done = 0; done < kServerChangesPerTurn && !m_serverChanges.empty(); ++done) {
        const ServerChange change = std::move(m_serverChanges.front());
        m_serverChanges.pop_front();
        switch (change.kind) {
        case ServerChange::Upsert:
            m_monitor.upsertServerWorker(change.worker);
            m_scheduler.upsertWorker(change.worker);
            break;
        case ServerChange::Remove:
            m_monitor.removeServerWorker(change.id);
            m_scheduler.removeTarget(change.id);
            break;
        case ServerChange::Prune:
            // A listing is in: what it no longer has is gone.
            for (qint64 id : m_monitor.workerIds()) {
                if (!change.listed->contains(id))
                    m_monitor.removeServerWorker(id);
            }
            for (qint64 id : m_scheduler.targetIds()) {
                if (!change.listed->contains(id))
                    m_scheduler.removeTarget(id);
            }
            if (m_connectedWhenApplied) {
                m_connectedWhenApplied = false;
                m_everConnected = true;
                setStatus(Status::Connected);
            }
            break;
        }
        if (change.kind != ServerChange::Upsert || m_serverChanges.empty())
            m_monitor.setClusterSize(m_monitor.size());
    }
    if (m_serverChanges.empty())
        m_serverChangesTimer.stop();
    else
        m_serverChangesTimer.start();
}

bool ClusterSession::listingPending() const
{
    return std::any_of(m_serverChanges.cbegin(), m_serverChanges.cend(),
        [](const ServerChange &c) { return c.kind == ServerChange::Prune; });
}

void ClusterSession::onWatchState(WorkerWatch::ConnectionState state, const Error &error)
{
    switch (state) {
    case WorkerWatch::ConnectionState::Watching:
    case WorkerWatch::ConnectionState::Polling:
    case WorkerWatch::ConnectionState::Listed:
        if (listingPending()) {
            // Connected means the list is in the monitor: say so when its last slice is. The
            // monitor trusts the stream from now on, while it holds only what it had before:
            // told with the last slice, it re-judged every view it had just been given (41-46 ms
            // at 10,000 workers, in one turn of the event loop).
            m_monitor.setServerReachable(true);
            m_connectedWhenApplied = true;
            break;
        }
        m_everConnected = true;
        setStatus(Status::Connected);
        break;
    case WorkerWatch::ConnectionState::Reconnecting:
        if (isPermanent(error.code)) {
            m_watch.stop();
            m_clusterWatch.stop();
            setStatus(Status::Failed, error);
        } else {
            setStatus(m_everConnected ? Status::Degraded : Status::Connecting, error);
        }
        break;
    case WorkerWatch::ConnectionState::Syncing:
        if (m_status != Status::Connected && m_status != Status::Degraded)
            setStatus(Status::Connecting);
        break;
    case WorkerWatch::ConnectionState::Stopped: break;
    }
}

void ClusterSession::setStatus(Status status, const Error &error)
{
    if (status == m_status && error == m_lastError)
        return;
    m_status = status;
    m_lastError = error;
    m_monitor.setServerReachable(status == Status::Connected);
    Q_EMIT statusChanged(status, error);
}

}  // namespace parallax

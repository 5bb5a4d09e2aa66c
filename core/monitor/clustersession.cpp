#include "clustersession.h"

#include "base/logging.h"
#include "probe/probetarget.h"

namespace parallax {

namespace {
constexpr int kRetryMaxMs = 60'000;

// Errors that another attempt will not fix: the user has to change something.
bool isPermanent(ErrorCode code)
{
    return code == ErrorCode::Unauthorized || code == ErrorCode::Forbidden || code == ErrorCode::NotGpuStack
        || code == ErrorCode::TlsFailure || code == ErrorCode::InvalidArgument;
}

QList<ProbeTarget> targetsFor(const QList<Worker> &workers)
{
    QList<ProbeTarget> targets;
    targets.reserve(workers.size());
    for (const Worker &w : workers)
        targets.append(probeTargetFor(w));
    return targets;
}
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
    m_monitor.setHistory(history, m_config.name);
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
    connect(&m_watch, &WorkerWatch::snapshot, this, [this](const QList<Worker> &workers) {
        m_monitor.setServerSnapshot(workers);
        m_monitor.setClusterSize(int(workers.size()));
        m_scheduler.setTargets(targetsFor(workers));
    });
    connect(&m_watch, &WorkerWatch::upserted, this, [this](const Worker &worker) {
        m_monitor.upsertServerWorker(worker);
        m_monitor.setClusterSize(m_monitor.size());
        m_scheduler.upsertWorker(worker);
    });
    connect(&m_watch, &WorkerWatch::removed, this, [this](qint64 id) {
        m_monitor.removeServerWorker(id);
        m_monitor.setClusterSize(m_monitor.size());
        m_scheduler.removeTarget(id);
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
    connect(&m_scheduler, &ProbeScheduler::localNetworkSuspectChanged, &m_monitor,
            &ClusterMonitor::setLocalNetworkSuspect);

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

void ClusterSession::onWatchState(WorkerWatch::ConnectionState state, const Error &error)
{
    switch (state) {
    case WorkerWatch::ConnectionState::Watching:
    case WorkerWatch::ConnectionState::Polling:
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
    case WorkerWatch::ConnectionState::Stopped:
        break;
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

#include "simcluster.h"

#include "base/clock.h"
#include "base/logging.h"
#include "loopbackpool.h"
#include "simproxy.h"
#include "simserver.h"
#include "socketreactor.h"
#include "workerendpoint.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>

#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

constexpr quint16 kWorkerPort = 10150;
constexpr quint16 kMetricsPort = 10151;

}  // namespace

SimTimings SimTimings::fast()
{
    SimTimings t;
    t.probe.attemptTimeoutMs = 150;
    t.probe.retryPauseMs = 100;
    t.probe.windowMs = 600;
    t.syncIntervalMs = 300;
    t.keepAliveMs = 500;
    t.tickMs = 100;
    return t;
}

struct SimCluster::Slot {
    SimWorker *worker = nullptr;
    std::unique_ptr<WorkerEndpoint> endpoint;
    QHostAddress realAddress;
    HealthBehaviour effectiveHealth = HealthBehaviour::Ok;
    // The address the worker left without re-registering (DHCP drift with --worker-ip
    // pinned): nothing listens there (refused), except that with client_path down the
    // client's SYNs to it vanish like all others.
    std::unique_ptr<WorkerEndpoint> vacated;
};

SimCluster::SimCluster(Scenario scenario, SimOptions options, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_options(std::move(options))
{
    if (!m_options.clock)
        m_ownClock = std::make_unique<SystemClock>();
    m_clock = m_options.clock ? m_options.clock : m_ownClock.get();
}

SimCluster::~SimCluster()
{
    stop();
}

SimCluster::Slot *SimCluster::slot(const QString &name) const
{
    return m_byName.value(name);
}

Result<void> SimCluster::start()
{
    if (m_running)
        return {};
    const qint64 now = m_clock->nowMs();
    m_startMs = now;
    m_server = new SimServer(m_clock, m_scenario.apiVersion, m_scenario.serverVersion, this);
    m_server->setKeepAliveMs(m_options.timings.keepAliveMs);
    m_server->setClockSkewMs(m_scenario.serverClockSkewMs);
    m_server->setAuthConfig(m_scenario.auth);
    m_server->setIdOnlyDeletes(m_scenario.idOnlyDeletes);
    if (m_options.apiKey) {
        SimCredentials c = m_server->credentials();
        c.apiKey = *m_options.apiKey;
        m_server->setCredentials(c);
    }
    if (!m_options.listenAddress.isLoopback())
        return Error{ErrorCode::InvalidArgument,
            tr("The simulator only listens on loopback addresses, not %1.").arg(m_options.listenAddress.toString()),
            {}};
    if (!m_server->listen(m_options.listenAddress, m_options.listenPort)) {
        const QString why = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return Error{ErrorCode::InvalidArgument,
            tr("The simulator cannot listen on %1:%2: %3")
                .arg(m_options.listenAddress.toString())
                .arg(m_options.listenPort)
                .arg(why),
            why};
    }
    connect(m_server, &SimServer::maintenanceRequested, this, [this](qint64 id, bool enabled, const QString &message) {
        for (const auto &s : m_slots) {
            if (s->worker->id == id) {
                setMaintenance(s->worker->spec.name, enabled, message);
                return;
            }
        }
    });
    connect(m_server, &SimServer::deleteRequested, this, [this](qint64 id) {
        for (const auto &s : m_slots) {
            if (s->worker->id == id) {
                deleteWorker(s->worker->spec.name);
                return;
            }
        }
    });
    const ServerProxy &proxy = m_scenario.serverProxy;
    const ProxyHandling handling = proxyHandlingFor(m_scenario.serverVersion);
    m_cidrNoProxy = proxy.cidrNoProxy.value_or(handling.cidrNoProxy);
    if (proxy.kind != ServerProxy::Kind::None) {
        if (!handling.honoursProxyEnv) {
            m_notes.append(tr("GPUStack %1 ignores HTTP_PROXY in its health probe (v0.5.0–v0.7.0): the server_proxy "
                              "setting has no effect.")
                               .arg(m_scenario.serverVersion));
        } else {
            m_proxy = new SimProxy(proxy, this);
            if (!m_proxy->start()) {
                delete m_proxy;
                m_proxy = nullptr;
                m_notes.append(tr("The simulated server's HTTP proxy could not listen on 127.0.0.1."));
            }
        }
    }
    m_reactor = new SocketReactor(this);
    m_probe = new ServerProbe(this);
    m_probe->setTimings(m_options.timings.probe);

    QHash<QString, qint64> clusterIds;
    for (const ScenarioCluster &c : std::as_const(m_scenario.clusters)) {
        m_server->addCluster(c);
        clusterIds.insert(c.name, c.id);
    }
    QRandomGenerator rng(4242);
    qint64 nextInstance = 1;
    QHash<QString, qint64> modelIds;
    for (int i = 0; i < m_scenario.workers.size(); ++i) {
        const ScenarioWorker &spec = m_scenario.workers.at(i);
        auto w = std::make_unique<SimWorker>();
        w->id = i + 1;
        w->spec = spec;
        w->clusterId = spec.cluster.isEmpty() ? m_scenario.clusters.first().id : clusterIds.value(spec.cluster);
        w->workerVersion = spec.workerVersion.isEmpty() ? m_scenario.serverVersion : spec.workerVersion;
        w->createdMs = now - 86'400'000LL * (1 + i % 20) - i * 1000LL;
        w->bootMs = now - 3'600'000LL * (2 + i % 200);
        w->systemPrincipalId = 100 + w->id;
        w->faults = spec.faults;
        w->maintenance = spec.faults.maintenance;
        w->maintenanceMessage = spec.faults.maintenanceMessage;
        w->cpuUtilization = 3.0 + rng.bounded(40.0);
        w->memoryUsed = qint64(double(spec.memoryBytes) * (0.1 + rng.bounded(0.4)));
        for (int g = 0; g < spec.gpus.size(); ++g) {
            SimGpu gpu;
            gpu.spec = spec.gpus.at(g);
            gpu.index = g;
            gpu.uuid = u"GPU-%1-%2"_s.arg(w->id, 8, 16, QLatin1Char('0')).arg(g, 4, 16, QLatin1Char('0'));
            gpu.coreUtilization = rng.bounded(90.0);
            gpu.memoryUsed = qint64(double(gpu.spec.memoryBytes) * rng.bounded(0.8));
            gpu.temperature = 35.0 + rng.bounded(35.0);
            w->gpus.append(gpu);
        }
        SimWorker &stored = m_server->addWorker(std::move(w));
        for (const ScenarioInstance &inst : spec.instances) {
            SimModelInstance m;
            m.id = nextInstance++;
            if (!modelIds.contains(inst.modelName))
                modelIds.insert(inst.modelName, modelIds.size() + 1);
            m.modelId = modelIds.value(inst.modelName);
            m.modelName = inst.modelName;
            m.name = u"%1-%2"_s.arg(inst.modelName, QString::number(m.id));
            m.workerId = stored.id;
            m.clusterId = stored.clusterId;
            m.port = 40000 + int(m.id % 64);
            if (!stored.gpus.isEmpty())
                m.gpuIndexes = {0};
            m.createdMs = now - 3'600'000;
            m.updatedMs = m.createdMs;
            m_server->addInstance(m);
        }
        auto s = std::make_unique<Slot>();
        s->worker = &stored;
        s->endpoint = std::make_unique<WorkerEndpoint>(m_clock, m_reactor);
        m_byName.insert(spec.name, s.get());
        m_slots.push_back(std::move(s));
    }

    auto bound = bindEndpoints();
    if (!bound) {
        stop();
        return bound;
    }

    // Every worker has registered and posted its status at a staggered moment of the last
    // heartbeat interval: they start ready, and keep posting every 30 s from here.
    for (int i = 0; i < int(m_slots.size()); ++i) {
        Slot &s = *m_slots[size_t(i)];
        SimWorker &w = *s.worker;
        applyRegistration(s);
        applyEndpointFaults(s);
        const qint64 offset =
            m_slots.size() > 1 ? m_options.timings.heartbeatIntervalMs * i / qint64(m_slots.size()) : 0;
        w.lastReportMs = now - offset;
        w.heartbeatMs = m_scenario.apiVersion == ApiVersion::V2 ? w.lastReportMs + m_scenario.serverClockSkewMs
                                                                : w.lastReportMs + w.faults.clockSkewMs;
        w.updatedMs = w.lastReportMs;
        w.stateMessage.reset();
        w.state = u"ready"_s;
        if (w.faults.heartbeatStopped) {
            // Stopped long enough ago that the server already lost it.
            w.lastReportMs = now - m_options.timings.heartbeatGraceMs - 20'000;
            w.heartbeatMs = w.lastReportMs + m_scenario.serverClockSkewMs;
            w.state = u"not_ready"_s;
            w.stateMessage = heartbeatLostMessage(w.heartbeatMs);
        }
        computeWorkerState(w, now + m_scenario.serverClockSkewMs, {m_options.timings.heartbeatGraceMs});
        afterStateChange(w, u"ready"_s);
    }
    m_server->refreshClusters();

    m_tickTimer = new QTimer(this);
    m_tickTimer->setInterval(m_options.timings.tickMs);
    connect(m_tickTimer, &QTimer::timeout, this, &SimCluster::tick);
    m_tickTimer->start();
    m_syncTimer = new QTimer(this);
    m_syncTimer->setInterval(m_options.timings.syncIntervalMs);
    connect(m_syncTimer, &QTimer::timeout, this, &SimCluster::runSyncCycle);
    if (m_options.timings.autoSync)
        m_syncTimer->start();
    m_running = true;
    qCInfo(lcSim) << "simulator" << m_scenario.name << "on" << baseUrl().toString() << "with" << m_slots.size()
                  << "workers";
    return {};
}

// Each worker gets its own loopback address and GPUStack's real ports where the OS allows it.
Result<void> SimCluster::bindEndpoints()
{
    const bool metrics = m_scenario.workerMetrics;
    const qint64 wanted = qint64(m_slots.size()) * (metrics ? 2 : 1) + 1024;
    auto limit = raiseFileLimit(wanted);
    if (!limit) {
        m_notes.append(limit.error().message);
        qCWarning(lcSim).noquote() << logSafe(limit.error().message);
    }
    if (!limit && metrics && limit.error().code == ErrorCode::StorageFailure) {
        // Not enough descriptors for both ports: keep the health endpoints (what probes use)
        // and register the workers with metrics disabled (metrics_port -1).
        m_scenario.workerMetrics = false;
        m_notes.append(tr("Worker metrics ports are off (metrics_port -1) to stay within the open-file limit."));
    }
    m_aliases = loopbackAliasesAvailable();
    if (!m_aliases)
        m_notes.append(
            tr("This OS does not route 127.x.y.z to loopback: workers listen on 127.0.0.1 with their own ports."));
    for (int i = 0; i < int(m_slots.size()); ++i) {
        auto r = bindOne(*m_slots[size_t(i)], i, i == 0);
        if (!r)
            return r;
    }
    m_nextPoolIndex = int(m_slots.size());
    return {};
}

Result<void> SimCluster::bindOne(Slot &s, int poolIndex, bool firstWorker)
{
    WorkerEndpoint &e = *s.endpoint;
    SimWorker *w = s.worker;
    const ApiVersion api = m_scenario.apiVersion;
    e.setVersionJson(QJsonDocument(QJsonObject{{"version"_L1, w->workerVersion}, {"git_commit"_L1, u"1a2b3c4"_s}})
                         .toJson(QJsonDocument::Compact));
    e.metricsText = [w, api] { return workerMetricsText(*w, api); };
    const bool metrics = m_scenario.workerMetrics;
    bool ok = false;
    if (m_aliases) {
        // A taken 10150 on our first address means another simulator drew the same /16:
        // draw again. Later collisions fall back to an ephemeral port on the same address.
        for (int attempt = 0; attempt < (firstWorker ? 16 : 1) && !ok; ++attempt) {
            ok = bool(e.bind(m_pool.addressAt(poolIndex), kWorkerPort, kMetricsPort, metrics));
            if (!ok && firstWorker)
                m_pool.reroll();
        }
        if (!ok)
            ok = bool(e.bind(m_pool.addressAt(poolIndex), 0, 0, metrics));
    }
    if (!ok) {
        auto r = e.bind(QHostAddress::LocalHost, 0, 0, metrics);
        if (!r)
            return Error{ErrorCode::Internal,
                tr("Cannot open a health endpoint for worker %1: %2").arg(w->spec.name, r.error().message),
                r.error().detail};
    }
    s.realAddress = e.address();
    return {};
}

void SimCluster::applyRegistration(Slot &s)
{
    SimWorker &w = *s.worker;
    w.ip = w.faults.registeredIp.value_or(s.realAddress.toString());
    w.advertiseAddress = w.faults.advertiseAddress;
    w.port = s.endpoint->healthPort();
    w.metricsPort = s.endpoint->metricsPort() ? s.endpoint->metricsPort() : -1;
}

void SimCluster::setEffectiveHealth(Slot &s)
{
    const WorkerFaults &f = s.worker->faults;
    HealthBehaviour eff = f.health;
    if (f.flapPeriodMs > 0 && ((m_clock->nowMs() - m_startMs) / f.flapPeriodMs) % 2 == 1)
        eff = HealthBehaviour::Refused;
    if (f.firewallRejectsHealthPort)
        eff = HealthBehaviour::Refused;  // a RST from the filter is a closed port on the wire
    if (f.clientPathDown)
        eff = HealthBehaviour::Drop;  // nothing of the client's SYNs arrives
    s.effectiveHealth = eff;
    s.endpoint->setHealth(eff, f.slowMs, f.badStatus);
}

void SimCluster::applyEndpointFaults(Slot &s)
{
    setEffectiveHealth(s);
    s.endpoint->setMetricsDown(s.worker->faults.metricsDown);
    s.endpoint->setMetricsDropped(s.worker->faults.clientPathDown);
    if (s.vacated) {
        s.vacated->setHealth(s.worker->faults.clientPathDown ? HealthBehaviour::Drop : HealthBehaviour::Refused);
        s.vacated->setMetricsDown(true);
        s.vacated->setMetricsDropped(s.worker->faults.clientPathDown);
    }
    s.endpoint->setClockSkewMs(s.worker->faults.clockSkewMs);
}

void SimCluster::stop()
{
    if (m_tickTimer)
        m_tickTimer->stop();
    if (m_syncTimer)
        m_syncTimer->stop();
    delete m_tickTimer;
    delete m_syncTimer;
    m_tickTimer = m_syncTimer = nullptr;
    m_byName.clear();
    m_slots.clear();  // endpoints close their listeners
    delete m_reactor;
    m_reactor = nullptr;
    delete m_probe;
    m_probe = nullptr;
    delete m_proxy;
    m_proxy = nullptr;
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    m_running = false;
    m_syncRunning = false;
}

QUrl SimCluster::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_options.listenAddress.toString());
    url.setPort(m_server ? m_server->port() : m_options.listenPort);
    return url;
}

QString SimCluster::apiKey() const
{
    return m_server ? m_server->credentials().apiKey : QString();
}

QString SimCluster::inferenceApiKey() const
{
    return m_server ? m_server->credentials().inferenceApiKey : QString();
}

QString SimCluster::username() const
{
    return m_server ? m_server->credentials().username : QString();
}

QString SimCluster::password() const
{
    return m_server ? m_server->credentials().password : QString();
}

QStringList SimCluster::workerNames() const
{
    QStringList names;
    for (const auto &s : m_slots)
        names.append(s->worker->spec.name);
    return names;
}

qint64 SimCluster::workerId(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->worker->id : -1;
}

QHostAddress SimCluster::workerAddress(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->realAddress : QHostAddress();
}

quint16 SimCluster::workerHealthPort(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->endpoint->healthPort() : 0;
}

quint16 SimCluster::workerMetricsPort(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->endpoint->metricsPort() : 0;
}

QUrl SimCluster::workerHealthUrl(const QString &name) const
{
    const Slot *s = slot(name);
    if (!s)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(s->realAddress.toString());
    url.setPort(s->endpoint->healthPort());
    url.setPath(u"/healthz"_s);
    return url;
}

QString SimCluster::workerState(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->worker->state : QString();
}

bool SimCluster::workerUnreachable(const QString &name) const
{
    const Slot *s = slot(name);
    return s && s->worker->unreachable;
}

QString SimCluster::registeredHost(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->worker->probeHost() : QString();
}

HealthBehaviour SimCluster::effectiveHealth(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->effectiveHealth : HealthBehaviour::Refused;
}

qint64 SimCluster::nowMs() const
{
    return m_clock->nowMs();
}

WorkerFaults SimCluster::faults(const QString &name) const
{
    const Slot *s = slot(name);
    return s ? s->worker->faults : WorkerFaults{};
}

bool SimCluster::setFaults(const QString &name, const WorkerFaults &f)
{
    Slot *s = slot(name);
    if (!s)
        return false;
    SimWorker &w = *s->worker;
    const WorkerFaults old = w.faults;
    w.faults = f;
    applyEndpointFaults(*s);
    if (old.registeredIp != f.registeredIp || old.advertiseAddress != f.advertiseAddress) {
        // The worker re-registers with its new address (a status post: recomputes).
        applyRegistration(*s);
        recompute(*s, true);
    }
    if (old.maintenance != f.maintenance || old.maintenanceMessage != f.maintenanceMessage) {
        w.maintenance = f.maintenance;
        w.maintenanceMessage = f.maintenanceMessage;
        recompute(*s, false);  // PUT /v2/workers/{id} with maintenance recomputes (ref §6.2 d)
    }
    if (old.heartbeatStopped && !f.heartbeatStopped)
        statusPost(*s);  // the worker's next post arrives at once
    return true;
}

bool SimCluster::setHealth(const QString &name, HealthBehaviour behaviour, int slowMs, int badStatus)
{
    WorkerFaults f = faults(name);
    f.health = behaviour;
    f.slowMs = slowMs;
    f.badStatus = badStatus;
    return setFaults(name, f);
}

bool SimCluster::setHeartbeatStopped(const QString &name, bool stopped)
{
    WorkerFaults f = faults(name);
    f.heartbeatStopped = stopped;
    return setFaults(name, f);
}

bool SimCluster::setRegisteredAddress(
    const QString &name, const std::optional<QString> &ip, const std::optional<QString> &advertiseAddress)
{
    WorkerFaults f = faults(name);
    f.registeredIp = ip;
    f.advertiseAddress = advertiseAddress;
    return setFaults(name, f);
}

bool SimCluster::moveWorker(const QString &name, bool reregister)
{
    Slot *s = slot(name);
    if (!s)
        return false;
    // Without re-registration the server (and the client) keep using the old address: keep
    // its endpoint object, closed, so the client-path fault can reach it too.
    std::unique_ptr<WorkerEndpoint> old;
    if (!reregister) {
        old = std::exchange(s->endpoint, std::make_unique<WorkerEndpoint>(m_clock, m_reactor));
        old->setHealth(HealthBehaviour::Refused);
        old->setMetricsDown(true);
    }
    auto r = bindOne(*s, m_nextPoolIndex++, false);
    if (!r) {
        qCWarning(lcSim).noquote() << logSafe(r.error().message);
        if (old)
            s->endpoint = std::move(old);
        applyEndpointFaults(*s);
        return false;
    }
    if (old)
        s->vacated = std::move(old);
    applyEndpointFaults(*s);
    qCInfo(lcSim) << "worker" << name << "moved to" << s->realAddress << (reregister ? "and re-registered" : "");
    if (reregister) {
        applyRegistration(*s);
        recompute(*s, true);
    }
    return true;
}

bool SimCluster::setServerPathBlocked(const QString &name, bool blocked)
{
    WorkerFaults f = faults(name);
    f.serverPathBlocked = blocked;
    return setFaults(name, f);
}

bool SimCluster::setMaintenance(const QString &name, bool enabled, const QString &message)
{
    WorkerFaults f = faults(name);
    f.maintenance = enabled;
    f.maintenanceMessage = enabled ? message : QString();
    return setFaults(name, f);
}

bool SimCluster::setClockSkew(const QString &name, qint64 skewMs)
{
    WorkerFaults f = faults(name);
    f.clockSkewMs = skewMs;
    return setFaults(name, f);
}

bool SimCluster::setFlapping(const QString &name, int periodMs)
{
    WorkerFaults f = faults(name);
    f.flapPeriodMs = periodMs;
    return setFaults(name, f);
}

bool SimCluster::deleteWorker(const QString &nameRef)
{
    const QString name = nameRef;  // the caller's reference may be the row's own name, freed below
    Slot *s = slot(name);
    if (!s || !m_server)
        return false;
    const qint64 id = s->worker->id;
    m_byName.remove(name);
    // The endpoint closes its listeners with the slot: a deleted worker's process is gone.
    std::erase_if(m_slots, [s](const std::unique_ptr<Slot> &p) { return p.get() == s; });
    m_server->removeWorker(id);
    qCInfo(lcSim) << "deleted worker" << name;
    return true;
}

quint16 SimCluster::serverProxyPort() const
{
    return m_proxy ? m_proxy->port() : 0;
}

int SimCluster::serverProxyRequests() const
{
    return m_proxy ? m_proxy->requestCount() : 0;
}

bool SimCluster::serverProbeUsesProxy(const QString &name) const
{
    const Slot *s = slot(name);
    return s && probeViaProxy(*s->worker);
}

// The server's probe client choice (ref §7 step 3): NO_PROXY's entries, plus the workers the
// scenario says NO_PROXY covers, go direct; everything else through HTTP_PROXY.
bool SimCluster::probeViaProxy(const SimWorker &w) const
{
    if (!m_proxy)
        return false;
    const ServerProxy &p = m_scenario.serverProxy;
    const QString &name = w.spec.name;
    if ((p.bypassAllWorkers && !p.bypassExcept.contains(name)) || p.bypassWorkers.contains(name))
        return false;
    return !noProxyBypasses(w.probeHost(), p.noProxy, m_cidrNoProxy);
}

bool SimCluster::setClientPathDown(const QString &name, bool down)
{
    WorkerFaults f = faults(name);
    f.clientPathDown = down;
    return setFaults(name, f);
}

void SimCluster::setKeepAliveMs(int ms)
{
    m_options.timings.keepAliveMs = ms;
    if (m_server)
        m_server->setKeepAliveMs(ms);
}

void SimCluster::setServerClockSkewMs(qint64 ms)
{
    if (m_server)
        m_server->setClockSkewMs(ms);
}

// ---- state ----

void SimCluster::evolveMetrics(SimWorker &w)
{
    auto *rng = QRandomGenerator::global();
    const auto walk = [rng](double v, double step, double lo, double hi) {
        return qBound(lo, v + (rng->generateDouble() * 2.0 - 1.0) * step, hi);
    };
    w.cpuUtilization = walk(w.cpuUtilization, 8.0, 0.5, 99.0);
    w.memoryUsed = qBound<qint64>(w.spec.memoryBytes / 20,
        w.memoryUsed + qint64((rng->generateDouble() - 0.5) * double(w.spec.memoryBytes) * 0.04), w.spec.memoryBytes);
    for (SimGpu &g : w.gpus) {
        g.coreUtilization = walk(g.coreUtilization, 15.0, 0.0, 100.0);
        g.memoryUsed =
            qBound<qint64>(0, g.memoryUsed + qint64((rng->generateDouble() - 0.5) * double(g.spec.memoryBytes) * 0.06),
                g.spec.memoryBytes);
        // Temperature follows load.
        g.temperature = qBound(30.0,
            g.temperature + (30.0 + g.coreUtilization * 0.5 - g.temperature) * 0.3
                + (rng->generateDouble() - 0.5) * 2.0,
            92.0);
    }
}

// The worker's heartbeat + status post (both every 30 s, ref §7). heartbeat_time is the server
// clock in v2 and the worker's own (possibly skewed) clock in v0.x.
void SimCluster::statusPost(Slot &s)
{
    SimWorker &w = *s.worker;
    const qint64 now = m_clock->nowMs();
    w.lastReportMs = now;
    w.heartbeatMs =
        m_scenario.apiVersion == ApiVersion::V2 ? now + m_scenario.serverClockSkewMs : now + w.faults.clockSkewMs;
    evolveMetrics(w);
    recompute(s, true);
}

void SimCluster::recompute(Slot &s, bool statusPost)
{
    SimWorker &w = *s.worker;
    const QString old = w.state;
    if (statusPost)
        w.stateMessage.reset();  // the post overwrites state_message (normally with null)
    const bool changed =
        computeWorkerState(w, m_clock->nowMs() + m_scenario.serverClockSkewMs, {m_options.timings.heartbeatGraceMs});
    if (changed || statusPost)
        m_server->workerChanged(&w, old);
    if (w.state != old)
        afterStateChange(w, old);
}

// Model instances follow their worker (WorkerController._reconcile, ref §6.4).
void SimCluster::afterStateChange(SimWorker &w, const QString &oldState)
{
    if (w.state != oldState) {
        qCInfo(lcSim) << "Marked worker" << w.spec.name << "as" << w.state;
        Q_EMIT workerStateChanged(w.spec.name, oldState, w.state);
    }
    const bool lost = w.state == u"unreachable"_s || w.state == u"not_ready"_s;
    for (SimModelInstance *m : m_server->instancesOf(w.id)) {
        if (lost && m->state != u"unreachable"_s) {
            m->state = u"unreachable"_s;
            m->stateMessage = u"Worker is unreachable from the server"_s;
            m_server->instanceChanged(m);
        } else if (w.state == u"ready"_s && m->state == u"unreachable"_s) {
            // (inferred) the instance health check passes again once the worker is back.
            m->state = u"running"_s;
            m->stateMessage.reset();
            m_server->instanceChanged(m);
        }
    }
}

void SimCluster::applyEvents()
{
    const qint64 elapsed = m_clock->nowMs() - m_startMs;
    while (m_nextEvent < m_scenario.events.size() && m_scenario.events.at(m_nextEvent).atMs <= elapsed) {
        const ScenarioEvent &e = m_scenario.events.at(m_nextEvent++);
        for (const QString &name : e.workers) {
            if (e.changes.value("delete"_L1).toBool()) {
                deleteWorker(name);
                continue;
            }
            if (e.changes.contains("move"_L1)) {
                const QJsonValue mv = e.changes.value("move"_L1);
                moveWorker(name, mv.isObject() ? mv.toObject().value("reregister"_L1).toBool(true) : true);
            }
            WorkerFaults f = faults(name);
            if (applyFaultsJson(e.changes, &f))
                setFaults(name, f);
        }
    }
}

void SimCluster::tick()
{
    if (!m_running)
        return;
    applyEvents();
    const qint64 now = m_clock->nowMs();
    for (const auto &sp : m_slots) {
        Slot &s = *sp;
        if (s.worker->faults.flapPeriodMs > 0)
            setEffectiveHealth(s);
        if (!s.worker->faults.heartbeatStopped && now - s.worker->lastReportMs >= m_options.timings.heartbeatIntervalMs)
            statusPost(s);
    }
}

bool SimCluster::probesEnabled() const
{
    switch (m_scenario.checkMode) {
    case CheckMode::Enabled: return true;
    case CheckMode::Disabled: return false;
    case CheckMode::Auto: return int(m_slots.size()) <= m_options.timings.autoModeMaxWorkers;
    }
    return true;
}

void SimCluster::runSyncCycle()
{
    if (!m_running || m_syncRunning)
        return;
    m_syncRunning = true;
    if (!probesEnabled()) {
        QTimer::singleShot(0, this, [this] { finishSync({}); });
        return;
    }
    auto results = std::make_shared<QHash<qint64, bool>>();
    auto remaining = std::make_shared<int>(0);
    static const QStringList provisioning = {
        u"pending"_s, u"provisioning"_s, u"initializing"_s, u"deleting"_s, u"error"_s};
    QList<Slot *> targets;
    for (const auto &s : m_slots) {
        // client_path down: the server's own path is intact, so its last result stands
        // (probing the dropped sockets would be the client's path, not the server's).
        if (!provisioning.contains(s->worker->state) && !s->worker->faults.clientPathDown)
            targets.append(s.get());
    }
    *remaining = int(targets.size());
    if (targets.isEmpty()) {
        QTimer::singleShot(0, this, [this] { finishSync({}); });
        return;
    }
    for (Slot *s : std::as_const(targets)) {
        const SimWorker &w = *s->worker;
        const qint64 id = w.id;
        ServerProbeTarget target{w.probeHost(), quint16(w.port), w.faults.serverPathBlocked,
            probeViaProxy(w) ? m_proxy->port() : quint16(0)};
        m_probe->probe(target, this, [this, id, results, remaining](bool ok, const QString &detail) {
            if (!ok)
                qCDebug(lcSim) << "server probe of worker" << id << "failed:" << detail;
            results->insert(id, ok);
            if (--*remaining == 0)
                finishSync(*results);
        });
    }
}

void SimCluster::finishSync(const QHash<qint64, bool> &results)
{
    const bool probed = probesEnabled();
    const qint64 now = m_clock->nowMs();
    for (const auto &sp : m_slots) {
        Slot &s = *sp;
        SimWorker &w = *s.worker;
        const bool oldUnreachable = w.unreachable;
        if (results.contains(w.id))
            w.unreachable = !results.value(w.id);
        else if (!probed)
            w.unreachable = false;  // (inferred) no check, no verdict
        if (w.unreachable != oldUnreachable)
            m_server->workerChanged(&w, w.state);
        recompute(s, false);
        // Reschedule: instances of a worker not_ready for > 300 s are deleted (ref §6.4).
        if (w.state == u"not_ready"_s && !w.maintenance && w.heartbeatMs
            && now + m_scenario.serverClockSkewMs - *w.heartbeatMs > m_options.timings.rescheduleGraceMs) {
            QList<qint64> ids;
            for (const SimModelInstance *m : m_server->instancesOf(w.id))
                ids.append(m->id);
            for (qint64 id : std::as_const(ids))
                m_server->removeInstance(id);
        }
    }
    m_syncRunning = false;
    Q_EMIT syncCycleFinished();
}

}  // namespace parallax::sim

#pragma once

#include "base/result.h"
#include "loopbackpool.h"
#include "scenario.h"
#include "serverprobe.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QTimer;

namespace parallax {
class Clock;
}

namespace parallax::sim {

class SimProxy;
class SimServer;
class SocketReactor;
class WorkerEndpoint;
struct SimWorker;

// GPUStack's timing constants (ref §6.5). Clock-based rules (heartbeat interval and grace,
// reschedule grace) follow the injected Clock, so a ManualClock runs the 150 s rule in
// milliseconds; the rest are real-time timer intervals, made short in tests.
struct SimTimings {
    qint64 heartbeatIntervalMs = 30'000;  // GPUSTACK_WORKER_HEARTBEAT_INTERVAL (clock time)
    qint64 heartbeatGraceMs = 150'000;  // GPUSTACK_WORKER_HEARTBEAT_GRACE_PERIOD (clock time)
    qint64 rescheduleGraceMs = 300'000;  // GPUSTACK_MODEL_INSTANCE_RESCHEDULE_GRACE_PERIOD (clock time)
    int syncIntervalMs = 15'000;  // WorkerSyncer loop sleep (real time)
    ProbeTimings probe;  // 2 s attempt, 3 s pause, 20 s window (real time)
    int keepAliveMs = 15'000;  // watch keep-alive (real time)
    int tickMs = 1'000;  // heartbeats, scenario events, flapping (real time)
    int autoModeMaxWorkers = 50;  // `auto` check mode skips the probe above this
    bool autoSync = true;  // false: tests call runSyncCycle() themselves

    // Everything scaled down for tests: probe 150/100/600 ms, sync 300 ms, keep-alive 500 ms.
    static SimTimings fast();
};

struct SimOptions {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 0;  // 0 = a free port
    const Clock *clock = nullptr;  // nullptr = the system clock; must outlive the SimCluster
    SimTimings timings;
    std::optional<QString> apiKey;  // use this key instead of a generated one
};

// A running simulated GPUStack cluster: the server API (SimServer), one real loopback
// endpoint per worker (WorkerEndpoint), GPUStack's state rules and the server's own probe
// (ServerProbe), and the scenario's timed events. The product's demo and `parallax-cli sim`
// run it; every test uses it as its cluster:
//
//     SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
//     QVERIFY(sim.start());
//     client.setServer(sim.baseUrl(), sim.apiKey());
//     sim.setHealth(u"worker-2"_s, HealthBehaviour::Refused);
class SimCluster : public QObject {
    Q_OBJECT
public:
    explicit SimCluster(Scenario scenario, SimOptions options = {}, QObject *parent = nullptr);
    ~SimCluster() override;

    Result<void> start();
    void stop();
    bool isRunning() const { return m_running; }

    QUrl baseUrl() const;  // http://127.0.0.1:PORT
    QString apiKey() const;
    QString inferenceApiKey() const;  // scope ["inference"]: 403 on /v2
    QString username() const;
    QString password() const;
    const Scenario &scenario() const { return m_scenario; }
    // Warnings from start() a user should read (file-descriptor limit, fallbacks).
    QStringList notes() const { return m_notes; }

    // ---- workers, by name ----
    QStringList workerNames() const;
    qint64 workerId(const QString &name) const;  // -1 if unknown
    // Where the worker really listens (may differ from what it registered).
    QHostAddress workerAddress(const QString &name) const;
    quint16 workerHealthPort(const QString &name) const;
    quint16 workerMetricsPort(const QString &name) const;  // 0 = none
    QUrl workerHealthUrl(const QString &name) const;
    // The server's view.
    QString workerState(const QString &name) const;  // "ready", "not_ready", …
    bool workerUnreachable(const QString &name) const;
    QString registeredHost(const QString &name) const;  // advertise_address or ip
    // What the health endpoint does now (faults, flapping and the client path combined).
    HealthBehaviour effectiveHealth(const QString &name) const;
    qint64 nowMs() const;  // the simulation's clock (true time; workers add their skew)

    // ---- faults, switchable at run time ----
    WorkerFaults faults(const QString &name) const;
    bool setFaults(const QString &name, const WorkerFaults &faults);
    bool setHealth(const QString &name, HealthBehaviour behaviour, int slowMs = 3000, int badStatus = 503);
    bool setHeartbeatStopped(const QString &name, bool stopped);
    bool setRegisteredAddress(const QString &name, const std::optional<QString> &ip,
        const std::optional<QString> &advertiseAddress = std::nullopt);
    // DHCP drift: the worker moves to a new loopback address. With `reregister` it posts its
    // new address at once (GPUStack's 15 s IP monitor); without, the server keeps the old one
    // (--worker-ip pinned).
    bool moveWorker(const QString &name, bool reregister = true);
    bool setServerPathBlocked(const QString &name, bool blocked);
    // The client's path to the worker is down, the server's is not (see WorkerFaults).
    bool setClientPathDown(const QString &name, bool down);
    bool setMaintenance(const QString &name, bool enabled, const QString &message = {});
    bool setClockSkew(const QString &name, qint64 skewMs);
    bool setFlapping(const QString &name, int periodMs);
    // DELETE /v2/workers/{id} as an admin would send it: the endpoint closes, the worker and
    // its model instances leave the API with DELETED watch events. False if unknown.
    bool deleteWorker(const QString &name);

    // ---- the server's HTTP proxy (scenario "server_proxy") ----
    // Port of the proxy at the server's HTTP_PROXY (127.0.0.1); 0 when there is none or the
    // server version ignores proxy variables (v0.5.0–v0.7.0).
    quint16 serverProxyPort() const;
    int serverProxyRequests() const;  // requests the proxy received
    // Whether the server's probe of this worker goes through that proxy (NO_PROXY misses it).
    bool serverProbeUsesProxy(const QString &name) const;

    void setKeepAliveMs(int ms);
    void setCheckMode(CheckMode mode) { m_scenario.checkMode = mode; }
    void setServerClockSkewMs(qint64 ms);

    // ---- time ----
    // Heartbeats/status posts that are due by the clock, scenario events, flapping, metrics.
    // Runs every timings.tickMs; tests with a ManualClock call it after advancing the clock.
    void tick();
    // One WorkerSyncer cycle (probe, then recompute every state); emits syncCycleFinished.
    void runSyncCycle();

Q_SIGNALS:
    void syncCycleFinished();
    void workerStateChanged(const QString &name, const QString &oldState, const QString &newState);

private:
    struct Slot;
    Slot *slot(const QString &name) const;
    Result<void> bindEndpoints();
    Result<void> bindOne(Slot &s, int poolIndex, bool firstWorker);
    void setEffectiveHealth(Slot &s);
    void statusPost(Slot &s);
    void recompute(Slot &s, bool statusPost);
    void applyRegistration(Slot &s);
    void applyEndpointFaults(Slot &s);
    void afterStateChange(SimWorker &w, const QString &oldState);
    void applyEvents();
    void evolveMetrics(SimWorker &w);
    bool probesEnabled() const;
    bool probeViaProxy(const SimWorker &w) const;
    void finishSync(const QHash<qint64, bool> &results);

    Scenario m_scenario;
    SimOptions m_options;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    SimServer *m_server = nullptr;
    SimProxy *m_proxy = nullptr;
    bool m_cidrNoProxy = true;
    ServerProbe *m_probe = nullptr;
    SocketReactor *m_reactor = nullptr;
    std::vector<std::unique_ptr<Slot>> m_slots;
    QHash<QString, Slot *> m_byName;
    QStringList m_notes;
    qint64 m_startMs = 0;
    qsizetype m_nextEvent = 0;
    int m_nextPoolIndex = 0;
    LoopbackPool m_pool;
    bool m_running = false;
    bool m_syncRunning = false;
    bool m_aliases = true;
    QTimer *m_tickTimer = nullptr;
    QTimer *m_syncTimer = nullptr;
};

}  // namespace parallax::sim

#include "simtestclient.h"

#include "base/clock.h"
#include "probe/localnetworkwatch.h"
#include "probe/probeengine.h"
#include "sim/simcluster.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;

// client_path "down": the mirror of server_path "blocked". The client's SYNs to the worker's
// health and metrics ports vanish (real sockets: connect() times out), while the server's
// own path is intact and its last probe result stands. On every worker at once this is what
// an impaired vantage point looks like to Parallax's probe engine: every probe failing the
// same way at once — the evidence of DESIGN.md's `local_network`.
class TestSimClientPath : public QObject {
    Q_OBJECT

    SystemClock m_clock;

    static SimOptions manualSync()
    {
        SimOptions o;
        o.timings = SimTimings::fast();
        o.timings.autoSync = false;
        return o;
    }

    static bool sync(SimCluster &sim)
    {
        QSignalSpy done(&sim, &SimCluster::syncCycleFinished);
        sim.runSyncCycle();
        return done.wait(5000);
    }

    // Probes every worker once with the product's engine; returns the results by worker id.
    QHash<qint64, ProbeResult> probeAll(const SimCluster &sim)
    {
        ProbeEngine engine(m_clock);
        ProbeSettings settings;
        settings.timeoutMs = 800;
        settings.allowedNetworks = ProbeSettings::loopbackOnly();
        settings.probeHostname = false;
        engine.setSettings(settings);
        QHash<qint64, ProbeResult> results;
        connect(
            &engine, &ProbeEngine::finished, this, [&results](const ProbeResult &r) { results.insert(r.workerId, r); });
        const QStringList names = sim.workerNames();
        for (const QString &name : names) {
            ProbeTarget t;
            t.workerId = sim.workerId(name);
            t.host = sim.workerAddress(name).toString();
            t.port = sim.workerHealthPort(name);
            t.metricsPort = sim.workerMetricsPort(name);
            engine.probe(t);
        }
        (void)QTest::qWaitFor([&] { return results.size() == names.size(); }, 15000);
        return results;
    }

    static bool localSuspect(const QHash<qint64, ProbeResult> &results, qint64 atMs)
    {
        LocalNetworkWatch watch;
        bool suspect = false;
        for (const ProbeResult &r : results)
            suspect = watch.record(r.workerId, atMs, r.healthy(), r.healthy() ? ProbeError::None : r.firstError());
        return suspect;
    }

private Q_SLOTS:
    void oneWorkerCutOffFromTheClient()
    {
        SimCluster sim(Scenario::simple(3), manualSync());
        QVERIFY(sim.start());
        QVERIFY(sim.setClientPathDown(u"worker-2"_s, true));
        const RawOutcome health = rawRequest(sim.workerAddress(u"worker-2"_s), sim.workerHealthPort(u"worker-2"_s),
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba, 700);
        QVERIFY(!health.connected);
        QVERIFY(health.timedOut);
        const RawOutcome metrics = rawRequest(sim.workerAddress(u"worker-2"_s), sim.workerMetricsPort(u"worker-2"_s),
            "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"_ba, 700);
        QVERIFY(!metrics.connected);
        QVERIFY(metrics.timedOut);
        // The server's path is intact: it keeps the worker ready.
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
        // Back: both ports answer again.
        QVERIFY(sim.setClientPathDown(u"worker-2"_s, false));
        const RawOutcome again = rawRequest(sim.workerAddress(u"worker-2"_s), sim.workerHealthPort(u"worker-2"_s),
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba, 3000);
        QVERIFY(again.data.startsWith("HTTP/1.1 200"));
        QVERIFY(rawRequest(sim.workerAddress(u"worker-2"_s), sim.workerMetricsPort(u"worker-2"_s),
            "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"_ba, 3000)
                    .data.startsWith("HTTP/1.1 200"));
    }

    void serverKeepsItsLastVerdictWhileTheClientIsCutOff()
    {
        Scenario s = Scenario::simple(2);
        s.workers[0].faults.health = HealthBehaviour::Refused;
        SimCluster sim(s, manualSync());
        QVERIFY(sim.start());
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
        QVERIFY(sim.setClientPathDown(u"worker-1"_s, true));
        QVERIFY(sim.setClientPathDown(u"worker-2"_s, true));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
    }

    void everyWorkerCutOffIsALocalOutageToTheProbeEngine()
    {
        auto s = Scenario::fromJson(R"({"workers":[{"name":"a"},{"name":"b"},{"name":"c","faults":{"health":"refused"}},
            {"name":"d"},{"name":"e"},{"name":"f"}],
            "events":[{"at_s":0,"worker":"*","set":{"client_path":"down"}}]})"_ba);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        QCOMPARE(s->events.first().workers.size(), 6);
        SimCluster sim(*s, manualSync());
        QVERIFY(sim.start());
        QTRY_VERIFY_WITH_TIMEOUT(sim.faults(u"f"_s).clientPathDown, 5000);
        const QHash<qint64, ProbeResult> results = probeAll(sim);
        QCOMPARE(results.size(), 6);
        for (const ProbeResult &r : results) {
            QVERIFY(!r.healthy());
            QCOMPARE(r.firstError(), ProbeError::TimedOut);
            // The second witness is silent too: not a firewall on one host.
            QVERIFY(!r.metrics.attempted || !r.metrics.ok);
        }
        QVERIFY(localSuspect(results, m_clock.nowMs()));

        // Only the refused worker's own trouble is left once the client's network is back.
        for (const QString &name : sim.workerNames())
            QVERIFY(sim.setClientPathDown(name, false));
        const QHash<qint64, ProbeResult> after = probeAll(sim);
        int healthy = 0;
        for (const ProbeResult &r : after)
            healthy += r.healthy() ? 1 : 0;
        QCOMPARE(healthy, 5);
        QVERIFY(!localSuspect(after, m_clock.nowMs()));
    }

    void aVacatedAddressGoesSilentToo()
    {
        // DHCP drift with --worker-ip pinned: the server and the client keep the old address,
        // where nothing listens (refused). With the client's network down it times out like
        // every other address would.
        SimCluster sim(Scenario::simple(2), manualSync());
        QVERIFY(sim.start());
        const QHostAddress old = sim.workerAddress(u"worker-1"_s);
        const quint16 port = sim.workerHealthPort(u"worker-1"_s);
        QVERIFY(sim.moveWorker(u"worker-1"_s, /*reregister=*/false));
        QVERIFY(sim.workerAddress(u"worker-1"_s) != old);
        const QByteArray get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba;
        QCOMPARE(rawRequest(old, port, get, 3000).error, QAbstractSocket::ConnectionRefusedError);
        QVERIFY(sim.setClientPathDown(u"worker-1"_s, true));
        const RawOutcome silent = rawRequest(old, port, get, 700);
        QVERIFY(!silent.connected);
        QVERIFY(silent.timedOut);
        QVERIFY(sim.setClientPathDown(u"worker-1"_s, false));
        QCOMPARE(rawRequest(old, port, get, 3000).error, QAbstractSocket::ConnectionRefusedError);
        // The worker itself answers at its new address throughout.
        QVERIFY(rawRequest(sim.workerAddress(u"worker-1"_s), sim.workerHealthPort(u"worker-1"_s), get, 3000)
                    .data.startsWith("HTTP/1.1 200"));
    }

    void scenarioValidatesClientPath()
    {
        QVERIFY(!Scenario::fromJson(R"({"workers":[{"name":"a","faults":{"client_path":"slow"}}]})"_ba));
        auto ok = Scenario::fromJson(R"({"workers":[{"name":"a","faults":{"client_path":"down"}}]})"_ba);
        QVERIFY(ok);
        QVERIFY(ok->workers.first().faults.clientPathDown);
    }
};

QTEST_GUILESS_MAIN(TestSimClientPath)
#include "tst_simclientpath.moc"

#include "simtestclient.h"

#include "base/clock.h"
#include "sim/simcluster.h"
#include "sim/simworker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;

// GPUStack's state rules (ref §6.2–§6.5) driven by a ManualClock: the 150 s heartbeat grace
// runs in milliseconds, the server's probe really connects to the workers' sockets.
class TestSimState : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

    static SimOptions manual(ManualClock *clock)
    {
        SimOptions o;
        o.clock = clock;
        o.timings = SimTimings::fast();
        o.timings.autoSync = false;  // the test runs each WorkerSyncer cycle itself
        o.timings.tickMs = 60'000;  // and each tick
        return o;
    }

    static bool sync(SimCluster &sim)
    {
        QSignalSpy done(&sim, &SimCluster::syncCycleFinished);
        sim.runSyncCycle();
        return done.wait(5000);
    }

    QJsonObject workerRow(const SimCluster &sim, const QString &name)
    {
        const HttpResult r =
            httpGet(nam, QUrl(sim.baseUrl().toString() + u"/v2/workers?name="_s + name), bearer(sim.apiKey()));
        return QJsonDocument::fromJson(r.body).object().value("items"_L1).toArray().first().toObject();
    }

    QJsonArray instancesOf(const SimCluster &sim, qint64 workerId)
    {
        const HttpResult r = httpGet(nam,
            QUrl(sim.baseUrl().toString() + u"/v2/model-instances?worker_id=%1"_s.arg(workerId)), bearer(sim.apiKey()));
        return QJsonDocument::fromJson(r.body).object().value("items"_L1).toArray();
    }

    static Scenario withInstances(int workers)
    {
        Scenario s = Scenario::simple(workers);
        for (ScenarioWorker &w : s.workers)
            w.instances.append({u"qwen2.5-7b"_s});
        return s;
    }

private Q_SLOTS:
    void heartbeatLostAfter150sIsNotReadyAndSticky()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(3), manual(&clock));
        QVERIFY(sim.start());
        clock.advanceMs(30'000);
        sim.tick();  // every worker has just posted
        QVERIFY(sim.setHeartbeatStopped(u"worker-2"_s, true));
        clock.advanceMs(149'000);
        sim.tick();  // the others post their heartbeat
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);  // not yet: 150 s grace
        clock.advanceMs(2'000);
        sim.tick();
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-2"_s), u"not_ready"_s);
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
        const QJsonObject row = workerRow(sim, u"worker-2"_s);
        QCOMPARE(row.value("state"_L1).toString(), u"not_ready"_s);
        QVERIFY(row.value("state_message"_L1).toString().startsWith(u"Heartbeat lost (last heartbeat: "_s));
        QVERIFY(!row.value("unreachable"_L1).toBool());  // its health endpoint is fine

        // Sticky until the worker's next status post …
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-2"_s), u"not_ready"_s);
        // … which clears it.
        QVERIFY(sim.setHeartbeatStopped(u"worker-2"_s, false));
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
    }

    void probeFailureMakesUnreachableAndInstancesFollow()
    {
        ManualClock clock;
        SimCluster sim(withInstances(2), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Refused));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
        const QJsonObject row = workerRow(sim, u"worker-1"_s);
        QVERIFY(row.value("unreachable"_L1).toBool());
        const QString url =
            u"http://%1:%2/healthz"_s.arg(sim.registeredHost(u"worker-1"_s)).arg(sim.workerHealthPort(u"worker-1"_s));
        QVERIFY2(row.value("state_message"_L1).toString().contains(url),
            qPrintable(row.value("state_message"_L1).toString()));
        const QJsonArray lost = instancesOf(sim, sim.workerId(u"worker-1"_s));
        QCOMPARE(lost.size(), 1);
        QCOMPARE(lost.first().toObject().value("state"_L1).toString(), u"unreachable"_s);
        QCOMPARE(instancesOf(sim, sim.workerId(u"worker-2"_s)).first().toObject().value("state"_L1).toString(),
            u"running"_s);

        // Probe answers 200 again: ready at the next cycle.
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Ok));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
    }

    void everyFailureModeFailsTheServerProbe_data()
    {
        QTest::addColumn<int>("behaviour");
        QTest::newRow("refused") << int(HealthBehaviour::Refused);
        QTest::newRow("slow") << int(HealthBehaviour::Slow);
        QTest::newRow("503") << int(HealthBehaviour::BadStatus);
        QTest::newRow("hang") << int(HealthBehaviour::Hang);
        QTest::newRow("reset") << int(HealthBehaviour::Reset);
        QTest::newRow("drop") << int(HealthBehaviour::Drop);
    }

    void everyFailureModeFailsTheServerProbe()
    {
        QFETCH(int, behaviour);
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour(behaviour), 400));  // slow: 400 ms > 150 ms attempt
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
    }

    void wrongBodyStillCountsAsReachable()
    {
        // GPUStack checks the status code only (worker_request.py): a 200 with any body passes.
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::WrongBody));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
    }

    void notReadyBeatsUnreachable()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Refused));
        QVERIFY(sim.setHeartbeatStopped(u"worker-1"_s, true));
        clock.advanceMs(151'000);
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"not_ready"_s);
        QVERIFY(sim.workerUnreachable(u"worker-1"_s));
    }

    void maintenanceOverridesAllAndIsRecomputedWhenOff()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Refused));
        QVERIFY(sim.setMaintenance(u"worker-1"_s, true, u"GPU swap"_s));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"maintenance"_s);
        QCOMPARE(workerRow(sim, u"worker-1"_s).value("state_message"_L1).toString(), u"GPU swap"_s);
        QVERIFY(sim.setMaintenance(u"worker-1"_s, false));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);  // the last probe result stands
    }

    void maintenanceThroughTheApi()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QNetworkRequest req(QUrl(sim.baseUrl().toString() + u"/v2/workers/%1"_s.arg(sim.workerId(u"worker-1"_s))));
        req.setRawHeader("Authorization", "Bearer " + sim.apiKey().toLatin1());
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        QNetworkReply *reply =
            nam.put(req, R"({"name":"worker-1","maintenance":{"enabled":true,"message":"rack move"}})"_ba);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value("state"_L1).toString(), u"maintenance"_s);
        reply->deleteLater();
        QCOMPARE(sim.workerState(u"worker-1"_s), u"maintenance"_s);
    }

    void autoModeSkipsTheProbeAbove50Workers()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(51), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-7"_s, HealthBehaviour::Refused));
        QVERIFY(sync(sim));
        // The server does not look: only a client-side probe can see this outage.
        QCOMPARE(sim.workerState(u"worker-7"_s), u"ready"_s);
        sim.setCheckMode(CheckMode::Enabled);
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-7"_s), u"unreachable"_s);
    }

    void registeredNonLoopbackAddressFailsWithoutTraffic_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("docker bridge") << u"172.17.0.5"_s;
        QTest::newRow("wsl") << u"10.255.255.254"_s;
        QTest::newRow("any") << u"0.0.0.0"_s;
    }

    void registeredNonLoopbackAddressFailsWithoutTraffic()
    {
        QFETCH(QString, address);
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setRegisteredAddress(u"worker-1"_s, address));
        QCOMPARE(workerRow(sim, u"worker-1"_s).value("ip"_L1).toString(), address);
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
        // The real endpoint is elsewhere and healthy.
        QCOMPARE(httpGet(nam, sim.workerHealthUrl(u"worker-1"_s)).body, "\"ok\""_ba);
    }

    void serverPathBlockedIsTheSplitView()
    {
        ManualClock clock;
        SimCluster sim(Scenario::simple(1), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setServerPathBlocked(u"worker-1"_s, true));
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
        const QUrl registered(
            u"http://%1:%2/healthz"_s.arg(sim.registeredHost(u"worker-1"_s)).arg(sim.workerHealthPort(u"worker-1"_s)));
        const HttpResult mine = httpGet(nam, registered);
        QCOMPARE(mine.status, 200);
        QCOMPARE(mine.body, "\"ok\""_ba);
    }

    void instancesAreDeletedAfterTheRescheduleGrace()
    {
        ManualClock clock;
        SimCluster sim(withInstances(2), manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setHeartbeatStopped(u"worker-1"_s, true));
        clock.advanceMs(200'000);
        sim.tick();
        QVERIFY(sync(sim));
        QCOMPARE(instancesOf(sim, sim.workerId(u"worker-1"_s)).size(), 1);
        clock.advanceMs(110'000);
        sim.tick();
        QVERIFY(sync(sim));
        QCOMPARE(instancesOf(sim, sim.workerId(u"worker-1"_s)).size(), 0);
        QCOMPARE(instancesOf(sim, sim.workerId(u"worker-2"_s)).size(), 1);
    }

    void v0HeartbeatUsesTheWorkerClock()
    {
        // v0.x stamped heartbeat_time with the worker's clock: a clock 200 s behind looked like
        // a lost heartbeat (#1576, FAQ "Heartbeat lost").
        ManualClock clock;
        Scenario s = Scenario::simple(2);
        s.apiVersion = ApiVersion::V0;
        SimCluster sim(s, manual(&clock));
        QVERIFY(sim.start());
        QVERIFY(sim.setClockSkew(u"worker-1"_s, -200'000));
        clock.advanceMs(30'000);
        sim.tick();
        QVERIFY(sync(sim));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"not_ready"_s);
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
    }

    void destroyingMidProbeAndMidStreamIsSafe()
    {
        QNetworkAccessManager local;
        auto *sim = new SimCluster(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim->start());
        QVERIFY(sim->setHealth(u"worker-1"_s, HealthBehaviour::Hang));
        QVERIFY(sim->setHealth(u"worker-2"_s, HealthBehaviour::Slow, 5000));
        RawStream stream(QUrl(sim->baseUrl().toString() + u"/v2/workers?watch=true"_s),
            "Authorization: Bearer " + sim->apiKey().toLatin1() + "\r\n");
        QTcpSocket hung;
        hung.connectToHost(sim->workerAddress(u"worker-1"_s), sim->workerHealthPort(u"worker-1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(
            stream.body.count("\n\n") >= 3 && hung.state() == QAbstractSocket::ConnectedState, 5000);
        hung.write("GET /healthz HTTP/1.1\r\n\r\n");
        sim->runSyncCycle();
        QTest::qWait(50);  // probes in flight
        delete sim;
        QTest::qWait(300);  // nothing left behind may fire
        QTRY_VERIFY_WITH_TIMEOUT(stream.socket.state() == QAbstractSocket::UnconnectedState, 3000);
    }

    void stateRulePrecedence()
    {
        const StateRuleTimings t;
        const qint64 now = 1'780'000'000'000;
        SimWorker w;
        w.heartbeatMs = now - 10'000;
        w.state = u"ready"_s;
        QVERIFY(!computeWorkerState(w, now, t));
        w.unreachable = true;
        QVERIFY(computeWorkerState(w, now, t));
        QCOMPARE(w.state, u"unreachable"_s);
        w.heartbeatMs = now - 151'000;
        computeWorkerState(w, now, t);
        QCOMPARE(w.state, u"not_ready"_s);
        w.heartbeatMs = now;  // heartbeat alone does not clear the sticky not_ready
        computeWorkerState(w, now, t);
        QCOMPARE(w.state, u"not_ready"_s);
        w.maintenance = true;
        w.maintenanceMessage = u"m"_s;
        computeWorkerState(w, now, t);
        QCOMPARE(w.state, u"maintenance"_s);
        w.maintenance = false;
        w.unreachable = false;
        computeWorkerState(w, now, t);
        QCOMPARE(w.state, u"ready"_s);
        w.state = u"provisioning"_s;
        w.heartbeatMs.reset();
        computeWorkerState(w, now, t);
        QCOMPARE(w.state, u"provisioning"_s);
    }
};

QTEST_GUILESS_MAIN(TestSimState)
#include "tst_simstate.moc"

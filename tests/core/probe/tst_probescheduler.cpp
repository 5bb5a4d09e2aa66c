#include "healthtestserver.h"
#include "probe/probescheduler.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace parallax;
using namespace Qt::StringLiterals;
using Mode = HealthTestServer::Mode;

// The scheduler's wall time is a ManualClock: a test advances it and calls runDue(); the
// probes themselves are real, over loopback.
class TestProbeScheduler : public QObject {
    Q_OBJECT

    static ProbeSettings settings()
    {
        ProbeSettings s;
        s.intervalMs = 30'000;
        s.timeoutMs = 1000;
        s.jitter = 0;
        s.spreadRounds = false;
        s.allowedNetworks = ProbeSettings::loopbackOnly();
        return s;
    }

    static ProbeTarget target(qint64 id, quint16 port)
    {
        ProbeTarget t;
        t.workerId = id;
        t.host = u"127.0.0.1"_s;
        t.port = port;
        return t;
    }

    // One round: advance to the next due time, start what is due, wait for `count` results.
    static bool round(ManualClock &clock, ProbeScheduler &scheduler, QSignalSpy &finished, int count)
    {
        qint64 due = std::numeric_limits<qint64>::max();
        for (qint64 id : scheduler.targetIds()) {
            if (const auto d = scheduler.nextDueMs(id))
                due = std::min(due, *d);
        }
        if (due != std::numeric_limits<qint64>::max() && due > clock.nowMs())
            clock.setNowMs(due);
        const qsizetype before = finished.size();
        scheduler.runDue();
        return QTest::qWaitFor([&] { return finished.size() >= before + count; }, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ProbeResult>();
        qRegisterMetaType<LocalState>();
    }

    void hysteresis()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        scheduler.setSettings(settings());
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        QSignalSpy changed(&scheduler, &ProbeScheduler::localStateChanged);
        scheduler.upsertTarget(target(1, server.serverPort()));
        scheduler.start();

        // One success is not yet "up" (success threshold 2)…
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.localState(1), LocalState::Unknown);
        QCOMPARE(finished.last().first().value<ProbeResult>().localState, LocalState::Unknown);
        // …and a worker never judged is looked at again at once (confirmDelayMs), so its first
        // verdict takes seconds, not intervals.
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs() + 1'000);
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Up);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.last().at(1).value<LocalState>(), LocalState::Up);
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs() + 30'000);  // healthy: the full interval

        // One failure does not make it down…
        server.setMode(Mode::Status503);
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Up);
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs() + 10'000);  // in trouble: sooner
        // …two do.
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Down);
        QCOMPARE(finished.last().first().value<ProbeResult>().localState, LocalState::Down);

        // A single success after Down is not yet Up.
        server.setMode(Mode::Ok);
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Down);
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Up);
        QCOMPARE(changed.size(), 3);  // Up, Down, Up
        QCOMPARE(scheduler.stats().finished, 6);
        QCOMPARE(scheduler.stats().failed, 2);
    }

    void thresholdsAreSettings()
    {
        const quint16 closed = HealthTestServer::closedPort();
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.failureThreshold = 1;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.upsertTarget(target(1, closed));
        scheduler.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.localState(1), LocalState::Down);
        QCOMPARE(finished.last().first().value<ProbeResult>().firstError(), ProbeError::Refused);
    }

    void concurrencyCap()
    {
        HealthTestServer server(Mode::Hang);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.concurrency = 3;
        s.timeoutMs = 200;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        for (int i = 0; i < 10; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        scheduler.start();
        QCOMPARE(scheduler.inFlight(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 10, 10000);
        QCOMPARE(scheduler.stats().maxInFlight, 3);
        QCOMPARE(server.accepted(), 10);
    }

    // Due probes start a few per turn of the event loop, the rest on the next turns: a
    // connect() on loopback does both ends' handshake work here, and a whole listed cluster
    // started in one go held the window (e2e_bench). Freed slots fill the same way.
    void probesStartAFewPerTurn()
    {
        HealthTestServer server(Mode::Hang);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.concurrency = 40;
        scheduler.setSettings(s);
        for (int i = 0; i < 40; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        scheduler.start();
        QCOMPARE(scheduler.inFlight(), ProbeScheduler::kStartsPerTurn);
        scheduler.runDue();  // a second call in the same turn starts the next few, not all
        QCOMPARE(scheduler.inFlight(), 2 * ProbeScheduler::kStartsPerTurn);
        QTRY_COMPARE_WITH_TIMEOUT(scheduler.inFlight(), 40, 5000);
        QCOMPARE(scheduler.stats().started, 40);
    }

    // A cluster listed at once is probed at once (the cap bounds the burst) and confirmed a
    // second later; the rounds after the first verdict are spread over the interval.
    void firstVerdictAtOnceThenNoThunderingHerd()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        scheduler.setRandomSeed(42);
        ProbeSettings s = settings();
        s.spreadRounds = true;
        s.concurrency = 20;  // the test server's listen backlog is small
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        for (int i = 0; i < 200; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        for (int i = 0; i < 200; ++i)
            QCOMPARE(*scheduler.nextDueMs(i), clock.nowMs());  // due at once, none spread
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 200, 10000);
        QVERIFY(round(clock, scheduler, finished, 200));  // the confirmation, 1 s later
        QList<qint64> due;
        for (int i = 0; i < 200; ++i) {
            QCOMPARE(scheduler.localState(i), LocalState::Up);
            due.append(*scheduler.nextDueMs(i) - clock.nowMs());
        }
        std::sort(due.begin(), due.end());
        QVERIFY(due.first() >= 0);
        QVERIFY(due.last() < 30'000);
        // Spread over the interval: every quarter of it gets a fair share.
        for (int q = 0; q < 4; ++q) {
            const auto n =
                std::count_if(due.cbegin(), due.cend(), [q](qint64 d) { return d >= q * 7500 && d < (q + 1) * 7500; });
            QVERIFY2(n > 25, qPrintable(QString::number(n)));
        }
    }

    // Workers seen up, then every probe fails the same way: our network is the suspect, and no
    // worker keeps "reachable from here" until its second failure.
    void upWorkersTurnUnknownAtOnceWhenOurNetworkIsSuspect()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.localNetworkMinTargets = 5;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        for (int i = 0; i < 6; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 6, 5000);
        QVERIFY(round(clock, scheduler, finished, 6));  // the confirmation
        for (int i = 0; i < 6; ++i)
            QCOMPARE(scheduler.localState(i), LocalState::Up);

        server.setMode(Mode::ResetOnAccept);
        QVERIFY(round(clock, scheduler, finished, 6));  // one failure each, below the threshold of 2
        QVERIFY(scheduler.localNetworkSuspect());
        for (int i = 0; i < 6; ++i)
            QCOMPARE(scheduler.localState(i), LocalState::UnknownLocalNetwork);
    }

    void localNetworkSuspect()
    {
        // Every worker refuses at once: our side is the suspect, not six dead workers.
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.localNetworkMinTargets = 5;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        QSignalSpy suspect(&scheduler, &ProbeScheduler::localNetworkSuspectChanged);
        for (int i = 0; i < 6; ++i)
            scheduler.upsertTarget(target(i, HealthTestServer::closedPort()));
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 6, 5000);
        QVERIFY(scheduler.localNetworkSuspect());
        QCOMPARE(suspect.size(), 1);
        // At once, not after a second failure each: under suspicion a failure says nothing
        // about the worker, and no worker keeps a stale "reachable from here".
        for (int i = 0; i < 6; ++i)
            QCOMPARE(scheduler.localState(i), LocalState::UnknownLocalNetwork);

        // The network comes back: those that now answer recover, the suspicion is lifted.
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        for (int i = 0; i < 6; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        clock.advanceMs(s.localNetworkWindowMs + 1);
        QVERIFY(round(clock, scheduler, finished, 6));
        QVERIFY(!scheduler.localNetworkSuspect());
        QCOMPARE(suspect.size(), 2);
        QVERIFY(round(clock, scheduler, finished, 6));
        for (int i = 0; i < 6; ++i)
            QCOMPARE(scheduler.localState(i), LocalState::Up);
    }

    void oneDeadWorkerIsDown()
    {
        // Five answer, one refuses: that one is down; nobody suspects the local network.
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        scheduler.setSettings(settings());
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        for (int i = 0; i < 5; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        scheduler.upsertTarget(target(9, HealthTestServer::closedPort()));
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 6, 5000);
        QVERIFY(round(clock, scheduler, finished, 6));
        QVERIFY(!scheduler.localNetworkSuspect());
        QCOMPARE(scheduler.localState(9), LocalState::Down);
        QCOMPARE(scheduler.localState(0), LocalState::Up);
    }

    void settingsApplyLive()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.concurrency = 1;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.upsertTarget(target(1, server.serverPort()));
        scheduler.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs() + 30'000);

        // A shorter interval pulls the next probe in without a restart.
        s.intervalMs = 2000;
        scheduler.setSettings(s);
        QVERIFY(*scheduler.nextDueMs(1) <= clock.nowMs() + 2000);

        // A raised cap starts waiting probes at once.
        for (int i = 2; i < 6; ++i)
            scheduler.upsertTarget(target(i, server.serverPort()));
        scheduler.stop();
        scheduler.start();
        QCOMPARE(scheduler.inFlight(), 1);
        s.concurrency = 10;
        scheduler.setSettings(s);
        QCOMPARE(scheduler.inFlight(), 4);  // worker 1 is not due yet
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2 + 4, 5000);

        // Narrowed allowed networks: the next probe is skipped and our view becomes unknown.
        s.allowedNetworks = {QHostAddress::parseSubnet(u"10.0.0.0/8"_s)};
        scheduler.setSettings(s);
        scheduler.probeNow(1);
        QTRY_VERIFY_WITH_TIMEOUT(finished.last().first().value<ProbeResult>().workerId == 1, 5000);
        const auto skipped = finished.last().first().value<ProbeResult>();
        QCOMPARE(skipped.firstError(), ProbeError::Skipped);
        QCOMPARE(scheduler.localState(1), LocalState::Unknown);
        QCOMPARE(server.accepted(), 6);  // the skipped probe never connected
    }

    void hostnameRouteIsEvidenceOnly()
    {
        // The registered address refuses, the hostname answers elsewhere: the second result is
        // reported (viaHostname) but our view of the worker follows the registered address,
        // as GPUStack's does. The hostname is looked up again only after hostnameRecheckMs.
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.failureThreshold = 1;
        s.metricsWitness = false;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        ProbeTarget t = target(1, server.serverPort());
        t.host = u"127.0.0.2"_s;  // nothing listens there on this port
        t.hostname = u"127.0.0.1"_s;
        scheduler.upsertTarget(t);
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        const auto primary = finished.at(0).first().value<ProbeResult>();
        const auto viaName = finished.at(1).first().value<ProbeResult>();
        QVERIFY(!primary.healthy());
        QCOMPARE(primary.localState, LocalState::Down);
        QVERIFY(viaName.viaHostname);
        QVERIFY(viaName.healthy());
        QCOMPARE(scheduler.localState(1), LocalState::Down);

        QVERIFY(round(clock, scheduler, finished, 1));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 3);  // no hostname lookup this time
        QVERIFY(finished.last().first().value<ProbeResult>().hostnameResolved.isEmpty());
    }

    void addressChangeStartsOver()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        scheduler.setSettings(settings());
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.upsertTarget(target(1, server.serverPort()));
        scheduler.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(round(clock, scheduler, finished, 1));
        QCOMPARE(scheduler.localState(1), LocalState::Up);

        // The worker re-registered with another address (DHCP): old evidence does not carry over.
        ProbeTarget moved = target(1, server.serverPort());
        moved.host = u"127.0.0.1"_s;
        moved.port = HealthTestServer::closedPort();
        scheduler.upsertTarget(moved);
        QCOMPARE(scheduler.localState(1), LocalState::Unknown);
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs());

        scheduler.removeTarget(1);
        QCOMPARE(scheduler.targetCount(), 0);
        QVERIFY(!scheduler.nextDueMs(1));
    }

    // Issue 21 item 14: a worker removed and listed again with another address while its probe
    // is in flight. The old probe's answer (about the old address) is dropped, and the worker
    // is probed at its new address as soon as the slot frees (concurrency 1: the old probe holds it).
    void reAddedWhileInFlightDropsTheOldAnswer()
    {
        HealthTestServer slowOld(Mode::Delayed);
        slowOld.setDelayMs(500);
        QVERIFY(slowOld.listenLoopback());
        HealthTestServer fresh(Mode::Ok);
        QVERIFY(fresh.listenLoopback());
        ManualClock clock;
        ProbeScheduler scheduler(clock);
        ProbeSettings s = settings();
        s.concurrency = 1;
        scheduler.setSettings(s);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.upsertTarget(target(1, slowOld.serverPort()));
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(slowOld.requests(), 1, 5000);  // in flight: asked, not answered
        QVERIFY(finished.isEmpty());

        scheduler.removeTarget(1);
        scheduler.upsertTarget(target(1, fresh.serverPort()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        const auto result = finished.first().first().value<ProbeResult>();
        QCOMPARE(result.port, fresh.serverPort());
        QVERIFY(result.healthy());
        QCOMPARE(fresh.requests(), 1);
        QTest::qWait(700);  // the old answer has long arrived by now
        QCOMPARE(finished.size(), 1);
        QCOMPARE(scheduler.stats().finished, 1);
        QCOMPARE(scheduler.localState(1), LocalState::Unknown);  // one success, not two
        QCOMPARE(*scheduler.nextDueMs(1), clock.nowMs() + 1'000);  // confirmed at the new address next
    }
};

QTEST_GUILESS_MAIN(TestProbeScheduler)
#include "tst_probescheduler.moc"

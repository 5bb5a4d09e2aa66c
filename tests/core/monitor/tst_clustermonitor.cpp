#include "base/clock.h"
#include "monitor/clustermonitor.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// The monitor as a state machine: events in, verdicts, causes and coalesced batches out.
class TestClusterMonitor : public QObject {
    Q_OBJECT

    static Worker worker(qint64 id, WorkerState state, const QString &ip = u"192.168.50.11"_s)
    {
        Worker w;
        w.id = id;
        w.name = u"gpu-node-%1"_s.arg(id);
        w.ip = ip;
        w.port = 10150;
        w.metricsPort = 10151;
        w.state = state;
        w.stateText = workerStateId(state);
        return w;
    }

    static ProbeResult probe(qint64 id, bool healthy, qint64 atMs, ProbeError error = ProbeError::Refused)
    {
        ProbeResult r;
        r.workerId = id;
        r.host = u"192.168.50.11"_s;
        r.port = 10150;
        r.startedMs = atMs;
        r.tcp.attempted = true;
        r.tcp.ok = healthy || error != ProbeError::Refused;
        r.tcp.error = r.tcp.ok ? ProbeError::None : error;
        if (r.tcp.ok) {
            r.http.attempted = true;
            r.http.ok = healthy;
            r.http.error = healthy ? ProbeError::None : error;
            r.httpStatus = healthy ? 200 : 503;
        }
        r.totalUs = 1200;
        return r;
    }

private Q_SLOTS:
private Q_SLOTS:
    // Time passing alone can replace one cause by another (same count): that is published.
    void reevaluatePublishesACauseReplacedByAnother()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        VerdictSettings settings;
        settings.localMaxAgeMs = 300'000;  // our probe stays current while the clock moves on
        m.setVerdictSettings(settings);
        Worker w = worker(1, WorkerState::Ready);
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(clock.nowMs() + 20'000, Qt::UTC);
        m.upsertServerWorker(w);
        ProbeResult p = probe(1, true, clock.nowMs());
        p.totalUs = 1'500'000;  // healthy, not fast: the classifier runs
        m.addProbeResult(p);
        m.setLocalState(1, LocalState::Up);
        QCOMPARE(m.view(1)->verdict, Verdict::AgreeUp);
        QCOMPARE(m.view(1)->causes.size(), 1);
        QCOMPARE(m.view(1)->causes.first().id, CauseId::ClockSkew);  // a heartbeat from the future
        m.flush();

        QSignalSpy changed(&m, &ClusterMonitor::workersChanged);
        clock.advanceMs(200'000);  // now the same heartbeat is 180 s old
        const bool flappingBefore = m.view(1)->flapping;
        const Verdict verdictBefore = m.view(1)->verdict;
        m.reevaluate();
        QCOMPARE(m.view(1)->flapping, flappingBefore);
        QCOMPARE(m.view(1)->verdict, verdictBefore);
        m.flush();
        QCOMPARE(m.view(1)->causes.size(), 1);
        QCOMPARE(m.view(1)->causes.first().id, CauseId::HeartbeatLost);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().value<QList<qint64>>(), QList<qint64>{1});

        // Nothing new: nothing published.
        changed.clear();
        m.reevaluate();
        m.flush();
        QCOMPARE(changed.count(), 0);
    }

    void splitServerDownWhenServerSaysUnreachableButWeReachIt()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        QSignalSpy transitions(&m, &ClusterMonitor::verdictChanged);
        m.upsertServerWorker(worker(1, WorkerState::Unreachable));
        m.addProbeResult(probe(1, true, clock.nowMs()));
        m.setLocalState(1, LocalState::Up);
        QCOMPARE(m.view(1)->verdict, Verdict::SplitServerDown);
        QVERIFY(!transitions.isEmpty());
        const auto last = transitions.last().at(0).value<VerdictTransition>();
        QCOMPARE(last.to, Verdict::SplitServerDown);
        QCOMPARE(last.workerName, u"gpu-node-1"_s);
        // The diagnosis names the server's path as the suspect for a split with a healthy local probe.
        QVERIFY(!m.view(1)->causes.isEmpty());
        QCOMPARE(m.view(1)->causes.first().id, CauseId::ServerPathBlocked);
    }

    void splitLocalDownAndRecovery()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        m.upsertServerWorker(worker(2, WorkerState::Ready));
        m.addProbeResult(probe(2, false, clock.nowMs()));
        m.setLocalState(2, LocalState::Down);
        QCOMPARE(m.view(2)->verdict, Verdict::SplitLocalDown);
        clock.advanceMs(30'000);
        m.addProbeResult(probe(2, true, clock.nowMs()));
        m.setLocalState(2, LocalState::Up);
        QCOMPARE(m.view(2)->verdict, Verdict::AgreeUp);
    }

    void unknownUntilWeHaveOurOwnView()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        m.upsertServerWorker(worker(3, WorkerState::Ready));
        QCOMPARE(m.view(3)->verdict, Verdict::Unknown);
    }

    void snapshotRemovesWorkersNoLongerListed()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        QSignalSpy removed(&m, &ClusterMonitor::workersRemoved);
        m.setServerSnapshot({worker(1, WorkerState::Ready), worker(2, WorkerState::Ready)});
        m.flush();
        m.setServerSnapshot({worker(2, WorkerState::Ready)});
        m.flush();
        QCOMPARE(m.size(), 1);
        QVERIFY(m.view(1) == nullptr);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).value<QList<qint64>>(), QList<qint64>{1});
    }

    void manyUpdatesAreOneBatch()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        QList<Worker> workers;
        for (int i = 0; i < 2000; ++i)
            workers.append(worker(i, WorkerState::Ready));
        m.setServerSnapshot(workers);
        m.flush();
        QSignalSpy changed(&m, &ClusterMonitor::workersChanged);
        for (int i = 0; i < 2000; ++i)
            m.addProbeResult(probe(i, true, clock.nowMs()));
        QVERIFY(changed.wait(2000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QList<qint64>>().size(), 2000);
    }

    void addressChangesAreKept()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        m.upsertServerWorker(worker(5, WorkerState::Ready, u"192.168.50.11"_s));
        clock.advanceMs(60'000);
        m.upsertServerWorker(worker(5, WorkerState::Ready, u"192.168.50.11"_s));
        clock.advanceMs(60'000);
        m.upsertServerWorker(worker(5, WorkerState::Unreachable, u"192.168.50.23"_s));
        const QList<AddressRecord> history = m.addressHistory(5);
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(0).ip, u"192.168.50.11"_s);
        QCOMPARE(history.at(1).ip, u"192.168.50.23"_s);
    }

    // The scheduler publishes a worker's local state, then its probe, after the server's row:
    // three updates in one coalescing window are one run of the classifier, not three.
    void updatesOfOneWorkerAreOneDiagnosis()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        constexpr int kWorkers = 50;
        for (int i = 0; i < kWorkers; ++i) {
            m.upsertServerWorker(worker(i, i % 5 == 0 ? WorkerState::Unreachable : WorkerState::Ready));
            m.setLocalState(i, LocalState::Up);
            m.addProbeResult(probe(i, true, clock.nowMs()));
        }
        m.flush();
        QCOMPARE(m.diagnosisRuns(), kWorkers);
        for (int i = 0; i < kWorkers; ++i) {
            const WorkerView *v = m.view(i);
            QCOMPARE(v->causes, rankedCauses(*m.diagnosisInput(i)));
            QCOMPARE(v->causes.isEmpty(), i % 5 != 0);  // split: the server's path is named
        }
        QCOMPARE(m.diagnosisRuns(), kWorkers);  // reading them ran nothing more
    }

    // Connecting reevaluates a cluster just listed: still one classifier run per worker.
    void reevaluatingAListedClusterIsOneDiagnosisPerWorker()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        QList<Worker> workers;
        for (int i = 0; i < 40; ++i)
            workers.append(worker(i, i % 4 == 0 ? WorkerState::Unreachable : WorkerState::Ready));
        m.setServerReachable(false);
        m.setServerSnapshot(workers);
        m.setServerReachable(true);  // reevaluates every worker
        m.flush();
        QCOMPARE(m.diagnosisRuns(), 40);
        for (int i = 0; i < 40; ++i)
            QCOMPARE(m.view(i)->causes, rankedCauses(*m.diagnosisInput(i)));
    }

    // Causes worked out later are those of the moment of the update, not of the read.
    void causesReadLaterAreThoseOfTheUpdate()
    {
        ManualClock clock;
        ClusterMonitor eager(clock);
        ClusterMonitor lazy(clock);
        Worker w = worker(1, WorkerState::Ready);
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(clock.nowMs() + 20'000, Qt::UTC);  // ahead: clock skew
        ProbeResult p = probe(1, true, clock.nowMs());
        p.totalUs = 1'500'000;  // healthy, not fast: the classifier runs
        for (ClusterMonitor *m : {&eager, &lazy}) {
            m->upsertServerWorker(w);
            m->setLocalState(1, LocalState::Up);
            m->addProbeResult(p);
        }
        const QList<Cause> atUpdate = eager.view(1)->causes;
        QVERIFY(!atUpdate.isEmpty());
        QCOMPARE(atUpdate.first().id, CauseId::ClockSkew);
        clock.advanceMs(200'000);  // now the same heartbeat would read 180 s old (heartbeat lost)
        QCOMPARE(lazy.view(1)->causes, atUpdate);
    }

    void staleServerViewTurnsUnknownWhileDisconnected()
    {
        ManualClock clock;
        ClusterMonitor m(clock);
        m.upsertServerWorker(worker(6, WorkerState::Ready));
        m.addProbeResult(probe(6, true, clock.nowMs()));
        m.setLocalState(6, LocalState::Up);
        QCOMPARE(m.view(6)->verdict, Verdict::AgreeUp);
        m.setServerReachable(false);
        clock.advanceMs(60'000);
        m.addProbeResult(probe(6, true, clock.nowMs()));
        QCOMPARE(m.view(6)->verdict, Verdict::Unknown);
        m.setServerReachable(true);
        QCOMPARE(m.view(6)->verdict, Verdict::AgreeUp);
    }
};

QTEST_GUILESS_MAIN(TestClusterMonitor)
#include "tst_clustermonitor.moc"

#include "base/clock.h"
#include "history/historystore.h"
#include "monitor/clustersession.h"
#include "settings/serverprofile.h"
#include "sim/simcluster.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace parallax;

// The whole chain over real loopback sockets: simulator → client + watch → monitor, and
// probe scheduler → monitor. What the GUI and the CLI show comes from exactly this.
class TestClusterSession : public QObject {
    Q_OBJECT

    static SessionConfig configFor(const sim::SimCluster &cluster)
    {
        SessionConfig c;
        c.name = u"test"_s;
        c.endpoint.url = cluster.baseUrl();
        c.endpoint.authMode = AuthMode::ApiKeyBearer;
        c.endpoint.secret = cluster.apiKey();
        c.probe.intervalMs = 300;
        c.probe.timeoutMs = 1000;
        c.probe.spreadRounds = false;
        c.probe.jitter = 0;
        c.probe.allowedNetworks = ProbeSettings::loopbackOnly();
        c.watch.backoffInitialMs = 100;
        c.watch.backoffMaxMs = 500;
        c.watch.keepAliveWindowMs = 3000;
        return c;
    }

    static const WorkerView *byName(const ClusterMonitor &m, const QString &name)
    {
        for (qint64 id : m.workerIds()) {
            if (m.view(id)->server.name == name)
                return m.view(id);
        }
        return nullptr;
    }

private Q_SLOTS:
    // Issue 21, item 10: a profile's history is keyed by its id. Two profiles named alike
    // keep apart, a renamed one keeps its history, and what an older version stored under the
    // name is taken over by the profile on first open.
    void historyFollowsTheProfileNotItsName()
    {
        QTemporaryDir dir;
        ManualClock clock;
        HistoryStore store(clock);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(dir.filePath(u"history.sqlite"_s));
        QVERIFY(opened.wait(10000));
        ProbeSample old;
        old.atMs = clock.nowMs();
        old.ok = true;
        old.totalUs = 4321;
        store.recordProbeSample({u"prod"_s, 5}, old);  // how an older version keyed it

        const QUrl url(u"https://gpustack.test"_s);
        ServerProfile first = newServerProfile(u"prod"_s, url);
        const ServerProfile second = newServerProfile(u"prod"_s, url);
        const auto sessionOf = [&](const ServerProfile &p) {
            SessionConfig c;
            c.name = p.name;
            c.historyKey = p.historyKey();
            c.endpoint.url = p.serverUrl;
            return std::make_unique<ClusterSession>(c, clock, &store);
        };
        const auto rows = [&](const QString &cluster) {
            std::optional<Result<QList<ProbeSample>>> out;
            store.queryRawProbes({cluster, 5}, 0, std::numeric_limits<qint64>::max(), this,
                [&out](const Result<QList<ProbeSample>> &r) { out.emplace(r); });
            if (!QTest::qWaitFor([&out] { return out.has_value(); }, 10000) || !out->ok())
                return qsizetype(-1);
            return out->value().size();
        };

        auto a = sessionOf(first);
        auto b = sessionOf(second);
        QVERIFY(a->monitor().historyKey() != b->monitor().historyKey());
        QCOMPARE(rows(a->monitor().historyKey()), 1);  // taken over from "prod"
        QCOMPARE(rows(b->monitor().historyKey()), 0);  // not mixed with the first one's
        QCOMPARE(rows(u"prod"_s), 0);

        first.name = u"production"_s;  // renamed
        auto renamed = sessionOf(first);
        QCOMPARE(renamed->monitor().historyKey(), a->monitor().historyKey());
        QCOMPARE(rows(renamed->monitor().historyKey()), 1);
    }

    void healthyClusterAgreesUp()
    {
        sim::SimCluster cluster(sim::Scenario::simple(3), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.status(), ClusterSession::Status::Connected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session.monitor().size(), 3, 10000);
        for (qint64 id : session.monitor().workerIds())
            QTRY_COMPARE_WITH_TIMEOUT(session.monitor().view(id)->verdict, Verdict::AgreeUp, 15000);
    }

    // Told that the server is reachable, the monitor re-judges every view it holds. Told with
    // the listing's last slice, that was every worker just listed (41-46 ms of CPU in one turn
    // at 10,000 workers, e2e_bench); it is told once the list is in, before any of it is applied.
    void monitorTrustsTheServerBeforeTheListingIsApplied()
    {
        sim::SimCluster cluster(sim::Scenario::simple(3), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        SessionConfig config = configFor(cluster);
        config.watch.follow = false;  // "listed" comes right after the list, in the same turn
        ClusterSession session(config, clock);
        std::optional<bool> reachable;
        int applied = -1;
        ClusterSession::Status statusThen = ClusterSession::Status::Idle;
        connect(&session.watch(), &WorkerWatch::connectionStateChanged, this, [&](WorkerWatch::ConnectionState state) {
            if (state == WorkerWatch::ConnectionState::Listed && !reachable) {
                reachable = session.monitor().serverReachable();
                applied = session.monitor().size();
                statusThen = session.status();
            }
        });
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(reachable.has_value(), 10000);
        QCOMPARE(applied, 0);
        QVERIFY(*reachable);
        QCOMPARE(statusThen, ClusterSession::Status::Connecting);  // until the list is in the monitor
        QTRY_COMPARE_WITH_TIMEOUT(session.status(), ClusterSession::Status::Connected, 10000);
        QCOMPARE(session.monitor().size(), 3);
    }

    void workersAreNamedByTheirCluster()
    {
        sim::SimCluster cluster(sim::Scenario::simple(2), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        QSignalSpy names(&session.monitor(), &ClusterMonitor::clusterNamesChanged);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.monitor().size(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!names.isEmpty(), 10000);
        const qint64 clusterId =
            session.monitor().view(session.monitor().workerIds().first())->server.clusterId.value_or(-1);
        QCOMPARE(session.monitor().clusterNames().value(clusterId), u"default"_s);
        QTRY_COMPARE_WITH_TIMEOUT(session.clusterWatch().state(), ClusterWatch::ConnectionState::Watching, 10000);
    }

    void serverPathBlockedShowsAsSplitView()
    {
        sim::SimCluster cluster(sim::Scenario::simple(3), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        const QString name = cluster.workerNames().at(1);
        QVERIFY(cluster.setServerPathBlocked(name, true));
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(byName(session.monitor(), name) != nullptr, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(byName(session.monitor(), name)->verdict, Verdict::SplitServerDown, 20000);
        const WorkerView *v = byName(session.monitor(), name);
        QVERIFY(!v->causes.isEmpty());
        QCOMPARE(v->causes.first().id, CauseId::ServerPathBlocked);
    }

    void refusedHealthEndpointIsSeenFromHere()
    {
        sim::SimCluster cluster(sim::Scenario::simple(2), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        const QString name = cluster.workerNames().at(0);
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(byName(session.monitor(), name) != nullptr, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(byName(session.monitor(), name)->verdict, Verdict::AgreeUp, 15000);
        QVERIFY(cluster.setHealth(name, sim::HealthBehaviour::Refused));
        // Both views go down: we within two probes, the server within its (fast) window.
        QTRY_COMPARE_WITH_TIMEOUT(byName(session.monitor(), name)->local, LocalState::Down, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(byName(session.monitor(), name)->verdict, Verdict::AgreeDown, 20000);
        const WorkerView *v = byName(session.monitor(), name);
        QVERIFY(v->lastProbe.has_value());
        QCOMPARE(v->lastProbe->tcp.error, ProbeError::Refused);
    }

    // A server whose clock is 5 min ahead of this machine's: its heartbeat times are on its
    // clock, so without a correction every worker's last heartbeat reads 5 min in the future.
    void serverClockOffsetIsMeasuredAndCorrectsHeartbeatAges()
    {
        sim::Scenario scenario = sim::Scenario::simple(3);
        scenario.serverClockSkewMs = 300'000;
        sim::SimCluster cluster(scenario, {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.monitor().size(), 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.monitor().serverClockOffsetMs().has_value(), 10000);
        const qint64 offset = *session.monitor().serverClockOffsetMs();
        QVERIFY2(qAbs(offset - 300'000) <= 2'000, qPrintable(QString::number(offset)));
        QCOMPARE(session.client().serverClockOffsetMs(), session.monitor().serverClockOffsetMs());
        for (qint64 id : session.monitor().workerIds()) {
            QTRY_COMPARE_WITH_TIMEOUT(session.monitor().view(id)->verdict, Verdict::AgreeUp, 15000);
            const WorkerView *v = session.monitor().view(id);
            // Posted within the simulator's 30 s heartbeat interval: a real, positive age.
            const std::optional<qint64> age = v->server.heartbeatAgeMs(clock.nowMs());
            QVERIFY(age.has_value());
            QVERIFY2(*age >= -2'000 && *age <= 35'000, qPrintable(QString::number(*age)));
            // And named, with the offset, on every worker: what it would have distorted.
            QVERIFY(!v->causes.isEmpty());
            QCOMPARE(v->causes.first().id, CauseId::ClockSkew);
            QVERIFY2(v->causes.first().evidence.contains(u"5 min ahead of"_s), qPrintable(v->causes.first().evidence));
        }
    }

    void sameClockNamesNoSkew()
    {
        sim::SimCluster cluster(sim::Scenario::simple(2), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.monitor().size(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.monitor().serverClockOffsetMs().has_value(), 10000);
        QVERIFY2(qAbs(*session.monitor().serverClockOffsetMs()) <= 2'000,
            qPrintable(QString::number(*session.monitor().serverClockOffsetMs())));
        for (qint64 id : session.monitor().workerIds()) {
            QTRY_COMPARE_WITH_TIMEOUT(session.monitor().view(id)->verdict, Verdict::AgreeUp, 15000);
            QVERIFY(session.monitor().view(id)->causes.isEmpty());
        }
    }

    void wrongKeyFailsWithAPreciseError()
    {
        sim::SimCluster cluster(sim::Scenario::simple(1), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SessionConfig c = configFor(cluster);
        c.endpoint.secret = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
        SystemClock clock;
        ClusterSession session(c, clock);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(session.status(), ClusterSession::Status::Failed, 10000);
        QCOMPARE(session.lastError().code, ErrorCode::Unauthorized);
        QVERIFY(!session.lastError().message.isEmpty());
        QVERIFY(!session.lastError().message.contains(c.endpoint.secret));
    }

    void unreachableServerRetriesAndSaysSo()
    {
        // A loopback port that nothing listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        SessionConfig c;
        c.name = u"gone"_s;
        c.endpoint.url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
        c.endpoint.secret = u"x"_s;
        SystemClock clock;
        ClusterSession session(c, clock);
        QSignalSpy status(&session, &ClusterSession::statusChanged);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(session.lastError().code == ErrorCode::ConnectionRefused, 10000);
        QVERIFY(session.status() != ClusterSession::Status::Failed);  // it keeps trying
    }
};

QTEST_GUILESS_MAIN(TestClusterSession)
#include "tst_clustersession.moc"

// The first seconds of a local outage, over real sockets: the simulator's client_path fault
// makes every SYN from this machine vanish at once (connect() times out), the way a dropped VPN
// or Wi-Fi does. The local-network judgement has to come before per-worker causes and flapping:
// while the burst of failures is being classified no worker may be published as down, as
// firewall_drop or as flapping, and nothing is announced.
#include "base/clock.h"
#include "monitor/clustersession.h"
#include "monitor/incidentnotifier.h"
#include "sim/simcluster.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestLocalOutage : public QObject {
    Q_OBJECT

    static SessionConfig configFor(const sim::SimCluster &cluster)
    {
        SessionConfig c;
        c.name = u"outage"_s;
        c.endpoint.url = cluster.baseUrl();
        c.endpoint.authMode = AuthMode::ApiKeyBearer;
        c.endpoint.secret = cluster.apiKey();
        c.probe.intervalMs = 1500;
        c.probe.timeoutMs = 700;
        c.probe.jitter = 0.1;
        c.probe.probeHostname = false;
        c.probe.allowedNetworks = ProbeSettings::loopbackOnly();
        c.probe.localNetworkWindowMs = 4000;
        c.watch.backoffInitialMs = 100;
        c.watch.backoffMaxMs = 500;
        c.watch.keepAliveWindowMs = 3000;
        return c;
    }

private Q_SLOTS:
    void onsetIsNeverPublishedAsDownFirewallDropOrFlapping()
    {
        sim::Scenario scenario = sim::Scenario::simple(10);
        sim::SimCluster cluster(scenario, {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster), clock);
        ClusterMonitor &monitor = session.monitor();
        IncidentNotifier notifier(clock);
        notifier.setGroupingWindowMs(200);
        notifier.watch(&monitor);
        QSignalSpy notices(&notifier, &IncidentNotifier::notice);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.size(), 10, 15000);
        const auto all = [&monitor](const std::function<bool(const WorkerView &)> &pred) {
            for (qint64 id : monitor.workerIds()) {
                if (!pred(*monitor.view(id)))
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(all([](const WorkerView &v) { return v.verdict == Verdict::AgreeUp; }), 20000);
        // Some seconds of healthy probes in the local-network window first, as in the demo.
        QTest::qWait(2500);
        notifier.flush();
        QCOMPARE(notices.count(), 0);

        // Everything published from now on is checked.
        QStringList wrong;
        const auto check = [&](const QList<qint64> &ids) {
            for (qint64 id : ids) {
                const WorkerView *v = monitor.view(id);
                if (!v)
                    continue;
                const QString top = v->causes.isEmpty() ? QString() : causeIdString(v->causes.first().id);
                if (v->local == LocalState::Down || v->flapping || isTrouble(v->verdict) || top == u"firewall_drop"_s)
                    wrong << u"%1: local %2, verdict %3, flapping %4, top cause %5"_s.arg(v->server.name,
                        localStateId(v->local), verdictId(v->verdict), v->flapping ? u"yes"_s : u"no"_s, top);
            }
        };
        connect(&monitor, &ClusterMonitor::workersChanged, this, check);
        connect(
            &monitor, &ClusterMonitor::verdictChanged, this, [&](const VerdictTransition &t) { check({t.workerId}); });

        for (const QString &name : cluster.workerNames())
            QVERIFY(cluster.setClientPathDown(name, true));
        QTRY_VERIFY_WITH_TIMEOUT(all([](const WorkerView &v) {
            return v.local == LocalState::UnknownLocalNetwork && !v.causes.isEmpty()
                && v.causes.first().id == CauseId::LocalNetwork;
        }),
            30000);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 12).join(u'\n')));

        // Back: up again, and the round trip through unknown is not flapping either.
        for (const QString &name : cluster.workerNames())
            QVERIFY(cluster.setClientPathDown(name, false));
        QTRY_VERIFY_WITH_TIMEOUT(all([](const WorkerView &v) { return v.verdict == Verdict::AgreeUp; }), 30000);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 12).join(u'\n')));
        notifier.flush();
        QCOMPARE(notices.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLocalOutage)
#include "tst_localoutage.moc"

// The wizard on a live cluster: the real simulator over loopback sockets, a real session
// (client, watch, probe scheduler, monitor) and the panel following one of its workers the way
// the window does (WizardPanel::showWorker).
#include "base/clock.h"
#include "monitor/clustersession.h"
#include "sim/simcluster.h"
#include "wizard/wizardpanel.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

SessionConfig configFor(const sim::SimCluster &cluster, int intervalMs)
{
    SessionConfig c;
    c.name = u"live"_s;
    c.endpoint.url = cluster.baseUrl();
    c.endpoint.authMode = AuthMode::ApiKeyBearer;
    c.endpoint.secret = cluster.apiKey();
    c.probe.intervalMs = intervalMs;
    c.probe.timeoutMs = 1000;
    c.probe.spreadRounds = false;
    c.probe.jitter = 0;
    c.probe.probeHostname = false;
    c.probe.allowedNetworks = ProbeSettings::loopbackOnly();
    c.watch.backoffInitialMs = 100;
    c.watch.backoffMaxMs = 500;
    c.watch.keepAliveWindowMs = 3000;
    return c;
}

QString topCause(const QList<Cause> &causes)
{
    return causes.isEmpty() ? u"(none)"_s : causeIdString(causes.first().id);
}

}  // namespace

class TestWizardLive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // One DiagnosisInput per worker: what the wizard concludes is what the table names.
    void conclusionEqualsTheTablesTopCauseOnTheDemo()
    {
        auto scenario = sim::Scenario::builtin(u"demo"_s);
        QVERIFY(scenario.ok());
        sim::SimCluster cluster(scenario.value(), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        ClusterSession session(configFor(cluster, 1000), clock);
        session.start();
        ClusterMonitor &monitor = session.monitor();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.size(), 24, 15000);
        // Every worker probed, then a few more seconds: latencies and loss are evidence too,
        // and the server's fast detector runs through a few cycles.
        const auto probed = [&monitor] {
            for (qint64 id : monitor.workerIds()) {
                if (!monitor.view(id)->lastProbe)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(probed(), 30000);
        QTest::qWait(5000);
        monitor.flush();

        WizardPanel panel;
        int named = 0;
        QSet<QString> seen;
        for (qint64 id : monitor.workerIds()) {
            const WorkerView *view = monitor.view(id);
            QVERIFY(view);
            panel.showWorker(&monitor, id);
            QCOMPARE(panel.session().workerId, id);
            QVERIFY2(topCause(panel.session().causes) == topCause(view->causes),
                qPrintable(u"%1: wizard %2, table %3"_s.arg(
                    view->server.name, topCause(panel.session().causes), topCause(view->causes))));
            if (!view->causes.isEmpty()) {
                ++named;
                seen.insert(topCause(view->causes));
            }
        }
        // Not vacuous: the demo's faults are named, among them causes only the monitor's
        // evidence can decide (latency history, clock skew).
        QVERIFY2(named >= 10, qPrintable(QString::number(named)));
        QVERIFY2(seen.contains(u"health_slow"_s), qPrintable(QStringList(seen.cbegin(), seen.cend()).join(u' ')));
        QVERIFY2(seen.contains(u"clock_skew"_s), qPrintable(QStringList(seen.cbegin(), seen.cend()).join(u' ')));

        // The health-timing step has the monitor's measured answers ("No measured answers yet"
        // was all it could say with a table row's view).
        for (qint64 id : monitor.workerIds()) {
            if (monitor.view(id)->server.name == u"sh-gpu-05"_s) {
                panel.showWorker(&monitor, id);
                QVERIFY(panel.outcome(WizardStepId::HealthTiming) != StepOutcome::Unknown);
            }
        }
    }

    // Re-run of a live step probes that worker, once, and shows the fresh result; no session
    // restart, no other worker probed.
    void rerunProbesThatWorkerOnceAndShowsTheFreshResult()
    {
        sim::SimCluster cluster(sim::Scenario::simple(3), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        SystemClock clock;
        // A long interval: no scheduled probe comes between the re-run and its answer.
        ClusterSession session(configFor(cluster, 120'000), clock);
        session.start();
        ClusterMonitor &monitor = session.monitor();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.size(), 3, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(session.status(), ClusterSession::Status::Connected, 15000);
        // Judged, so no confirmation probe is still due (ProbeSettings::confirmDelayMs).
        for (qint64 id : monitor.workerIds())
            QTRY_COMPARE_WITH_TIMEOUT(monitor.view(id)->local, LocalState::Up, 15000);
        const qint64 id = monitor.workerIds().first();
        const QString name = monitor.view(id)->server.name;

        WizardPanel panel;
        connect(&panel, &WizardPanel::probeRequested, &session.scheduler(), &ProbeScheduler::probeNow);
        panel.showWorker(&monitor, id);
        panel.selectStep(WizardStepId::TcpConnect);
        QCOMPARE(panel.outcome(WizardStepId::TcpConnect), StepOutcome::Pass);

        QVERIFY(cluster.setHealth(name, sim::HealthBehaviour::Refused));
        QSignalSpy probes(&session.scheduler(), &ProbeScheduler::probeFinished);
        QSignalSpy requested(&panel, &WizardPanel::probeRequested);
        QSignalSpy status(&session, &ClusterSession::statusChanged);
        auto *rerun = panel.findChild<QPushButton *>(u"wizardRerunButton"_s);
        auto *outcome = panel.findChild<QLabel *>(u"wizardStepOutcome"_s);
        QVERIFY(rerun && outcome);
        rerun->click();
        rerun->click();  // impatient: still one probe
        QCOMPARE(requested.count(), 1);
        QVERIFY(panel.probePending());
        // Not the old probe's answer again: it says it waits.
        QCOMPARE(outcome->text(), WizardPanel::tr("Probing again…"));

        QTRY_COMPARE_WITH_TIMEOUT(panel.outcome(WizardStepId::TcpConnect), StepOutcome::Fail, 10000);
        QVERIFY(!panel.probePending());
        QCOMPARE(outcome->text(), WizardPanel::tr("Fail"));
        QCOMPARE(probes.count(), 1);
        QCOMPARE(probes.first().first().value<ProbeResult>().workerId, id);
        // The session was not restarted: a restart passes through Idle and Connecting.
        for (const QList<QVariant> &change : std::as_const(status)) {
            const auto s = change.first().value<ClusterSession::Status>();
            QVERIFY2(s != ClusterSession::Status::Idle && s != ClusterSession::Status::Connecting,
                qPrintable(QString::number(int(s))));
        }
    }
};

QTEST_MAIN(TestWizardLive)
#include "tst_wizardlive.moc"

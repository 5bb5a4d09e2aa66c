// Issue 15: one report assembler. The window's export (history from the store) and
// `parallax-cli check --observe` (history the run observed) put the same sections into a
// report for the same monitor and the same events: the cluster's availability, every worker's
// availability, the timelines of the workers in trouble, the server and the session's settings.
#include "base/clock.h"
#include "history/historystore.h"
#include "monitor/clustermonitor.h"
#include "report/observedhistory.h"
#include "report/reportassembler.h"
#include "report/storedreporthistory.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

const QString kCluster = u"https://gpustack.test"_s;
constexpr qint64 kT0 = 1'780'000'020'000;  // on a minute boundary, as the store's rollups are

Worker worker(qint64 id, WorkerState state)
{
    Worker w;
    w.id = id;
    w.name = u"gpu-node-%1"_s.arg(id);
    w.ip = u"192.168.50.1%1"_s.arg(id);
    w.port = 10150;
    w.state = state;
    w.stateText = workerStateId(state);
    return w;
}

ProbeResult healthy(qint64 id, qint64 atMs)
{
    ProbeResult r;
    r.workerId = id;
    r.host = u"192.168.50.1%1"_s.arg(id);
    r.port = 10150;
    r.startedMs = atMs;
    r.tcp.attempted = true;
    r.tcp.ok = true;
    r.http.attempted = true;
    r.http.ok = true;
    r.httpStatus = 200;
    r.totalUs = 1200;
    return r;
}

// The server states of a timeline, without repeats.
QList<ViewState> serverStates(const QList<TimelinePoint> &timeline)
{
    QList<ViewState> out;
    for (const TimelinePoint &p : timeline) {
        if (out.isEmpty() || out.constLast() != p.server)
            out.append(p.server);
    }
    return out;
}

}  // namespace

class TestReportAssembler : public QObject {
    Q_OBJECT

    std::optional<ReportInput> assemble(const ClusterMonitor &monitor, ReportHistorySource *history, const Clock &clock)
    {
        ReportServer server;
        server.url = QUrl(kCluster);
        server.version = u"v2.2.3"_s;
        server.reachable = true;
        ReportRequest request;
        request.rangeFromMs = kT0;
        std::optional<ReportInput> out;
        assembleReport(monitor.views(), server, {{u"probe_interval_ms"_s, 30'000}}, request, history, clock, this,
            [&out](ReportInput input) { out = std::move(input); });
        if (!QTest::qWaitFor([&out] { return out.has_value(); }, 20'000))
            qWarning("the report was never assembled");
        return out;
    }

private Q_SLOTS:
    void windowAndCheckFillTheSameSections()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ManualClock clock(kT0);
        HistoryStore store(clock);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(dir.filePath(u"history.sqlite"_s));
        QVERIFY(opened.wait(10'000));

        ClusterMonitor monitor(clock);
        monitor.setHistory(&store, kCluster);
        ObservedHistory observed(clock);
        observed.watch(monitor);

        // Two workers up in both views; a minute later the server calls worker 2 unreachable
        // while it keeps answering here (split_server_down: in trouble).
        for (qint64 id : {1, 2}) {
            monitor.upsertServerWorker(worker(id, WorkerState::Ready));
            monitor.addProbeResult(healthy(id, clock.nowMs()));
            monitor.setLocalState(id, LocalState::Up);
        }
        monitor.flush();
        clock.advanceMs(60'000);
        monitor.upsertServerWorker(worker(2, WorkerState::Unreachable));
        for (qint64 id : {1, 2})
            monitor.addProbeResult(healthy(id, clock.nowMs()));
        monitor.flush();
        clock.advanceMs(60'000);
        for (qint64 id : {1, 2})
            monitor.addProbeResult(healthy(id, clock.nowMs()));
        monitor.flush();
        QCOMPARE(monitor.view(2)->verdict, Verdict::SplitServerDown);

        StoredReportHistory stored(store, kCluster);
        const std::optional<ReportInput> window = assemble(monitor, &stored, clock);
        const std::optional<ReportInput> check = assemble(monitor, &observed, clock);
        QVERIFY(window && check);

        for (const ReportInput *in : {&*window, &*check}) {
            QCOMPARE(in->workers.size(), 2);
            QCOMPARE(in->rangeFromMs, kT0);
            QCOMPARE(in->server.version, u"v2.2.3"_s);
            QCOMPARE(in->settings.value(u"probe_interval_ms"_s).toInt(), 30'000);
            // The cluster's availability: at the end, one worker of two ready on the server,
            // both answering here.
            QVERIFY2(!in->clusterAvailability.isEmpty(), "no cluster availability in the report");
            const ClusterAvailabilityPoint last = in->clusterAvailability.constLast();
            QCOMPARE(last.server, std::optional<double>(0.5));
            QCOMPARE(last.local, std::optional<double>(1.0));
            for (const ReportWorker &w : in->workers) {
                QVERIFY(w.history.has_value());
                QVERIFY2(w.history->lastHour.server && w.history->lastHour.local,
                    qPrintable(u"worker %1 has no availability for the last hour"_s.arg(w.view.id())));
                QCOMPARE(*w.history->lastHour.local, 1.0);
                // Timelines for the worker in trouble only: ready, then not.
                if (w.view.id() == 1) {
                    QVERIFY(w.history->timeline.isEmpty());
                    QCOMPARE(*w.history->lastHour.server, 1.0);
                } else {
                    QCOMPARE(serverStates(w.history->timeline), (QList<ViewState>{ViewState::Up, ViewState::Down}));
                    QVERIFY(*w.history->lastHour.server < 1.0);
                }
            }
        }
    }

    // A report of the workers in trouble, or of one worker, has only those; the wizard's
    // findings go to the worker they were made for.
    void scopeAndWizard()
    {
        ManualClock clock(kT0);
        ClusterMonitor monitor(clock);
        monitor.upsertServerWorker(worker(1, WorkerState::Ready));
        monitor.upsertServerWorker(worker(2, WorkerState::Unreachable));
        for (qint64 id : {1, 2}) {
            monitor.addProbeResult(healthy(id, clock.nowMs()));
            monitor.setLocalState(id, LocalState::Up);
        }
        monitor.flush();
        const auto run = [&](ReportRequest request) {
            std::optional<ReportInput> out;
            assembleReport(monitor.views(), ReportServer{}, {}, std::move(request), nullptr, clock, this,
                [&out](ReportInput input) { out = std::move(input); });
            return out;  // at once: there is no history to wait for
        };
        ReportRequest trouble;
        trouble.scope = ReportRequest::Scope::InTrouble;
        trouble.wizard.insert(2, {WizardFinding{u"worker_firewall"_s, u"failed"_s, u"REJECT"_s}});
        const std::optional<ReportInput> t = run(trouble);
        QVERIFY(t);
        QCOMPARE(t->workers.size(), 1);
        QCOMPARE(t->workers.first().view.id(), 2);
        QCOMPARE(t->workers.first().wizard.size(), 1);
        QVERIFY(!t->workers.first().history);
        ReportRequest one;
        one.scope = ReportRequest::Scope::One;
        one.workerId = 1;
        const std::optional<ReportInput> o = run(one);
        QVERIFY(o);
        QCOMPARE(o->workers.size(), 1);
        QCOMPARE(o->workers.first().view.id(), 1);
        QVERIFY(o->workers.first().wizard.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReportAssembler)
#include "tst_reportassembler.moc"

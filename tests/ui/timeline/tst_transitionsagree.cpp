// Issue 15: one place detects transitions. For the same sequence of server updates, what the
// monitor published, what the history file recorded, what the window's timeline shows and what
// a report says (from the file, or observed by `parallax-cli check --observe`) agree.
#include "base/clock.h"
#include "history/historystore.h"
#include "monitor/clustermonitor.h"
#include "report/observedhistory.h"
#include "report/storedreporthistory.h"
#include "timeline/recenthistory.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

const QString kCluster = u"https://gpustack.test"_s;
constexpr qint64 kT0 = 1'780'000'020'000;  // on a minute boundary, as the store's rollups are
constexpr qint64 kStepMs = 60'000;

Worker startingWorker()
{
    Worker w;
    w.id = 1;
    w.name = u"gpu-node-1"_s;
    w.hostname = u"gpu-1.lab"_s;
    w.ip = u"192.168.50.11"_s;
    w.port = 10150;
    w.state = WorkerState::Ready;
    w.stateText = u"ready"_s;
    w.maintenanceEnabled = false;
    return w;
}

ProbeResult probe(const Worker &w, qint64 atMs, bool ok)
{
    ProbeResult r;
    r.workerId = w.id;
    r.host = w.probeHost();
    r.port = quint16(w.port.value_or(10150));
    r.startedMs = atMs;
    r.tcp.attempted = true;
    r.tcp.ok = ok;
    if (ok) {
        r.http.attempted = true;
        r.http.ok = true;
        r.httpStatus = 200;
        r.totalUs = 1500;
    } else {
        r.tcp.error = ProbeError::Refused;
    }
    return r;
}

QStringList bands(const QList<HistoryInterval> &intervals)
{
    QStringList out;
    for (const HistoryInterval &i : intervals)
        out.append(u"%1..%2 %3 «%4»"_s.arg(i.fromMs - kT0).arg(i.toMs - kT0).arg(i.value, i.message));
    return out;
}

QStringList marks(const QList<HistoryEvent> &events)
{
    QStringList out;
    for (const HistoryEvent &e : events) {
        out.append(u"%1 %2 %3: %4 → %5 «%6»"_s.arg(e.atMs - kT0)
                       .arg(historyEventKindId(e.kind), e.field, e.from, e.to, e.message));
    }
    return out;
}

// A report timeline as its changes: a point where either view moves.
QStringList changes(const QList<TimelinePoint> &timeline)
{
    QStringList out;
    std::optional<TimelinePoint> last;
    for (const TimelinePoint &p : timeline) {
        if (last && last->server == p.server && last->local == p.local)
            continue;
        out.append(u"%1 server %2, local %3"_s.arg(p.atMs - kT0).arg(viewStateId(p.server), viewStateId(p.local)));
        last = p;
    }
    return out;
}

}  // namespace

class TestTransitionsAgree : public QObject {
    Q_OBJECT

    std::optional<ReportHistory> gather(ReportHistorySource &source, qint64 toMs)
    {
        ReportHistoryAsk ask;
        ask.fromMs = kT0;
        ask.toMs = toMs;
        ask.workers = {1};
        ask.timelines = {1};
        std::optional<ReportHistory> out;
        source.gather(ask, this, [&out](ReportHistory h) { out = std::move(h); });
        if (!QTest::qWaitFor([&out] { return out.has_value(); }, 20'000))
            qWarning("no report history");
        return out;
    }

private Q_SLOTS:
    void timelineFileAndReportAgree()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ManualClock clock(kT0);
        HistorySettings settings;
        settings.eventRingCapacity = 256;  // every recorded transition stays in memory to compare
        HistoryStore store(clock, settings);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(dir.filePath(u"history.sqlite"_s));
        QVERIFY(opened.wait(10'000));
        QVERIFY(store.isPersistent());

        ClusterMonitor monitor(clock);
        monitor.setHistory(&store, kCluster);
        RecentHistory recent(&monitor, clock);
        ObservedHistory observed(clock);
        observed.watch(monitor);
        QList<HistoryEvent> published;
        connect(&monitor, &ClusterMonitor::transitionsDetected, this,
            [&published](qint64 id, const QList<HistoryEvent> &transitions) {
                QCOMPARE(id, qint64(1));
                published.append(transitions);
            });

        // One minute per step: the server's row, a probe from here and your view after it.
        Worker row = startingWorker();
        const QList<std::function<bool(Worker &)>> story{
            [](Worker &) { return true; },  // first sighting: ready, answering
            [](Worker &w) {  // the server cannot reach it; we can
                w.state = WorkerState::Unreachable;
                w.stateText = u"unreachable"_s;
                w.stateMessage = u"Server cannot access the worker's health check endpoint"_s;
                return true;
            },
            [](Worker &w) {  // re-registered with a new ip: ready again
                w.state = WorkerState::Ready;
                w.stateText = u"ready"_s;
                w.stateMessage.clear();
                w.ip = u"192.168.50.23"_s;
                return true;
            },
            [](Worker &w) {  // hostname and port moved; nothing answers here any more
                w.hostname = u"gpu-1b.lab"_s;
                w.port = 10160;
                return false;
            },
            [](Worker &w) {  // maintenance, with a note
                w.state = WorkerState::Maintenance;
                w.stateText = u"maintenance"_s;
                w.maintenanceEnabled = true;
                w.maintenanceMessage = u"driver upgrade"_s;
                return false;
            },
            [](Worker &w) {  // a state this Parallax does not know, without its text; maintenance off
                w.state = WorkerState::Other;
                w.stateText.clear();
                w.maintenanceEnabled = false;
                w.maintenanceMessage.clear();
                return true;
            },
            [](Worker &w) {  // ready
                w.state = WorkerState::Ready;
                w.stateText = u"ready"_s;
                return true;
            },
        };
        for (const auto &step : story) {
            const bool answers = step(row);
            monitor.upsertServerWorker(row);
            monitor.addProbeResult(probe(row, clock.nowMs(), answers));
            monitor.setLocalState(row.id, answers ? LocalState::Up : LocalState::Down);
            monitor.flush();
            clock.advanceMs(kStepMs);
        }
        const qint64 end = clock.nowMs();
        const WorkerKey key{kCluster, 1};

        // The history recorded exactly what the monitor published, nothing compared again.
        QVERIFY(published.size() > 15);
        QCOMPARE(store.recentEvents(key), published);

        // The history file and the window's timeline draw the same bands and the same marks.
        HistoryQuery query;
        query.key = key;
        query.fromMs = kT0;
        query.toMs = end;
        query.maxPoints = 100;
        std::optional<Result<HistorySeries>> stored;
        store.querySeries(query, this, [&stored](const Result<HistorySeries> &s) { stored = s; });
        QVERIFY(QTest::qWaitFor([&stored] { return stored.has_value(); }, 20'000));
        QVERIFY(stored->ok());
        const HistorySeries fromFile = stored->value();
        const HistorySeries shown = recent.workerSeries(query);
        QCOMPARE(bands(shown.serverStates), bands(fromFile.serverStates));
        QCOMPARE(marks(shown.annotations), marks(fromFile.annotations));
        // … and they are the published transitions: a band from each server-state transition,
        // a mark for each address change and maintenance switch.
        QStringList expectedBands;
        QList<HistoryEvent> expectedMarks;
        for (const HistoryEvent &t : published) {
            if (t.kind == HistoryEventKind::ServerState)
                expectedBands.append(u"%1 %2 «%3»"_s.arg(t.atMs - kT0).arg(t.to, t.message));
            else if (WorkerTransitions::marksTimeline(t))
                expectedMarks.append(t);
        }
        QStringList fileBands;
        for (const HistoryInterval &i : fromFile.serverStates)
            fileBands.append(u"%1 %2 «%3»"_s.arg(i.fromMs - kT0).arg(i.value, i.message));
        QCOMPARE(fileBands, expectedBands);
        QCOMPARE(expectedBands.size(), 6);
        QCOMPARE(marks(fromFile.annotations), marks(expectedMarks));
        QCOMPARE(expectedMarks.size(), 5);  // ip, hostname, port, maintenance on and off

        // A report says the same, whether its history comes from the file (the window's export)
        // or from what the run observed (`parallax-cli check --observe`).
        StoredReportHistory fromStore(store, kCluster);
        const std::optional<ReportHistory> reportFromFile = gather(fromStore, end);
        const std::optional<ReportHistory> reportObserved = gather(observed, end);
        QVERIFY(reportFromFile && reportObserved);
        const QStringList fileChanges = changes(reportFromFile->workers.value(1).timeline);
        QCOMPARE(changes(reportObserved->workers.value(1).timeline), fileChanges);
        QCOMPARE(fileChanges,
            (QStringList{u"0 server up, local up"_s, u"60000 server down, local up"_s, u"120000 server up, local up"_s,
                u"180000 server up, local down"_s, u"240000 server unknown, local down"_s,
                u"300000 server unknown, local up"_s, u"360000 server up, local up"_s}));
    }
};

QTEST_MAIN(TestTransitionsAgree)
#include "tst_transitionsagree.moc"

#include "common/fleet.h"
#include "history/historystore.h"
#include "panes/clusteroverviewpane.h"
#include "panes/workerdetailpane.h"
#include "timeline/storedhistory.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {
constexpr qint64 kHour = 3600 * 1000;

// Probe points (latency or failure marks) the pane's chart draws before `beforeMs`.
int pointsBefore(const TimelineData &d, qint64 beforeMs)
{
    int n = 0;
    for (int line = 0; line < 2 && line < d.lines.size(); ++line) {
        for (const TimelinePoint &p : d.lines.at(line).points)
            n += p.atMs < beforeMs ? 1 : 0;
    }
    return n;
}
}  // namespace

class TestStoredHistory : public QObject {
    Q_OBJECT

    // The earlier run: three hours of the demo fleet, recorded through the monitor.
    static bool recordEarlierRun(const QString &path, ManualClock &clock)
    {
        HistoryStore store(clock);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(path);
        if (!opened.wait(5000) || !opened.constFirst().constFirst().toBool())
            return false;
        ClusterMonitor monitor(clock);
        monitor.setName(u"prod"_s);
        monitor.setHistory(&store, u"prod"_s);
        fleet::Demo demo(clock.nowMs());
        fleet::play(monitor, clock, demo, 3 * kHour, 60'000);
        return true;
    }  // the store writes what is pending when it closes

    // The next run: a new store on the same file, a new monitor seeing the same fleet.
    struct NextRun {
        HistoryStore store;
        ClusterMonitor monitor;
        fleet::Demo demo;
        bool opened = false;

        NextRun(const QString &path, ManualClock &clock)
            : store(clock)
            , monitor(clock)
            , demo(clock.nowMs())
        {
            QSignalSpy spy(&store, &HistoryStore::opened);
            store.open(path);
            opened = spy.wait(5000);
            monitor.setName(u"prod"_s);
            monitor.setHistory(&store, u"prod"_s);
            monitor.setServerSnapshot(demo.workers);
            monitor.flush();
        }
    };

private Q_SLOTS:
    // A restart must not lose the chart: what an earlier run recorded into the history file
    // shows in the detail pane of the next run, next to what this run sees.
    void timelineShowsHistoryFromAnEarlierRun()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"history.sqlite"_s);
        ManualClock clock;
        const qint64 earlierRunEnd = clock.nowMs();
        QVERIFY(recordEarlierRun(path, clock));

        // The next run, half an hour later: a new store on the same file, a new monitor.
        clock.advanceMs(kHour / 2);
        const qint64 restartMs = clock.nowMs();
        NextRun run(path, clock);
        QVERIFY(run.opened);
        HistoryStore &store = run.store;
        ClusterMonitor &monitor = run.monitor;
        const fleet::Demo &demo = run.demo;

        // Without the store the page only has this run: nothing before the restart.
        RecentHistory recentOnly(&monitor, clock);
        WorkerDetailPane plain(&monitor, &recentOnly, clock, u"prod"_s);
        plain.resize(900, 400);
        plain.setRange(TimelineView::Range::Hours6);
        plain.showWorker(3);
        QCOMPARE(pointsBefore(plain.timeline()->data(), restartMs), 0);

        StoredHistory history(&monitor, &store, monitor.historyKey(), clock);
        QSignalSpy arrived(&history, &StoredHistory::seriesArrived);
        WorkerDetailPane pane(&monitor, &history, clock, u"prod"_s);
        pane.resize(900, 400);
        pane.setRange(TimelineView::Range::Hours6);
        pane.showWorker(3);
        QVERIFY(arrived.wait(5000));
        QCOMPARE(arrived.constLast().constFirst().toLongLong(), qint64(3));

        // The chart redrew by itself with the earlier run's probes of worker 3 (up to the
        // restart, hours back) and its server-state bands: ready, then unreachable.
        const TimelineData d = pane.timeline()->data();
        const int stored = pointsBefore(d, restartMs);
        QVERIFY2(stored > 20, qPrintable(QString::number(stored)));
        QVERIFY(pointsBefore(d, earlierRunEnd - 2 * kHour) > 0);
        bool readyBefore = false;
        bool unreachableBefore = false;
        for (const TimelineBand &b : d.bands) {
            if (b.toMs <= restartMs) {
                readyBefore = readyBefore || b.label.contains(u"Ready"_s);
                unreachableBefore = unreachableBefore || b.label.contains(u"Unreachable"_s);
            }
        }
        QVERIFY(readyBefore);
        QVERIFY(unreachableBefore);

        // A new probe in this run still shows: the recent part follows the stored one.
        clock.advanceMs(30'000);
        fleet::observe(monitor, fleet::probe(demo.workers.at(2), clock.nowMs(), true, 7.5));
        monitor.flush();
        QTRY_VERIFY_WITH_TIMEOUT(!pane.timeline()->data().lines.at(0).points.isEmpty()
                && pane.timeline()->data().lines.at(0).points.constLast().atMs >= restartMs,
            5000);
        QVERIFY(pointsBefore(pane.timeline()->data(), restartMs) > 20);
    }

    // After a restart the overview's "last hour" chart is not empty: the hour before the
    // restart comes from the history file, this run's points follow.
    void overviewAvailabilityShowsTheHourBeforeARestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"history.sqlite"_s);
        ManualClock clock;
        QVERIFY(recordEarlierRun(path, clock));
        clock.advanceMs(5 * 60'000);  // restarted five minutes later
        const qint64 restartMs = clock.nowMs();
        NextRun run(path, clock);
        QVERIFY(run.opened);

        StoredHistory history(&run.monitor, &run.store, run.monitor.historyKey(), clock);
        QSignalSpy arrived(&history, &StoredHistory::clusterAvailabilityArrived);
        ClusterOverviewPane pane(&run.monitor, &history, clock);
        auto *chart = pane.findChild<TimelineView *>(u"availabilityTimeline"_s);
        QVERIFY(chart);
        QVERIFY(arrived.wait(5000));
        // The pane redraws by itself; every point before the restart is the earlier run's.
        const auto storedPoints = [&] {
            const TimelineData d = chart->data();
            return d.lines.isEmpty() ? 0 : pointsBefore(d, restartMs);
        };
        QTRY_VERIFY_WITH_TIMEOUT(storedPoints() >= 50, 5000);  // ~55 minutes, one point a minute
        const QList<HistorySource::AvailabilityPoint> points =
            history.clusterAvailability(restartMs - kHour, restartMs + 1);
        QVERIFY(!points.isEmpty());
        QVERIFY(points.constFirst().atMs >= restartMs - kHour);
        for (const auto &p : points) {
            if (p.atMs >= restartMs)
                continue;
            QVERIFY(p.workers >= int(run.demo.workers.size()) - 2 && p.workers <= int(run.demo.workers.size()));
            QVERIFY(p.serverReady <= p.workers && p.reachable <= p.workers);
            QVERIFY(p.atMs <= restartMs - 5 * 60'000);  // nothing between the runs is invented
        }
        // Without a store there is only this run.
        RecentHistory recentOnly(&run.monitor, clock);
        for (const auto &p : recentOnly.clusterAvailability(restartMs - kHour, restartMs + 1))
            QVERIFY(p.atMs >= restartMs);
    }

    // The merge keeps stored data before the cutoff and the recent data after it.
    void mergeCutsAtWhereRecentHistoryStarts()
    {
        HistorySeries stored;
        stored.buckets = {
            {100, 1, 0, 5000, 5000, 5000, -1}, {200, 1, 1, -1, -1, -1, -1}, {300, 1, 0, 4000, 4000, 4000, -1}};
        stored.serverStates = {{50, 400, u"ready"_s, {}}};
        stored.annotations = {{150, HistoryEventKind::Address, u"ip"_s, u"a"_s, u"b"_s, {}},
            {350, HistoryEventKind::Address, u"ip"_s, u"b"_s, u"c"_s, {}}};
        HistorySeries recent;
        recent.buckets = {{250, 2, 0, 3000, 3000, 3000, -1}};
        recent.serverStates = {{250, 400, u"unreachable"_s, {}}};
        const HistorySeries m = StoredHistory::merge(stored, recent, 250);
        QCOMPARE(m.buckets.size(), qsizetype(3));
        QCOMPARE(m.buckets.at(0).startMs, qint64(100));
        QCOMPARE(m.buckets.at(1).startMs, qint64(200));
        QCOMPARE(m.buckets.at(2).startMs, qint64(250));
        QCOMPARE(m.serverStates.size(), qsizetype(2));
        QCOMPARE(m.serverStates.at(0).toMs, qint64(250));
        QCOMPARE(m.serverStates.at(1).value, u"unreachable"_s);
        QCOMPARE(m.annotations.size(), qsizetype(1));
        QCOMPARE(m.annotations.at(0).atMs, qint64(150));
    }
};

QTEST_MAIN(TestStoredHistory)
#include "tst_storedhistory.moc"

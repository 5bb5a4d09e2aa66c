#include "common/fleet.h"
#include "timeline/recenthistory.h"
#include "timeline/timelinebuilder.h"
#include "timeline/timelineview.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void availabilityAxisStopsAtHundredPercent()
    {
        TimelineView view;
        view.resize(600, 200);
        QList<HistorySource::AvailabilityPoint> points;
        for (int i = 0; i < 10; ++i) {
            HistorySource::AvailabilityPoint p;
            p.atMs = 1'000'000 + i * 60'000;
            p.workers = 23;
            p.serverReady = 23;
            p.reachable = 20;
            points.append(p);
        }
        view.setData(availabilityTimeline(points, 1'000'000 + 10 * 60'000));
        QCOMPARE(view.leftAxisMax(), 100.0);  // not 150: a share cannot exceed all workers
    }

    // The first hour of a session: the axis spans the minutes observed, not an hour of empty
    // time with the data squeezed against its right edge.
    void axisSpansObservedTimeUntilAWholeRangeExists()
    {
        TimelineView view;
        view.resize(600, 200);
        view.setRange(TimelineView::Range::Hour1);
        const qint64 start = 1'780'000'000'000;
        const auto availability = [start](int minutes) {
            QList<HistorySource::AvailabilityPoint> points;
            for (int i = 0; i <= minutes; ++i) {
                HistorySource::AvailabilityPoint p;
                p.atMs = start + i * 60'000LL;
                p.workers = 24;
                p.serverReady = 20;
                p.reachable = 22;
                points.append(p);
            }
            return points;
        };
        view.setData(availabilityTimeline(availability(10), start + 10 * 60'000 + 5'000));
        QCOMPARE(view.windowTo(), start + 10 * 60'000 + 5'000);
        QCOMPARE(view.windowFrom(), start);
        QVERIFY(view.showsObservedOnly());

        // Ninety minutes later the hour is whole again.
        view.setData(availabilityTimeline(availability(90), start + 90 * 60'000));
        QCOMPARE(view.windowTo() - view.windowFrom(), TimelineView::rangeMs(TimelineView::Range::Hour1));
        QVERIFY(!view.showsObservedOnly());

        // A worker's timeline: its first server-state band counts as observed time too.
        TimelineData d;
        d.endMs = start + 120'000;
        d.bands.append({start, d.endMs, Qt::green, u"ready"_s});
        view.setRange(TimelineView::Range::Hours24);
        view.setData(d);
        QCOMPARE(view.windowFrom(), start);
        QCOMPARE(view.windowTo(), d.endMs);
    }

    void downsampleKeepsSpikesAndBoundsPoints()
    {
        QList<TimelinePoint> pts;
        const qint64 t0 = 1'780'000'000'000;
        for (int i = 0; i < 86'400; ++i)
            pts.append({t0 + i * 1000LL, 5.0});
        pts[40'000].value = 1900.0;  // one slow probe in 24 h
        pts[60'000].value = 0.1;
        const auto out = downsampleMinMax(pts, t0, t0 + 86'399'000, 800);
        QVERIFY(out.size() <= 2 * 800 + 2);
        const auto has = [&](double v) {
            return std::any_of(out.cbegin(), out.cend(), [v](const TimelinePoint &p) { return p.value == v; });
        };
        QVERIFY(has(1900.0));
        QVERIFY(has(0.1));
        QVERIFY(std::is_sorted(out.cbegin(), out.cend(), [](const auto &a, const auto &b) { return a.atMs < b.atMs; }));
        // A window in the middle takes its neighbours so the line reaches the edges.
        const auto mid = downsampleMinMax(pts, t0 + 10'000'500, t0 + 10'010'500, 800);
        QCOMPARE(mid.constFirst().atMs, t0 + 10'000'000);
        QCOMPARE(mid.constLast().atMs, t0 + 10'011'000);
    }

    void viewDrawsDownsampledAndExplainsWhatIsUnderThePointer()
    {
        TimelineView view;
        view.resize(900, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 end = 1'780'000'000'000;
        TimelineData d;
        d.endMs = end;
        TimelineLine latency{u"Latency"_s, u"ms"_s, Qt::blue, {}, false, false};
        for (int i = 0; i < 86'400; ++i)
            latency.points.append({end - 86'400'000 + i * 1000LL, 3.0 + (i % 50)});
        d.lines = {latency};
        d.bands = {{end - 86'400'000, end - 3'600'000, Qt::green, u"Server says: Ready"_s},
            {end - 3'600'000, end, Qt::red, u"Server says: Unreachable"_s}};
        d.annotations = {{end - 1'800'000, u"Address changed: 10.0.0.5 → 172.17.0.1"_s, Qt::magenta}};
        d.references = {{2000.0, u"GPUStack's health-check limit: 2 s"_s, Qt::darkYellow}};
        view.setData(d);
        view.setRange(TimelineView::Range::Hours24);
        QVERIFY(view.drawnPointCount() > 100);
        QVERIFY2(view.drawnPointCount() <= 2 * view.width() + 2, qPrintable(QString::number(view.drawnPointCount())));
        QCOMPARE(view.windowTo() - view.windowFrom(), TimelineView::rangeMs(TimelineView::Range::Hours24));

        const QString at = view.describeAt(end - 1'800'000);
        QVERIFY2(at.contains(u"Server says: Unreachable"_s), qPrintable(at));
        QVERIFY2(at.contains(u"Address changed"_s), qPrintable(at));
        QVERIFY2(at.contains(u"Latency: "_s), qPrintable(at));
        QVERIFY(view.describeAt(end - 5 * 3'600'000).contains(u"Server says: Ready"_s));

        // Zoom in around a point, pan, and go back to the range.
        view.zoom(0.25, end - 1'800'000);
        QVERIFY(!view.followsPresent());
        QCOMPARE(view.windowTo() - view.windowFrom(), TimelineView::rangeMs(TimelineView::Range::Hours24) / 4);
        const qint64 from = view.windowFrom();
        QTest::keyClick(&view, Qt::Key_Left);
        QVERIFY(view.windowFrom() < from);
        QTest::keyClick(&view, Qt::Key_0);
        QVERIFY(view.followsPresent());
        QCOMPARE(view.windowTo(), end);
        const QImage shot = view.grab().toImage();
        QVERIFY(!shot.isNull());
    }

    void workerTimelineFromRecentHistory()
    {
        ManualClock clock;
        ClusterMonitor monitor(clock);
        monitor.setName(u"prod"_s);
        RecentHistory history(&monitor, clock);
        fleet::Demo demo(clock.nowMs());
        fleet::play(monitor, clock, demo, 3 * 3600 * 1000, 60'000);
        const qint64 now = clock.nowMs();
        HistoryQuery q;
        q.key = {u"prod"_s, 3};
        q.fromMs = now - 3 * 3600 * 1000;
        q.toMs = now + 1;
        q.maxPoints = 500;
        const TimelineData d = workerTimeline(history.workerSeries(q), now);
        // Worker 3: ready, then unreachable for the last 40 minutes; its address changed 2 h ago.
        QVERIFY(d.bands.size() >= 2);
        QVERIFY(d.bands.constLast().label.contains(u"Unreachable"_s));
        QVERIFY(d.bands.constLast().label.contains(u"Server cannot access"_s));
        QCOMPARE(d.annotations.size(), 1);
        QVERIFY(d.annotations.constFirst().text.contains(u"172.17.0.1"_s));
        QCOMPARE(d.references.constFirst().value, 2000.0);
        QVERIFY(!d.lines.at(0).points.isEmpty());  // latency
        QVERIFY(!d.lines.at(2).points.isEmpty());  // heartbeat age

        q.key.workerId = 15;  // maintenance with HTML in its note: the annotation is plain text
        const TimelineData m = workerTimeline(history.workerSeries(q), now);
        QCOMPARE(m.annotations.size(), 1);
        QVERIFY(m.annotations.constFirst().text.contains(u"Driver upgrade to 550.54"_s));
        QVERIFY(!m.annotations.constFirst().text.contains(u'<'));

        q.key.workerId = 7;  // failures from here for the last 25 minutes
        const TimelineData f = workerTimeline(history.workerSeries(q), now);
        QVERIFY(!f.lines.at(1).points.isEmpty());
        QVERIFY(f.lines.at(1).points.constFirst().atMs >= now - 26 * 60 * 1000);

        const auto avail = history.clusterAvailability(now - 3600 * 1000, now + 1);
        QVERIFY(!avail.isEmpty());
        QCOMPARE(avail.constLast().workers, 20);
        QVERIFY(avail.constLast().serverReady < 20);
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"

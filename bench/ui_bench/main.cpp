// ui_bench: how the window copes with 10,000 workers. Prints figures; not a test.
//
//   QT_QPA_PLATFORM=offscreen build/bin/ui_bench [--workers 10000] [--cycles 3]
//   (UI_BENCH_NO_SELECTION=1: no worker selected, to tell the detail pane's share)
//
// 1. Event-loop stall while a full probe cycle of N workers lands: results arrive in
//    batches of 500 per loop iteration (as the prober delivers them), the monitor coalesces
//    them, the table model and the sort proxy take one batch, the table repaints. A 1 ms
//    timer measures the longest gap between its ticks. Target: <= 30 ms.
// 2. Draw time of a 24 h timeline with 86,400 points (setData + render). Target: <= 50 ms.

#include "common/fleet.h"
#include "mainwindow.h"
#include "panes/clusterpage.h"
#include "timeline/timelineview.h"
#include "timingapplication.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMap>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

void runLoopFor(int ms)
{
    QEventLoop loop;  // the bench's own driver loop, not product code
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

}  // namespace

int main(int argc, char *argv[])
{
    TimingApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption workersOpt(u"workers"_s, u"Number of workers."_s, u"n"_s, u"10000"_s);
    const QCommandLineOption cyclesOpt(u"cycles"_s, u"Probe cycles to measure."_s, u"n"_s, u"3"_s);
    parser.addOptions({workersOpt, cyclesOpt});
    parser.addHelpOption();
    parser.process(app);
    const int n = parser.value(workersOpt).toInt();
    const int cycles = parser.value(cyclesOpt).toInt();

    ManualClock clock;
    ClusterMonitor monitor(clock);
    monitor.setName(u"bench"_s);
    MainWindow window(clock);
    ClusterPage *page = window.addCluster(&monitor);
    window.resize(1400, 900);
    window.show();
    const QList<Worker> workers = fleet::many(n, clock.nowMs());
    monitor.setServerSnapshot(workers);
    monitor.flush();
    runLoopFor(200);
    if (!qEnvironmentVariableIsSet("UI_BENCH_NO_SELECTION"))
        page->table()->selectRow(0);

    std::printf("ui_bench: %d workers, table sorted by verdict, offscreen\n", n);
    app.recording = true;
    double worstStall = 0;
    for (int c = 0; c < cycles; ++c) {
        clock.advanceMs(15'000);
        StallMeter meter;
        meter.start();
        QElapsedTimer total;
        total.start();
        // Every third cycle a third of the workers changes verdict, so the sort has to move rows.
        int next = 0;
        double worstFeedMs = 0;  // the monitor taking one slice of 500 results
        QTimer feeder;
        feeder.setInterval(0);
        QObject::connect(&feeder, &QTimer::timeout, &feeder, [&] {
            QElapsedTimer feed;
            feed.start();
            const int end = std::min(next + 500, n);
            for (; next < end; ++next) {
                const Worker &w = workers.at(next);
                const bool healthy = (c % 2 == 0) || (w.id % 3 != 0);
                fleet::observe(monitor, fleet::probe(w, clock.nowMs(), healthy, 1.0 + (w.id + c) % 40));
            }
            worstFeedMs = std::max(worstFeedMs, feed.nsecsElapsed() / 1e6);
            if (next >= n)
                feeder.stop();
        });
        feeder.start();
        while (feeder.isActive())
            runLoopFor(5);
        runLoopFor(400);  // the coalesced batch lands and the table repaints
        meter.tick.stop();
        std::printf(
            "  cycle %d: %d results, longest event-loop stall %.1f ms (wall %.0f ms; longest slice of 500 results into the monitor %.1f ms)\n",
            c + 1, n, meter.worstMs(), total.nsecsElapsed() / 1e6, worstFeedMs);
        worstStall = std::max(worstStall, meter.worstMs());
    }

    app.recording = false;
    for (auto it = app.slow.cbegin(); it != app.slow.cend(); ++it)
        std::printf("  slow dispatch: %s, worst %.1f ms (CPU %.1f ms), %d over 15 ms\n", it.key().constData(),
            it.value().wallMs, it.value().cpuMs, it.value().count);

    // The coalesced batch alone: flush() → model → proxy → view.
    clock.advanceMs(15'000);
    for (const Worker &w : workers)
        fleet::observe(monitor, fleet::probe(w, clock.nowMs(), w.id % 2 == 0, 2.0));
    QElapsedTimer flushTimer;
    flushTimer.start();
    monitor.flush();
    const double flushMs = flushTimer.nsecsElapsed() / 1e6;
    flushTimer.restart();
    page->table()->viewport()->repaint();
    const double paintMs = flushTimer.nsecsElapsed() / 1e6;
    std::printf("  one coalesced batch of %d changes with verdict flips: model+proxy %.1f ms, table repaint %.1f ms\n",
        n, flushMs, paintMs);

    // Timeline: 24 h at 1 s resolution.
    TimelineView view;
    view.resize(1200, 400);
    view.show();
    runLoopFor(100);
    const qint64 end = clock.nowMs();
    TimelineData d;
    d.endMs = end;
    TimelineLine latency{u"Latency"_s, u"ms"_s, Qt::blue, {}, false, false};
    TimelineLine failures{u"Failures"_s, {}, Qt::red, {}, false, true};
    TimelineLine heartbeat{u"Heartbeat age"_s, u"s"_s, Qt::darkYellow, {}, true, false};
    for (int i = 0; i < 86'400; ++i) {
        const qint64 t = end - 86'400'000 + i * 1000LL;
        latency.points.append({t, 2.0 + (i * 7919 % 97) / 10.0 + (i % 3600 == 0 ? 1800 : 0)});
        if (i % 977 == 0)
            failures.points.append({t, 1});
        if (i % 30 == 0)
            heartbeat.points.append({t, double(i % 30 + 3)});
    }
    d.lines = {latency, failures, heartbeat};
    for (int b = 0; b < 48; ++b)
        d.bands.append({end - 86'400'000 + b * 1'800'000LL, end - 86'400'000 + (b + 1) * 1'800'000LL,
            b % 5 == 0 ? Qt::red : Qt::green, u"state"_s});
    d.references = {{2000, u"2 s"_s, Qt::darkYellow}};
    view.setRange(TimelineView::Range::Hours24);
    QList<double> times;
    for (int i = 0; i < 15; ++i) {
        d.endMs = end + i;  // new data each time, as a live timeline gets
        QElapsedTimer t;
        t.start();
        view.setData(d);
        const QPixmap shot = view.grab();
        times.append(t.nsecsElapsed() / 1e6);
        Q_UNUSED(shot);
    }
    std::sort(times.begin(), times.end());
    std::printf("timeline: 86,400 points over 24 h at %d px: draw (setData + render) median %.1f ms, worst %.1f ms; "
                "%d points handed to the chart\n",
        view.width(), times.at(times.size() / 2), times.constLast(), view.drawnPointCount());
    std::printf("targets: stall <= 30 ms -> %s (worst %.1f ms); timeline <= 50 ms -> %s\n",
        worstStall <= 30 ? "met" : "MISSED", worstStall, times.at(times.size() / 2) <= 50 ? "met" : "MISSED");
    return 0;
}

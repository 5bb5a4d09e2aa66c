// history_bench: ingest N workers × H hours of probes at one per interval through HistoryStore
// (the same path the app uses: ring buffers on this thread, batched transactions on the
// database thread), then time the queries a timeline and a report make.
//
//   history_bench [--workers 10000] [--hours 24] [--interval 30] [--db FILE] [--keep]
//
// Prints: wall and CPU time, rows per second, flush durations on the database thread, peak
// RSS, bytes on disk, and query times for a 24 h chart of one worker at ~1000 points.
#include "history/historystore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

qint64 statusKb(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double mib(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"workers"_s, u"Number of workers."_s, u"n"_s, u"10000"_s});
    parser.addOption({u"hours"_s, u"Hours of history."_s, u"h"_s, u"24"_s});
    parser.addOption({u"interval"_s, u"Probe interval in seconds."_s, u"s"_s, u"30"_s});
    parser.addOption({u"db"_s, u"Database file (default: a temporary directory)."_s, u"file"_s});
    parser.addOption({u"keep"_s, u"Keep the database file."_s});
    parser.process(app);

    const int workers = parser.value(u"workers"_s).toInt();
    const int hours = parser.value(u"hours"_s).toInt();
    const qint64 intervalMs = parser.value(u"interval"_s).toLongLong() * 1000;
    const qint64 cycles = hours * 3'600'000LL / intervalMs;
    QTemporaryDir tmp;
    tmp.setAutoRemove(!parser.isSet(u"keep"_s));
    const QString path = parser.isSet(u"db"_s) ? parser.value(u"db"_s) : tmp.filePath(u"history.sqlite"_s);
    QFile::remove(path);

    const qint64 t0 = 1'780'000'000'000 - 1'780'000'000'000 % 3'600'000;
    ManualClock clock(t0 + hours * 3'600'000LL);  // "now" is the end of the data: nothing expires
    HistorySettings settings;
    settings.maintenanceIntervalMs = 24 * 3'600'000;
    settings.maxBytesOnDisk = 64LL * 1024 * 1024 * 1024;
    settings.maxPendingRows = std::max(50'000, workers * 2);  // one cycle is one batch
    HistoryStore store(clock, settings);

    std::printf("history_bench: %d workers x %d h at %lld s = %lld probe rows -> %s\n", workers, hours,
        static_cast<long long>(intervalMs / 1000), static_cast<long long>(cycles * workers), qPrintable(path));
    std::fflush(stdout);

    std::vector<qint64> flushUs;
    QObject::connect(
        &store, &HistoryStore::flushed, &app, [&](qint64, qint64 durationUs) { flushUs.push_back(durationUs); });
    QObject::connect(&store, &HistoryStore::errorOccurred, &app,
        [](const Error &e) { std::printf("error: %s (%s)\n", qPrintable(e.message), qPrintable(e.detail)); });

    QElapsedTimer wall;
    double cpuStart = 0;
    qint64 cycle = 0;
    int inFlight = 0;
    qint64 recordNs = 0;  // time the caller's thread spends in record calls
    std::function<void()> pump;
    std::function<void()> queries;

    pump = [&] {
        // Two batches in flight: the caller prepares the next while the database writes one.
        while (inFlight < 2 && cycle < cycles) {
            QElapsedTimer rec;
            rec.start();
            const qint64 base = t0 + cycle * intervalMs;
            for (int w = 0; w < workers; ++w) {
                ProbeSample s;
                s.atMs = base + (qint64(w) * intervalMs) / workers;  // the scheduler spreads probes
                const quint32 h = quint32(w) * 2654435761u ^ quint32(cycle) * 40503u;
                s.ok = h % 50 != 0;  // 2 % failures
                s.totalUs = s.ok ? 800 + h % 4000 : 5'000'000;
                s.connectUs = s.totalUs / 3;
                s.firstByteUs = s.totalUs * 2 / 3;
                s.httpStatus = s.ok ? 200 : 0;
                s.error = s.ok ? ProbeError::None : ProbeError::TimedOut;
                store.recordProbeSample({u"bench"_s, w}, s);
            }
            recordNs += rec.nsecsElapsed();
            ++cycle;
            ++inFlight;
            const qint64 done = cycle;
            store.flush(&app, [&, done](const Result<void> &r) {
                --inFlight;
                if (!r.ok()) {
                    std::printf("flush failed: %s\n", qPrintable(r.error().detail));
                    app.exit(1);
                    return;
                }
                if (done % std::max<qint64>(1, cycles / 20) == 0) {
                    const double s = double(wall.elapsed()) / 1000.0;
                    std::printf("  %5.1f %%  %8.1f s  %9.0f rows/s  rss %6.0f MiB  disk %7.0f MiB\n",
                        100.0 * double(done) / double(cycles), s, double(done * workers) / s,
                        double(statusKb("VmRSS")) / 1024.0,
                        mib(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()));
                    std::fflush(stdout);
                }
                if (done == cycles)
                    QTimer::singleShot(0, &app, queries);
                else
                    pump();
            });
        }
    };

    queries = [&] {
        const double ingestS = double(wall.elapsed()) / 1000.0;
        const double ingestCpu = cpuSeconds() - cpuStart;
        const qint64 rows = cycles * workers;
        std::sort(flushUs.begin(), flushUs.end());
        const auto pct = [&](double q) {
            return flushUs.empty() ? 0.0 : double(flushUs[size_t(q * double(flushUs.size() - 1))]) / 1000.0;
        };
        std::printf("\ningest: %lld rows in %.1f s = %.0f rows/s; CPU %.1f s (%.2f us/row)\n",
            static_cast<long long>(rows), ingestS, double(rows) / ingestS, ingestCpu, ingestCpu * 1e6 / double(rows));
        std::printf("caller thread: %.2f us per recordProbeSample (ring buffer + pending batch)\n",
            double(recordNs) / 1000.0 / double(rows));
        std::printf("flush of one %d-row batch on the database thread: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
            workers, pct(0.5), pct(0.95), pct(1.0));
        std::printf("memory: RSS %.0f MiB, peak RSS %.0f MiB (%d workers in ring buffers)\n",
            double(statusKb("VmRSS")) / 1024.0, double(statusKb("VmHWM")) / 1024.0, store.workerCount());
        std::printf("disk: %.0f MiB (database %.0f MiB + WAL %.0f MiB), %.1f bytes per probe row incl. rollups\n",
            mib(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()), mib(QFileInfo(path).size()),
            mib(QFileInfo(path + u"-wal"_s).size()),
            double(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size()) / double(rows));
        std::fflush(stdout);

        struct Chart {
            const char *name;
            HistoryQuery query;
        };
        const WorkerKey key{u"bench"_s, workers / 2};
        const qint64 end = t0 + hours * 3'600'000LL;
        auto charts = std::make_shared<std::vector<Chart>>(std::vector<Chart>{
            {"24 h chart, ~1000 points", {key, end - 24 * 3'600'000LL, end, 1000, 0}},
            {"1 h chart, ~1000 points (raw rows)", {key, end - 3'600'000LL, end, 1000, 0}},
            {"7 d chart, ~1000 points", {key, end - 7 * 24 * 3'600'000LL, end, 1000, 0}},
        });
        auto next = std::make_shared<std::function<void(size_t, int)>>();
        *next = [&, key, end, charts, next](size_t i, int run) {
            if (i == charts->size()) {
                QElapsedTimer t;
                t.start();
                store.queryAvailability(
                    key, end - 24 * 3'600'000LL, end, &app, [&, t](const Result<HistoryAvailability> &a) {
                        std::printf("availability 24 h: %.1f ms (probe success %.4f over %lld probes)\n",
                            double(t.nsecsElapsed()) / 1e6, a.ok() ? a->probeSuccess.value_or(-1) : -1.0,
                            static_cast<long long>(a.ok() ? a->probes : 0));
                        std::fflush(stdout);
                        // The overview's chart after a restart: every worker of the cluster, the last hour.
                        QElapsedTimer c;
                        c.start();
                        store.queryClusterAvailability(u"bench"_s, end - 3'600'000LL, end, 60'000, &app,
                            [&, c](const Result<QList<ClusterAvailabilitySample>> &r) {
                                std::printf("cluster availability 1 h, every worker: %.1f ms (%lld points, %d workers "
                                            "at the last)\n",
                                    double(c.nsecsElapsed()) / 1e6, static_cast<long long>(r.ok() ? r->size() : 0),
                                    r.ok() && !r->isEmpty() ? r->constLast().workers : 0);
                                std::fflush(stdout);
                                app.quit();
                            });
                    });
                return;
            }
            QElapsedTimer t;
            t.start();
            store.querySeries((*charts)[i].query, &app, [&, t, i, run, charts, next](const Result<HistorySeries> &s) {
                std::printf("query %-38s run %d: %6.1f ms, %s, %lld buckets of %lld s\n", (*charts)[i].name, run + 1,
                    double(t.nsecsElapsed()) / 1e6, s.ok() ? qPrintable(historyResolutionId(s->resolution)) : "error",
                    static_cast<long long>(s.ok() ? s->buckets.size() : 0),
                    static_cast<long long>(s.ok() ? s->bucketMs / 1000 : 0));
                std::fflush(stdout);
                if (run < 2)
                    (*next)(i, run + 1);
                else
                    (*next)(i + 1, 0);
            });
        };
        (*next)(0, 0);
    };

    QObject::connect(&store, &HistoryStore::opened, &app, [&](bool persistent) {
        if (!persistent) {
            std::printf("could not open %s\n", qPrintable(path));
            app.exit(1);
            return;
        }
        wall.start();
        cpuStart = cpuSeconds();
        pump();
    });
    store.open(path);
    return app.exec();
}

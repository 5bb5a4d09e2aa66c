// A child process for tst_historystore: writes probe samples into a HistoryStore and prints
// each sequence number it knows reached the disk ("flushed <seq>"), so the test can kill it
// with SIGKILL at any moment and check what survived.
//
//   history_writer <db> continuous [first]  write until killed, from sequence number `first` (0)
//   history_writer <db> count <n>           write n samples, then exit normally
#include "history/historystore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace parallax;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    const QString path = args.at(1);
    const bool continuous = args.at(2) == u"continuous"_s;
    const qint64 limit = continuous ? -1 : args.value(3).toLongLong();
    // Continuing a database an earlier (killed) writer left: sample `first` is the next one.
    const qint64 first = continuous ? args.value(3).toLongLong() : 0;

    SystemClock clock;
    HistorySettings settings;
    settings.flushIntervalMs = 50;
    HistoryStore store(clock, settings);
    store.open(path);

    const WorkerKey key{u"https://gpustack.test"_s, 7};
    constexpr qint64 baseMs = 1'780'000'000'000;
    qint64 seq = first;

    QTimer writer;
    writer.setInterval(1);
    QObject::connect(&writer, &QTimer::timeout, &app, [&] {
        for (int i = 0; i < 20 && (limit < 0 || seq < limit); ++i, ++seq) {
            ProbeSample s;
            s.atMs = baseMs + seq * 100;  // distinct times, several minutes of data
            s.ok = seq % 10 != 0;
            s.totalUs = quint32(1000 + seq % 500);
            s.httpStatus = s.ok ? 200 : 0;
            store.recordProbeSample(key, s);
        }
        if (limit >= 0 && seq >= limit) {
            writer.stop();
            store.flush(&app, [&](const Result<void> &r) {
                std::printf("done %lld %s\n", static_cast<long long>(seq), r.ok() ? "ok" : "failed");
                std::fflush(stdout);
                app.quit();
            });
        }
    });

    QTimer reporter;
    reporter.setInterval(20);
    QObject::connect(&reporter, &QTimer::timeout, &app, [&] {
        const qint64 upTo = seq - 1;  // everything recorded so far is in this flush
        store.flush(&app, [upTo, first](const Result<void> &r) {
            if (r.ok() && upTo >= first) {
                std::printf("flushed %lld\n", static_cast<long long>(upTo));
                std::fflush(stdout);
            }
        });
    });

    QObject::connect(&store, &HistoryStore::opened, &app, [&](bool persistent) {
        if (!persistent) {
            std::printf("not persistent\n");
            std::fflush(stdout);
            app.exit(3);
            return;
        }
        writer.start();
        if (continuous)
            reporter.start();
    });
    return app.exec();
}

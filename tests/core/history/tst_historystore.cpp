// HistoryStore on disk: survives restarts and kill -9, applies retention and the size cap,
// recovers from a corrupt or locked file and from a full disk without crashing.
#include "history/historydatabase.h"
#include "history/historystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include <sys/stat.h>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

const WorkerKey workerA{u"https://gpustack.test"_s, 1};
const WorkerKey writerKey{u"https://gpustack.test"_s, 7};  // history_writer's worker
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 3'600'000;

ProbeSample sample(qint64 atMs, bool ok, quint32 totalUs)
{
    ProbeSample s;
    s.atMs = atMs;
    s.ok = ok;
    s.totalUs = totalUs;
    s.connectUs = totalUs / 4;
    s.firstByteUs = totalUs / 2;
    s.httpStatus = ok ? 200 : 0;
    s.error = ok ? ProbeError::None : ProbeError::TimedOut;
    return s;
}

// Runs one asynchronous store call and returns its answer.
template<typename R, typename Call> std::optional<R> await(QObject *context, Call call, int timeoutMs = 20000)
{
    std::optional<R> out;
    call(context, [&out](const R &r) { out.emplace(r); });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs))
        qWarning("no answer from the history store");
    return out;
}

}  // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HistoryStore> openStore(const QString &path, const Clock &clock, HistorySettings settings = {})
    {
        auto store = std::make_unique<HistoryStore>(clock, settings);
        QSignalSpy opened(store.get(), &HistoryStore::opened);
        store->open(path);
        if (!opened.wait(10000))
            return nullptr;
        return store;
    }

    QList<ProbeSample> rawProbes(
        HistoryStore &store, const WorkerKey &key, qint64 from = 0, qint64 to = std::numeric_limits<qint64>::max())
    {
        auto r = await<Result<QList<ProbeSample>>>(
            this, [&](QObject *ctx, auto done) { store.queryRawProbes(key, from, to, ctx, done); });
        if (!r || !r->ok())
            return {};
        return r->value();
    }

    QList<RollupRow> rollups(HistoryStore &store, const WorkerKey &key, HistoryResolution res, qint64 from = 0,
        qint64 to = std::numeric_limits<qint64>::max())
    {
        auto r = await<Result<QList<RollupRow>>>(
            this, [&](QObject *ctx, auto done) { store.queryRollups(key, res, from, to, ctx, done); });
        if (!r || !r->ok())
            return {};
        return r->value();
    }

    HistoryMaintenanceReport maintain(HistoryStore &store)
    {
        auto r = await<Result<HistoryMaintenanceReport>>(
            this, [&](QObject *ctx, auto done) { store.runMaintenance(ctx, done); }, 60000);
        if (!r || !r->ok())
            return {};
        return r->value();
    }

private Q_SLOTS:
    void persistsAcrossRestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sub/history.sqlite"_s);  // the folder is created too
        ManualClock clock;
        const qint64 t0 = clock.nowMs();
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
            QVERIFY(store->isPersistent());
            for (int i = 0; i < 100; ++i)
                store->recordProbeSample(workerA, sample(t0 + i * 30'000, i % 7 != 0, 1000 + i));
            store->recordVerdict(workerA, Verdict::Unknown, Verdict::AgreeUp, t0);
            store->recordVerdict(workerA, Verdict::AgreeUp, Verdict::SplitLocalDown, t0 + HourMs);
        }  // closing writes what is pending
        QVERIFY(QFileInfo::exists(path));

        auto store = openStore(path, clock);
        QVERIFY(store);
        const QList<ProbeSample> back = rawProbes(*store, workerA);
        QCOMPARE(back.size(), 100);
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(back[i].atMs, t0 + i * 30'000);
            QCOMPARE(back[i].ok, i % 7 != 0);
            QCOMPARE(back[i].totalUs, quint32(1000 + i));
            QCOMPARE(back[i].error, i % 7 != 0 ? ProbeError::None : ProbeError::TimedOut);
        }
        auto series = await<Result<HistorySeries>>(this, [&](QObject *ctx, auto done) {
            store->querySeries({workerA, t0, t0 + 2 * HourMs, 100, 0}, ctx, done);
        });
        QVERIFY(series && series->ok());
        QCOMPARE(series->value().verdicts.size(), 2);
        QCOMPARE(series->value().verdicts[1].value, u"split_local_down"_s);
        QCOMPARE(series->value().verdicts[1].fromMs, t0 + HourMs);
    }

    void clusterAvailabilityCountsEachWorkerPerStep()
    {
        // What the overview's chart shows for the hour before a restart: per step, the workers
        // known, those the server called ready at the step's end, and those that answered.
        QTemporaryDir dir;
        ManualClock clock;
        const qint64 t0 = (clock.nowMs() / MinuteMs) * MinuteMs - 2 * HourMs;  // a whole minute, in the past
        const QString cluster = workerA.cluster;
        const WorkerKey w1{cluster, 1}, w2{cluster, 2}, w3{cluster, 3};
        const WorkerKey elsewhere{u"https://other.test"_s, 1};
        {
            auto store = openStore(dir.filePath(u"history.sqlite"_s), clock);
            QVERIFY(store);
            const auto state = [&](const WorkerKey &k, qint64 at, const QString &from, const QString &to) {
                HistoryEvent e;
                e.atMs = at;
                e.kind = HistoryEventKind::ServerState;
                e.from = from;
                e.to = to;
                store->recordEvent(k, e);
            };
            state(w1, t0, {}, u"ready"_s);
            state(w2, t0, {}, u"ready"_s);
            state(w2, t0 + 5 * MinuteMs, u"ready"_s, u"unreachable"_s);
            state(elsewhere, t0, {}, u"ready"_s);
            for (qint64 t = t0; t < t0 + 10 * MinuteMs; t += 30'000) {
                store->recordProbeSample(w1, sample(t, true, 1000));
                store->recordProbeSample(w2, sample(t, t < t0 + 5 * MinuteMs, 1000));
                if (t < t0 + 2 * MinuteMs)
                    store->recordProbeSample(w3, sample(t, true, 1000));  // then gone, no state known
                store->recordProbeSample(elsewhere, sample(t, true, 1000));
            }
        }
        auto store = openStore(dir.filePath(u"history.sqlite"_s), clock);  // after a restart
        QVERIFY(store);
        const auto query = [&](qint64 stepMs) {
            auto r = await<Result<QList<ClusterAvailabilitySample>>>(this, [&](QObject *ctx, auto done) {
                store->queryClusterAvailability(cluster, t0, t0 + 10 * MinuteMs, stepMs, ctx, done);
            });
            return r && r->ok() ? r->value() : QList<ClusterAvailabilitySample>{};
        };
        const QList<ClusterAvailabilitySample> minutes = query(MinuteMs);
        QCOMPARE(minutes.size(), 10);
        for (int k = 0; k < 10; ++k) {
            const ClusterAvailabilitySample &p = minutes.at(k);
            QCOMPARE(p.atMs, t0 + (k + 1) * MinuteMs - 1);
            QCOMPARE(p.workers, k <= 1 ? 3 : 2);
            QCOMPARE(p.serverReady, k <= 4 ? 2 : 1);
            QVERIFY2(p.reachable
                    == (k <= 1       ? 3
                            : k <= 4 ? 2
                                     : 1),
                qPrintable(u"minute %1: %2 reachable"_s.arg(k).arg(p.reachable)));
        }
        const QList<ClusterAvailabilitySample> fives = query(5 * MinuteMs);
        QCOMPARE(fives.size(), 2);
        QCOMPARE(fives.at(0), (ClusterAvailabilitySample{t0 + 5 * MinuteMs - 1, 3, 2, 3}));
        QCOMPARE(fives.at(1), (ClusterAvailabilitySample{t0 + 10 * MinuteMs - 1, 2, 1, 1}));
        // After the last probe nobody watched: the states in force are not carried on.
        auto longer = await<Result<QList<ClusterAvailabilitySample>>>(this, [&](QObject *ctx, auto done) {
            store->queryClusterAvailability(cluster, t0, t0 + 30 * MinuteMs, MinuteMs, ctx, done);
        });
        QVERIFY(longer && longer->ok());
        QCOMPARE(longer->value(), minutes);
        // A step below the rollups' minute is a minute; an unknown cluster has no points.
        QCOMPARE(query(1000).size(), 10);
        auto none = await<Result<QList<ClusterAvailabilitySample>>>(this, [&](QObject *ctx, auto done) {
            store->queryClusterAvailability(u"https://nowhere.test"_s, t0, t0 + 10 * MinuteMs, MinuteMs, ctx, done);
        });
        QVERIFY(none && none->ok() && none->value().isEmpty());
    }

    void persistsAfterChildExits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        QProcess child;
        child.start(QStringLiteral(HISTORY_WRITER_PATH), {path, u"count"_s, u"500"_s});
        QSignalSpy finished(&child, &QProcess::finished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(child.exitCode(), 0);
        QVERIFY(child.readAllStandardOutput().contains("done 500 ok"));

        ManualClock clock;
        auto store = openStore(path, clock);
        QVERIFY(store);
        QCOMPARE(rawProbes(*store, writerKey).size(), 500);
    }

    void killNineLosesOnlyTheLastFewSeconds()
    {
        for (int round = 0; round < 3; ++round) {
            QTemporaryDir dir;
            const QString path = dir.filePath(u"history.sqlite"_s);
            QProcess child;
            child.start(QStringLiteral(HISTORY_WRITER_PATH), {path, u"continuous"_s});
            QVERIFY(child.waitForStarted(10000));

            qint64 lastFlushed = -1;
            int flushes = 0;
            QByteArray buffer;
            auto readLines = [&] {
                buffer += child.readAllStandardOutput();
                qsizetype nl;
                while ((nl = buffer.indexOf('\n')) >= 0) {
                    const QByteArray line = buffer.left(nl);
                    buffer.remove(0, nl + 1);
                    if (line.startsWith("flushed ")) {
                        lastFlushed = std::max(lastFlushed, line.mid(8).toLongLong());
                        ++flushes;
                    }
                }
            };
            connect(&child, &QProcess::readyReadStandardOutput, this, readLines);
            // Let it write for a while (a different moment each round), then SIGKILL.
            const int flushesBeforeKill = 5 + int(QRandomGenerator::global()->bounded(10)) + round * 5;
            QTRY_VERIFY_WITH_TIMEOUT(flushes >= flushesBeforeKill, 20000);
            QTest::qWait(int(QRandomGenerator::global()->bounded(30)));
            child.kill();  // SIGKILL on Unix
            QSignalSpy finished(&child, &QProcess::finished);
            QVERIFY(finished.wait(10000) || child.state() == QProcess::NotRunning);
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            readLines();
            QVERIFY2(lastFlushed > 0, "the writer reported no flush");

            ManualClock clock;
            QList<Error> errors;
            auto store = std::make_unique<HistoryStore>(clock);
            connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
            QSignalSpy opened(store.get(), &HistoryStore::opened);
            store->open(path);
            QVERIFY(opened.wait(10000));
            QVERIFY(store->isPersistent());
            QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).detail));  // not set aside: intact

            const QList<ProbeSample> rows = rawProbes(*store, writerKey);
            QVERIFY2(rows.size() >= lastFlushed + 1,
                qPrintable(u"round %1: %2 rows, last flushed %3"_s.arg(round).arg(rows.size()).arg(lastFlushed)));
            // No holes: every sample up to the end of the last committed batch is there.
            for (qsizetype i = 0; i < rows.size(); ++i)
                QCOMPARE(rows[i].atMs, 1'780'000'000'000 + i * 100);
            // Rollups were committed with their raw rows: they agree.
            qint64 rolledUp = 0;
            for (const RollupRow &r : rollups(*store, writerKey, HistoryResolution::Minute))
                rolledUp += r.count;
            QCOMPARE(rolledUp, qint64(rows.size()));
        }
    }

    void retentionDropsRawThenRollups()
    {
        QTemporaryDir dir;
        ManualClock clock;
        const qint64 t0 = clock.nowMs() - clock.nowMs() % HourMs;
        HistorySettings settings;
        settings.rawRetentionMs = HourMs;
        settings.rollupRetentionMs = 24 * HourMs;
        auto store = openStore(dir.filePath(u"h.sqlite"_s), clock, settings);
        QVERIFY(store);
        for (qint64 t = t0; t < t0 + 3 * HourMs; t += MinuteMs)
            store->recordProbeSample(workerA, sample(t, true, 2000));
        clock.setNowMs(t0 + 3 * HourMs);

        HistoryMaintenanceReport report = maintain(*store);
        QCOMPARE(report.rawRowsDeleted, 120);  // the first two hours
        QList<ProbeSample> raw = rawProbes(*store, workerA);
        QCOMPARE(raw.size(), 60);
        QCOMPARE(raw.first().atMs, t0 + 2 * HourMs);
        // Rollups keep the older time for charts.
        QCOMPARE(rollups(*store, workerA, HistoryResolution::Minute).size(), 180);
        QCOMPARE(rollups(*store, workerA, HistoryResolution::Hour).size(), 3);

        clock.advanceMs(24 * HourMs + HourMs);
        report = maintain(*store);
        QCOMPARE(rollups(*store, workerA, HistoryResolution::Hour).size(), 0);
        QCOMPARE(rollups(*store, workerA, HistoryResolution::Minute).size(), 0);
        QCOMPARE(rawProbes(*store, workerA).size(), 0);
    }

    void retentionChangesWithoutARestart()
    {
        QTemporaryDir dir;
        ManualClock clock;
        const qint64 t0 = clock.nowMs() - clock.nowMs() % HourMs;
        auto store = openStore(dir.filePath(u"h.sqlite"_s), clock, HistorySettings{});  // 48 h raw
        QVERIFY(store);
        for (qint64 t = t0; t < t0 + 3 * HourMs; t += MinuteMs)
            store->recordProbeSample(workerA, sample(t, true, 2000));
        clock.setNowMs(t0 + 3 * HourMs);
        QCOMPARE(maintain(*store).rawRowsDeleted, 0);
        store->setRetention(HourMs, 24 * HourMs, store->settings().maxBytesOnDisk);  // Settings: keep 1 h
        QCOMPARE(store->settings().rawRetentionMs, HourMs);
        QCOMPARE(maintain(*store).rawRowsDeleted, 120);
        QCOMPARE(rawProbes(*store, workerA).size(), 60);
    }

    void sizeCapPrunesOldestRawFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        ManualClock clock;
        const qint64 t0 = clock.nowMs() - clock.nowMs() % HourMs;
        HistorySettings settings;
        settings.maxBytesOnDisk = 1024 * 1024;
        auto store = openStore(path, clock, settings);
        QVERIFY(store);
        constexpr int Workers = 10;
        constexpr int Samples = 8000;  // per worker, every 5 s: 11 h
        for (int i = 0; i < Samples; ++i) {
            for (int w = 0; w < Workers; ++w)
                store->recordProbeSample({workerA.cluster, w}, sample(t0 + i * 5000, i % 13 != 0, 1000 + quint32(i)));
        }
        clock.setNowMs(t0 + Samples * 5000);
        const auto flushed = await<Result<void>>(this, [&](QObject *ctx, auto done) { store->flush(ctx, done); });
        QVERIFY(flushed && flushed->ok());
        QVERIFY(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size() > settings.maxBytesOnDisk);

        const HistoryMaintenanceReport report = maintain(*store);
        QVERIFY(report.sizeCapApplied);
        QVERIFY2(report.bytesOnDisk <= settings.maxBytesOnDisk, qPrintable(QString::number(report.bytesOnDisk)));
        QCOMPARE(QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size(), report.bytesOnDisk);
        QVERIFY(report.rawRowsDeleted > 0);
        QCOMPARE(report.rollupRowsDeleted, 0);  // raw data went first and was enough

        const QList<ProbeSample> raw = rawProbes(*store, {workerA.cluster, 3});
        QVERIFY(!raw.isEmpty());
        QVERIFY(raw.size() < Samples);
        QCOMPARE(raw.last().atMs, t0 + (Samples - 1) * 5000);  // the newest data is kept
        QVERIFY(raw.first().atMs > t0);
        const QList<RollupRow> minutes = rollups(*store, {workerA.cluster, 3}, HistoryResolution::Minute);
        QCOMPARE(minutes.first().bucketStartMs, t0);  // the old period is still charted from rollups
        qint64 counted = 0;
        for (const RollupRow &r : minutes)
            counted += r.count;
        QCOMPARE(counted, Samples);
    }

    void corruptDatabaseIsSetAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        ManualClock clock;
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
            store->recordProbeSample(workerA, sample(clock.nowMs(), true, 1000));
        }
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray garbage(8192, '\0');
            for (char &c : garbage)
                c = char(QRandomGenerator::global()->bounded(256));
            file.write(garbage);  // the header and first pages are gone
        }
        QFile::remove(path + u"-wal"_s);

        auto store = std::make_unique<HistoryStore>(clock);
        QSignalSpy setAside(store.get(), &HistoryStore::databaseSetAside);
        QList<Error> errors;
        connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        QSignalSpy opened(store.get(), &HistoryStore::opened);
        store->open(path);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().first().toBool(), true);  // a fresh database, not memory only
        QCOMPARE(setAside.size(), 1);
        const QString aside = setAside.first().first().toString();
        QVERIFY(aside.startsWith(path + u".broken-"_s));
        QVERIFY(QFileInfo::exists(aside));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().code, ErrorCode::StorageFailure);
        QVERIFY(errors.first().message.contains(aside));  // the user learns where the old file went

        // The fresh database works.
        store->recordProbeSample(workerA, sample(clock.nowMs() + 1000, true, 1234));
        const QList<ProbeSample> rows = rawProbes(*store, workerA);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().totalUs, 1234u);
    }

    // Two Parallax windows on one history file (issue 21, item 1): the second one must neither
    // write nor move the first one's live file; it shows that history read-only and says so,
    // and takes over once the first one is gone.
    void secondInstanceReadsWithoutTouchingTheFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        QProcess writer;
        writer.start(QStringLiteral(HISTORY_WRITER_PATH), {path, u"continuous"_s});
        QVERIFY(writer.waitForStarted(10000));
        qint64 lastFlushed = -1;
        int flushes = 0;
        QByteArray buffer;
        auto readLines = [&] {
            buffer += writer.readAllStandardOutput();
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QByteArray line = buffer.left(nl);
                buffer.remove(0, nl + 1);
                if (line.startsWith("flushed ")) {
                    lastFlushed = std::max(lastFlushed, line.mid(8).toLongLong());
                    ++flushes;
                }
            }
        };
        connect(&writer, &QProcess::readyReadStandardOutput, this, readLines);
        QTRY_VERIFY_WITH_TIMEOUT(flushes >= 3, 20000);
        const auto inode = [](const QString &file) {
            struct stat st { };
            return ::stat(QFile::encodeName(file).constData(), &st) == 0 ? qint64(st.st_ino) : qint64(-1);
        };
        const qint64 fileBefore = inode(path);
        const qint64 walBefore = inode(path + u"-wal"_s);
        QVERIFY(fileBefore > 0 && walBefore > 0);

        ManualClock clock;
        auto store = std::make_unique<HistoryStore>(clock);
        QSignalSpy setAside(store.get(), &HistoryStore::databaseSetAside);
        QList<Error> errors;
        connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        QSignalSpy opened(store.get(), &HistoryStore::opened);
        store->open(path);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().first().toBool(), false);  // not recording here
        QVERIFY(store->isReadOnly());
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().message.contains(u"Another Parallax window is recording"_s),
            qPrintable(errors.first().message));

        // It shows what the first one records, and recording here stays in memory.
        const qint64 seenAtOpen = lastFlushed;
        QVERIFY(rawProbes(*store, writerKey).size() >= seenAtOpen + 1);
        store->recordProbeSample(workerA, sample(clock.nowMs(), true, 77));
        QCOMPARE(store->recentProbes(workerA).size(), 1);
        QCOMPARE(maintain(*store).bytesOnDisk, 0);  // the writer still holds the file: no take-over yet
        QVERIFY(store->isReadOnly());

        // The first one keeps writing its file, which nobody moved or replaced.
        const int flushesAtOpen = flushes;
        QTRY_VERIFY_WITH_TIMEOUT(flushes >= flushesAtOpen + 5, 20000);
        QCOMPARE(writer.state(), QProcess::Running);
        QCOMPARE(inode(path), fileBefore);
        QCOMPARE(setAside.size(), 0);
        QCOMPARE(QDir(dir.path()).entryList({u"*.broken-*"_s}).size(), 0);
        const qint64 flushedBefore = lastFlushed;  // the writer goes on while the query runs
        QVERIFY(rawProbes(*store, writerKey).size() >= flushedBefore + 1);  // each query sees the newest

        // Once the first one is gone, the second one records.
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));
        readLines();
        maintain(*store);
        QVERIFY(store->isPersistent());
        QVERIFY(!store->isReadOnly());
        QCOMPARE(setAside.size(), 0);
        store->recordProbeSample(workerA, sample(clock.nowMs() + 1000, true, 88));
        QCOMPARE(rawProbes(*store, workerA).size(), 1);
        QVERIFY(rawProbes(*store, writerKey).size() >= lastFlushed + 1);  // all the first one's history
    }

    // Another program keeping the file busy (not a Parallax: no lock file) is no reason to
    // move it: history runs in memory and returns to the same file when it is free.
    void busyDatabaseIsNeverSetAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        ManualClock clock;
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
            store->recordProbeSample(workerA, sample(clock.nowMs(), true, 55));
        }
        {
            QSqlDatabase holder = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"holder"_s);
            holder.setDatabaseName(path);
            QVERIFY(holder.open());
            QSqlQuery q(holder);
            QVERIFY(q.exec(u"PRAGMA locking_mode = EXCLUSIVE"_s));
            QVERIFY(q.exec(u"BEGIN EXCLUSIVE"_s));
            QVERIFY(q.exec(u"CREATE TABLE held (x)"_s));

            auto store = std::make_unique<HistoryStore>(clock);
            QSignalSpy setAside(store.get(), &HistoryStore::databaseSetAside);
            QList<Error> errors;
            connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
            QSignalSpy opened(store.get(), &HistoryStore::opened);
            store->open(path);
            QVERIFY(opened.wait(15000));
            QCOMPARE(opened.first().first().toBool(), false);
            QCOMPARE(setAside.size(), 0);
            QCOMPARE(QDir(dir.path()).entryList({u"*.broken-*"_s}).size(), 0);
            QCOMPARE(errors.size(), 1);
            QVERIFY2(errors.first().message.contains(u"memory"_s), qPrintable(errors.first().message));
            store->recordProbeSample(workerA, sample(clock.nowMs() + 1000, true, 99));
            QCOMPARE(store->recentProbes(workerA).size(), 1);

            QVERIFY(q.exec(u"ROLLBACK"_s));
            q.finish();
            holder.close();
            maintain(*store);  // the file is free again: the same file, with its history
            QVERIFY(store->isPersistent());
            store->recordProbeSample(workerA, sample(clock.nowMs() + 2000, true, 111));
            const QList<ProbeSample> rows = rawProbes(*store, workerA);
            QCOMPARE(rows.size(), 2);
            QCOMPARE(rows.first().totalUs, 55u);
            QCOMPARE(rows.last().totalUs, 111u);
        }
        QSqlDatabase::removeDatabase(u"holder"_s);
    }

    // One failed worker look-up (issue 21, item 8) must not leave values bound to the journal
    // statement: every later write then failed until a restart.
    void oneFailedWriteDoesNotStopHistory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        ManualClock clock;
        HistoryDatabase db(HistorySettings{});
        QVERIFY(db.open(path, clock.nowMs()));
        {
            // Injected: the worker row of worker 666 cannot be created.
            QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"injector"_s);
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY(q.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON worker WHEN NEW.worker_id = 666 "
                           "BEGIN SELECT RAISE(ABORT, 'injected'); END"_s));
            q.finish();
            other.close();
        }
        QSqlDatabase::removeDatabase(u"injector"_s);

        HistoryBatch bad;
        bad.heartbeats.append({WorkerKey{workerA.cluster, 666}, HeartbeatSample{clock.nowMs(), 1000}});
        QVERIFY(!db.write(bad, clock.nowMs()));

        HistoryBatch good;
        good.heartbeats.append({workerA, HeartbeatSample{clock.nowMs() + 1, 2000}});
        good.probes.append({workerA, sample(clock.nowMs() + 2, true, 1234)});
        const auto written = db.write(good, clock.nowMs());
        QVERIFY2(written, qPrintable(written ? QString() : written.error().detail));
        QCOMPARE(*written, 2);
        QVERIFY(db.isPersistent());
        const auto rows = db.rawProbes(workerA, 0, std::numeric_limits<qint64>::max());
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->first().totalUs, 1234u);
    }

    // A server churning workers with fresh ids (issue 21, item 4): what is kept per worker
    // shrinks back when they are removed, is capped when they are not, and their worker rows
    // go once retention took their history.
    void churnedWorkersAreForgotten()
    {
        constexpr int Churned = 100'000;
        ManualClock clock;
        const qint64 t0 = clock.nowMs() - clock.nowMs() % HourMs;
        const WorkerKey live{workerA.cluster, -1};

        // The store's recent rings: forgotten with the worker.
        {
            HistoryStore store(clock);
            for (int i = 0; i < Churned; ++i) {
                const WorkerKey key{workerA.cluster, 1'000'000 + i};
                store.recordProbeSample(key, sample(t0, true, 1000));
                store.forgetWorker(key);
            }
            store.recordProbeSample(live, sample(t0, true, 1000));
            QCOMPARE(store.workerCount(), 1);
        }
        // … and capped when nobody says they are gone: the most recent stay.
        {
            HistorySettings capped;
            capped.maxTrackedWorkers = 1000;
            HistoryStore store(clock, capped);
            for (int i = 0; i < Churned; ++i)
                store.recordProbeSample({workerA.cluster, 1'000'000 + i}, sample(t0, true, 1000));
            QVERIFY2(store.workerCount() <= 1000, qPrintable(QString::number(store.workerCount())));
            QCOMPARE(store.recentProbes({workerA.cluster, 1'000'000 + Churned - 1}).size(), 1);
        }

        // The database's caches, and its worker rows.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        HistorySettings settings;
        settings.rawRetentionMs = HourMs;
        settings.rollupRetentionMs = 2 * HourMs;
        HistoryDatabase db(settings);
        QVERIFY(db.open(path, t0));
        constexpr int PerBatch = 10'000;
        for (int first = 0; first < Churned; first += PerBatch) {
            HistoryBatch batch;
            for (int i = first; i < first + PerBatch; ++i) {
                const WorkerKey key{workerA.cluster, 1'000'000 + i};
                batch.probes.append({key, sample(t0 + i, true, 1000)});
                batch.forgotten.append(key);
            }
            batch.probes.append({live, sample(t0 + first, true, 1000)});
            QVERIFY(db.write(batch, t0));
            db.forget(batch.forgotten);
            QCOMPARE(db.cachedWorkers(), 1);  // the live worker only
        }
        // Compaction rebuilds the churned workers' rollups, and lets go of them again.
        HistoryBatch later;
        later.probes.append({live, sample(t0 + HourMs, true, 1000)});
        QVERIFY(db.write(later, t0 + HourMs));
        QCOMPARE(db.cachedWorkers(), 1);

        const auto workerRows = [&path] {
            QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"counter"_s);
            other.setDatabaseName(path);
            qint64 n = -1;
            if (other.open()) {
                QSqlQuery q(other);
                if (q.exec(u"SELECT COUNT(*) FROM worker"_s) && q.next())
                    n = q.value(0).toLongLong();
            }
            other = QSqlDatabase();
            QSqlDatabase::removeDatabase(u"counter"_s);
            return n;
        };
        QCOMPARE(workerRows(), Churned + 1);  // their history stays until retention
        const auto kept = db.maintain(t0 + HourMs + 30 * MinuteMs);
        QVERIFY(kept);
        QCOMPARE(workerRows(), Churned + 1);  // rollups are kept for two hours

        HistoryBatch latest;
        latest.probes.append({live, sample(t0 + 4 * HourMs, true, 1000)});
        QVERIFY(db.write(latest, t0 + 4 * HourMs));
        const auto pruned = db.maintain(t0 + 4 * HourMs + MinuteMs);
        QVERIFY2(pruned, qPrintable(pruned ? QString() : pruned.error().detail));
        QCOMPARE(workerRows(), 1);  // the live worker
        QCOMPARE(db.rawProbes(live, t0 + 4 * HourMs, t0 + 5 * HourMs)->size(), 1);
    }

    // History follows a stable cluster key (issue 21, item 10): rows an older version keyed by
    // the profile's name are taken over by its new key on first open, and only then.
    void oldNameKeyedHistoryIsAdopted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"h.sqlite"_s);
        ManualClock clock;
        const WorkerKey byName{u"prod"_s, 3};
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
            store->recordProbeSample(byName, sample(clock.nowMs(), true, 4242));
        }
        auto store = openStore(path, clock);
        QVERIFY(store);
        store->adoptCluster(u"prod"_s, u"profile:one"_s);
        const QList<ProbeSample> adopted = rawProbes(*store, {u"profile:one"_s, 3});
        QCOMPARE(adopted.size(), 1);
        QCOMPARE(adopted.first().totalUs, 4242u);
        QCOMPARE(rawProbes(*store, byName).size(), 0);

        // A second profile of the same name does not take the first one's history, nor does
        // a later run move rows recorded under the name again onto a key that has its own.
        store->recordProbeSample(byName, sample(clock.nowMs() + 1000, true, 1));
        store->adoptCluster(u"prod"_s, u"profile:one"_s);
        QCOMPARE(rawProbes(*store, {u"profile:one"_s, 3}).size(), 1);
        store->adoptCluster(u"profile:gone"_s, u"profile:two"_s);
        QCOMPARE(rawProbes(*store, {u"profile:two"_s, 3}).size(), 0);
    }

    // The history holds cluster topology and server messages (issue 21, item 12): other local
    // users may not read it, whatever the umask.
    void filesAreOwnerOnly()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"data/parallax"_s);
        const QString path = folder + u"/history.sqlite"_s;
        const mode_t previous = ::umask(022);
        const auto restore = qScopeGuard([previous] { ::umask(previous); });
        const auto mode = [](const QString &file) {
            struct stat st { };
            return ::stat(QFile::encodeName(file).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
        };
        ManualClock clock;
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
            store->recordProbeSample(workerA, sample(clock.nowMs(), true, 1000));
            QCOMPARE(rawProbes(*store, workerA).size(), 1);
            QCOMPARE(mode(dir.filePath(u"data"_s)), 0700);
            QCOMPARE(mode(folder), 0700);
            for (const QString &file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s, path + u".lock"_s})
                QCOMPARE(mode(file), 0600);
        }
        // A file an earlier version left readable is closed to others on the next open.
        QVERIFY(
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        auto store = openStore(path, clock);
        QVERIFY(store);
        QCOMPARE(mode(path), 0600);
        QCOMPARE(rawProbes(*store, workerA).size(), 1);
    }

    void fullDiskKeepsRunningInMemory()
    {
        QTemporaryDir dir;
        ManualClock clock;
        HistorySettings settings;
        settings.maxPageCountForTest = 40;  // SQLite reports SQLITE_FULL beyond 160 KiB
        auto store = openStore(dir.filePath(u"h.sqlite"_s), clock, settings);
        QVERIFY(store);
        QList<Error> errors;
        connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        for (int i = 0; i < 20000; ++i)
            store->recordProbeSample(workerA, sample(clock.nowMs() + i * 1000, true, 1000));
        const auto flushed = await<Result<void>>(this, [&](QObject *ctx, auto done) { store->flush(ctx, done); });
        QVERIFY(flushed && !flushed->ok());
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().code, ErrorCode::StorageFailure);
        QVERIFY2(errors.first().message.contains(u"full"_s), qPrintable(errors.first().message));
        QVERIFY(!store->isPersistent());

        // Still running: recording and recent history from memory keep working.
        store->recordProbeSample(workerA, sample(clock.nowMs() + 30'000'000, false, 0));
        QCOMPARE(store->recentProbes(workerA).last().atMs, clock.nowMs() + 30'000'000);
        const auto again = await<Result<void>>(this, [&](QObject *ctx, auto done) { store->flush(ctx, done); });
        QVERIFY(again && !again->ok());
        QCOMPARE(errors.size(), 1);  // said once, not on every flush
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"

// HistoryStore on disk: survives restarts and kill -9, applies retention and the size cap,
// recovers from a corrupt or locked file and from a full disk without crashing.
#include "history/historystore.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

const WorkerKey workerA { u"https://gpustack.test"_s, 1 };
const WorkerKey writerKey { u"https://gpustack.test"_s, 7 }; // history_writer's worker
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

} // namespace

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
        const QString path = dir.filePath(u"sub/history.sqlite"_s); // the folder is created too
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
        } // closing writes what is pending
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
            store->querySeries({ workerA, t0, t0 + 2 * HourMs, 100, 0 }, ctx, done);
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
        const WorkerKey w1 { cluster, 1 }, w2 { cluster, 2 }, w3 { cluster, 3 };
        const WorkerKey elsewhere { u"https://other.test"_s, 1 };
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
            return r && r->ok() ? r->value() : QList<ClusterAvailabilitySample> {};
        };
        const QList<ClusterAvailabilitySample> minutes = query(MinuteMs);
        QCOMPARE(minutes.size(), 10);
        for (int k = 0; k < 10; ++k) {
            const ClusterAvailabilitySample &p = minutes.at(k);
            QCOMPARE(p.atMs, t0 + (k + 1) * MinuteMs - 1);
            QCOMPARE(p.workers, k <= 1 ? 3 : 2);
            QCOMPARE(p.serverReady, k <= 4 ? 2 : 1);
            QVERIFY2(p.reachable == (k <= 1 ? 3 : k <= 4 ? 2 : 1), qPrintable(u"minute %1: %2 reachable"_s.arg(k).arg(p.reachable)));
        }
        const QList<ClusterAvailabilitySample> fives = query(5 * MinuteMs);
        QCOMPARE(fives.size(), 2);
        QCOMPARE(fives.at(0), (ClusterAvailabilitySample { t0 + 5 * MinuteMs - 1, 3, 2, 3 }));
        QCOMPARE(fives.at(1), (ClusterAvailabilitySample { t0 + 10 * MinuteMs - 1, 2, 1, 1 }));
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
        child.start(QStringLiteral(HISTORY_WRITER_PATH), { path, u"count"_s, u"500"_s });
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
            child.start(QStringLiteral(HISTORY_WRITER_PATH), { path, u"continuous"_s });
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
            child.kill(); // SIGKILL on Unix
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
            QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).detail)); // not set aside: intact

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
        QCOMPARE(report.rawRowsDeleted, 120); // the first two hours
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
        constexpr int Samples = 8000; // per worker, every 5 s: 11 h
        for (int i = 0; i < Samples; ++i) {
            for (int w = 0; w < Workers; ++w)
                store->recordProbeSample({ workerA.cluster, w }, sample(t0 + i * 5000, i % 13 != 0, 1000 + quint32(i)));
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
        QCOMPARE(report.rollupRowsDeleted, 0); // raw data went first and was enough

        const QList<ProbeSample> raw = rawProbes(*store, { workerA.cluster, 3 });
        QVERIFY(!raw.isEmpty());
        QVERIFY(raw.size() < Samples);
        QCOMPARE(raw.last().atMs, t0 + (Samples - 1) * 5000); // the newest data is kept
        QVERIFY(raw.first().atMs > t0);
        const QList<RollupRow> minutes = rollups(*store, { workerA.cluster, 3 }, HistoryResolution::Minute);
        QCOMPARE(minutes.first().bucketStartMs, t0); // the old period is still charted from rollups
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
            file.write(garbage); // the header and first pages are gone
        }
        QFile::remove(path + u"-wal"_s);

        auto store = std::make_unique<HistoryStore>(clock);
        QSignalSpy setAside(store.get(), &HistoryStore::databaseSetAside);
        QList<Error> errors;
        connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        QSignalSpy opened(store.get(), &HistoryStore::opened);
        store->open(path);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().first().toBool(), true); // a fresh database, not memory only
        QCOMPARE(setAside.size(), 1);
        const QString aside = setAside.first().first().toString();
        QVERIFY(aside.startsWith(path + u".broken-"_s));
        QVERIFY(QFileInfo::exists(aside));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().code, ErrorCode::StorageFailure);
        QVERIFY(errors.first().message.contains(aside)); // the user learns where the old file went

        // The fresh database works.
        store->recordProbeSample(workerA, sample(clock.nowMs() + 1000, true, 1234));
        const QList<ProbeSample> rows = rawProbes(*store, workerA);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().totalUs, 1234u);
    }

    void lockedDatabaseIsSetAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        ManualClock clock;
        {
            auto store = openStore(path, clock);
            QVERIFY(store);
        }
        // Another process holding the file exclusively (simulated with a second connection).
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
            QSignalSpy opened(store.get(), &HistoryStore::opened);
            store->open(path);
            QVERIFY(opened.wait(15000));
            QCOMPARE(opened.first().first().toBool(), true);
            QCOMPARE(setAside.size(), 1);
            store->recordProbeSample(workerA, sample(clock.nowMs(), true, 99));
            QCOMPARE(rawProbes(*store, workerA).size(), 1);
            q.exec(u"ROLLBACK"_s);
        }
        QSqlDatabase::removeDatabase(u"holder"_s);
    }

    void fullDiskKeepsRunningInMemory()
    {
        QTemporaryDir dir;
        ManualClock clock;
        HistorySettings settings;
        settings.maxPageCountForTest = 40; // SQLite reports SQLITE_FULL beyond 160 KiB
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
        QCOMPARE(errors.size(), 1); // said once, not on every flush
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"

// Data safety of the history (issue 9): a writer killed with SIGKILL at random moments, 100
// times over one database, never leaves a file that does not open or that lost a flushed row;
// a really full disk (a 2 MiB tmpfs) is said in a sentence, the store keeps running in memory
// and writes resume when space returns.
#include "history/historystore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include <unistd.h>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

const WorkerKey writerKey{u"https://gpustack.test"_s, 7};  // history_writer's worker
constexpr qint64 WriterBaseMs = 1'780'000'000'000;  // history_writer: sample n at base + n × 100 ms
constexpr qint64 WriterStepMs = 100;

ProbeSample sample(qint64 atMs, bool ok)
{
    ProbeSample s;
    s.atMs = atMs;
    s.ok = ok;
    s.totalUs = ok ? 1200 : 0;
    s.httpStatus = ok ? 200 : 0;
    s.error = ok ? ProbeError::None : ProbeError::Refused;
    return s;
}

template<typename R, typename Call> std::optional<R> await(QObject *context, Call call, int timeoutMs = 20000)
{
    std::optional<R> out;
    call(context, [&out](const R &r) { out.emplace(r); });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs))
        qWarning("no answer from the history store");
    return out;
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(20000))
        return u"timed out"_s;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QString::fromLocal8Bit(p.readAll()).trimmed() + u" (exit %1)"_s.arg(p.exitCode());
    return {};
}

// Fills the file system holding `dir` with one file until a write fails (ENOSPC).
qint64 fillDisk(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return -1;
    const QByteArray chunk(4096, 'x');
    qint64 written = 0;
    while (f.write(chunk) == chunk.size())
        written += chunk.size();
    return written;
}

}  // namespace

class TestHistorySafety : public QObject {
    Q_OBJECT

    QList<ProbeSample> rawProbes(HistoryStore &store, const WorkerKey &key, qint64 from, qint64 to)
    {
        auto r = await<Result<QList<ProbeSample>>>(
            this, [&](QObject *ctx, auto done) { store.queryRawProbes(key, from, to, ctx, done); });
        return r && r->ok() ? r->value() : QList<ProbeSample>();
    }

private Q_SLOTS:
    // 100 rounds over the same file: a writer child appends samples n, n+1, … and prints the
    // last sample of every flush that reached the disk; it is killed with SIGKILL at a random
    // moment (mid-transaction, mid-checkpoint, mid-compaction of the journal) and the file
    // reopened. It always opens without being set aside, and holds every sample up to the
    // last reported flush, with no hole and no duplicate.
    void sigkillHundredTimesKeepsEverythingFlushed()
    {
        const int rounds = qEnvironmentVariableIsSet("PARALLAX_KILL_ROUNDS")
            ? qEnvironmentVariableIntValue("PARALLAX_KILL_ROUNDS")
            : 100;
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.sqlite"_s);
        qint64 stored = 0;  // samples 0 … stored-1 are on disk
        qint64 flushedTotal = 0;
        QElapsedTimer elapsed;
        elapsed.start();
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < rounds; ++round) {
            QProcess child;
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
            child.start(QStringLiteral(HISTORY_WRITER_PATH), {path, u"continuous"_s, QString::number(stored)});
            QVERIFY(child.waitForStarted(10000));
            // A different moment each round: after 1–4 reported flushes, then 0–24 ms more.
            const int wanted = 1 + int(random->bounded(4));
            QTRY_VERIFY_WITH_TIMEOUT(flushes >= wanted || child.state() == QProcess::NotRunning, 20000);
            QVERIFY2(child.state() == QProcess::Running, child.readAllStandardOutput().constData());
            if (const int ms = int(random->bounded(25)); ms > 0)
                QTest::qWait(ms);
            child.kill();  // SIGKILL
            QVERIFY(child.waitForFinished(10000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            readLines();
            QVERIFY2(lastFlushed >= stored, qPrintable(u"round %1: no flush reported"_s.arg(round)));

            ManualClock clock;
            QList<Error> errors;
            auto store = std::make_unique<HistoryStore>(clock);
            connect(store.get(), &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
            QSignalSpy opened(store.get(), &HistoryStore::opened);
            store->open(path);
            QVERIFY(opened.wait(10000));
            QVERIFY2(store->isPersistent(), qPrintable(u"round %1"_s.arg(round)));
            QVERIFY2(errors.isEmpty(), qPrintable(u"round %1: %2"_s.arg(round).arg(errors.value(0).detail)));

            // This round's samples: from the first one it wrote.
            const QList<ProbeSample> rows =
                rawProbes(*store, writerKey, WriterBaseMs + stored * WriterStepMs, std::numeric_limits<qint64>::max());
            QVERIFY2(stored + rows.size() >= lastFlushed + 1,
                qPrintable(u"round %1: %2 rows from %3, last flushed %4"_s.arg(round)
                               .arg(rows.size())
                               .arg(stored)
                               .arg(lastFlushed)));
            for (qsizetype i = 0; i < rows.size(); ++i) {
                if (rows[i].atMs != WriterBaseMs + (stored + i) * WriterStepMs)
                    QFAIL(qPrintable(u"round %1: sample %2 is at %3 (a hole or a duplicate)"_s.arg(round)
                                         .arg(stored + i)
                                         .arg(rows[i].atMs)));
            }
            flushedTotal += lastFlushed + 1 - stored;
            stored += rows.size();
        }
        QVERIFY(QDir(dir.path()).entryList({u"*.broken-*"_s}).isEmpty());  // never set aside

        // At the end, everything from the first round on, and rollups that agree with it.
        ManualClock clock;
        HistoryStore store(clock);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(path);
        QVERIFY(opened.wait(10000));
        const QList<ProbeSample> all = rawProbes(store, writerKey, 0, std::numeric_limits<qint64>::max());
        QCOMPARE(all.size(), stored);
        auto minutes = await<Result<QList<RollupRow>>>(this, [&](QObject *ctx, auto done) {
            store.queryRollups(writerKey, HistoryResolution::Minute, 0, std::numeric_limits<qint64>::max(), ctx, done);
        });
        QVERIFY(minutes && minutes->ok());
        qint64 rolledUp = 0;
        for (const RollupRow &r : minutes->value())
            rolledUp += r.count;
        QCOMPARE(rolledUp, stored);
        qInfo("%d kills in %lld ms: %lld samples on disk, %lld of them reported flushed", rounds,
            static_cast<long long>(elapsed.elapsed()), static_cast<long long>(stored),
            static_cast<long long>(flushedTotal));
    }

    // A real full disk: the data folder on a 2 MiB tmpfs, mostly taken by another file.
    void fullTmpfsSaysSoKeepsRunningAndResumes()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: mounts a 2 MiB tmpfs as the data folder (CI runs the tests as root)");
        QTemporaryDir dir;
        const QString mount = dir.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(mount));
        if (const QString failed = run(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=2m"_s, u"tmpfs"_s, mount});
            !failed.isEmpty())
            QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + failed));
        auto unmount = qScopeGuard([&] { run(u"umount"_s, {u"-l"_s, mount}); });

        // Leave ~256 KiB free: the history fills that within a few flushes.
        const QString ballast = mount + u"/ballast"_s;
        QVERIFY(fillDisk(ballast) > 0);
        {
            QFile f(ballast);
            QVERIFY(f.resize(f.size() - 256 * 1024));
        }

        ManualClock clock;
        HistorySettings settings;
        settings.maintenanceIntervalMs = 3'600'000;  // the test runs maintenance itself
        HistoryStore store(clock, settings);
        QList<Error> errors;
        connect(&store, &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(mount + u"/history.sqlite"_s);
        QVERIFY(opened.wait(10000));
        QVERIFY(store.isPersistent());

        const qint64 t0 = clock.nowMs();
        qint64 n = 0;
        bool failed = false;
        for (int batch = 0; batch < 200 && !failed; ++batch) {
            for (int i = 0; i < 2000; ++i, ++n)
                store.recordProbeSample({u"https://gpustack.test"_s, n % 500}, sample(t0 + n * 10, n % 9 != 0));
            const auto flushed = await<Result<void>>(this, [&](QObject *ctx, auto done) { store.flush(ctx, done); });
            QVERIFY(flushed.has_value());
            failed = !flushed->ok();
        }
        QVERIFY2(failed, "the 2 MiB disk never filled up");
        QVERIFY(!store.isPersistent());
        // A sentence for a person, said once: the disk is full, history stays in memory.
        QTRY_COMPARE(errors.size(), 1);
        QCOMPARE(errors.first().code, ErrorCode::StorageFailure);
        QVERIFY2(errors.first().message.contains(u"full"_s), qPrintable(errors.first().message));
        QVERIFY2(errors.first().message.contains(u"memory"_s), qPrintable(errors.first().message));

        // Still running: recording and the recent history in memory work; queries answer.
        const WorkerKey later{u"https://gpustack.test"_s, 9999};
        store.recordProbeSample(later, sample(t0 + 50'000'000, false));
        QCOMPARE(store.recentProbes(later).size(), 1);
        QVERIFY(await<Result<void>>(this, [&](QObject *ctx, auto done) { store.flush(ctx, done); }).has_value());
        QCOMPARE(errors.size(), 1);  // not repeated on every flush

        // A maintenance pass while the disk is still full tries the disk again: that must not
        // mistake the full disk for a damaged file and move the history aside.
        QSignalSpy setAside(&store, &HistoryStore::databaseSetAside);
        {
            const auto stillFull = await<Result<HistoryMaintenanceReport>>(
                this, [&](QObject *ctx, auto done) { store.runMaintenance(ctx, done); }, 60000);
            QVERIFY(stillFull.has_value());
            store.recordProbeSample(later, sample(t0 + 50'001'000, false));
            QVERIFY(await<Result<void>>(this, [&](QObject *ctx, auto done) { store.flush(ctx, done); }).has_value());
        }
        QCOMPARE(setAside.count(), 0);
        QVERIFY(QDir(mount).entryList({u"*.broken-*"_s}).isEmpty());

        // Space comes back: the next maintenance pass reopens the file and writes resume.
        QVERIFY(QFile::remove(ballast));
        const auto maintained = await<Result<HistoryMaintenanceReport>>(
            this, [&](QObject *ctx, auto done) { store.runMaintenance(ctx, done); }, 60000);
        QVERIFY(maintained.has_value());
        QVERIFY2(maintained->ok(), qPrintable(maintained->ok() ? QString() : maintained->error().detail));
        QVERIFY(store.isPersistent());
        const WorkerKey resumed{u"https://gpustack.test"_s, 12345};
        for (int i = 0; i < 100; ++i)
            store.recordProbeSample(resumed, sample(t0 + 60'000'000 + i * 1000, true));
        const auto again = await<Result<void>>(this, [&](QObject *ctx, auto done) { store.flush(ctx, done); });
        QVERIFY(again && again->ok());
        QCOMPARE(rawProbes(store, resumed, 0, std::numeric_limits<qint64>::max()).size(), 100);
        QCOMPARE(setAside.count(), 0);
    }

    // Parallax starting with its data folder on a disk that is already full: the history file
    // there is kept (not set aside as if damaged), the store runs in memory and says why.
    void startingOnAFullDiskKeepsTheFile()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: mounts a 2 MiB tmpfs as the data folder (CI runs the tests as root)");
        QTemporaryDir dir;
        const QString mount = dir.filePath(u"data"_s);
        QVERIFY(QDir().mkpath(mount));
        if (const QString failed = run(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=2m"_s, u"tmpfs"_s, mount});
            !failed.isEmpty())
            QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + failed));
        auto unmount = qScopeGuard([&] { run(u"umount"_s, {u"-l"_s, mount}); });
        const QString path = mount + u"/history.sqlite"_s;
        ManualClock clock;
        const WorkerKey key{u"https://gpustack.test"_s, 1};
        {
            HistoryStore store(clock);
            QSignalSpy opened(&store, &HistoryStore::opened);
            store.open(path);
            QVERIFY(opened.wait(10000));
            for (int i = 0; i < 500; ++i)
                store.recordProbeSample(key, sample(clock.nowMs() + i * 1000, true));
        }  // written and closed
        QVERIFY(fillDisk(mount + u"/ballast"_s) > 0);

        HistoryStore store(clock);
        QList<Error> errors;
        connect(&store, &HistoryStore::errorOccurred, this, [&](const Error &e) { errors.append(e); });
        QSignalSpy setAside(&store, &HistoryStore::databaseSetAside);
        QSignalSpy opened(&store, &HistoryStore::opened);
        store.open(path);
        QVERIFY(opened.wait(10000));
        store.recordProbeSample(key, sample(clock.nowMs() + 600'000, false));
        const auto flushed = await<Result<void>>(this, [&](QObject *ctx, auto done) { store.flush(ctx, done); });
        QVERIFY(flushed.has_value());
        QCOMPARE(setAside.count(), 0);
        QVERIFY(QDir(mount).entryList({u"*.broken-*"_s}).isEmpty());
        QVERIFY(QFileInfo::exists(path));
        if (!flushed->ok()) {  // the disk is full indeed: said in a sentence, kept in memory
            QVERIFY(!errors.isEmpty());
            QVERIFY2(errors.first().message.contains(u"full"_s), qPrintable(errors.first().message));
            QVERIFY(!store.isPersistent());
        }
        QCOMPARE(store.recentProbes(key).size(), 1);

        QVERIFY(QFile::remove(mount + u"/ballast"_s));
        const auto maintained = await<Result<HistoryMaintenanceReport>>(
            this, [&](QObject *ctx, auto done) { store.runMaintenance(ctx, done); }, 60000);
        QVERIFY(maintained && maintained->ok());
        QVERIFY(store.isPersistent());
        QVERIFY(rawProbes(store, key, 0, std::numeric_limits<qint64>::max()).size() >= 500);  // the old file's rows
    }
};

QTEST_GUILESS_MAIN(TestHistorySafety)
#include "tst_historysafety.moc"

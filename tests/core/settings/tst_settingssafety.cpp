// Data safety of the settings (issue 9): a save killed with SIGKILL at any moment leaves the
// old or the new profiles file, never a torn one; a full disk (a 2 MiB tmpfs) makes the save
// fail with a sentence and leaves the old file as it was.
#include "settings/profilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

QStringList names(const ProfileStore &store)
{
    QStringList out;
    for (const ServerProfile &p : store.profiles())
        out.append(p.name);
    return out;
}

// profile_writer's two contents.
QStringList contentA()
{
    QStringList out;
    for (int i = 0; i < 120; ++i)
        out.append(u"alpha-%1"_s.arg(i, 3, 10, QLatin1Char('0')));
    return out;
}
QStringList contentB()
{
    QStringList out;
    for (int i = 0; i < 80; ++i)
        out.append(u"beta-%1"_s.arg(i, 3, 10, QLatin1Char('0')));
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

}  // namespace

class TestSettingsSafety : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // 100 SIGKILLs of a process that saves two different contents in turn, as fast as it can.
    // After each, the file loads and is exactly one of the two.
    void killedSaveLeavesOldOrNewNeverTorn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.json"_s);
        const QStringList a = contentA(), b = contentB();
        int sawA = 0, sawB = 0;
        auto *random = QRandomGenerator::global();
        for (int round = 0; round < 100; ++round) {
            QProcess child;
            child.start(QStringLiteral(PROFILE_WRITER_PATH), {path});
            QVERIFY(child.waitForStarted(10000));
            // The first save must have happened (else there is no "old" to keep), then a random moment.
            QTRY_VERIFY_WITH_TIMEOUT(
                child.canReadLine() || child.bytesAvailable() > 0 || child.state() != QProcess::Running, 10000);
            QTest::qWait(int(random->bounded(20)));
            child.kill();
            QVERIFY(child.waitForFinished(10000));
            QVERIFY2(!child.readAllStandardOutput().contains("failed"), "a save failed");

            ProfileStore store(path);
            const Result<void> loaded = store.load();
            QVERIFY2(loaded.ok(),
                qPrintable(u"round %1: %2"_s.arg(round).arg(loaded.ok() ? QString() : loaded.error().message)));
            const QStringList got = names(store);
            if (got == a)
                ++sawA;
            else if (got == b)
                ++sawB;
            else
                QFAIL(qPrintable(
                    u"round %1: %2 profiles, neither the old nor the new file"_s.arg(round).arg(got.size())));
        }
        QVERIFY(sawA > 0 && sawB > 0);  // the kills did land between saves of both kinds
        qInfo("100 kills mid-save: %d times content A, %d times content B", sawA, sawB);

        // What the killed saves left behind (their half-written temporary files) is cleaned up
        // once it is clearly abandoned, and never mistaken for the settings.
        const QStringList leftovers = QDir(dir.path()).entryList({u"profiles.json.*"_s}, QDir::Files);
        for (const QString &name : leftovers) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600), QFileDevice::FileModificationTime));
        }
        ProfileStore store(path);
        QVERIFY(store.load().ok());
        QCOMPARE(QDir(dir.path()).entryList({u"profiles.json.*"_s}, QDir::Files), QStringList());
        QVERIFY(QFileInfo::exists(path));
    }

    // A save of someone else (another Parallax) still in progress is not touched.
    void freshTemporaryFileIsLeftAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.json"_s);
        QFile other(path + u".aB3xYz"_s);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("{\"version\":1,");
        other.close();
        ProfileStore store(path);
        QVERIFY(store.load().ok());
        QVERIFY(QFileInfo::exists(other.fileName()));
    }

    // A real full disk: the settings folder on a 2 MiB tmpfs that another file filled up.
    void fullDiskSaveFailsClearlyAndKeepsTheOldFile()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: mounts a 2 MiB tmpfs as the settings folder (CI runs the tests as root)");
        QTemporaryDir dir;
        const QString mount = dir.filePath(u"config"_s);
        QVERIFY(QDir().mkpath(mount));
        if (const QString failed = run(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=2m"_s, u"tmpfs"_s, mount});
            !failed.isEmpty())
            QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + failed));
        auto unmount = qScopeGuard([&] { run(u"umount"_s, {u"-l"_s, mount}); });

        const QString path = mount + u"/profiles.json"_s;
        ProfileStore store(path);
        store.upsert(newServerProfile(u"old"_s, QUrl(u"https://old.gpustack.test"_s)));
        QVERIFY(store.save().ok());

        // Fill the disk.
        const QString ballast = mount + u"/ballast"_s;
        {
            QFile f(ballast);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
            const QByteArray chunk(4096, 'x');
            while (f.write(chunk) == chunk.size()) { }
        }
        for (int i = 0; i < 200; ++i)
            store.upsert(newServerProfile(u"new-%1"_s.arg(i), QUrl(u"https://new-%1.gpustack.test"_s.arg(i))));
        const Result<void> saved = store.save();
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, ErrorCode::StorageFailure);
        QVERIFY2(saved.error().message.contains(path), qPrintable(saved.error().message));
        QVERIFY2(saved.error().message.contains(u"space"_s, Qt::CaseInsensitive), qPrintable(saved.error().message));

        // The old file is intact, and no half-written temporary file is left beside it.
        ProfileStore reread(path);
        QVERIFY(reread.load().ok());
        QCOMPARE(names(reread), QStringList{u"old"_s});
        QCOMPARE(QDir(mount).entryList({u"profiles.json.*"_s}, QDir::Files), QStringList());

        // Space comes back: the same save succeeds.
        QVERIFY(QFile::remove(ballast));
        QVERIFY(store.save().ok());
        QVERIFY(reread.load().ok());
        QCOMPARE(reread.profiles().size(), 201);
    }
};

QTEST_GUILESS_MAIN(TestSettingsSafety)
#include "tst_settingssafety.moc"

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// parallax-cli as a user runs it: a real process, its exit code and what it prints.
class TestCli : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), args);
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void helpPrintsCommandsAndExitsZero()
    {
        const Run r = run({u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.contains(u"check"_s) && r.out.contains(u"watch"_s) && r.out.contains(u"sim"_s), qPrintable(r.out));
    }

    void versionPrintsVersionAndExitsZero()
    {
        const Run r = run({u"--version"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral(PARALLAX_VERSION)), qPrintable(r.out));
    }

    void unknownOptionExitsTwoWithMessage()
    {
        const Run r = run({u"--no-such-option"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"no-such-option"_s), qPrintable(r.err));
    }

    void unknownCommandExitsTwo()
    {
        const Run r = run({u"frobnicate"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"frobnicate"_s), qPrintable(r.err));
    }

    void noCommandExitsTwo()
    {
        const Run r = run({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

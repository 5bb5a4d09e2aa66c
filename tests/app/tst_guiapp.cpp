#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// The GUI executable as a user starts it: it opens its window and quits cleanly.
class TestGuiApp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsShowsWindowAndQuitsCleanly()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"QT_LOGGING_RULES"_s, u"parallax.app.info=true"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax"), {u"--quit-after"_s, u"1500"_s});
        QVERIFY(p.waitForStarted(10000));
        QVERIFY2(p.waitForFinished(60000), "parallax did not quit by itself");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(u"main window shown"_s), qPrintable(err));
    }

    void versionOption()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax"), {u"--version"_s});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains(QStringLiteral(PARALLAX_VERSION)));
    }

    // --help and --version on a machine with no display at all: over ssh, in CI, in a
    // container. No DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM to fall back on.
    void helpAndVersionWithoutADisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("help") << u"--help"_s << u"--demo"_s;
        QTest::newRow("version") << u"--version"_s << QStringLiteral(PARALLAX_VERSION);
    }

    void helpAndVersionWithoutADisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
            env.remove(name);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax"), {option});
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QVERIFY2(QString::fromUtf8(p.readAllStandardOutput()).contains(expected), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestGuiApp)
#include "tst_guiapp.moc"

#include "base/buildinfo.h"
#include "report/reportinput.h"

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// Issue 20: the version and the git revision come from one place (core/base/buildinfo.h) and
// read the same in `--version` of both executables and in the reports' generator line.
class TestBuildInfo : public QObject {
    Q_OBJECT

    static QString run(const QString &program, const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        p.setProcessEnvironment(env);
        p.start(program, args);
        if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return {};
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

private Q_SLOTS:
    void revisionIsTheCheckoutsCommit()
    {
        const QString head = run(u"git"_s, {u"-C"_s, QStringLiteral(PARALLAX_SOURCE_DIR), u"rev-parse"_s, u"HEAD"_s});
        if (head.isEmpty())
            QSKIP("the source is not a git checkout here");
        QVERIFY2(!parallax::buildinfo::revision().isEmpty(), "no revision in a build from a git checkout");
        // Built from the checkout's HEAD, or from a later commit when this test binary is stale.
        QVERIFY2(head.startsWith(parallax::buildinfo::revision().section(u'-', 0, 0)),
            qPrintable(head + u" vs "_s + parallax::buildinfo::revision()));
        QCOMPARE(parallax::buildinfo::versionLine(),
            QStringLiteral(PARALLAX_VERSION " (git ") + parallax::buildinfo::revision() + u')');
    }

    void cliVersionIsTheVersionLine()
    {
        QCOMPARE(run(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), {u"--version"_s}),
            u"parallax-cli "_s + parallax::buildinfo::versionLine());
    }

    void guiVersionIsTheVersionLine()
    {
#ifdef PARALLAX_HAS_GUI
        QCOMPARE(run(QStringLiteral(PARALLAX_BIN_DIR "/parallax"), {u"--version"_s}),
            u"parallax "_s + parallax::buildinfo::versionLine());
#else
        QSKIP("built without the GUI");
#endif
    }

    void reportGeneratorIsTheVersionLine()
    {
        QCOMPARE(parallax::currentEnvironment().generatorVersion, parallax::buildinfo::versionLine());
    }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "tst_buildinfo.moc"

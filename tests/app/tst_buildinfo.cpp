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
        const QString source = QStringLiteral(PARALLAX_SOURCE_DIR);
        if (run(u"git"_s, {u"-C"_s, source, u"rev-parse"_s, u"HEAD"_s}).isEmpty())
            QSKIP("the source is not a git checkout here");
        const QString revision = parallax::buildinfo::revision();
        QVERIFY2(!revision.isEmpty(), "no revision in a build from a git checkout");
        // This checkout's commit, or one before it when commits were made after the build.
        const QString commit = revision.section(u'-', 0, 0);
        QProcess ancestor;
        ancestor.start(u"git"_s, {u"-C"_s, source, u"merge-base"_s, u"--is-ancestor"_s, commit, u"HEAD"_s});
        QVERIFY(ancestor.waitForFinished(30000));
        QVERIFY2(ancestor.exitCode() == 0, qPrintable(revision + u" is not a commit of this checkout's history"_s));
        QCOMPARE(parallax::buildinfo::versionLine(), QStringLiteral(PARALLAX_VERSION " (git ") + revision + u')');
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

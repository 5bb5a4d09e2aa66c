#include "reportfixture.h"

#include "report/report.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// The HTML report as a browser sees it: Debian's chromium, headless, loading the file with
// no network. It must load without a single console message (a script error, a CSP
// violation, a blocked remote load all print one), the DOM must hold the report's sections
// and none of the hostile markup as elements; a screenshot is left for a person to look at.
class TestReportBrowser : public QObject {
    Q_OBJECT

    QString m_chromium;
    QTemporaryDir m_dir;
    QString m_html;

    struct Run {
        bool finished = false;
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run chromium(const QStringList &extra)
    {
        QProcess p;
        QStringList args = {u"--headless"_s, u"--no-sandbox"_s, u"--disable-gpu"_s,
            u"--disable-background-networking"_s, u"--disable-component-update"_s, u"--disable-sync"_s,
            u"--no-first-run"_s, u"--user-data-dir="_s + m_dir.filePath(u"profile"_s), u"--enable-logging=stderr"_s,
            u"--v=0"_s};
        args << extra << QUrl::fromLocalFile(m_html).toString();
        p.start(m_chromium, args);
        Run r;
        r.finished = p.waitForFinished(90'000);
        if (!r.finished)
            p.kill();
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_chromium = QStandardPaths::findExecutable(u"chromium"_s);
        if (m_chromium.isEmpty())
            QSKIP("chromium is not installed (scripts/install-deps.sh installs it)");
        QVERIFY(m_dir.isValid());
        m_html = m_dir.filePath(u"report.html"_s);
        QFile f(m_html);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(renderReport(reportfixture::cluster(), ReportFormat::Html, Redactor()));
    }

    void loadsWithoutConsoleMessagesAndShowsTheReport()
    {
        const Run r = chromium({u"--dump-dom"_s});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.err.contains(":CONSOLE"), r.err.constData());
        const QString dom = QString::fromUtf8(r.out);
        for (const QString &id :
            {u"summary"_s, u"environment"_s, u"cluster-availability"_s, u"trouble"_s, u"all-workers"_s})
            QVERIFY2(dom.contains(u"<section id=\"%1\">"_s.arg(id)), qPrintable(id));
        QVERIFY(dom.contains(u"<svg"_s));
        QVERIFY(dom.contains(u"gpu-a-02"_s));
        // The hostile strings are text nodes, not elements.
        QVERIFY(dom.contains(u"&lt;script&gt;alert(1)&lt;/script&gt;"_s));
        QVERIFY(!dom.contains(u"<script"_s));
        QVERIFY(!dom.contains(u"<img"_s));
        QVERIFY(!dom.contains(u"<a href=\"http"_s));
    }

    void screenshotForAPersonToLookAt()
    {
        // Left beside the test binary: <build>/tests/report-screenshot.png.
        const QString shot = QStringLiteral(PARALLAX_BIN_DIR "/../tests/report-screenshot.png");
        QFile::remove(shot);
        const Run r = chromium({u"--screenshot="_s + shot, u"--window-size=1100,2600"_s, u"--hide-scrollbars"_s});
        QVERIFY(r.finished);
        QVERIFY2(QFile::exists(shot), r.err.constData());
        QVERIFY(QFileInfo(shot).size() > 50'000);  // a blank page compresses to a few KB
    }
};

QTEST_GUILESS_MAIN(TestReportBrowser)
#include "tst_reportbrowser.moc"

// The reports through Qt's own renderers (issue 9): the Markdown report as a Markdown viewer
// shows it (QTextDocument::setMarkdown, md4c) and the HTML report through QTextDocument, with
// hostile values planted: no image, link or resource load may come from them. (A separate
// binary from tst_injectionui: report/ and ui/timeline/ both define a TimelinePoint.)
#include "hostilevalues.h"
#include "inertdocument.h"
#include "report/report.h"

#include <QGuiApplication>

using namespace parallax;

class TestInjectionReports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportsRenderInertInQtsOwnRenderer()
    {
        // The Markdown report as a Markdown viewer would show it (Qt's md4c), and the HTML
        // report through QTextDocument: no image, link or load from a planted value.
        Worker w;
        w.id = 1;
        w.name = hostile::script + hostile::image;
        w.hostname = hostile::quoteBreak;
        w.stateMessage = hostile::stateHtml;
        w.labels = {{hostile::markdown, hostile::image}};
        w.state = WorkerState::Unreachable;
        ReportInput in;
        in.generatedAtMs = 1'780'000'000'000;
        in.server.url = QUrl(u"https://gpustack.example.com/"_s);
        ReportWorker rw;
        rw.view.server = w;
        rw.view.verdict = Verdict::SplitServerDown;
        rw.view.local = LocalState::Up;
        Cause c;
        c.id = CauseId::ServerPathBlocked;
        c.confidence = 0.6;
        c.title = hostile::script;
        c.evidence = hostile::markdown;
        c.fix = hostile::stateHtml;
        c.commands = {u"nc -zv -w 2 "_s + hostile::quoteBreak};
        rw.view.causes = {c};
        rw.wizard = {{hostile::image, u"failed"_s, hostile::markdown}};
        in.workers = {rw};
        const QString md = QString::fromUtf8(renderReport(in, ReportFormat::Markdown, Redactor()));
        const Inspection m = inspectMarkdown(md);
        EXPECT_INERT(m, u"markdown report"_s);
        // Shown as text; the writer puts a WORD JOINER after "http:" so no viewer autolinks it.
        const QString shown = QString(m.plain).remove(QChar(0x2060));
        QVERIFY2(shown.contains(hostile::script), qPrintable(shown.left(3000)));
        QVERIFY2(shown.contains(u"[click](http://127.0.0.1:9/phish)"_s), qPrintable(shown.left(3000)));
        const Inspection h = inspectHtml(QString::fromUtf8(renderReport(in, ReportFormat::Html, Redactor())));
        EXPECT_INERT(h, u"html report"_s);
        QVERIFY2(QString(h.plain).remove(QChar(0x2060)).contains(hostile::script), qPrintable(h.plain.left(3000)));
    }
};

QTEST_MAIN(TestInjectionReports)
#include "tst_injectionreports.moc"

// Injection through the GUI's rich text (issue 9): worker names, host names, labels and the
// server's state_message HTML are untrusted. Wherever Qt would render a string as rich text
// (tooltips, QLabel in RichText or AutoText mode, QTextBrowser) it is laid out in a
// QTextDocument that records every resource it is asked to load: no image, no link, no style
// and no load may come from a hostile value, and the hostile text itself must still be shown.
#include "common/fleet.h"
#include "hostilevalues.h"
#include "inertdocument.h"
#include "models/workertablemodel.h"
#include "panes/clusteroverviewpane.h"
#include "panes/workerdetailpane.h"
#include "timeline/recenthistory.h"
#include "traynotifier.h"
#include "wizard/wizardpanel.h"

#include <QAbstractTextDocumentLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

bool rendersAsRichText(const QLabel *label)
{
    return label->textFormat() == Qt::RichText
        || ((label->textFormat() == Qt::AutoText || label->textFormat() == Qt::MarkdownText)
            && Qt::mightBeRichText(label->text()));
}

// Every label of a widget tree, as it renders.
void expectLabelsInert(const QWidget &root, const QString &where, QString *shown = nullptr)
{
    for (const QLabel *label : root.findChildren<QLabel *>()) {
        const QString name = where + u" label "_s + label->objectName();
        if (label->textFormat() == Qt::MarkdownText) {
            EXPECT_INERT(inspectMarkdown(label->text()), name);
        } else if (rendersAsRichText(label)) {
            const Inspection i = inspectHtml(label->text());
            EXPECT_INERT(i, name + u": "_s + label->text().left(200));
            if (shown)
                *shown += i.plain + u'\n';
        } else if (shown) {
            *shown += label->text() + u'\n';
        }
    }
    for (const QTextBrowser *browser : root.findChildren<QTextBrowser *>()) {
        QTextDocument *doc = browser->document();
        EXPECT_INERT(inspect(*doc, nullptr), where + u" browser "_s + browser->objectName());
        if (shown)
            *shown += doc->toPlainText() + u'\n';
    }
}

Worker hostileWorker(qint64 nowMs)
{
    Worker w = fleet::worker(1, hostile::script + hostile::image, u"10.0.0.5"_s, 1, u"NVIDIA L40S"_s, 48, 50, nowMs);
    w.hostname = hostile::quoteBreak + hostile::substitution;
    w.advertiseAddress = hostile::quoteBreak;
    w.ifname = hostile::backticks;
    w.labels = {{hostile::markdown, hostile::image}, {u"q"_s, hostile::quoteNewline}, {u"html"_s, hostile::stateHtml}};
    w.state = WorkerState::Unreachable;
    w.stateText = hostile::image;
    w.stateMessage = hostile::stateHtml;
    w.workerVersion = hostile::backticks;
    w.proxyMode = hostile::script;
    if (w.status && !w.status->gpus.isEmpty())
        w.status->gpus.first().name = hostile::image + u" %1"_s;
    return w;
}

}  // namespace

class TestInjectionUi : public QObject {
    Q_OBJECT

    ManualClock clock;

    // The hostile worker in the monitor, its probe from here timing out.
    Worker addHostileWorker(ClusterMonitor &monitor)
    {
        const Worker w = hostileWorker(clock.nowMs());
        monitor.upsertServerWorker(w);
        fleet::observe(monitor, fleet::probe(w, clock.nowMs(), false, 0, ProbeError::TimedOut));
        monitor.flush();
        return w;
    }

private Q_SLOTS:
    void workerTableTooltipsAndCellsAreInert()
    {
        ClusterMonitor monitor(clock);
        WorkerTableModel model(&monitor, clock);
        const Worker w = addHostileWorker(monitor);
        QCOMPARE(model.rowCount(), 1);
        QString shown;
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex index = model.index(0, c);
            const QString where = u"column %1"_s.arg(c);
            const QString tip = index.data(Qt::ToolTipRole).toString();
            if (Qt::mightBeRichText(tip)) {
                const Inspection i = inspectHtml(tip);
                EXPECT_INERT(i, where + u" tooltip: "_s + tip.left(300));
                shown += i.plain + u'\n';
            } else {
                shown += tip + u'\n';
            }
            // Item views paint DisplayRole as plain text; it must still carry the value as sent.
            shown += index.data(Qt::DisplayRole).toString() + u'\n';
        }
        QVERIFY2(shown.contains(w.name), qPrintable(shown));  // shown, as text
        QVERIFY(shown.contains(hostile::quoteBreak));
        // The probed host inside a translated sentence: "%3" in it is not a placeholder.
        Worker p = w;
        p.id = 2;
        p.advertiseAddress = hostile::percent;
        monitor.upsertServerWorker(p);
        fleet::observe(monitor, fleet::probe(p, clock.nowMs(), false, 0, ProbeError::TimedOut));
        monitor.flush();
        const int row = model.index(0, 0).data(WorkerTableModel::WorkerIdRole).toLongLong() == 2 ? 0 : 1;
        const QString tip = model.index(row, WorkerTableModel::YourViewColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(inspectHtml(tip).plain.contains(hostile::percent + u":10150 from this machine"_s), qPrintable(tip));
        QVERIFY(shown.contains(u"down x"_s));  // the state message's words, without its markup
    }

    // With nothing selected the pane says where to start: the hostile worker's name and
    // cause as text; its only links are the pane's own worker:<id> ones.
    void detailPaneStartPageIsInert()
    {
        ClusterMonitor monitor(clock);
        RecentHistory history(&monitor, clock);
        const Worker w = addHostileWorker(monitor);
        WorkerDetailPane pane(&monitor, &history, clock, u"prod"_s);
        pane.showWorker(-1);
        auto *start = pane.findChild<QTextBrowser *>(u"detailEmptyState"_s);
        QVERIFY(start);
        Inspection i = inspect(*start->document(), nullptr);
        QVERIFY2(i.plain.contains(w.name), qPrintable(i.plain));
        QCOMPARE(i.links, QStringList{u"worker:1"_s});
        i.links.clear();
        EXPECT_INERT(i, u"detail pane start page"_s);
    }

    void detailPaneIsInert()
    {
        ClusterMonitor monitor(clock);
        RecentHistory history(&monitor, clock);
        const Worker w = addHostileWorker(monitor);
        WorkerDetailPane pane(&monitor, &history, clock, u"prod"_s);
        pane.showWorker(1);
        QString shown;
        expectLabelsInert(pane, u"detail pane"_s, &shown);
        QVERIFY2(shown.contains(w.name), qPrintable(shown));
        QVERIFY2(shown.contains(w.hostname), qPrintable(shown));
        QVERIFY2(shown.contains(hostile::backticks), qPrintable(shown));
        QVERIFY2(shown.contains(hostile::image + u" %1"_s), qPrintable(shown));  // "%1" in a value is not a placeholder
        QVERIFY(pane.factsText().contains(w.hostname));
        Worker p = w;
        p.advertiseAddress = hostile::percent;
        monitor.upsertServerWorker(p);
        fleet::observe(monitor, fleet::probe(p, clock.nowMs(), false, 0, ProbeError::TimedOut));
        monitor.flush();
        pane.showWorker(1);
        QVERIFY2(pane.factsText().contains(hostile::percent + u":10150"_s), qPrintable(pane.factsText()));
    }

    void clusterOverviewIsInert()
    {
        ClusterMonitor monitor(clock);
        RecentHistory history(&monitor, clock);
        const Worker w = addHostileWorker(monitor);
        ClusterOverviewPane pane(&monitor, &history, clock);
        pane.refresh();
        expectLabelsInert(pane, u"overview"_s);
        auto *list = pane.findChild<QListWidget *>(u"troubleList"_s);
        QVERIFY(list && list->count() == 1);
        QVERIFY(list->item(0)->text().startsWith(w.name));  // an item view paints it as plain text
        QVERIFY(
            !Qt::mightBeRichText(list->item(0)->toolTip()) || inspectHtml(list->item(0)->toolTip()).images.isEmpty());
    }

    void wizardPanelIsInert_data()
    {
        QTest::addColumn<QString>("value");
        for (const QString &v : hostile::all())
            QTest::newRow(qPrintable(v.left(24))) << v;
    }
    void wizardPanelIsInert()
    {
        // The wizard quotes the probed host and URL in its sentences: every hostile value as
        // the address the server registered.
        QFETCH(QString, value);
        ClusterMonitor monitor(clock);
        Worker w = hostileWorker(clock.nowMs());
        w.advertiseAddress = value;
        w.hostname = value;
        monitor.upsertServerWorker(w);
        fleet::observe(monitor, fleet::probe(w, clock.nowMs(), false, 0, ProbeError::TimedOut));
        monitor.flush();
        const WorkerView *view = monitor.view(1);
        QVERIFY(view);
        QVERIFY(!view->causes.isEmpty());
        WizardPanel panel(nullptr);
        panel.setWorker(*view);
        auto *steps = panel.findChild<QListWidget *>(u"wizardStepList"_s);
        QVERIFY(steps);
        QString shown;
        for (int row = 0; row < steps->count(); ++row) {
            steps->setCurrentRow(row);
            expectLabelsInert(panel, u"wizard step %1"_s.arg(row), &shown);
        }
        auto *causes = panel.findChild<QListWidget *>(u"wizardCauseList"_s);
        QVERIFY(causes);
        for (int row = 0; row < causes->count(); ++row) {
            causes->setCurrentRow(row);
            expectLabelsInert(panel, u"wizard cause %1"_s.arg(row), &shown);
        }
        QVERIFY2(shown.contains(value.section(u'\n', 0, 0)), qPrintable(shown));  // the host, shown as text
    }

    void trayBubblesCarryNoMarkup()
    {
        // What TrayNotifier hands to QSystemTrayIcon::showMessage (a D-Bus Notify body).
        for (const QString &v : hostile::all()) {
            const QString text = TrayNotifier::bubbleText(u"gpu %1 is down"_s.arg(v));
            QVERIFY2(!text.contains(u'<') && !text.contains(u'>'), qPrintable(text));
            QVERIFY(text.size() == u"gpu %1 is down"_s.arg(v).size());  // shown, not dropped
        }
    }
};

QTEST_MAIN(TestInjectionUi)
#include "tst_injectionui.moc"

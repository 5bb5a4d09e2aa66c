#include "base/translations.h"
#include "common/fleet.h"
#include "dialogs/connectdialog.h"
#include "dialogs/exportdialog.h"
#include "dialogs/probesettingsdialog.h"
#include "mainwindow.h"
#include "models/workertablemodel.h"
#include "panes/clusterpage.h"
#include "panes/workerdetailpane.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestScreenshots : public QObject {
    Q_OBJECT
private:
    static QString outDir()
    {
        const QString dir = qEnvironmentVariable("PARALLAX_SCREENSHOT_DIR", QStringLiteral(PARALLAX_SCREENSHOT_DIR));
        QDir().mkpath(dir);
        return dir;
    }

    // The demo fleet with 6 h of history, worker `select` selected.
    static void shoot(const QString &file, qint64 select, TimelineView::Range range = TimelineView::Range::Hours6)
    {
        ManualClock clock;
        ClusterMonitor monitor(clock);
        monitor.setName(u"prod"_s);
        fleet::Demo demo(clock.nowMs());
        MainWindow window(clock);
        ClusterPage *page = window.addCluster(&monitor);
        fleet::play(monitor, clock, demo, 6 * 3600 * 1000, 30'000);
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(page->selectWorker(select));
        page->detail()->setRange(range);
        QTest::qWait(700);  // coalescing and debounce timers
        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(outDir() + u'/' + file));
        qInfo("wrote %s", qPrintable(outDir() + u'/' + file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ParallaxScreens"_s);
    }

    void light()
    {
        shoot(u"main-light.png"_s, 3);
        shoot(u"main-light-flapping.png"_s, 18, TimelineView::Range::Hours6);
    }

    void emptyState()
    {
        MainWindow window;
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.grab().toImage().save(outDir() + u"/empty.png"_s));
    }

    void dialogs()
    {
        const auto save = [](QWidget &w, const QString &file) {
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(w.grab().toImage().save(outDir() + u'/' + file));
        };
        ConnectDialog connect;
        ServerProfile p = newServerProfile(u"prod"_s, QUrl(u"https://gpustack.example.com"_s));
        p.probe =
            ProbeTuning{.intervalS = 60, .timeoutMs = 8000, .failuresToDown = 3, .successesToUp = 2, .concurrency = 64};
        connect.setProfile(p);
        save(connect, u"connect.png"_s);
        ExportDialog exportDialog(ExportChoice{}, true, u"parallax-prod-20261128-0310"_s);
        save(exportDialog, u"export.png"_s);
        ProbeSettingsDialog probes(u"prod"_s, ProbeTuning{}, std::nullopt);
        save(probes, u"probe-settings.png"_s);
    }

    void dark()
    {
        const QPalette before = QApplication::palette();
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QPalette p;
        p.setColor(QPalette::Window, QColor(37, 37, 38));
        p.setColor(QPalette::WindowText, QColor(220, 220, 220));
        p.setColor(QPalette::Base, QColor(30, 30, 30));
        p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        p.setColor(QPalette::Text, QColor(220, 220, 220));
        p.setColor(QPalette::Button, QColor(45, 45, 48));
        p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        p.setColor(QPalette::Highlight, QColor(38, 79, 120));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(45, 45, 48));
        p.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
        p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        p.setColor(QPalette::Mid, QColor(70, 70, 70));
        QApplication::setPalette(p);
        shoot(u"main-dark.png"_s, 7);
        QApplication::setPalette(before);
    }

    void chinese()
    {
        installTranslations(*qApp, Language::SimplifiedChinese);
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
        shoot(u"main-zh_CN.png"_s, 3);
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"

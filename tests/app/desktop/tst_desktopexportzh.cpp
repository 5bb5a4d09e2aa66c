// A report exported from the window speaks the window's language. The language is chosen the
// way main.cpp chooses it (Settings → Language, read before the window is made), then the
// demo runs and File → Export writes Markdown through the dialog.
#include "base/translations.h"
#include "desktopapp.h"
#include "dialogs/exportdialog.h"
#include "mainwindow.h"
#include "monitor/clustersession.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "../cjk.h"

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

}  // namespace

class TestDesktopExportZh : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopApp> m_app;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ParallaxTest"_s);
        QCoreApplication::setApplicationName(u"tst_desktopexportzh"_s);
        QSettings().clear();
        QSettings().setValue(u"ui/language"_s, u"zh_CN"_s);
        QSettings().setValue(u"probe/intervalS"_s, 2);
        QSettings().setValue(u"probe/timeoutMs"_s, 1000);
        QSettings().setValue(u"notifications/enabled"_s, false);
        installTranslations(
            *QCoreApplication::instance(), languageFromId(QSettings().value(u"ui/language"_s).toString()));
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_app = std::make_unique<DesktopApp>(DesktopApp::Options{.demo = true, .dataDir = m_dir->filePath(u"data"_s)});
        m_app->window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_app->window()));
        m_app->start();
        QTRY_VERIFY_WITH_TIMEOUT(!m_app->sessions().isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_app->sessions().first()->monitor().size() >= 10, 20000);
    }

    void cleanupTestCase() { m_app.reset(); }

    void markdownReportIsChinese()
    {
        ClusterSession *demo = m_app->sessions().first();
        QTRY_VERIFY_WITH_TIMEOUT(demo->monitor().views().first().lastProbe.has_value(), 15000);
        QTest::qWait(2500);  // a few probe rounds, so causes are named

        QAction *exportAction = nullptr;
        for (QAction *a : m_app->window().shortcutActions())
            if (a->shortcuts().contains(QKeySequence(u"Ctrl+E"_s)))
                exportAction = a;
        QVERIFY(exportAction);
        QVERIFY2(hasChinese(exportAction->text()), qPrintable(exportAction->text()));  // the window's language
        exportAction->trigger();
        ExportDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (ExportDialog *d : m_app->window().findChildren<ExportDialog *>())
                    if (d->isVisible())
                        dialog = d;
                return dialog != nullptr;
            }(),
            5000);
        auto *formatBox = dialog->findChild<QComboBox *>(u"exportFormat"_s);
        auto *workersBox = dialog->findChild<QComboBox *>(u"exportWorkers"_s);
        auto *path = dialog->findChild<QLineEdit *>(u"exportPath"_s);
        QVERIFY(formatBox && workersBox && path);
        formatBox->setCurrentIndex(formatBox->findData(int(ExportChoice::Format::Markdown)));
        workersBox->setCurrentIndex(workersBox->findData(int(ExportChoice::Workers::All)));
        const QString file = m_dir->filePath(u"report.md"_s);
        path->setText(file);
        QSignalSpy written(m_app.get(), &DesktopApp::reportWritten);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        QVERIFY(written.wait(30000));
        QVERIFY(written.first().at(1).toBool());

        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(f.readAll());
        // Every heading, and every cause title: "1. `port_closed` (51 %) — <title>".
        int headings = 0;
        int causes = 0;
        static const QRegularExpression causeLine(uR"(^\d+\. `[a-z_]+` \([^)]*\) — (.+)$)"_s);
        for (const QString &line : report.split(u'\n')) {
            if (line.startsWith(u"## "_s)) {
                ++headings;
                QVERIFY2(hasChinese(line), qPrintable(line));
            }
            const auto m = causeLine.match(line);
            if (m.hasMatch()) {
                ++causes;
                QVERIFY2(hasChinese(m.captured(1)), qPrintable(line));
            }
        }
        QVERIFY(headings >= 3);
        QVERIFY2(causes >= 5, qPrintable(report.left(3000)));
    }
};

QTEST_MAIN(TestDesktopExportZh)
#include "tst_desktopexportzh.moc"

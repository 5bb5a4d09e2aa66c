#include "desktopapp.h"
#include "dialogs/exportdialog.h"
#include "dialogs/probesettingsdialog.h"
#include "mainwindow.h"
#include "monitor/clustersession.h"
#include "panes/clusterpage.h"
#include "settings/profilestore.h"
#include "sim/simcluster.h"
#include "widgets/messagebanner.h"
#include "wizard/wizardpanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// The whole desktop app in-process, on the embedded demo cluster, driven the way a person
// does: menu actions by their shortcuts, dialogs through their widgets.
class TestDesktopApp : public QObject {
    Q_OBJECT

    static QAction *actionFor(MainWindow &w, const QString &keys)
    {
        for (QAction *a : w.shortcutActions()) {
            if (a->shortcuts().contains(QKeySequence(keys)))
                return a;
        }
        return nullptr;
    }

    template<typename Dialog> static Dialog *openDialog(MainWindow &w)
    {
        Dialog *found = nullptr;
        const auto visible = [&]() {
            for (Dialog *d : w.findChildren<Dialog *>()) {
                if (d->isVisible())
                    found = d;
            }
            return found != nullptr;
        };
        return QTest::qWaitFor(visible, 5000) ? found : nullptr;
    }

    static QPushButton *button(QDialog *d, QDialogButtonBox::StandardButton which)
    {
        auto *box = d->findChild<QDialogButtonBox *>();
        return box ? box->button(which) : nullptr;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopApp> m_app;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"ParallaxTest"_s);
        QCoreApplication::setApplicationName(u"tst_desktopapp"_s);
        QSettings().clear();
        QFile::remove(ProfileStore::defaultPath());
        // Probe every 2 s so the history has something to say within the test.
        QSettings().setValue(u"probe/intervalS"_s, 2);
        QSettings().setValue(u"probe/timeoutMs"_s, 1000);
        QSettings().setValue(u"notifications/enabled"_s, false);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        if (qEnvironmentVariableIsSet("PARALLAX_KEEP_TEST_OUTPUT")) {  // to look at the reports
            m_dir->setAutoRemove(false);
            qInfo("reports in %s", qPrintable(m_dir->path()));
        }
        m_app = std::make_unique<DesktopApp>(DesktopApp::Options{.demo = true, .dataDir = m_dir->filePath(u"data"_s)});
        m_app->window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_app->window()));
        m_app->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_app->sessions().size(), 2, 10000);  // the demo and its 60-worker server
        ClusterSession *demo = m_app->sessions().first();
        QTRY_VERIFY_WITH_TIMEOUT(demo->monitor().size() >= 10, 20000);
    }

    void largeDemoServerShowsAProbeTheServerSkips()
    {
        // Above 50 workers GPUStack's "auto" check mode stops probing: a dead worker stays ready.
        ClusterSession *large = m_app->sessions().at(1);
        QTRY_COMPARE_WITH_TIMEOUT(large->monitor().size(), 60, 20000);
        const auto dead = [large]() -> const WorkerView * {
            for (const WorkerView &v : large->monitor().views()) {
                if (v.server.name == u"node-00038"_s)
                    return large->monitor().view(v.id());
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(dead() && dead()->verdict == Verdict::SplitLocalDown, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!dead()->causes.isEmpty(), 10000);
        QCOMPARE(dead()->causes.first().id, CauseId::ServerCheckDisabled);
        QCOMPARE(dead()->server.state, WorkerState::Ready);
    }

    void demoWizardRunsItsCommandsOnTheSimulatedHost()
    {
        // sh-gpu-15's firewall rejects the health port with a TCP reset: from here that is a
        // closed port, until the wizard's firewall step shows the worker's rule.
        ClusterSession *demo = m_app->sessions().first();
        const auto find = [demo]() -> const WorkerView * {
            for (const WorkerView &v : demo->monitor().views()) {
                if (v.server.name == u"sh-gpu-15"_s)
                    return demo->monitor().view(v.id());
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(find() && find()->lastProbe && !find()->causes.isEmpty(), 20000);
        const qint64 id = find()->id();
        QCOMPARE(find()->lastProbe->tcp.error, ProbeError::Refused);
        QCOMPARE(find()->causes.first().id, CauseId::PortClosed);

        MainWindow &w = m_app->window();
        QVERIFY(w.openWorker(u"demo"_s, id));
        QAction *troubleshoot = actionFor(w, u"Ctrl+T"_s);
        QVERIFY(troubleshoot);
        troubleshoot->trigger();
        WizardPanel *panel = w.wizardPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->session().workerId, id, 5000);
        panel->selectStep(WizardStepId::WorkerFirewall);
        auto *host = panel->findChild<QPushButton *>(u"wizardHostRunButton"_s);
        QVERIFY(host);
        QVERIFY(!host->isHidden());
        host->click();
        QVERIFY(panel->findChild<QPlainTextEdit *>(u"wizardPasteBox"_s)->toPlainText().contains(u"-j REJECT"_s));
        QCOMPARE(panel->outcome(WizardStepId::WorkerFirewall), StepOutcome::Fail);
        QVERIFY(!panel->session().causes.isEmpty());
        QCOMPARE(panel->session().causes.first().id, CauseId::FirewallReject);
        // The finding reaches the worker table's diagnosis too.
        QTRY_COMPARE_WITH_TIMEOUT(find()->causes.first().id, CauseId::FirewallReject, 10000);
        if (qEnvironmentVariableIsSet("PARALLAX_KEEP_TEST_OUTPUT"))
            w.grab().save(m_dir->filePath(u"wizard-simulated-host.png"_s));
        // A step the simulated hosts cannot answer has no button.
        panel->selectStep(WizardStepId::AddressDrift);
        QVERIFY(host->isHidden());
    }

    void cleanupTestCase() { m_app.reset(); }

    void exportsEveryFormatFromTheDialog_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("html") << int(ExportChoice::Format::Html) << u"html"_s;
        QTest::newRow("markdown") << int(ExportChoice::Format::Markdown) << u"md"_s;
        QTest::newRow("json") << int(ExportChoice::Format::Json) << u"json"_s;
        QTest::newRow("pdf") << int(ExportChoice::Format::Pdf) << u"pdf"_s;
    }

    void exportsEveryFormatFromTheDialog()
    {
        QFETCH(int, format);
        QFETCH(QString, suffix);
        ClusterSession *demo = m_app->sessions().first();
        // Let a few probe rounds reach the history store (it flushes every second).
        QTRY_VERIFY_WITH_TIMEOUT(demo->monitor().views().first().lastProbe.has_value(), 15000);
        QTest::qWait(2500);

        QAction *exportAction = actionFor(m_app->window(), u"Ctrl+E"_s);
        QVERIFY(exportAction);
        exportAction->trigger();
        auto *dialog = openDialog<ExportDialog>(m_app->window());
        QVERIFY2(dialog, "Ctrl+E opened no export dialog");
        auto *formatBox = dialog->findChild<QComboBox *>(u"exportFormat"_s);
        auto *workersBox = dialog->findChild<QComboBox *>(u"exportWorkers"_s);
        auto *path = dialog->findChild<QLineEdit *>(u"exportPath"_s);
        QVERIFY(formatBox && workersBox && path);
        // The suggested file name follows the chosen format.
        formatBox->setCurrentIndex(formatBox->findData(format));
        QVERIFY2(path->text().endsWith(u'.' + suffix), qPrintable(path->text()));
        workersBox->setCurrentIndex(workersBox->findData(int(ExportChoice::Workers::All)));
        const QString file = m_dir->filePath(u"report."_s + suffix);
        path->setText(file);

        QSignalSpy written(m_app.get(), &DesktopApp::reportWritten);
        button(dialog, QDialogButtonBox::Save)->click();
        QVERIFY(written.wait(30000));
        QCOMPARE(written.first().at(0).toString(), file);
        QVERIFY(written.first().at(1).toBool());

        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const QString secret = demo->config().endpoint.secret;
        QVERIFY(!secret.isEmpty());
        QVERIFY2(!bytes.contains(secret.toUtf8()), "the demo's API key is in the report");
        const QString someWorker = demo->monitor().views().first().server.name;
        switch (ExportChoice::Format(format)) {
        case ExportChoice::Format::Json: {
            const QJsonObject root = QJsonDocument::fromJson(bytes).object();
            QCOMPARE(root.value(u"schema"_s).toString(), u"parallax.report/1"_s);
            const QJsonArray workers = root.value(u"workers"_s).toArray();
            QCOMPARE(workers.size(), demo->monitor().size());
            // Availability comes from the history store: some worker has a measured last hour.
            bool measured = false;
            for (const QJsonValue &w : workers) {
                const QJsonValue local = w[u"history"_s][u"availability"_s][u"1h"_s][u"local"_s];
                measured = measured || local.isDouble();
            }
            QVERIFY2(measured, "no worker has a 1 h availability from the history store");
            // The cluster's availability too, as parallax-cli check fills it (one assembler, issue 15).
            const QJsonArray cluster = root.value(u"cluster_availability"_s).toArray();
            QVERIFY2(!cluster.isEmpty(), "the window's report has no cluster availability");
            QVERIFY(cluster.last()[u"server"_s].isDouble());
            // The session's settings are named, as in the CLI's reports.
            QVERIFY(root[u"settings"_s][u"probe_interval_ms"_s].isDouble());
            break;
        }
        case ExportChoice::Format::Html:
            QVERIFY(bytes.startsWith("<!DOCTYPE html>"));
            QVERIFY(bytes.contains("<svg"));
            QVERIFY(QString::fromUtf8(bytes).contains(someWorker.toHtmlEscaped()));
            QVERIFY(!bytes.contains("<script"));
            break;
        case ExportChoice::Format::Markdown:
            QVERIFY(bytes.startsWith("# "));
            QVERIFY(QString::fromUtf8(bytes).contains(someWorker));
            break;
        case ExportChoice::Format::Pdf:
            QVERIFY(bytes.startsWith("%PDF-"));
            QVERIFY(bytes.contains("/Type /Page"));
            QVERIFY2(bytes.size() > 20'000, QByteArray::number(bytes.size()).constData());
            break;
        }
        // The banner tells the user where it went.
        auto *banner = m_app->window().banner();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QFileInfo(file).fileName()), qPrintable(banner->text()));

        // The choice is remembered: the next dialog starts from it, in the same folder.
        const ExportChoice remembered = ExportChoice::load();
        QCOMPARE(int(remembered.format), format);
        QCOMPARE(remembered.workers, ExportChoice::Workers::All);
        QCOMPARE(remembered.folder, QFileInfo(file).absolutePath());
    }

    void exportRefusesAFolderThatDoesNotExist()
    {
        actionFor(m_app->window(), u"Ctrl+E"_s)->trigger();
        auto *dialog = openDialog<ExportDialog>(m_app->window());
        QVERIFY(dialog);
        // The remembered folder is offered again.
        auto *path = dialog->findChild<QLineEdit *>(u"exportPath"_s);
        QCOMPARE(QFileInfo(path->text()).absolutePath(), m_dir->path());
        path->setText(m_dir->filePath(u"no/such/folder/report.html"_s));
        QSignalSpy written(m_app.get(), &DesktopApp::reportWritten);
        button(dialog, QDialogButtonBox::Save)->click();
        QVERIFY(dialog->isVisible());  // still open, saying what to fix
        auto *problem = dialog->findChild<QLabel *>(u"exportProblem"_s);
        QVERIFY(problem && problem->isVisible());
        QVERIFY(!problem->text().isEmpty());
        button(dialog, QDialogButtonBox::Cancel)->click();
        QTest::qWait(200);
        QCOMPARE(written.size(), 0);
    }

    void probeSettingsPerCluster()
    {
        ClusterSession *demo = m_app->sessions().first();
        QCOMPARE(demo->config().probe.intervalMs, 2000);  // the defaults from Settings
        QAction *edit = actionFor(m_app->window(), u"Ctrl+Shift+P"_s);
        QVERIFY(edit);
        edit->trigger();
        auto *dialog = openDialog<ProbeSettingsDialog>(m_app->window());
        QVERIFY(dialog);
        auto *useDefaults = dialog->findChild<QCheckBox *>(u"useProbeDefaults"_s);
        auto *interval = dialog->findChild<QSpinBox *>(u"probeInterval"_s);
        auto *timeout = dialog->findChild<QSpinBox *>(u"probeTimeout"_s);
        QVERIFY(useDefaults && interval && timeout);
        QVERIFY(useDefaults->isChecked());
        QCOMPARE(interval->value(), 2);
        QVERIFY(!interval->isEnabled());
        useDefaults->setChecked(false);
        QVERIFY(interval->isEnabled());
        interval->setValue(7);
        timeout->setValue(1500);
        button(dialog, QDialogButtonBox::Ok)->click();
        // Applied at once, without reconnecting.
        QCOMPARE(demo->config().probe.intervalMs, 7000);
        QCOMPARE(demo->config().probe.timeoutMs, 1500);
        QCOMPARE(demo->scheduler().settings().intervalMs, 7000);
        QVERIFY(!demo->scheduler().settings().allowedNetworks.isEmpty());  // the demo stays on loopback

        // New defaults in Settings leave this cluster's own values alone...
        Preferences prefs = Preferences::load();
        prefs.probe.intervalS = 5;
        Q_EMIT m_app->window().preferencesChanged(prefs);
        QCOMPARE(demo->config().probe.intervalMs, 7000);

        // ...until it goes back to the defaults.
        edit->trigger();
        dialog = openDialog<ProbeSettingsDialog>(m_app->window());
        QVERIFY(dialog);
        dialog->findChild<QCheckBox *>(u"useProbeDefaults"_s)->setChecked(true);
        QCOMPARE(dialog->findChild<QSpinBox *>(u"probeInterval"_s)->value(), 5);
        button(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(demo->config().probe.intervalMs, 5000);
    }

    void profileProbeSettingsAreSavedWithTheProfile()
    {
        sim::SimCluster cluster(sim::Scenario::simple(2), {.timings = sim::SimTimings::fast()});
        QVERIFY(cluster.start().ok());
        ServerProfile profile = newServerProfile(u"lab"_s, cluster.baseUrl());
        profile.probe =
            ProbeTuning{.intervalS = 9, .timeoutMs = 3000, .failuresToDown = 4, .successesToUp = 1, .concurrency = 16};
        const int before = int(m_app->sessions().size());
        Q_EMIT m_app->window().connectRequested(profile, cluster.apiKey());
        QTRY_COMPARE(m_app->sessions().size(), before + 1);
        ClusterSession *lab = m_app->sessions().last();
        QCOMPARE(lab->config().probe.intervalMs, 9000);
        QCOMPARE(lab->config().probe.failureThreshold, 4);
        QVERIFY(lab->config().probe.allowedNetworks.isEmpty());  // a real profile is not the demo

        // Edit it through the dialog on the lab's tab: the profile on disk follows.
        QVERIFY(m_app->window().showCluster(u"lab"_s));
        QTRY_COMPARE(static_cast<const ClusterMonitor *>(m_app->window().currentPage()->monitor()), &lab->monitor());
        actionFor(m_app->window(), u"Ctrl+Shift+P"_s)->trigger();
        auto *dialog = openDialog<ProbeSettingsDialog>(m_app->window());
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QSpinBox *>(u"probeInterval"_s)->value(), 9);
        dialog->findChild<QSpinBox *>(u"probeInterval"_s)->setValue(12);
        button(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(lab->config().probe.intervalMs, 12000);
        ProfileStore saved(ProfileStore::defaultPath());
        QVERIFY(saved.load().ok());
        const std::optional<ServerProfile> stored = saved.profile(profile.id);
        QVERIFY(stored.has_value());
        QVERIFY(stored->probe.has_value());
        QCOMPARE(stored->probe->intervalS, 12);
        QCOMPARE(stored->probe->failuresToDown, 4);
        QFile file(ProfileStore::defaultPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(cluster.apiKey().toUtf8()));
    }
};

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"

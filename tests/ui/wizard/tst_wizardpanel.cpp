// The wizard panel shows core's decisions: step marks, copyable commands, a paste box wired
// to the step's parser, skip / re-run, results kept per worker, and "Add to report".
#include "wizard/wizardpanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

QString sample(const char *relative)
{
    QFile f(QStringLiteral(PARALLAX_TEST_DATA_DIR "/tool-outputs/") + QString::fromLatin1(relative));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

WorkerView unreachableWorker(qint64 id, ProbeError error)
{
    WorkerView v;
    v.server.id = id;
    v.server.name = u"gpu-%1"_s.arg(id);
    v.server.ip = u"192.168.1.%1"_s.arg(id);
    v.server.port = 10150;
    v.server.metricsPort = 10151;
    v.server.state = WorkerState::Unreachable;
    v.server.stateText = u"unreachable"_s;
    ProbeResult p;
    p.workerId = id;
    p.host = v.server.ip;
    p.port = 10150;
    p.metricsPort = 10151;
    p.tcp.attempted = true;
    p.tcp.error = error;
    p.tcp.durationUs = 2'000'000;
    p.metrics.attempted = true;
    p.metrics.ok = true;
    p.metrics.durationUs = 900;
    v.lastProbe = p;
    v.local = LocalState::Down;
    v.verdict = Verdict::AgreeDown;
    return v;
}

}  // namespace

class TestWizardPanel : public QObject {
    Q_OBJECT

private slots:
    void stepsAndMarks()
    {
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::HostUnreachable));
        auto *list = panel.findChild<QListWidget *>(u"wizardStepList"_s);
        QVERIFY(list);
        QCOMPARE(list->count(), 10);
        QCOMPARE(panel.outcome(WizardStepId::TcpConnect), StepOutcome::Fail);
        QVERIFY(list->item(2)->text().contains(u"Fail"_s));
        QVERIFY(!list->item(2)->icon().isNull());
        QCOMPARE(panel.outcome(WizardStepId::NameResolution), StepOutcome::Pass);
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Unknown);
    }

    void copyableCommands()
    {
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::TimedOut));
        panel.selectStep(WizardStepId::TcpConnect);
        auto *line = panel.findChild<QLineEdit *>(u"wizardCommand_0"_s);
        QVERIFY(line);
        QCOMPARE(line->text(), u"nc -zv -w 2 -- 192.168.1.7 10150"_s);
        QVERIFY(line->isReadOnly());
        auto *copy = panel.findChild<QToolButton *>(u"wizardCommandCopy_1"_s);
        QVERIFY(copy);
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"telnet -- 192.168.1.7 10150"_s);
    }

    void pasteBoxUsesTheStepsParser()
    {
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::HostUnreachable));
        panel.selectStep(WizardStepId::WorkerFirewall);
        auto *paste = panel.findChild<QPlainTextEdit *>(u"wizardPasteBox"_s);
        QVERIFY(paste && !paste->isHidden());
        QSignalSpy findings(&panel, &WizardPanel::findingsChanged);
        paste->setPlainText(sample("firewall-cmd/list-all-public-default-active-centos7.txt"));
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Fail);
        QVERIFY(findings.count() >= 1);
        QCOMPARE(findings.last().at(0).toLongLong(), 7);
        const auto parsed = findings.last().at(1).value<WizardFindings>();
        QVERIFY(parsed.workerFirewall.has_value());
        QCOMPARE(parsed.workerFirewall->verdict, PortVerdict::Rejected);
        QVERIFY(
            panel.session().results.value(WizardStepId::WorkerFirewall).explanation.contains(u"No route to host"_s));

        panel.selectStep(WizardStepId::Conclusion);
        auto *causes = panel.findChild<QListWidget *>(u"wizardCauseList"_s);
        QVERIFY(causes && causes->count() > 0);
        QCOMPARE(panel.session().causes.first().id, CauseId::FirewallReject);
        QVERIFY(causes->item(0)->text().contains(u"rejects port 10150"_s));

        QSignalSpy report(&panel, &WizardPanel::addToReportRequested);
        auto *add = panel.findChild<QPushButton *>(u"wizardAddToReportButton"_s);
        QVERIFY(add && !add->isHidden());
        add->click();
        QCOMPARE(report.count(), 1);
        const auto session = report.first().first().value<WizardSession>();
        QCOMPARE(session.workerId, 7);
        QCOMPARE(session.causes.first().id, CauseId::FirewallReject);
        QCOMPARE(session.results.value(WizardStepId::WorkerFirewall).pasted,
            sample("firewall-cmd/list-all-public-default-active-centos7.txt"));
    }

    void skipAndRerun()
    {
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::TimedOut));
        panel.selectStep(WizardStepId::DockerNetwork);
        panel.findChild<QPushButton *>(u"wizardSkipButton"_s)->click();
        QCOMPARE(panel.outcome(WizardStepId::DockerNetwork), StepOutcome::Skipped);
        QCOMPARE(panel.currentStep(), WizardStepId::HealthTiming);

        QSignalSpy probe(&panel, &WizardPanel::probeRequested);
        panel.selectStep(WizardStepId::TcpConnect);
        panel.findChild<QPushButton *>(u"wizardRerunButton"_s)->click();
        QCOMPARE(probe.count(), 1);
        QCOMPARE(probe.first().first().toLongLong(), 7);
        // The host answers with a fresh probe: the live steps follow it.
        WorkerView fixed = unreachableWorker(7, ProbeError::None);
        fixed.lastProbe->tcp.ok = true;
        fixed.lastProbe->tcp.durationUs = 700;
        panel.setWorker(fixed);
        QCOMPARE(panel.outcome(WizardStepId::TcpConnect), StepOutcome::Pass);
        QCOMPARE(panel.outcome(WizardStepId::DockerNetwork), StepOutcome::Skipped);

        panel.selectStep(WizardStepId::DockerNetwork);
        panel.rerunCurrentStep();
        QVERIFY(panel.outcome(WizardStepId::DockerNetwork) != StepOutcome::Skipped);
    }

    void runsTheStepsCommandOverSsh()
    {
        QTemporaryDir dir;
        const QString fake = dir.filePath(u"ssh"_s);
        QFile f(fake);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n# stand-in ssh: no network\necho \"$@\" > \"$(dirname \"$0\")/args\"\necho 'Status: "
                "inactive'\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::HostUnreachable));
        panel.setSshProgram(fake);
        panel.selectStep(WizardStepId::WorkerFirewall);
        auto *button = panel.findChild<QPushButton *>(u"wizardSshButton"_s);
        QVERIFY(button && !button->isHidden());
        auto *destination = panel.findChild<QLineEdit *>(u"wizardSshHost"_s);
        QCOMPARE(destination->text(), u"192.168.1.7"_s);
        // The prefilled destination is the server's: said before anything connects to it.
        auto *origin = panel.findChild<QLabel *>(u"wizardSshOrigin"_s);
        QVERIFY(origin);
        QVERIFY(!origin->isHidden());
        QVERIFY2(origin->text().contains(u"192.168.1.7"_s) && origin->text().contains(u"GPUStack server"_s),
            qPrintable(origin->text()));
        QVERIFY(!QFile::exists(dir.filePath(u"args"_s)));
        destination->setText(u"ops@10.9.9.9"_s);  // one the user typed: nothing to say
        QVERIFY(origin->isHidden());
        destination->setText(u"ops@192.168.1.7"_s);
        QVERIFY(!origin->isHidden());
        button->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Pass, 10000);
        QFile args(dir.filePath(u"args"_s));
        QVERIFY(args.open(QIODevice::ReadOnly));
        const QByteArray a = args.readAll();
        QVERIFY2(a.contains("BatchMode=yes") && a.contains("-l ops -- 192.168.1.7 sudo -n firewall-cmd --list-all"),
            a.constData());
        QVERIFY2(
            a.contains("-a -x -o ClearAllForwardings=yes -o ForwardAgent=no -o PermitLocalCommand=no"), a.constData());

        panel.setSshProgram(QString());
        QVERIFY(button->isHidden());
    }

    void runsTheStepsCommandThroughAHostRunner()
    {
        // The demo's simulated hosts: a runner answers some steps; its button replaces ssh there,
        // and what it prints is parsed like a paste and changes the conclusion.
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::Refused));
        panel.setSshProgram(u"/bin/true"_s);
        QList<QPair<qint64, WizardStepId>> asked;
        const QString listing = u"[root@gpu-7 ~]# iptables -S INPUT\n-P INPUT ACCEPT\n"
                                "-A INPUT -p tcp -m tcp --dport 10151 -j ACCEPT\n"
                                "-A INPUT -p tcp -m tcp --dport 10150 -j REJECT --reject-with tcp-reset\n"_s;
        panel.setHostRunner(
            [&](qint64 workerId, WizardStepId step) -> std::optional<QString> {
                asked.append({workerId, step});
                if (step == WizardStepId::WorkerFirewall)
                    return listing;
                return std::nullopt;
            },
            u"Run on the simulated host"_s);
        QSignalSpy findings(&panel, &WizardPanel::findingsChanged);
        auto *host = panel.findChild<QPushButton *>(u"wizardHostRunButton"_s);
        auto *ssh = panel.findChild<QPushButton *>(u"wizardSshButton"_s);
        QVERIFY(host && ssh);

        panel.selectStep(WizardStepId::DockerNetwork);  // the runner has nothing for it: ssh stays
        QVERIFY(host->isHidden());
        QVERIFY(!ssh->isHidden());
        panel.selectStep(WizardStepId::WorkerFirewall);
        QVERIFY(!host->isHidden());
        QVERIFY(ssh->isHidden());
        QCOMPARE(host->text(), u"Run on the simulated host"_s);
        asked.clear();
        host->click();
        QCOMPARE(asked.value(0), (QPair<qint64, WizardStepId>{7, WizardStepId::WorkerFirewall}));
        QCOMPARE(panel.findChild<QPlainTextEdit *>(u"wizardPasteBox"_s)->toPlainText(), listing);
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Fail);
        QVERIFY(!findings.isEmpty());
        const auto found = findings.last().at(1).value<WizardFindings>();
        QVERIFY(found.workerFirewall);
        QCOMPARE(found.workerFirewall->verdict, PortVerdict::Rejected);
        const WizardSession session = panel.session();
        QVERIFY(!session.causes.isEmpty());
        QCOMPARE(causeIdString(session.causes.first().id), u"firewall_reject"_s);
    }

    void resultsKeptPerWorker()
    {
        WizardPanel panel(nullptr);
        panel.setWorker(unreachableWorker(7, ProbeError::HostUnreachable));
        panel.selectStep(WizardStepId::WorkerFirewall);
        auto *paste = panel.findChild<QPlainTextEdit *>(u"wizardPasteBox"_s);
        paste->setPlainText(sample("ufw/status-inactive.txt"));
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Pass);

        panel.setWorker(unreachableWorker(8, ProbeError::Refused));
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Unknown);
        QVERIFY(paste->toPlainText().isEmpty());
        QCOMPARE(panel.session().workerId, 8);

        panel.setWorker(unreachableWorker(7, ProbeError::HostUnreachable));
        QCOMPARE(panel.outcome(WizardStepId::WorkerFirewall), StepOutcome::Pass);
        QCOMPARE(paste->toPlainText(), sample("ufw/status-inactive.txt"));
    }
};

QTEST_MAIN(TestWizardPanel)
#include "tst_wizardpanel.moc"

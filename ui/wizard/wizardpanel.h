#pragma once

#include "diagnosis/wizardsession.h"
#include "diagnosis/wizardstep.h"
#include "monitor/clustermonitor.h"
#include "monitor/workerview.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;
class QTextBrowser;

namespace parallax {

class SshCommand;

// The inline troubleshooting wizard: a panel (not a dialog) shown beside the worker table.
// A step list with pass / fail / unknown marks; for the selected step its explanation, the
// evidence, copyable commands, a paste box wired to the step's parser, and Re-run / Skip.
// The last step lists the ranked causes and offers "Add to report".
//
// The decisions are core's (diagnosis/wizardstep.h): this widget only shows them. Results
// and pasted texts are kept per worker while the panel lives.
class WizardPanel : public QWidget {
    Q_OBJECT
public:
    explicit WizardPanel(QWidget *parent = nullptr);

    // The current worker's session (results of every step, and the causes).
    WizardSession session() const;
    StepOutcome outcome(WizardStepId id) const;
    WizardStepId currentStep() const;
    const DiagnosisInput &diagnosisInput() const { return m_context.input; }
    void setSshProgram(const QString &program);  // tests: a stand-in ssh; empty hides the button

    // Where a paste step's command can run without a person at a terminal: the output for a
    // worker and step, or nullopt where that host cannot answer. With one set, a button named
    // `buttonText` fills the paste box (parsed like any paste) and replaces the ssh button for
    // the workers it answers for. The demo uses it for its simulated hosts.
    using HostRunner = std::function<std::optional<QString>(qint64 workerId, WizardStepId step)>;
    void setHostRunner(HostRunner runner, const QString &buttonText);

    // Follows a worker of this monitor: the steps and the conclusion read the monitor's one
    // DiagnosisInput for it (ClusterMonitor::diagnosisInput), so the conclusion names what the
    // worker table names, and they are evaluated again whenever the monitor publishes a change
    // of that worker (a fresh probe after Re-run among them).
    void showWorker(const parallax::ClusterMonitor *monitor, qint64 workerId);
    const ClusterMonitor *monitor() const { return m_monitor; }
    // A live step was re-run and its probe has not come back yet.
    bool probePending() const { return m_pendingProbe.has_value(); }

public Q_SLOTS:
    // Shows a worker without a monitor: its server view and latest probe. Called again with
    // fresh data after a probe (see probeRequested) and the live steps are re-evaluated.
    void setWorker(const parallax::WorkerView &view);
    // Full context when the host has it: address history, latency samples, loss, cluster
    // size, server version, clock skew, the server's container name.
    void setDiagnosisInput(const parallax::DiagnosisInput &input);
    void selectStep(parallax::WizardStepId id);
    void rerunCurrentStep();
    void skipCurrentStep();
    // Optional: runs the current step's command on the worker with the user's ssh and puts
    // the output into the paste box. Available when an ssh client is on the PATH.
    void runOverSsh();
    // The current step's command through the host runner, into the paste box.
    void runOnHost();

Q_SIGNALS:
    // A live step asked to be re-run: probe this worker (only this one) now. With a monitor
    // (showWorker) the fresh result arrives through it; without one, call setWorker() with it.
    // Emitted once per re-run, not again while that probe is pending.
    void probeRequested(qint64 workerId);
    // "Add to report" on the conclusion: the session with every step's result and the causes.
    void addToReportRequested(const parallax::WizardSession &session);
    // The pasted outputs of a worker were parsed again: feed them to the monitor
    // (ClusterMonitor::setWizardFindings) so the worker table's causes use them too.
    void findingsChanged(qint64 workerId, const parallax::WizardFindings &findings);

private:
    void evaluateAll();
    void evaluate(WizardStepId id);
    void refreshList();
    void showStep(WizardStepId id);
    void onPasteChanged();
    // Shows, under the ssh destination, that it came from the GPUStack server when it did.
    void updateSshOrigin();
    void storeWorkerState();
    void restoreWorkerState(qint64 workerId);
    void onMonitorChanged(const QList<qint64> &ids);
    void showPendingProbe();

    WizardContext m_context;
    WizardSession m_session;
    QHash<qint64, WizardSession> m_sessions;  // per worker
    QHash<qint64, QMap<WizardStepId, QString>> m_pastes;  // per worker
    bool m_showing = false;
    QPointer<const ClusterMonitor> m_monitor;
    // Set by Re-run of a live step: the start time of the probe it had (-1: none) until a newer
    // one arrives.
    std::optional<qint64> m_pendingProbe;

    QListWidget *m_steps = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_purpose = nullptr;
    QLabel *m_outcome = nullptr;
    QLabel *m_explanation = nullptr;
    QPlainTextEdit *m_evidence = nullptr;
    QWidget *m_commandBox = nullptr;
    QVBoxLayout *m_commandLayout = nullptr;
    QLabel *m_pasteLabel = nullptr;
    QPlainTextEdit *m_paste = nullptr;
    QListWidget *m_causes = nullptr;
    QTextBrowser *m_causeDetail = nullptr;
    QPushButton *m_rerun = nullptr;
    QPushButton *m_skip = nullptr;
    QPushButton *m_addToReport = nullptr;
    QPushButton *m_ssh = nullptr;
    QLineEdit *m_sshHost = nullptr;
    QLabel *m_sshOrigin = nullptr;
    SshCommand *m_sshCommand = nullptr;
    HostRunner m_hostRunner;
    QPushButton *m_hostRun = nullptr;
};

}  // namespace parallax

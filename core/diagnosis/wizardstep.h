#pragma once

#include "commandkit.h"
#include "diagnosisinput.h"

#include <QList>
#include <QMap>
#include <QString>

namespace parallax {

// The ten steps of the inline troubleshooting wizard (issue 7), in order.
enum class WizardStepId {
    ServerView,  // 1. what the server says and the exact URL it probes
    NameResolution,  // 2. name resolution from here
    TcpConnect,  // 3. TCP connect (nc / telnet)
    HttpHealth,  // 4. HTTP /healthz against GPUStack's 2 s limit
    ServerVantage,  // 5. the same from the server host / its container (pasted)
    WorkerFirewall,  // 6. firewall on the worker (pasted)
    DockerNetwork,  // 7. Docker network mode of the worker (pasted)
    HealthTiming,  // 8. detector replay
    AddressDrift,  // 9. registered-address history and DNS
    Conclusion,  // 10. ranked causes
};
QString wizardStepKey(WizardStepId id);  // "server_view", … (stable, used in JSON)
bool wizardStepFromKey(const QString &key, WizardStepId *out);
QList<WizardStepId> allWizardSteps();

enum class StepOutcome { NotRun, Pass, Fail, Unknown, Skipped };
QString stepOutcomeId(StepOutcome outcome);
StepOutcome stepOutcomeFromId(const QString &id);

// Which parser a step's paste box uses.
enum class PasteParser { None, Connectivity, Firewall, Docker, IpAddr, Timedatectl };
QString pasteParserId(PasteParser parser);

// A step as data: what it shows. Commands are built for this worker (values quoted).
struct WizardStep {
    WizardStepId id = WizardStepId::ServerView;
    QString key;
    QString title;  // translated
    QString purpose;  // translated: what this step checks and why, for someone who never read GPUStack's code
    QList<ShellCommand> commands;
    PasteParser paste = PasteParser::None;
    QString pastePrompt;  // translated: what to paste
    bool live = false;  // decided by Parallax's own probe (re-runnable), not by a paste
    // For paste steps: one non-interactive command that prints what the paste box wants, for
    // running on the worker over ssh (SshCommand). Empty when there is none.
    QString remoteCommand;
};

// What a step needs: the diagnosis input (server view, probes, history) plus the pasted texts.
struct WizardContext {
    DiagnosisInput input;
    QMap<WizardStepId, QString> pasted;
    OsFamily localOs = localOsFamily();  // commands run "here" are written for this machine
};

struct StepResult {
    WizardStepId id = WizardStepId::ServerView;
    StepOutcome outcome = StepOutcome::NotRun;
    QString explanation;  // translated, plain
    QStringList evidence;  // observed facts / justifying lines
    QString pasted;  // the text the user pasted (kept for the report)
    qint64 atMs = 0;

    bool operator==(const StepResult &) const = default;
};

QList<WizardStep> wizardSteps(const WizardContext &context);
WizardStep wizardStep(WizardStepId id, const WizardContext &context);
// The pure decision function of one step (no I/O: live probes are in context.input.probe).
StepResult evaluateStep(WizardStepId id, const WizardContext &context);
// Parses every pasted text into context.input.findings (what diagnose() reads).
void applyPastedFindings(WizardContext &context);

}  // namespace parallax

#pragma once

// The paste-back parsers of the troubleshooting wizard (core/diagnosis, issue 7). Each paste
// target runs its parser directly and then the wizard's own path: the text pasted into the
// step's box, the step evaluated, and the conclusion (the ranked causes) built from it, for a
// worker in the state the wizard is opened for (unreachable, registered on a private address).
#include "diagnosis/pastetext.h"
#include "diagnosis/wizardstep.h"
#include "fuzzsupport.h"

#include <QDateTime>

namespace parallax::fuzz {

inline WizardContext unreachableWorkerContext()
{
    WizardContext c;
    Worker &w = c.input.worker;
    w.id = 4;
    w.name = QStringLiteral("gpu-node-2");
    w.hostname = QStringLiteral("gpu-node-2");
    w.ip = QStringLiteral("172.17.0.3");
    w.advertiseAddress = QStringLiteral("10.0.8.21");
    w.port = 10150;
    w.state = WorkerState::Unreachable;
    w.stateText = QStringLiteral("unreachable");
    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    c.input.nowMs = 1'700'000'030'000;
    c.input.serverVersion = QStringLiteral("v2.2.3");
    c.localOs = OsFamily::Linux;
    return c;
}

// Splits the paste as the wizard does; when the parser recognised it (the wizard discards the
// finding otherwise, applyPastedFindings), pastes it into `step` and evaluates the step and the
// conclusion. Evaluating the wizard costs ~6× the parse, so garbage inputs skip it.
inline void pasteIntoWizard(const QString &text, WizardStepId step, bool recognized)
{
    const QList<PasteLine> lines = splitPaste(text, true);
    (void)evidenceLines(lines);
    (void)isBlankPaste(text);
    if (!recognized)
        return;
    WizardContext c = unreachableWorkerContext();
    c.pasted.insert(step, text);
    const StepResult r = evaluateStep(step, c);
    fuzzCheck(r.id == step, "the step answers for itself");
    (void)evaluateStep(WizardStepId::Conclusion, c);
}

}  // namespace parallax::fuzz

#pragma once

#include "wizardstep.h"

#include <QJsonObject>
#include <QMap>
#include <QMetaType>

namespace parallax {

// The wizard's results for one worker, kept while the engineer moves between workers and
// written into the report.
struct WizardSession {
    qint64 workerId = -1;
    QString workerName;
    QMap<WizardStepId, StepResult> results;
    QList<Cause> causes;  // the conclusion, best first

    void record(const StepResult &result) { results.insert(result.id, result); }
    void skip(WizardStepId id, qint64 atMs);
    StepOutcome outcome(WizardStepId id) const;

    QJsonObject toJson() const;
    static WizardSession fromJson(const QJsonObject &json);

    bool operator==(const WizardSession &) const = default;
};

QJsonObject causeToJson(const Cause &cause);
Cause causeFromJson(const QJsonObject &json);

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::WizardSession)

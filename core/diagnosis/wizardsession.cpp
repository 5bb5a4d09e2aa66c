#include "wizardsession.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace parallax {

void WizardSession::skip(WizardStepId id, qint64 atMs)
{
    StepResult r;
    r.id = id;
    r.outcome = StepOutcome::Skipped;
    r.atMs = atMs;
    results.insert(id, r);
}

StepOutcome WizardSession::outcome(WizardStepId id) const
{
    return results.contains(id) ? results.value(id).outcome : StepOutcome::NotRun;
}

QJsonObject causeToJson(const Cause &c)
{
    QJsonObject o;
    o.insert(u"id"_s, causeIdString(c.id));
    o.insert(u"confidence"_s, c.confidence);
    o.insert(u"title"_s, c.title);
    o.insert(u"evidence"_s, c.evidence);
    o.insert(u"fix"_s, c.fix);
    o.insert(u"commands"_s, QJsonArray::fromStringList(c.commands));
    if (!c.wouldDecide.isEmpty())
        o.insert(u"would_decide"_s, c.wouldDecide);
    return o;
}

Cause causeFromJson(const QJsonObject &o)
{
    Cause c;
    causeIdFromString(o.value(u"id"_s).toString(), &c.id);
    c.confidence = o.value(u"confidence"_s).toDouble();
    c.title = o.value(u"title"_s).toString();
    c.evidence = o.value(u"evidence"_s).toString();
    c.fix = o.value(u"fix"_s).toString();
    for (const auto &v : o.value(u"commands"_s).toArray())
        c.commands.append(v.toString());
    c.wouldDecide = o.value(u"would_decide"_s).toString();
    return c;
}

QJsonObject WizardSession::toJson() const
{
    QJsonObject o;
    o.insert(u"worker_id"_s, workerId);
    o.insert(u"worker_name"_s, workerName);
    QJsonArray steps;
    for (WizardStepId id : allWizardSteps()) {
        if (!results.contains(id))
            continue;
        const StepResult &r = results.value(id);
        QJsonObject s;
        s.insert(u"step"_s, wizardStepKey(id));
        s.insert(u"outcome"_s, stepOutcomeId(r.outcome));
        s.insert(u"explanation"_s, r.explanation);
        s.insert(u"evidence"_s, QJsonArray::fromStringList(r.evidence));
        if (!r.pasted.isEmpty())
            s.insert(u"pasted"_s, r.pasted);
        s.insert(u"at_ms"_s, r.atMs);
        steps.append(s);
    }
    o.insert(u"steps"_s, steps);
    QJsonArray cs;
    for (const Cause &c : causes)
        cs.append(causeToJson(c));
    o.insert(u"causes"_s, cs);
    return o;
}

WizardSession WizardSession::fromJson(const QJsonObject &o)
{
    WizardSession s;
    s.workerId = o.value(u"worker_id"_s).toInteger(-1);
    s.workerName = o.value(u"worker_name"_s).toString();
    for (const auto &v : o.value(u"steps"_s).toArray()) {
        const QJsonObject so = v.toObject();
        StepResult r;
        if (!wizardStepFromKey(so.value(u"step"_s).toString(), &r.id))
            continue;
        r.outcome = stepOutcomeFromId(so.value(u"outcome"_s).toString());
        r.explanation = so.value(u"explanation"_s).toString();
        for (const auto &e : so.value(u"evidence"_s).toArray())
            r.evidence.append(e.toString());
        r.pasted = so.value(u"pasted"_s).toString();
        r.atMs = so.value(u"at_ms"_s).toInteger();
        s.results.insert(r.id, r);
    }
    for (const auto &v : o.value(u"causes"_s).toArray())
        s.causes.append(causeFromJson(v.toObject()));
    return s;
}

}  // namespace parallax

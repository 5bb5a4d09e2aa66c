#include "probetuning.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace parallax {

ProbeSettings ProbeTuning::applyTo(ProbeSettings base) const
{
    base.intervalMs = intervalS * 1000;
    base.timeoutMs = timeoutMs;
    base.failureThreshold = failuresToDown;
    base.successThreshold = successesToUp;
    base.concurrency = concurrency;
    return base.normalized();
}

QJsonObject ProbeTuning::toJson() const
{
    return QJsonObject{{u"intervalS"_s, intervalS}, {u"timeoutMs"_s, timeoutMs}, {u"failuresToDown"_s, failuresToDown},
        {u"successesToUp"_s, successesToUp}, {u"concurrency"_s, concurrency}};
}

ProbeTuning ProbeTuning::fromJson(const QJsonObject &o)
{
    ProbeTuning t;
    auto read = [&o](const QString &key, int fallback, int min, int max) {
        const int v = o.value(key).toInt(fallback);
        return v < min || v > max ? fallback : v;
    };
    t.intervalS = read(u"intervalS"_s, t.intervalS, 1, 24 * 3600);
    t.timeoutMs = read(u"timeoutMs"_s, t.timeoutMs, 50, 300'000);
    t.failuresToDown = read(u"failuresToDown"_s, t.failuresToDown, 1, 100);
    t.successesToUp = read(u"successesToUp"_s, t.successesToUp, 1, 100);
    t.concurrency = read(u"concurrency"_s, t.concurrency, 1, 65'536);
    return t;
}

}  // namespace parallax

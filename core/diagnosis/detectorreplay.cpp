#include "detectorreplay.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

QString seconds(double ms)
{
    return QString::number(ms / 1000.0, 'f', 1);
}

QString percent(double fraction)
{
    return QString::number(fraction * 100.0, 'f', fraction < 0.01 ? 2 : 1);
}

}  // namespace

int DetectorTimings::attemptsPerWindow() const
{
    const int step = attemptTimeoutMs + retryPauseMs;
    if (step <= 0)
        return 1;
    return (windowMs + step - 1) / step;
}

double quantile(QList<double> samples, double q)
{
    if (samples.isEmpty())
        return 0.0;
    std::sort(samples.begin(), samples.end());
    const double pos = q * double(samples.size() - 1);
    const auto lo = qsizetype(std::floor(pos));
    const auto hi = qsizetype(std::ceil(pos));
    const double frac = pos - double(lo);
    return samples.at(lo) + (samples.at(hi) - samples.at(lo)) * frac;
}

ReplayResult replayDetector(const ReplayInput &input)
{
    ReplayResult r;
    const DetectorTimings &t = input.timings;
    const double loss = std::clamp(input.lossRate, 0.0, 1.0);
    int slow = 0;
    for (double ms : input.latencyMs)
        slow += ms > t.attemptTimeoutMs ? 1 : 0;
    r.slowFraction = input.latencyMs.isEmpty() ? 0.0 : double(slow) / double(input.latencyMs.size());
    r.attemptFailureProbability = input.latencyMs.isEmpty() && loss == 0.0 ? 0.0 : loss + (1.0 - loss) * r.slowFraction;
    r.p50Ms = quantile(input.latencyMs, 0.5);
    r.p95Ms = quantile(input.latencyMs, 0.95);

    QRandomGenerator rng(input.seed);
    const qint64 totalMs = qint64(input.hours * 3600.0 * 1000.0);
    qint64 now = 0;
    bool unreachable = false;
    while (true) {
        now += t.cycleSleepMs;
        if (now >= totalMs)
            break;
        ++r.cycles;
        qint64 elapsed = 0;
        bool ok = false;
        while (elapsed < t.windowMs) {
            double answerMs = double(t.attemptTimeoutMs);
            bool answered = false;
            if (rng.generateDouble() >= loss && !input.latencyMs.isEmpty()) {
                answerMs = input.latencyMs.at(qsizetype(rng.bounded(quint32(input.latencyMs.size()))));
                answered = answerMs <= t.attemptTimeoutMs;
            }
            if (answered) {
                elapsed += qint64(answerMs);
                ok = true;
                break;
            }
            elapsed += t.attemptTimeoutMs;
            elapsed += t.retryPauseMs;
        }
        now += elapsed;
        if (!ok) {
            ++r.failedCycles;
            if (!unreachable)
                ++r.unreachableTransitions;
            unreachable = true;
        } else {
            unreachable = false;
        }
    }
    const double hours = double(totalMs) / 3'600'000.0;
    r.marksPerHour = hours > 0 ? double(r.unreachableTransitions) / hours : 0.0;
    r.unreachableFraction = r.cycles > 0 ? double(r.failedCycles) / double(r.cycles) : 0.0;

    // Largest per-attempt failure rate p with cyclesPerHour · 24 · p^k < 1 (under one mark a day).
    const double cyclesPerHour = 3'600'000.0 / double(t.cycleSleepMs + t.attemptTimeoutMs);
    const int k = t.attemptsPerWindow();
    r.maxTolerableFailure = std::pow(1.0 / (cyclesPerHour * 24.0), 1.0 / double(k));

    const double rounded = std::round(r.marksPerHour * 10.0) / 10.0;
    if (r.unreachableTransitions == 0) {
        r.summary =
            Findings::tr("With these numbers the server would not mark this worker unreachable (%1 simulated checks).")
                .arg(r.cycles);
    } else if (r.unreachableFraction > 0.9) {
        r.summary =
            Findings::tr("With these numbers the server would keep this worker unreachable: %1% of its checks fail.")
                .arg(percent(r.unreachableFraction));
    } else if (rounded < 1.0) {
        r.summary =
            Findings::tr("With these numbers the server would mark this worker unreachable about %1 times a day.")
                .arg(QString::number(r.marksPerHour * 24.0, 'f', 1));
    } else {
        r.summary =
            Findings::tr("With these numbers the server would mark this worker unreachable about %1 times an hour, and "
                         "show it unreachable %2% of the time.")
                .arg(QString::number(rounded, 'f', rounded < 10 ? 1 : 0), percent(r.unreachableFraction));
    }
    if (r.unreachableTransitions > 0) {
        if (r.slowFraction > 0.0)
            r.changes << Findings::tr(
                "Make the health endpoint answer within %1 s: %2% of the measured answers are slower (median %3 s, "
                "95th percentile %4 s). A busy worker host (CPU, swap, disk) is the usual reason.")
                             .arg(seconds(t.attemptTimeoutMs), percent(r.slowFraction), seconds(r.p50Ms),
                                 seconds(r.p95Ms));
        if (loss > 0.0)
            r.changes << Findings::tr("Reduce packet loss on the path from the server: %1% of probes got no answer.")
                             .arg(percent(loss));
        r.changes << Findings::tr("Marks stay under one a day when fewer than %1% of attempts fail (now %2%).")
                         .arg(percent(r.maxTolerableFailure), percent(r.attemptFailureProbability));
    }
    return r;
}

}  // namespace parallax

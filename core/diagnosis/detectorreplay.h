#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parallax {

// GPUStack's server-side reachability detector (ref/gpustack-api.md §6.5, §7:
// gpustack/server/worker_syncer.py, worker_request.py is_worker_reachable): every cycle it
// sleeps 15 s, then GETs /healthz with a 2 s limit per attempt, pausing 3 s after each
// failure, until one answers 200 or 20 s have passed; then the worker is unreachable.
struct DetectorTimings {
    int attemptTimeoutMs = 2000;
    int retryPauseMs = 3000;
    int windowMs = 20000;
    int cycleSleepMs = 15000;
    int heartbeatGraceMs = 150000;

    // How many attempts fit in one window when each fails at the timeout (4 with the defaults).
    int attemptsPerWindow() const;
};

struct ReplayInput {
    QList<double> latencyMs;  // measured health-check answer times (successful probes)
    double lossRate = 0.0;  // fraction of probes that got no answer at all (0–1)
    quint32 seed = 1;  // the replay is deterministic for a given seed
    double hours = 24.0;  // simulated time; the result is given per hour
    DetectorTimings timings;
};

struct ReplayResult {
    int cycles = 0;
    int failedCycles = 0;  // cycles where every attempt in the window failed
    int unreachableTransitions = 0;  // ready → unreachable marks
    double marksPerHour = 0.0;
    double unreachableFraction = 0.0;  // share of cycles ending unreachable
    double attemptFailureProbability = 0.0;  // loss + (1 − loss) · P(latency > 2 s)
    double slowFraction = 0.0;  // P(latency > attempt limit) among answers
    double p50Ms = 0.0;
    double p95Ms = 0.0;
    double maxTolerableFailure = 0.0;  // per-attempt failure rate below which marks stay under 1 a day
    QString summary;  // translated: "With these numbers the server would mark this worker unreachable about 3 times an
                      // hour."
    QStringList changes;  // translated: what would stop it
};

ReplayResult replayDetector(const ReplayInput &input);

// The q-quantile (0–1) of samples, linear interpolation; 0 for an empty list.
double quantile(QList<double> samples, double q);

}  // namespace parallax

#pragma once

#include "probe/probesettings.h"

#include <QJsonObject>

#include <optional>

namespace parallax {

// The part of ProbeSettings a person sets: how often, how patient, how sure, how many at once.
// The Settings dialog holds the defaults; a server profile may carry its own (a cluster across a
// slow VPN wants a longer timeout than the one on the next desk). The defaults are ProbeSettings'
// own, so the GUI, the CLI and the core agree on what "default" means.
struct ProbeTuning {
    int intervalS = ProbeSettings{}.intervalMs / 1000;
    int timeoutMs = ProbeSettings{}.timeoutMs;
    int failuresToDown = ProbeSettings{}.failureThreshold;
    int successesToUp = ProbeSettings{}.successThreshold;
    int concurrency = ProbeSettings{}.concurrency;

    // `base` with these five values set (and clamped by ProbeSettings::normalized()).
    ProbeSettings applyTo(ProbeSettings base) const;

    QJsonObject toJson() const;
    // Missing or out-of-range values fall back to the defaults; nothing here is fatal.
    static ProbeTuning fromJson(const QJsonObject &object);

    bool operator==(const ProbeTuning &) const = default;
};

}  // namespace parallax

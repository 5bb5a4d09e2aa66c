#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace parallax {

// A network a probe may be sent to, e.g. 127.0.0.0/8 (QHostAddress::parseSubnet's shape).
using AllowedNetwork = QPair<QHostAddress, int>;

// Everything the probe engine and scheduler can be told. A change applies without a restart:
// ProbeScheduler::setSettings() takes effect at the next probe (interval shortening and the
// concurrency cap at once).
//
// Defaults mirror GPUStack's own detector where one exists (ref/gpustack-api.md §6.5, §7):
// the server probes every 15 s with 2 s attempts for 20 s; we probe every 30 s with a 5 s
// budget and need 2 consecutive results to change our mind, so one lost packet is not a page.
struct ProbeSettings {
    int intervalMs = 30'000;
    int timeoutMs = 5'000;  // budget for each of: DNS, the HTTP exchange, the metrics witness
    int failureThreshold = 2;  // consecutive failures before Down
    int successThreshold = 2;  // consecutive successes before Up
    double jitter = 0.1;  // ± fraction of the interval, so probes do not synchronise
    int concurrency = 256;  // probes in flight at most
    int troubleDivisor = 3;  // workers not Up are re-probed every interval / troubleDivisor
    // A worker never judged yet is probed at once when it is listed (the concurrency cap bounds
    // the burst) and again after `confirmDelayMs` until the thresholds decide: the first verdict
    // comes in seconds, not intervals. Then, with `spreadRounds`, its next probe lands at a
    // random point of one interval, so a cluster listed at once does not stay synchronised.
    int confirmDelayMs = 1'000;
    bool spreadRounds = true;
    bool httpCheck = true;  // false: TCP connect only (no GET /healthz)
    bool metricsWitness = true;  // on failure, TCP connect to the metrics port (10151)
    bool probeHostname = true;  // also probe the hostname when it resolves elsewhere (not
                                // looked up when allowedNetworks restricts the run)
    int hostnameRecheckMs = 300'000;  // how often the hostname is re-resolved (DNS is not free)
    int maxResponseBytes = 16 * 1024;  // a health answer is 4 bytes; anything huge is not GPUStack

    // Local-network detection: within `localNetworkWindowMs`, at least `localNetworkMinTargets`
    // distinct workers probed and at least `localNetworkFailFraction` of the results failed the
    // same way → our own network is the suspect (LocalState::UnknownLocalNetwork, not Down).
    int localNetworkWindowMs = 15'000;
    int localNetworkMinTargets = 5;
    double localNetworkFailFraction = 0.9;

    // Empty = any address may be probed. The demo and the tests set loopback only; a target
    // outside these networks is not contacted and gets ProbeError::Skipped.
    QList<AllowedNetwork> allowedNetworks;

    // 127.0.0.0/8 and ::1/128.
    static QList<AllowedNetwork> loopbackOnly();
    bool isAllowed(const QHostAddress &address) const;
    // Clamps values to sane ranges (a zero interval would spin; a zero cap would never probe).
    ProbeSettings normalized() const;

    bool operator==(const ProbeSettings &) const = default;
};

}  // namespace parallax

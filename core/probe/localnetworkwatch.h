#pragma once

#include "probe/proberesult.h"

#include <QHash>

#include <deque>
#include <optional>

namespace parallax {

// Decides whether our own network is the suspect: within a short window, enough distinct
// workers were probed and (nearly) all of them failed the same way. One dead worker is a
// dead worker; every worker refusing or timing out at once is far more likely our Wi-Fi,
// VPN or laptop firewall (DESIGN.md "Probes": explicit unknown instead of a false "down").
class LocalNetworkWatch {
public:
    struct Settings {
        qint64 windowMs = 15'000;
        int minTargets = 5;
        double failFraction = 0.9;
    };

    void setSettings(Settings settings) { m_settings = settings; }
    // Records one probe outcome (Skipped results must not be recorded) and returns whether
    // the local network is the suspect now. `startedMs`: when that probe started (default: atMs).
    bool record(qint64 workerId, qint64 atMs, bool ok, ProbeError error, std::optional<qint64> startedMs = {});
    bool suspect() const { return m_suspect; }
    // Whether failures that began with a probe started at `sinceMs` cannot be judged yet: the
    // window still holds successes from before they began, which keep it from seeing a burst,
    // and no probe started since has succeeded. A dead worker among healthy ones is decided by
    // the next success from another worker; an outage of our own network by the window.
    bool undecided(qint64 sinceMs) const
    {
        return !m_suspect && qsizetype(m_entries.size()) > m_failures && m_latestOkStartedMs < sinceMs;
    }
    ProbeError commonError() const { return m_commonError; }
    void clear();

private:
    struct Entry {
        qint64 atMs;
        qint64 workerId;
        bool ok;
        ProbeError error;
    };
    void expire(qint64 nowMs);
    void evaluate();

    Settings m_settings;
    std::deque<Entry> m_entries;
    QHash<qint64, int> m_perWorker;  // entries in the window per worker
    QHash<int, int> m_failuresByError;  // failures in the window per ProbeError
    int m_failures = 0;
    qint64 m_latestOkStartedMs = 0;  // start of the latest successful probe, ever
    bool m_suspect = false;
    bool m_okSinceSuspect = false;  // a probe succeeded since the suspicion began
    ProbeError m_commonError = ProbeError::None;
};

}  // namespace parallax

#pragma once

#include "probe/proberesult.h"

#include <QHash>

#include <deque>

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
    // the local network is the suspect now.
    bool record(qint64 workerId, qint64 atMs, bool ok, ProbeError error);
    bool suspect() const { return m_suspect; }
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
    QHash<qint64, int> m_perWorker;        // entries in the window per worker
    QHash<int, int> m_failuresByError;     // failures in the window per ProbeError
    int m_failures = 0;
    bool m_suspect = false;
    ProbeError m_commonError = ProbeError::None;
};

}  // namespace parallax

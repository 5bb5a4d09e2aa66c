#pragma once

#include "base/clock.h"
#include "probe/localnetworkwatch.h"
#include "probe/probeengine.h"
#include "probe/proberesult.h"
#include "probe/probesettings.h"
#include "probe/probetarget.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <optional>
#include <set>
#include <utility>

namespace parallax {

struct Worker;

// Counters since start (or since resetStats()), for the status bar and the benchmark.
struct ProbeStats {
    qint64 started = 0;
    qint64 finished = 0;
    qint64 failed = 0;  // finished and not healthy (skipped excluded)
    qint64 skipped = 0;  // outside allowedNetworks
    int maxInFlight = 0;
};

// Probes every worker from this machine, on a schedule, and turns single results into your
// view of each worker (LocalState) with hysteresis:
//   - a newly listed worker at once, then after `confirmDelayMs` until its first verdict; from
//     there every `intervalMs` (± jitter), the first of those rounds spread over one interval
//     (no thundering herd);
//   - workers that are not Up are re-probed every interval / troubleDivisor;
//   - at most `concurrency` probes in flight;
//   - `failureThreshold` consecutive failures → Down, `successThreshold` successes → Up;
//   - when (nearly) every probe fails the same way at once, the local network is the
//     suspect: UnknownLocalNetwork instead of Down (see LocalNetworkWatch). That judgement
//     comes first: while a burst of failures cannot be classified yet, Down waits for it.
// Wall time comes from the injected Clock (results are stamped with it; due times are on it);
// timers are QTimers, so with a ManualClock a test calls runDue() after advancing the clock.
class ProbeScheduler : public QObject {
    Q_OBJECT
public:
    explicit ProbeScheduler(const Clock &clock, QObject *parent = nullptr);
    ~ProbeScheduler() override;

    // Takes effect without a restart: a shorter interval pulls due times in, a larger cap
    // starts waiting probes at once; timeouts and the ladder apply from the next probe.
    void setSettings(const ProbeSettings &settings);
    const ProbeSettings &settings() const { return m_settings; }
    void setRandomSeed(quint32 seed) { m_rng.seed(seed); }

    // Targets: from the worker list (probeTargetFor()), kept in step with watch events.
    void setTargets(const QList<ProbeTarget> &targets);  // upsert these, remove the rest
    void upsertTarget(const ProbeTarget &target);  // a changed address is probed soon; invalid = remove
    void upsertWorker(const Worker &worker);
    void removeTarget(qint64 workerId);
    int targetCount() const { return int(m_entries.size()); }
    QList<qint64> targetIds() const { return m_entries.keys(); }

    void start();
    void stop();  // no new probes; those in flight are abandoned
    bool isRunning() const { return m_running; }

    void probeNow(qint64 workerId);  // due now (e.g. the user pressed "probe again")
    void runDue();  // starts the due probes the cap allows, kStartsPerTurn at most

    // Probes started in one turn of the event loop; the rest that are due start on the next
    // turn (a 0 ms timer), and a finished probe's slot is filled there too. Each start is a
    // socket and a connect(), which on loopback runs both ends of the handshake here: a whole
    // cluster's worth (the cap, 256) in one turn, or one start per result inside a batch of
    // results, is work the window waits for in one piece.
    static constexpr int kStartsPerTurn = 16;

    LocalState localState(qint64 workerId) const;
    std::optional<qint64> nextDueMs(qint64 workerId) const;  // nullopt while in flight or unknown
    int inFlight() const { return m_engine.inFlight(); }
    bool localNetworkSuspect() const { return m_watch.suspect(); }
    const ProbeStats &stats() const { return m_stats; }
    void resetStats() { m_stats = {}; }

Q_SIGNALS:
    void probeFinished(const parallax::ProbeResult &result);
    void localStateChanged(qint64 workerId, parallax::LocalState state);
    void localNetworkSuspectChanged(bool suspect);

private:
    struct Entry {
        ProbeTarget target;
        qint64 dueMs = 0;
        qint64 lastHostnameCheckMs = 0;
        bool hostnameChecked = false;
        bool inFlight = false;
        quint64 ticket = 0;  // the last probe started for this entry (ProbeResult::ticket)
        quint64 targetSince = 0;  // probes with a ticket above this one were started for `target`
        bool judged = false;  // has had a first verdict (Up, Down or local network) since listed
        int failures = 0;
        int successes = 0;
        qint64 failingSinceMs = 0;  // start of the first probe of the current failure streak
        LocalState state = LocalState::Unknown;
    };

    void schedule(qint64 workerId, Entry &entry, qint64 dueMs);
    void unschedule(qint64 workerId, const Entry &entry);
    void armTimer();
    bool hostnameLookupAllowed(const QString &hostname) const;
    void onFinished(const ProbeResult &result);
    LocalState judge(const Entry &entry) const;
    void setState(qint64 workerId, Entry &entry, LocalState state);
    void applySuspicion(bool suspect);
    void judgeHeld();
    qint64 nextInterval(const Entry &entry);
    qint64 spreadOffset(qint64 span);

    const Clock &m_clock;
    ProbeSettings m_settings;
    ProbeEngine m_engine;
    LocalNetworkWatch m_watch;
    QHash<qint64, Entry> m_entries;
    // Workers with enough failures for Down whose judgement waits for LocalNetworkWatch to tell
    // our own network from theirs (judge()).
    QSet<qint64> m_held;
    std::set<std::pair<qint64, qint64>> m_due;  // (dueMs, workerId) of entries not in flight
    QTimer m_timer;
    QRandomGenerator m_rng;
    ProbeStats m_stats;
    quint64 m_lastTicket = 0;  // every probe started gets the next one
    bool m_running = false;
    bool m_inRunDue = false;
};

}  // namespace parallax

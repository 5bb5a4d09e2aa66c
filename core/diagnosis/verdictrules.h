#pragma once

#include "diagnosis/verdict.h"
#include "gpustack/worker.h"
#include "probe/proberesult.h"

#include <QHash>
#include <QString>

#include <deque>

namespace parallax {

// Why a verdict is what it is; stable ids (verdictReasonId) for reports and tests.
enum class VerdictReason {
    BothUp,  // agree_up
    BothDown,  // agree_down
    OnlyServerSeesDown,  // split_server_down
    OnlyLocalSeesDown,  // split_local_down
    NoServerView,  // unknown: the server has not told us about this worker
    ServerViewStale,  // unknown: our copy of the server's view is too old
    ServerStateUnknown,  // unknown: no state, or a state this version does not know
    Maintenance,  // unknown: GPUStack does not judge reachability in maintenance
    Provisioning,  // unknown: pending/provisioning/initializing/deleting/error (cloud)
    NoLocalView,  // unknown: not probed yet, or not enough evidence (hysteresis)
    LocalViewStale,  // unknown: our last probe is too old
    LocalNetworkSuspect,  // unknown: every probe fails the same way; our side is the suspect
    NotProbed,  // unknown: outside allowedNetworks (demo/test), never contacted
};

QString verdictReasonId(VerdictReason reason);  // "both_up", "server_view_stale", …

struct VerdictSettings {
    // Our copy of the server's view older than this → unknown. 0 = never: the caller vouches
    // for freshness (a live watch stream sends nothing while nothing changes; set a limit when
    // the stream is down, e.g. 2 × GPUStack's 15 s keep-alive).
    qint64 serverMaxAgeMs = 0;
    // Our last probe older than this → unknown (4 × the default 30 s interval: one lost cycle
    // plus the faster re-probes of a worker in trouble).
    qint64 localMaxAgeMs = 120'000;
};

// Everything the verdict depends on, as plain values: the function below is pure.
struct VerdictInput {
    bool serverKnown = false;
    WorkerState serverState = WorkerState::Unknown;
    bool maintenance = false;  // maintenance.enabled, even if the state has not caught up
    qint64 serverSeenMs = 0;  // when our copy of the server's view was last confirmed
    LocalState local = LocalState::Unknown;
    qint64 localSeenMs = 0;  // when our last probe finished; 0 = never
    bool localSkipped = false;  // the last probe was Skipped (outside allowedNetworks)
    qint64 nowMs = 0;
};

struct VerdictDecision {
    Verdict verdict = Verdict::Unknown;
    VerdictReason reason = VerdictReason::NoServerView;
    bool operator==(const VerdictDecision &) const = default;
};

// The verdict table (DESIGN.md "Compares"):
//   server ready        + local up   → agree_up
//   server unreachable / not_ready + local down → agree_down
//   server unreachable / not_ready + local up   → split_server_down
//   server ready        + local down → split_local_down
//   anything stale, missing, in maintenance or provisioning, or with the local network
//   suspect → unknown (with the reason).
// not_ready outranks unreachable in GPUStack (ref/gpustack-api.md §6.2); both are "server down".
VerdictDecision decideVerdict(const VerdictInput &input, const VerdictSettings &settings = {});

// Builds the input from the server's Worker and the local state (lastProbe may be null).
VerdictInput verdictInputFor(
    const Worker *server, qint64 serverSeenMs, LocalState local, const ProbeResult *lastProbe, qint64 nowMs);

// Flapping: a worker whose state changes too often in a window. Enters at `enterChanges`
// changes within `windowMs`, leaves when the window holds at most `leaveChanges` (hysteresis,
// so the flag itself does not flap).
class FlapDetector {
public:
    struct Settings {
        int enterChanges = 4;  // e.g. up→down→up→down→up within the window
        int leaveChanges = 1;
        qint64 windowMs = 10 * 60 * 1000;
    };

    FlapDetector() = default;
    explicit FlapDetector(Settings settings)
        : m_settings(settings)
    {
    }
    void setSettings(Settings settings) { m_settings = settings; }

    // Records one state change of `id` at `atMs`; returns whether it is flapping now.
    bool recordChange(qint64 id, qint64 atMs);
    // Re-evaluates with time passing (changes age out of the window).
    bool isFlapping(qint64 id, qint64 nowMs);
    int changesInWindow(qint64 id, qint64 nowMs);
    void forget(qint64 id) { m_history.remove(id); }

private:
    struct History {
        std::deque<qint64> changes;
        bool flapping = false;
    };
    void expire(History &h, qint64 nowMs) const;
    void evaluate(History &h) const;

    Settings m_settings;
    QHash<qint64, History> m_history;
};

}  // namespace parallax

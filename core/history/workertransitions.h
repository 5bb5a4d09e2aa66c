#pragma once

#include "diagnosis/verdict.h"
#include "gpustack/worker.h"
#include "history/historytypes.h"
#include "probe/proberesult.h"

#include <QHash>
#include <QList>

#include <optional>

namespace parallax {

// The facts of one worker whose changes are its transitions, as of one observation: the
// server's state, its maintenance switch, the registered address GPUStack probes
// (ip, advertise_address, hostname, port), the verdict and your view.
struct WorkerFacts {
    WorkerState state = WorkerState::Other;
    QString stateText;  // GPUStack's own spelling, what an unknown state is known by
    QString stateMessage;
    bool maintenance = false;  // maintenance_enabled; a "maintenance" state is a server state
    QString maintenanceMessage;
    QString ip;
    QString advertiseAddress;
    QString hostname;
    std::optional<int> port;
    Verdict verdict = Verdict::Unknown;
    LocalState local = LocalState::Unknown;

    static WorkerFacts of(const Worker &server, Verdict verdict, LocalState local);
    // The server state as history spells it: workerStateId, or GPUStack's text for unknown ones.
    QString serverStateId() const;
};

// The one place a worker's transitions are detected; the monitor runs it, the history
// records what it yields and the timeline and reports read that. A transition is a
// HistoryEvent: one fact whose value differs from the previous observation's.
// The rules:
//  - A message (the server's state message, the maintenance note) rides along with its fact;
//    it is never a transition by itself. Heartbeat ages are samples, not transitions.
//  - First sighting: the server's facts are transitions from unknown (an empty `from`), so a
//    worker's history starts with what was there. The verdict and your view start at "unknown"
//    (Parallax's own judgement begins there): a transition when the first sighting knows them.
//  - A change and back are two transitions; nothing is smoothed here (flapping is judged from
//    the verdict transitions by FlapDetector, and shown, not hidden).
//  - After a restart the stored history continues (resumeStored): the same value again is no
//    transition, and an unknown `from` is the value stored last.
class WorkerTransitions {
public:
    // From `before` (nullopt: first sighting) to `after`, in a fixed order: server state,
    // maintenance, ip, advertise_address, hostname, port, your view, verdict.
    static QList<HistoryEvent> between(const std::optional<WorkerFacts> &before, const WorkerFacts &after, qint64 atMs);
    // A transition against the value the history stored last for its fact (nullopt: none):
    // nothing when it repeats that value, else the transition with an unknown `from` filled in.
    static std::optional<HistoryEvent> resumeStored(
        const HistoryEvent &transition, const std::optional<QString> &storedTo);
    // Whether a timeline marks it: address and maintenance changes, not what a first sighting
    // found (its addresses, maintenance off).
    static bool marksTimeline(const HistoryEvent &transition);

    // Compares one worker's facts with those it last observed for it, and keeps the new ones.
    QList<HistoryEvent> observe(qint64 workerId, const WorkerFacts &facts, qint64 atMs);
    // The worker is gone: its next observation is a first sighting.
    void forget(qint64 workerId) { m_last.remove(workerId); }

private:
    QHash<qint64, WorkerFacts> m_last;
};

}  // namespace parallax

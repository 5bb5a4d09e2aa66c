#pragma once

#include "diagnosis/cause.h"
#include "diagnosis/verdict.h"
#include "gpustack/worker.h"
#include "probe/proberesult.h"

#include <QList>
#include <QMetaType>

#include <optional>

namespace parallax {

// Everything Parallax knows about one worker right now: the server's view, your view, and
// what they mean together. Views and reports read these; only the monitor writes them.
struct WorkerView {
    Worker server;  // the server's view (latest list / watch event)
    qint64 serverSeenMs = 0;  // when that view was last confirmed
    std::optional<ProbeResult> lastProbe;  // your view, latest probe
    LocalState local = LocalState::Unknown;  // your view after hysteresis
    Verdict verdict = Verdict::Unknown;
    qint64 verdictSinceMs = 0;
    bool flapping = false;
    QList<Cause> causes;  // best first

    qint64 id() const { return server.id; }
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::WorkerView)

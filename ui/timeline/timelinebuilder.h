#pragma once

#include "history/historytypes.h"
#include "recenthistory.h"
#include "timelinedata.h"

namespace parallax {

// GPUStack's health check gives up after 2 s (gpustack/server/worker_request.py
// is_worker_reachable): probes slower than that count as failures on the server's side.
inline constexpr double kGpuStackHealthLimitMs = 2000.0;

// One worker's merged timeline: server state as bands, probe latency as a line with
// failures marked, heartbeat age on the right axis, address and maintenance changes as
// annotations, GPUStack's 2 s limit as a reference line.
TimelineData workerTimeline(const HistorySeries &series, qint64 nowMs);

// The cluster's availability by both views, in percent of workers.
TimelineData availabilityTimeline(const QList<HistorySource::AvailabilityPoint> &points, qint64 nowMs);

}  // namespace parallax

#pragma once

#include "probe/proberesult.h"

#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace parallax {

// Which worker a history belongs to: worker ids are only unique within one GPUStack server,
// so the cluster key (the profile's server URL or id, chosen by the caller) is part of it.
struct WorkerKey {
    QString cluster;
    qint64 workerId = -1;

    bool operator==(const WorkerKey &) const = default;
};

inline size_t qHash(const WorkerKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.cluster, key.workerId);
}

// Which address a probe went to (ProbeResult::viaHostname): the one GPUStack probes (advertise_address, else ip) or the
// worker's hostname when it resolves elsewhere. Both may be probed in the same cycle.
enum class ProbeRoute : quint8 { Registered = 0, Hostname = 1 };

// One probe, as history keeps it: 24 bytes so 10,000 workers' ring buffers stay small.
struct ProbeSample {
    qint64 atMs = 0;  // ProbeResult::startedMs
    quint32 connectUs = 0;  // 0 when the phase did not happen
    quint32 firstByteUs = 0;
    quint32 totalUs = 0;
    quint16 httpStatus = 0;
    ProbeError error = ProbeError::None;  // the first failing phase
    bool ok = false;  // the health check passed
    ProbeRoute target = ProbeRoute::Registered;

    static ProbeSample fromResult(const ProbeResult &result);  // route from ProbeResult::viaHostname
    bool operator==(const ProbeSample &) const = default;
};

// What a history event is about.
enum class HistoryEventKind : quint8 {
    ServerState = 0,  // GPUStack's worker state changed (from/to: workerStateId or the raw text)
    Verdict = 1,  // the comparison changed (from/to: verdictId)
    LocalState = 2,  // your view changed (from/to: localStateId)
    Address = 3,  // a registered address field changed (field: ip, advertise_address, hostname, port)
    Maintenance = 4,  // maintenance switched on or off (to: "on"/"off", message: the server's note)
};

QString historyEventKindId(HistoryEventKind kind);  // "server_state", "verdict", …

// A transition of one of a worker's states, or an address change.
struct HistoryEvent {
    qint64 atMs = 0;
    HistoryEventKind kind = HistoryEventKind::ServerState;
    QString field;  // Address: which field; empty otherwise
    QString from;  // empty when unknown (first sight)
    QString to;
    QString message;  // the server's state message or maintenance note (untrusted text)

    bool operator==(const HistoryEvent &) const = default;
};

struct HeartbeatSample {
    qint64 atMs = 0;
    qint64 ageMs = 0;  // heartbeat age at atMs

    bool operator==(const HeartbeatSample &) const = default;
};

// How a range query is answered: raw rows, or one of the rollups.
enum class HistoryResolution { Raw, Minute, Hour };

QString historyResolutionId(HistoryResolution resolution);  // "raw", "minute", "hour"

// One rollup row: probes of one worker in one minute or hour. Latency is the total time of
// successful probes (failures have no meaningful latency, they are counted).
struct RollupRow {
    qint64 bucketStartMs = 0;
    qint64 count = 0;
    qint64 failures = 0;
    qint64 latencyMinUs = -1;  // -1: no successful probe in the bucket
    qint64 latencyAvgUs = -1;
    qint64 latencyMaxUs = -1;
    qint64 latencyP95Us = -1;  // nearest rank; exact up to 256 samples, else within ~6 % (histogram)
};

// A range query: one worker, [fromMs, toMs), at most maxPoints buckets (or a fixed bucket).
struct HistoryQuery {
    WorkerKey key;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int maxPoints = 1000;  // used when bucketMs is 0
    qint64 bucketMs = 0;  // 0: derive from maxPoints
};

// One bucket of a downsampled series. Buckets without any data are left out.
struct HistoryBucket {
    qint64 startMs = 0;
    qint64 probes = 0;
    qint64 failures = 0;
    qint64 latencyMinUs = -1;  // -1: no successful probe
    qint64 latencyAvgUs = -1;
    qint64 latencyMaxUs = -1;
    qint64 heartbeatAgeMaxMs = -1;  // -1: no heartbeat sample in the bucket
};

// A state held over [fromMs, toMs). toMs is the query's end when the state still holds.
struct HistoryInterval {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QString value;  // the state id ("ready", "agree_up", "up", …)
    QString message;  // the server's message for server states
};

// The answer to a HistoryQuery: what a timeline chart or a report section draws.
struct HistorySeries {
    WorkerKey key;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 bucketMs = 0;
    HistoryResolution resolution = HistoryResolution::Raw;
    QList<HistoryBucket> buckets;  // ascending startMs
    QList<HistoryInterval> serverStates;  // bands
    QList<HistoryInterval> verdicts;
    QList<HistoryInterval> localStates;
    QList<HistoryEvent> annotations;  // address changes and maintenance switches
};

// Availability of one worker over [fromMs, toMs), from both views.
struct HistoryAvailability {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    // Server view: the fraction of the time with a known state during which it was "ready".
    std::optional<double> serverReady;
    qint64 serverKnownMs = 0;  // how much of the range had a known server state
    // Your view: the fraction of probes that passed.
    std::optional<double> probeSuccess;
    qint64 probes = 0;
};

// A cluster at one moment, as the store remembers it: how many of its workers it knew, how
// many the server called ready, and how many answered a probe from here.
struct ClusterAvailabilitySample {
    qint64 atMs = 0;
    int workers = 0;  // with a known server state or a probe in the step
    int serverReady = 0;  // the server's state at atMs was "ready"
    int reachable = 0;  // most probes in the step's last probed minute passed

    bool operator==(const ClusterAvailabilitySample &) const = default;
};

// What a maintenance pass did.
struct HistoryMaintenanceReport {
    qint64 rawRowsDeleted = 0;
    qint64 rollupRowsDeleted = 0;
    qint64 eventRowsDeleted = 0;
    bool sizeCapApplied = false;
    qint64 bytesOnDisk = 0;  // database file plus its WAL after the pass
};

struct HistorySettings {
    qint64 rawRetentionMs = 48LL * 3600 * 1000;  // probe rows and heartbeat ages
    qint64 rollupRetentionMs = 90LL * 24 * 3600 * 1000;  // minute/hour rollups and events
    qint64 maxBytesOnDisk = 2LL * 1024 * 1024 * 1024;  // hard cap; oldest raw data goes first
    int flushIntervalMs = 1000;  // kill -9 loses at most this much (plus one batch)
    int maxPendingRows = 50'000;  // flush early when this many rows wait
    int maintenanceIntervalMs = 10 * 60 * 1000;  // retention and size cap
    int probeRingCapacity = 64;  // per worker, in memory
    int eventRingCapacity = 32;
    int heartbeatRingCapacity = 32;
    qint64 heartbeatSampleIntervalMs = 30'000;  // heartbeat ages are stored at most this often
    // Per-worker state kept in memory (recent rings, caches) for at most this many workers;
    // the least recently seen go first. Removed workers are forgotten at once.
    int maxTrackedWorkers = 50'000;
    // Test hook: makes SQLite report a full disk after this many pages (0 = no limit).
    qint64 maxPageCountForTest = 0;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::WorkerKey)
Q_DECLARE_METATYPE(parallax::HistorySeries)

#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "diagnosis/verdict.h"
#include "gpustack/worker.h"
#include "history/historytypes.h"
#include "history/ringbuffer.h"
#include "probe/proberesult.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>

namespace parallax {

class HistoryDatabase;
struct HistoryBatch;
struct HistoryNotice;

// Per-worker history of both views: what the server said, what we saw, and how they compared.
//
// Recording (recordProbe, recordTransitions, recordHeartbeat, …) is cheap and never
// blocks: the sample goes into a small per-worker ring buffer (recent*() read those, synchronously)
// and into a pending batch. The batch is written to SQLite in one transaction at least every
// HistorySettings::flushIntervalMs (1 s), so a kill -9 loses at most the last second or so.
//
// SQLite runs on a thread of its own with its own connection: a 10,000-row flush costs about
// 20 µs of CPU per row, ~200 ms, and the 15-minute journal compaction seconds (history_bench
// prints the figures): far too long for the GUI thread. Queries go
// to that thread too and answer through a callback on this object's thread; the callback is
// dropped if its context object is destroyed first. Queries see everything recorded before
// them (they are queued behind the pending batch).
//
// Problems never stop the store: a corrupt file is moved aside and a new one started
// (databaseSetAside); a full disk or a file another program keeps busy switches to memory
// only until the next maintenance pass finds it usable again; a file another Parallax
// records is shown read-only (isReadOnly) until that one closes. Each is reported through
// errorOccurred with a translated message.
//
// Memory stays bounded: a worker the server removed is forgotten (forgetWorker; its stored
// rows stay until retention), and at most HistorySettings::maxTrackedWorkers workers keep
// a recent history in memory (the least recently seen go first).
class HistoryStore : public QObject {
    Q_OBJECT
public:
    explicit HistoryStore(const Clock &clock, const HistorySettings &settings = {}, QObject *parent = nullptr);
    ~HistoryStore() override;  // writes what is pending, then closes the database

    // Opens the database file (created with its folder if missing). The app passes a file
    // under QStandardPaths::AppDataLocation. Emits opened() when done.
    void open(const QString &path);
    bool isPersistent() const { return m_persistent; }
    bool isReadOnly() const { return m_readOnly; }  // another Parallax records the file
    const HistorySettings &settings() const { return m_settings; }

    // --- Recording (cheap, this thread) ---
    void recordProbe(const WorkerKey &key, const ProbeResult &result);
    void recordProbeSample(const WorkerKey &key, const ProbeSample &sample);
    // A worker's transitions as WorkerTransitions (history/workertransitions.h) detected them:
    // recorded as they are, nothing compared again here.
    void recordTransitions(const WorkerKey &key, const QList<HistoryEvent> &transitions);
    // The server's view of a worker, as of now: its heartbeat age, at most every
    // heartbeatSampleIntervalMs.
    void recordHeartbeat(const WorkerKey &key, const Worker &worker);
    void recordVerdict(const WorkerKey &key, Verdict from, Verdict to, qint64 atMs);
    void recordLocalState(const WorkerKey &key, LocalState from, LocalState to, qint64 atMs);
    void recordEvent(const WorkerKey &key, const HistoryEvent &event);
    // The server removed the worker: its recent history and caches go (stored rows stay).
    void forgetWorker(const WorkerKey &key);
    // Rows recorded under the cluster key `from` (an older naming) become `to`'s, when `to`
    // has none yet. Queued before anything recorded after this call.
    void adoptCluster(const QString &from, const QString &to);

    // --- Recent history from memory (synchronous, bounded by the ring capacities) ---
    QList<ProbeSample> recentProbes(const WorkerKey &key) const;
    QList<HistoryEvent> recentEvents(const WorkerKey &key) const;
    QList<HeartbeatSample> recentHeartbeats(const WorkerKey &key) const;
    int workerCount() const { return int(m_workers.size()); }
    qsizetype pendingRows() const;

    // --- Asynchronous: the callback runs on this thread unless context died first ---
    // Writes what is pending now; done() says whether it reached the disk.
    void flush(QObject *context = nullptr, std::function<void(const Result<void> &)> done = {});
    // A downsampled series for a chart or report: raw rows for buckets under a minute, minute
    // rollups up to an hour, hour rollups above (a 7-day chart reads 168 rows).
    void querySeries(
        const HistoryQuery &query, QObject *context, std::function<void(const Result<HistorySeries> &)> done);
    // The cluster's workers counted at the end of each step of [fromMs, toMs), for the overview's
    // chart after a restart. A step under a minute is taken as a minute (the rollups' grain).
    void queryClusterAvailability(const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs, QObject *context,
        std::function<void(const Result<QList<ClusterAvailabilitySample>> &)> done);
    // Availability over [fromMs, toMs): server view (time ready) and your view (probes passed).
    void queryAvailability(const WorkerKey &key, qint64 fromMs, qint64 toMs, QObject *context,
        std::function<void(const Result<HistoryAvailability> &)> done);
    void queryRollups(const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs, QObject *context,
        std::function<void(const Result<QList<RollupRow>> &)> done);
    void queryRawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs, QObject *context,
        std::function<void(const Result<QList<ProbeSample>> &)> done);
    // New retention and size cap, without a restart; runMaintenance() applies them at once.
    void setRetention(qint64 rawRetentionMs, qint64 rollupRetentionMs, qint64 maxBytesOnDisk);
    // Retention and size cap now (they also run every maintenanceIntervalMs).
    void runMaintenance(
        QObject *context = nullptr, std::function<void(const Result<HistoryMaintenanceReport> &)> done = {});

Q_SIGNALS:
    void opened(bool persistent);
    void errorOccurred(const parallax::Error &error);
    void databaseSetAside(const QString &setAsidePath);
    void flushed(qint64 rows, qint64 durationUs);

private:
    struct WorkerHistory {
        explicit WorkerHistory(const HistorySettings &s)
            : probes(s.probeRingCapacity)
            , events(s.eventRingCapacity)
            , heartbeats(s.heartbeatRingCapacity)
        {
        }
        RingBuffer<ProbeSample> probes;
        RingBuffer<HistoryEvent> events;
        RingBuffer<HeartbeatSample> heartbeats;
        qint64 lastHeartbeatSampleMs = -1;
        quint64 touched = 0;  // m_touchSeq when last recorded: eviction order
    };

    WorkerHistory &history(const WorkerKey &key);
    void evictLeastRecent();
    void scheduleFlushIfFull();
    void deliverNotices(const QList<HistoryNotice> &notices);
    // Runs work(database) on the database thread, then done(result) here.
    template<typename R>
    void onDatabase(QObject *context, std::function<R(HistoryDatabase &)> work, std::function<void(const R &)> done);

    const Clock &m_clock;
    HistorySettings m_settings;
    QThread m_thread;
    HistoryDatabase *m_db = nullptr;  // lives on m_thread
    QTimer m_flushTimer;
    QTimer m_maintenanceTimer;
    std::unique_ptr<HistoryBatch> m_pending;
    QHash<WorkerKey, WorkerHistory> m_workers;
    quint64 m_touchSeq = 0;
    bool m_persistent = false;
    bool m_readOnly = false;
};

}  // namespace parallax

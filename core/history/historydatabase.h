#pragma once

#include "base/result.h"
#include "history/historytypes.h"
#include "history/rollupaccumulator.h"

#include <QHash>
#include <QList>
#include <QLockFile>
#include <QObject>
#include <QSet>
#include <QSqlError>
#include <QString>

#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace parallax {

// Rows waiting to be written in one transaction.
struct HistoryBatch {
    QList<std::pair<WorkerKey, ProbeSample>> probes;
    QList<std::pair<WorkerKey, HistoryEvent>> events;
    QList<std::pair<WorkerKey, HeartbeatSample>> heartbeats;
    // Workers the server removed: their caches go once the rows above are written (their
    // stored history stays until retention removes it).
    QList<WorkerKey> forgotten;

    qsizetype size() const { return probes.size() + events.size() + heartbeats.size(); }
    bool isEmpty() const { return size() == 0; }
};

// Something the database did on its own that the user should hear about.
struct HistoryNotice {
    Error error;
    QString setAsidePath; // non-empty when the database file was moved aside
};

// The SQLite side of the history: one connection, used from one thread only (HistoryStore
// runs it on its own QThread so a large flush never stalls the GUI). Every method is
// synchronous and returns errors as values; problems the user should see (a corrupt file set
// aside, a full disk) are also queued as notices, collected with takeNotices().
//
// Writes go to an append-only journal first (probe_journal, time order): a flush then touches
// a handful of pages instead of one page per worker, which is what a per-worker table costs
// when 10,000 workers report in the same second. Every CompactionWindowMs of data time the
// journal's closed window is moved, sorted by worker, into the per-worker tables and the
// rollups in one transaction. Queries merge the journal's rows (kept in memory, one window
// at most) with what is on disk, so they always see everything written.
//
// Schema (WAL, synchronous=NORMAL, auto_vacuum=INCREMENTAL):
//   probe_journal(seq, kind, worker, t, target, ok, err, connect_us, first_byte_us, total_us,
//                 http_status)                             recent probes and heartbeats
//   worker(id, cluster, worker_id)                         one row per WorkerKey
//   probe(worker, t, target, ok, err, connect_us, first_byte_us, total_us, http_status)
//                                                          raw probes, WITHOUT ROWID (worker, t, target)
//   heartbeat(worker, t, age_ms)                           raw heartbeat ages
//   rollup_minute / rollup_hour(worker, bucket, count, failures, ok_count, lat_min, lat_max,
//                               lat_sum, lat_p95, hist)    maintained as probes arrive
//   event(worker, t, kind, field, from_text, to_text, message)  transitions and address changes
//   error_class(id, name)                                  interned ProbeError ids
class HistoryDatabase : public QObject {
    Q_OBJECT
public:
    explicit HistoryDatabase(const HistorySettings &settings, QObject *parent = nullptr);
    // Retention and size cap from now on (the next maintenance pass applies them).
    void setRetention(qint64 rawRetentionMs, qint64 rollupRetentionMs, qint64 maxBytesOnDisk)
    {
        m_settings.rawRetentionMs = rawRetentionMs;
        m_settings.rollupRetentionMs = rollupRetentionMs;
        m_settings.maxBytesOnDisk = maxBytesOnDisk;
    }
    ~HistoryDatabase() override;

    // Opens (or creates) the database, its folder 0700 and its files 0600. One process writes
    // a history file: it holds `<path>.lock` (QLockFile). Another one opens the file
    // read-only, says so and returns that message as the error (maintenance tries for the
    // lock again). A corrupt file or one that is not a database is moved aside and a fresh
    // one created; a busy or locked one never is (it is someone's live file): the store
    // keeps running in memory and tries again later. On failure the error says why.
    Result<void> open(const QString &path, qint64 nowMs);
    void close(); // keeps the lock: the file is still ours (open() of another path or the destructor let go)
    bool isOpen() const;
    bool isPersistent() const; // open for writing, and not switched to memory only
    bool isReadOnly() const { return m_readOnly; } // another process records this file
    QString path() const { return m_path; }

    // Writes the batch in one transaction and updates the rollups. Returns rows written.
    Result<qint64> write(const HistoryBatch &batch, qint64 nowMs);

    // Retention, then the size cap; then returns the disk space in use.
    Result<HistoryMaintenanceReport> maintain(qint64 nowMs);

    Result<HistorySeries> series(const HistoryQuery &query);
    Result<HistoryAvailability> availability(const WorkerKey &key, qint64 fromMs, qint64 toMs);
    // Every worker of `cluster`, counted at the end of each step of [fromMs, toMs).
    Result<QList<ClusterAvailabilitySample>> clusterAvailability(
        const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs);
    Result<QList<RollupRow>> rollups(const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs);
    Result<QList<ProbeSample>> rawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs);

    // The workers stored under cluster key `from` become `to`'s, unless `to` has workers
    // already (the history of a profile that was keyed by its name, taken over on first open).
    // Returns how many workers moved.
    Result<qint64> adoptCluster(const QString &from, const QString &to);
    // Drops the caches of workers the server removed (their rows stay until retention).
    void forget(const QList<WorkerKey> &keys);
    // The most workers any per-worker cache holds now (bounded by maxTrackedWorkers).
    qsizetype cachedWorkers() const;

    qint64 bytesOnDisk() const;
    QList<HistoryNotice> takeNotices();

    // The resolution a query with this bucket width is answered from.
    static HistoryResolution resolutionFor(qint64 bucketMs);

    static constexpr qint64 CompactionWindowMs = 15 * 60'000;
    static constexpr qint64 CompactionGraceMs = 60'000; // late probes of a window still land in it

private:
    struct Statements;
    struct OpenBucket {
        qint64 start = -1;
        RollupAccumulator acc;
        bool dirty = false;
    };

    Result<void> openFile(qint64 nowMs);
    bool takeLock(const QString &path); // false: another process holds the lock
    void releaseLock();
    void notify(const Error &error, const QString &setAsidePath = {}); // once per message until a write succeeds
    // Read-only: the other process's journal, reloaded in the query's own read transaction.
    struct ReadSnapshot;
    void trimCaches();
    Result<void> configureAndCreateSchema();
    void setAside(const Error &why, qint64 nowMs);
    void enterMemoryOnly(const Error &why);
    Error sqlError(const QString &what, const QSqlError &error) const;
    static bool isCorruption(int sqliteCode);
    static bool isBusy(int sqliteCode); // SQLITE_BUSY or SQLITE_LOCKED: someone else, for now
    static bool isDiskFull(const QSqlError &error); // or failing: SQLITE_FULL, SQLITE_IOERR
    static bool isDiskProblem(int sqliteCode);
    Error diskError(Error error) const; // the message a person reads for a full or failing disk
    // After a failed statement: a corrupt file is set aside (and a fresh one opened), a full
    // disk or a busy file switches to memory-only. Returns the error to pass on.
    Error handleFailure(const QString &what, const QSqlError &error, qint64 nowMs);

    qint64 workerRow(const WorkerKey &key, bool create);
    qint64 errorClassRow(ProbeError error);
    ProbeError errorClassFromRow(qint64 row);
    bool addToRollup(qint64 worker, const ProbeSample &sample, HistoryResolution resolution);
    bool loadRollup(qint64 worker, qint64 start, HistoryResolution resolution, RollupAccumulator &out);
    bool storeRollup(qint64 worker, qint64 start, HistoryResolution resolution, const RollupAccumulator &acc);
    bool writeEvent(qint64 worker, const HistoryEvent &event);
    // Moves journal rows older than cutoffMs into the per-worker tables and their rollups.
    Result<void> compact(qint64 cutoffMs, qint64 nowMs);
    Result<void> compactIfDue(qint64 nowMs);
    bool loadJournal();
    // Folds the journal's samples of one worker in [fromMs, toMs) into `visit`.
    template<typename Visit> void forTailProbes(qint64 worker, qint64 fromMs, qint64 toMs, Visit visit) const;
    Result<qint64> deleteOlderThan(const QString &table, const QString &timeColumn, qint64 cutoffMs);
    // Worker rows left without any stored row (retention took them all).
    Result<qint64> deleteEmptyWorkers();
    std::optional<qint64> oldest(const QString &table, const QString &timeColumn);
    Result<bool> applySizeCap(HistoryMaintenanceReport &report);
    qint64 usedBytes();
    void reclaimSpace();
    QList<HistoryInterval> intervals(qint64 worker, HistoryEventKind kind, qint64 fromMs, qint64 toMs);

    HistorySettings m_settings;
    QString m_path;
    QString m_connection;
    mutable int m_lastSqliteCode = -1; // of the last sqlError(): why open() failed
    QString m_lastSaid; // the last message of notify(), until a write succeeds
    std::unique_ptr<QLockFile> m_lock; // held while this process writes m_path
    QString m_lockPath;
    bool m_open = false;
    bool m_memoryOnly = false;
    bool m_readOnly = false;
    std::unique_ptr<Statements> m_sql;
    QHash<WorkerKey, qint64> m_workerRows;
    QSqlError m_workerError; // why workerRow() last returned -1
    QHash<int, qint64> m_errorRows;
    QHash<qint64, ProbeError> m_errorById;
    QHash<qint64, OpenBucket> m_minute; // by worker row: the newest minute being rolled up
    QHash<qint64, OpenBucket> m_hour;
    QHash<qint64, QHash<QString, QString>> m_lastEventTo; // worker row → "kind/field" → last stored to_text
    // Rows written since the last compaction, by worker row: also in probe_journal on disk.
    struct Tail {
        std::vector<ProbeSample> probes;
        std::vector<HeartbeatSample> heartbeats;
    };
    QHash<qint64, Tail> m_tail;
    // Forgotten workers whose journal rows are still to be compacted: the compaction
    // rebuilds their open buckets, which go again once it is done.
    QSet<qint64> m_forgottenRows;
    qint64 m_newestMs = std::numeric_limits<qint64>::min();
    qint64 m_lastCutoffMs = std::numeric_limits<qint64>::min();
    QList<HistoryNotice> m_notices;
};

} // namespace parallax

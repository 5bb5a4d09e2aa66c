#pragma once

#include "base/result.h"
#include "history/historydiskfile.h"
#include "history/historyids.h"
#include "history/historyjournal.h"
#include "history/historyqueries.h"
#include "history/historyretention.h"
#include "history/historytypes.h"

#include <QList>
#include <QObject>
#include <QString>

#include <algorithm>

namespace parallax {

// The SQLite side of the history: one connection, used from one thread only (HistoryStore
// runs it on its own QThread so a large flush never stalls the GUI). Every method is
// synchronous and returns errors as values; problems the user should see (a corrupt file set
// aside, a full disk) are also queued as notices, collected with takeNotices().
//
// It owns and wires the parts, each doing one thing: HistoryDiskFile (opening, the lock,
// permissions, setting a corrupt file aside, the schema), HistoryIds (row ids of workers and
// error classes), HistoryJournal (the write path: journal, compaction, rollups, events),
// HistoryRetention (maintenance) and HistoryQueries (reads).
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

    // See HistoryDiskFile::open().
    Result<void> open(const QString &path, qint64 nowMs) { return m_file.open(path, nowMs); }
    void close() { m_file.close(); }  // keeps the lock: the file is still ours
    bool isOpen() const { return m_file.isOpen(); }
    bool isPersistent() const { return m_file.isPersistent(); }  // open for writing, and not switched to memory only
    bool isReadOnly() const { return m_file.isReadOnly(); }  // another process records this file
    QString path() const { return m_file.path(); }

    // Writes the batch in one transaction and updates the rollups. Returns rows written.
    Result<qint64> write(const HistoryBatch &batch, qint64 nowMs) { return m_journal.write(batch, nowMs); }

    // Retention, then the size cap; then returns the disk space in use.
    Result<HistoryMaintenanceReport> maintain(qint64 nowMs);

    Result<HistorySeries> series(const HistoryQuery &query) { return m_queries.series(query); }
    Result<HistoryAvailability> availability(const WorkerKey &key, qint64 fromMs, qint64 toMs)
    {
        return m_queries.availability(key, fromMs, toMs);
    }
    // Every worker of `cluster`, counted at the end of each step of [fromMs, toMs).
    Result<QList<ClusterAvailabilitySample>> clusterAvailability(
        const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs)
    {
        return m_queries.clusterAvailability(cluster, fromMs, toMs, stepMs);
    }
    Result<QList<RollupRow>> rollups(const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs)
    {
        return m_queries.rollups(key, resolution, fromMs, toMs);
    }
    Result<QList<ProbeSample>> rawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs)
    {
        return m_queries.rawProbes(key, fromMs, toMs);
    }

    // The workers stored under cluster key `from` become `to`'s, unless `to` has workers
    // already (the history of a profile that was keyed by its name, taken over on first open).
    // Returns how many workers moved.
    Result<qint64> adoptCluster(const QString &from, const QString &to) { return m_ids.adoptCluster(from, to); }
    // Drops the caches of workers the server removed (their rows stay until retention).
    void forget(const QList<WorkerKey> &keys) { m_journal.forget(keys); }
    // The most workers any per-worker cache holds now (bounded by maxTrackedWorkers).
    qsizetype cachedWorkers() const { return std::max(m_ids.cachedWorkers(), m_journal.cachedWorkers()); }

    qint64 bytesOnDisk() const { return m_file.bytesOnDisk(); }
    QList<HistoryNotice> takeNotices() { return m_file.takeNotices(); }

    // The resolution a query with this bucket width is answered from.
    static HistoryResolution resolutionFor(qint64 bucketMs) { return HistoryQueries::resolutionFor(bucketMs); }

    static constexpr qint64 CompactionWindowMs = HistoryJournal::CompactionWindowMs;
    static constexpr qint64 CompactionGraceMs = HistoryJournal::CompactionGraceMs;

private:
    HistorySettings m_settings;  // the parts read it: setRetention() reaches them all
    HistoryDiskFile m_file;
    HistoryIds m_ids;
    HistoryJournal m_journal;
    HistoryRetention m_retention;
    HistoryQueries m_queries;
};

}  // namespace parallax

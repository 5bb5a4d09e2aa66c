#pragma once

#include "base/result.h"
#include "history/historyrollups.h"
#include "history/historytypes.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace parallax {

class HistoryDiskFile;
class HistoryIds;

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

// The write path. Probes and heartbeats go to an append-only journal first (probe_journal,
// time order): a flush then touches a handful of pages instead of one page per worker, which
// is what a per-worker table costs when 10,000 workers report in the same second. Every
// CompactionWindowMs of data time the journal's closed window is moved, sorted by worker,
// into the per-worker tables and the rollups in one transaction. The journal's rows are also
// kept in memory (one window at most), so queries see everything written. Events are stored
// as they come, once per transition.
class HistoryJournal {
public:
    // A worker's rows written since the last compaction: also in probe_journal on disk.
    struct Tail {
        std::vector<ProbeSample> probes;
        std::vector<HeartbeatSample> heartbeats;
    };

    HistoryJournal(HistoryDiskFile &file, HistoryIds &ids, const HistorySettings &settings);
    ~HistoryJournal();
    Q_DISABLE_COPY_MOVE(HistoryJournal)

    Result<void> attach();  // the file is open: statements prepared, the journal read
    void detach();  // the connection is about to go

    // Writes the batch in one transaction and compacts when a window closed. Returns rows written.
    Result<qint64> write(const HistoryBatch &batch, qint64 nowMs);
    Result<void> compactIfDue(qint64 nowMs);
    // Retention: journal rows older than cutoffMs go. Returns how many.
    Result<qint64> expireBefore(qint64 cutoffMs);
    // Drops the caches of workers the server removed (their rows stay until retention).
    void forget(const QList<WorkerKey> &keys);
    // Rollup or event rows changed on disk: the caches of them are reloaded when needed.
    void dropStoredCaches();
    qsizetype cachedWorkers() const;
    // A reader's view of the writer's journal as it is now (read-only files).
    bool reload();

    const Tail *tail(qint64 worker) const
    {
        const auto it = m_tail.constFind(worker);
        return it == m_tail.constEnd() ? nullptr : &*it;
    }
    // Visits the journal's probes of one worker in [fromMs, toMs).
    template<typename Visit> void forEachProbe(qint64 worker, qint64 fromMs, qint64 toMs, Visit visit) const
    {
        if (const Tail *rows = tail(worker)) {
            for (const ProbeSample &sample : rows->probes) {
                if (sample.atMs >= fromMs && sample.atMs < toMs)
                    visit(sample);
            }
        }
    }

    static constexpr qint64 CompactionWindowMs = 15 * 60'000;
    static constexpr qint64 CompactionGraceMs = 60'000;  // late probes of a window still land in it

private:
    struct Statements;
    // After a failed statement: the caches of the rolled-back rows go, the file decides the rest.
    Error failed(const QString &what, const QSqlError &error, qint64 nowMs);
    bool writeEvent(qint64 worker, const HistoryEvent &event);
    // Moves journal rows older than cutoffMs into the per-worker tables and their rollups.
    Result<void> compact(qint64 cutoffMs, qint64 nowMs);
    bool load();
    void dropTailBefore(qint64 cutoffMs);
    void trimCaches();

    HistoryDiskFile &m_file;
    HistoryIds &m_ids;
    const HistorySettings &m_settings;
    std::unique_ptr<Statements> m_sql;
    HistoryRollups m_rollups;
    QHash<qint64, QHash<QString, QString>> m_lastEventTo;  // worker row → "kind/field" → last stored to_text
    QHash<qint64, Tail> m_tail;
    // Forgotten workers whose journal rows are still to be compacted: the compaction
    // rebuilds their open buckets, which go again once it is done.
    QSet<qint64> m_forgottenRows;
    qint64 m_newestMs = std::numeric_limits<qint64>::min();
    qint64 m_lastCutoffMs = std::numeric_limits<qint64>::min();
};

}  // namespace parallax

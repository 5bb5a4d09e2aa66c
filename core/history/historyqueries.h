#pragma once

#include "base/result.h"
#include "history/historytypes.h"

#include <QList>
#include <QString>

namespace parallax {

class HistoryDiskFile;
class HistoryIds;
class HistoryJournal;

// The read side of the history: range queries for charts and reports. Each merges what is on
// disk with the journal's rows not compacted yet, so it sees everything written. A read-only
// file (another window records it) is read in one read transaction together with that
// window's journal.
class HistoryQueries {
public:
    HistoryQueries(HistoryDiskFile &file, HistoryIds &ids, HistoryJournal &journal)
        : m_file(file)
        , m_ids(ids)
        , m_journal(journal)
    {
    }

    Result<HistorySeries> series(const HistoryQuery &query);
    Result<HistoryAvailability> availability(const WorkerKey &key, qint64 fromMs, qint64 toMs);
    // Every worker of `cluster`, counted at the end of each step of [fromMs, toMs).
    Result<QList<ClusterAvailabilitySample>> clusterAvailability(
        const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs);
    Result<QList<RollupRow>> rollups(const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs);
    Result<QList<ProbeSample>> rawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs);

    // The resolution a query with this bucket width is answered from.
    static HistoryResolution resolutionFor(qint64 bucketMs);

private:
    class ReadSnapshot;
    QList<HistoryInterval> intervals(qint64 worker, HistoryEventKind kind, qint64 fromMs, qint64 toMs);

    HistoryDiskFile &m_file;
    HistoryIds &m_ids;
    HistoryJournal &m_journal;
};

}  // namespace parallax

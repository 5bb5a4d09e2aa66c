#pragma once

#include "base/result.h"
#include "history/historytypes.h"

#include <QHash>
#include <QSqlError>

#include <optional>

namespace parallax {

class HistoryDiskFile;

// The row ids the history's tables use for workers and probe error classes, looked up in
// the file and cached (the caches are bounded by the caller's trim()).
class HistoryIds {
public:
    explicit HistoryIds(HistoryDiskFile &file)
        : m_file(file)
    {
    }

    // The worker's row; -1 when it has none (and `create` is false) or the look-up failed
    // (lastError() says why).
    qint64 worker(const WorkerKey &key, bool create);
    QSqlError lastError() const { return m_workerError; }
    // Drops the worker's cached row; returns it if there was one.
    std::optional<qint64> take(const WorkerKey &key);
    // The workers stored under cluster key `from` become `to`'s, unless `to` has workers
    // already. Returns how many workers moved.
    Result<qint64> adoptCluster(const QString &from, const QString &to);
    void clearWorkers() { m_workerRows.clear(); }  // rows renumbered or re-keyed on disk
    qsizetype cachedWorkers() const { return m_workerRows.size(); }
    void trim(qsizetype cap);

    // Error classes are stored by name, not by enum value: the enum may gain members, the
    // file must not change meaning. 0 when the class cannot be stored.
    qint64 errorClass(ProbeError error);
    ProbeError probeError(qint64 errorClassRow);

    void clear();  // the connection is gone

private:
    HistoryDiskFile &m_file;
    QHash<WorkerKey, qint64> m_workerRows;
    QSqlError m_workerError;  // why worker() last returned -1
    QHash<int, qint64> m_errorRows;
    QHash<qint64, ProbeError> m_errorById;
};

}  // namespace parallax

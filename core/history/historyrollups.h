#pragma once

#include "history/historytypes.h"
#include "history/rollupaccumulator.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <memory>

class QSqlDatabase;

namespace parallax {

// The minute and hour rollups of each worker's probes to the registered address, kept as
// samples arrive in time order: the newest bucket of each worker stays open in memory and is
// stored when the next one starts or with the rows it came from (storeOpen()).
class HistoryRollups {
public:
    HistoryRollups();
    ~HistoryRollups();
    Q_DISABLE_COPY_MOVE(HistoryRollups)

    bool prepare(const QSqlDatabase &db);  // false: lastError() says why
    void release();  // the connection is about to go

    // Adds the sample to its worker's minute and hour buckets.
    bool add(qint64 worker, const ProbeSample &sample);
    // Stores the worker's open buckets that changed since they were last stored.
    bool storeOpen(qint64 worker);
    QSqlError lastError() const { return m_error; }

    void clear();  // the stored rows changed under the open buckets: reload them when needed
    void forget(qint64 worker);  // keeps a bucket not stored yet, for the next storeOpen()
    void trim(qsizetype cap);
    qsizetype cachedWorkers() const { return std::max(m_minute.size(), m_hour.size()); }

private:
    struct Statements;
    struct OpenBucket {
        qint64 start = -1;
        RollupAccumulator acc;
        bool dirty = false;
    };
    bool add(qint64 worker, const ProbeSample &sample, HistoryResolution resolution);
    bool load(qint64 worker, qint64 start, HistoryResolution resolution, RollupAccumulator &out);
    bool store(qint64 worker, qint64 start, HistoryResolution resolution, const RollupAccumulator &acc);
    QHash<qint64, OpenBucket> &open(HistoryResolution resolution)
    {
        return resolution == HistoryResolution::Hour ? m_hour : m_minute;
    }

    std::unique_ptr<Statements> m_sql;
    QHash<qint64, OpenBucket> m_minute;  // by worker row: the newest minute being rolled up
    QHash<qint64, OpenBucket> m_hour;
    QSqlError m_error;
};

}  // namespace parallax

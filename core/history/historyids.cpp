#include "history/historyids.h"

#include "base/logging.h"
#include "history/historydatabase.h"  // the tr() context its messages are translated under
#include "history/historydiskfile.h"
#include "history/historysql.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace parallax {

using historysql::bindAll;

qint64 HistoryIds::worker(const WorkerKey &key, bool create)
{
    if (auto it = m_workerRows.constFind(key); it != m_workerRows.constEnd())
        return *it;
    QSqlDatabase db = QSqlDatabase::database(m_file.connectionName(), false);
    QSqlQuery q(db);
    q.prepare(u"SELECT id FROM worker WHERE cluster = ? AND worker_id = ?"_s);
    bindAll(q, {key.cluster, key.workerId});
    const bool looked = q.exec();
    if (looked && q.next()) {
        const qint64 row = q.value(0).toLongLong();
        m_workerRows.insert(key, row);
        return row;
    }
    if (!looked) {
        m_workerError = q.lastError();
        return -1;
    }
    if (!create)
        return -1;
    q.prepare(u"INSERT INTO worker (cluster, worker_id) VALUES (?, ?)"_s);
    bindAll(q, {key.cluster, key.workerId});
    if (!q.exec()) {
        m_workerError = q.lastError();
        return -1;
    }
    const qint64 row = q.lastInsertId().toLongLong();
    m_workerRows.insert(key, row);
    return row;
}

std::optional<qint64> HistoryIds::take(const WorkerKey &key)
{
    const auto it = m_workerRows.constFind(key);
    if (it == m_workerRows.constEnd())
        return std::nullopt;
    const qint64 row = *it;
    m_workerRows.erase(it);
    return row;
}

void HistoryIds::trim(qsizetype cap)
{
    // A cache of what is on disk: dropping it costs a look-up the next time it is needed.
    if (m_workerRows.size() > cap)
        m_workerRows.clear();
}

qint64 HistoryIds::errorClass(ProbeError error)
{
    if (auto it = m_errorRows.constFind(int(error)); it != m_errorRows.constEnd())
        return *it;
    const QString name = probeErrorId(error);
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"INSERT OR IGNORE INTO error_class (name) VALUES (?)"_s);
    q.addBindValue(name);
    q.exec();
    q.prepare(u"SELECT id FROM error_class WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return 0;
    const qint64 row = q.value(0).toLongLong();
    m_errorRows.insert(int(error), row);
    m_errorById.insert(row, error);
    return row;
}

ProbeError HistoryIds::probeError(qint64 errorClassRow)
{
    if (auto it = m_errorById.constFind(errorClassRow); it != m_errorById.constEnd())
        return *it;
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"SELECT name FROM error_class WHERE id = ?"_s);
    q.addBindValue(errorClassRow);
    const ProbeError error = (q.exec() && q.next()) ? probeErrorFromId(q.value(0).toString()) : ProbeError::Other;
    m_errorById.insert(errorClassRow, error);
    return error;
}

Result<qint64> HistoryIds::adoptCluster(const QString &from, const QString &to)
{
    if (!m_file.isPersistent())
        return Error{ErrorCode::StorageFailure, HistoryDatabase::tr("History is kept in memory only."), u"not open"_s};
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"UPDATE worker SET cluster = ? WHERE cluster = ? "
              "AND NOT EXISTS (SELECT 1 FROM worker WHERE cluster = ?)"_s);
    bindAll(q, {to, from, to});
    if (!q.exec())
        return m_file.sqlError(u"adopt cluster"_s, q.lastError());
    const qint64 moved = q.numRowsAffected();
    if (moved > 0) {
        m_workerRows.clear();  // the keys changed, the rows did not
        qCDebug(lcHistory) << "history of" << moved << "workers moved to the cluster key" << to;
    }
    return moved;
}

void HistoryIds::clear()
{
    m_workerRows.clear();
    m_errorRows.clear();
    m_errorById.clear();
}

}  // namespace parallax

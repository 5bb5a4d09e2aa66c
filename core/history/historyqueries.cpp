#include "history/historyqueries.h"

#include "base/trcontexts.h"
#include "history/historyqueryparts.h"

using namespace Qt::StringLiterals;

// The queries themselves, by what they answer: historyseriesquery.cpp (a worker's chart),
// historyavailabilityqueries.cpp (how long workers were up), historyrowqueries.cpp (stored
// rows as they are, for reports and exports).

namespace parallax {

namespace historyqueries {

Error queryError(const QString &what, const QSqlError &error)
{
    return Error{ErrorCode::StorageFailure, HistoryFile::tr("The history could not be read: %1.").arg(error.text()),
        what + u": "_s + error.text()};
}

Error notOpenError()
{
    return Error{ErrorCode::StorageFailure,
        HistoryFile::tr("History on disk is not available; only recent history in memory "
                        "can be shown."),
        u"not open"_s};
}

}  // namespace historyqueries

HistoryQueries::ReadSnapshot::ReadSnapshot(HistoryQueries &queries)
    : m_connection(queries.m_file.connectionName())
{
    if (!queries.m_file.isReadOnly())
        return;
    m_active = QSqlDatabase::database(m_connection, false).transaction();
    queries.m_ids.clearWorkers();  // the writer may have dropped and reused rows
    queries.m_journal.reload();
}

HistoryQueries::ReadSnapshot::~ReadSnapshot()
{
    if (m_active)
        QSqlDatabase::database(m_connection, false).commit();
}

HistoryResolution HistoryQueries::resolutionFor(qint64 bucketMs)
{
    if (bucketMs >= historysql::HourMs)
        return HistoryResolution::Hour;
    if (bucketMs >= historysql::MinuteMs)
        return HistoryResolution::Minute;
    return HistoryResolution::Raw;
}

QList<HistoryInterval> HistoryQueries::intervals(qint64 worker, HistoryEventKind kind, qint64 fromMs, qint64 toMs)
{
    QList<HistoryInterval> out;
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    // The state in force at fromMs is the last transition before it.
    q.prepare(u"SELECT t, to_text, message FROM event WHERE worker = ? AND kind = ? AND t < ? "
              "ORDER BY t DESC, id DESC LIMIT 1"_s);
    q.addBindValue(worker);
    q.addBindValue(int(kind));
    q.addBindValue(fromMs);
    if (q.exec() && q.next())
        out.append({fromMs, toMs, q.value(1).toString(), q.value(2).toString()});
    q.prepare(u"SELECT t, to_text, message FROM event WHERE worker = ? AND kind = ? AND t >= ? AND t < ? "
              "ORDER BY t, id"_s);
    q.addBindValue(worker);
    q.addBindValue(int(kind));
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (q.exec()) {
        while (q.next()) {
            const qint64 t = q.value(0).toLongLong();
            if (!out.isEmpty())
                out.last().toMs = t;
            out.append({t, toMs, q.value(1).toString(), q.value(2).toString()});
        }
    }
    out.removeIf([](const HistoryInterval &i) { return i.toMs <= i.fromMs; });
    return out;
}

}  // namespace parallax

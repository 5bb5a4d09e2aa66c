#include "history/historyretention.h"

#include "base/logging.h"
#include "history/historydiskfile.h"
#include "history/historyids.h"
#include "history/historyjournal.h"
#include "history/historysql.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;

namespace parallax {

Result<qint64> HistoryRetention::deleteOlderThan(const QString &table, const QString &timeColumn, qint64 cutoffMs)
{
    // One statement for every worker: SQLite walks each worker's (worker, t) key range from
    // the worker table, so the cost follows the rows deleted, not a statement per worker ever seen.
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"DELETE FROM "_s + table + u" WHERE worker IN (SELECT id FROM worker) AND "_s + timeColumn + u" < ?"_s);
    historysql::bindAll(q, {cutoffMs});
    if (!q.exec())
        return m_file.sqlError(u"delete "_s + table, q.lastError());
    return qint64(q.numRowsAffected());
}

Result<qint64> HistoryRetention::deleteEmptyWorkers()
{
    // The journal has no worker index: its workers are read once; the others are key look-ups.
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    const bool ok = q.exec(u"DELETE FROM worker WHERE id NOT IN (SELECT worker FROM probe_journal) "
                           "AND NOT EXISTS (SELECT 1 FROM probe WHERE probe.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM heartbeat WHERE heartbeat.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM rollup_minute WHERE rollup_minute.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM rollup_hour WHERE rollup_hour.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM event WHERE event.worker = worker.id)"_s);
    if (!ok)
        return m_file.sqlError(u"delete empty workers"_s, q.lastError());
    const qint64 deleted = q.numRowsAffected();
    if (deleted > 0) {
        // A row id may be handed out again: nothing cached may still point at an old one.
        m_ids.clearWorkers();
        m_journal.dropStoredCaches();
    }
    return deleted;
}

std::optional<qint64> HistoryRetention::oldest(const QString &table, const QString &timeColumn)
{
    // Each worker's first key, in one statement (MIN over the whole table would scan it).
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    if (q.exec(u"SELECT MIN((SELECT MIN("_s + timeColumn + u") FROM "_s + table
            + u" WHERE worker = w.id)) FROM worker w"_s)
        && q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong();
    return std::nullopt;
}

qint64 HistoryRetention::usedBytes()
{
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    qint64 pages = 0, freePages = 0, pageSize = 4096;
    if (q.exec(u"PRAGMA page_count"_s) && q.next())
        pages = q.value(0).toLongLong();
    if (q.exec(u"PRAGMA freelist_count"_s) && q.next())
        freePages = q.value(0).toLongLong();
    if (q.exec(u"PRAGMA page_size"_s) && q.next())
        pageSize = q.value(0).toLongLong();
    return (pages - freePages) * pageSize;
}

void HistoryRetention::reclaimSpace()
{
    QSqlDatabase db = QSqlDatabase::database(m_file.connectionName(), false);
    QSqlQuery q(db);
    qint64 freePages = 0;
    if (q.exec(u"PRAGMA freelist_count"_s) && q.next())
        freePages = q.value(0).toLongLong();
    q.finish();
    // incremental_vacuum frees one page per result row, and Qt's driver steps a pragma only
    // once (the row has no columns): so run it once per free page, inside one transaction.
    if (freePages > 0 && db.transaction()) {
        for (qint64 i = 0; i < freePages; ++i) {
            if (!q.exec(u"PRAGMA incremental_vacuum(1)"_s))
                break;
        }
        q.finish();
        db.commit();
    }
    // The file shrinks when the WAL is checkpointed into it.
    q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    q.finish();
}

Result<bool> HistoryRetention::applySizeCap(HistoryMaintenanceReport &report)
{
    if (m_settings.maxBytesOnDisk <= 0 || m_file.bytesOnDisk() <= m_settings.maxBytesOnDisk)
        return false;
    reclaimSpace();
    if (m_file.bytesOnDisk() <= m_settings.maxBytesOnDisk)
        return true;
    // Aim below the cap so the next few flushes do not cross it again at once.
    const qint64 target = m_settings.maxBytesOnDisk * 8 / 10;
    struct Tier {
        QString table;
        QString column;
        qint64 *counter;
    };
    const QList<Tier> tiers = {
        {u"probe"_s, u"t"_s, &report.rawRowsDeleted},
        {u"heartbeat"_s, u"t"_s, &report.rawRowsDeleted},
        {u"rollup_minute"_s, u"bucket"_s, &report.rollupRowsDeleted},
        {u"rollup_hour"_s, u"bucket"_s, &report.rollupRowsDeleted},
        {u"event"_s, u"t"_s, &report.eventRowsDeleted},
    };
    // Oldest first, a slice at a time: raw rows go before any rollup, minute rollups before hours.
    for (const Tier &tier : tiers) {
        while (usedBytes() > target) {
            const auto first = oldest(tier.table, tier.column);
            if (!first)
                break;
            QSqlQuery newest(QSqlDatabase::database(m_file.connectionName(), false));
            qint64 last = *first;
            if (newest.exec(u"SELECT MAX("_s + tier.column + u") FROM "_s + tier.table) && newest.next())
                last = newest.value(0).toLongLong();
            const qint64 slice = std::max<qint64>(historysql::MinuteMs, (last - *first) / 10);
            auto deleted = deleteOlderThan(tier.table, tier.column, *first + slice);
            if (!deleted)
                return deleted.error();
            *tier.counter += *deleted;
            if (*first + slice > last && *deleted == 0)
                break;
        }
        if (usedBytes() <= target)
            break;
    }
    m_journal.dropStoredCaches();  // rollup rows may be gone: reload from disk on the next sample
    reclaimSpace();
    qCDebug(lcHistory) << "size cap: in use" << usedBytes() << "on disk" << m_file.bytesOnDisk() << "cap"
                       << m_settings.maxBytesOnDisk;
    return true;
}

Result<HistoryMaintenanceReport> HistoryRetention::apply(qint64 nowMs)
{
    HistoryMaintenanceReport report;
    const qint64 rawCutoff = nowMs - m_settings.rawRetentionMs;
    const qint64 rollupCutoff = nowMs - m_settings.rollupRetentionMs;
    auto expired = m_journal.expireBefore(rawCutoff);
    if (!expired)
        return expired.error();
    report.rawRowsDeleted += *expired;
    for (const auto &[table, column, cutoff, counter] :
        {std::tuple{u"probe"_s, u"t"_s, rawCutoff, &report.rawRowsDeleted},
            std::tuple{u"heartbeat"_s, u"t"_s, rawCutoff, &report.rawRowsDeleted},
            std::tuple{u"rollup_minute"_s, u"bucket"_s, rollupCutoff, &report.rollupRowsDeleted},
            std::tuple{u"rollup_hour"_s, u"bucket"_s, rollupCutoff, &report.rollupRowsDeleted},
            std::tuple{u"event"_s, u"t"_s, rollupCutoff, &report.eventRowsDeleted}}) {
        auto deleted = deleteOlderThan(table, column, cutoff);
        if (!deleted)
            return deleted.error();
        *counter += *deleted;
    }
    if (report.rollupRowsDeleted > 0 || report.eventRowsDeleted > 0)
        m_journal.dropStoredCaches();
    // Workers gone from the server keep their rows until retention removed the last one.
    if (auto emptied = deleteEmptyWorkers(); !emptied)
        return emptied.error();
    auto capped = applySizeCap(report);
    if (!capped)
        return capped.error();
    report.sizeCapApplied = *capped;
    if (!report.sizeCapApplied && (report.rawRowsDeleted > 0 || report.rollupRowsDeleted > 0))
        reclaimSpace();
    report.bytesOnDisk = m_file.bytesOnDisk();
    return report;
}

}  // namespace parallax
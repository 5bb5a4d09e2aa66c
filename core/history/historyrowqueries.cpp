#include "history/historyqueries.h"

#include "history/historyqueryparts.h"

#include <QMap>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

// Stored rows as they are, for reports and exports: rollup rows and raw probe samples.

namespace parallax {

using namespace historyqueries;

Result<QList<RollupRow>> HistoryQueries::rollups(
    const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    QList<RollupRow> rows;
    const qint64 worker = m_ids.worker(key, false);
    if (worker < 0 || resolution == HistoryResolution::Raw)
        return rows;
    const qint64 width = resolution == HistoryResolution::Hour ? HourMs : MinuteMs;
    // Journal rows not yet rolled up, by bucket.
    QMap<qint64, std::vector<ProbeSample>> pending;
    m_journal.forEachProbe(worker, fromMs, toMs, [&](const ProbeSample &p) {
        if (p.target == ProbeRoute::Registered)
            pending[historysql::bucketStart(p.atMs, width)].push_back(p);
    });
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT bucket, count, failures, ok_count, lat_min, lat_max, lat_sum, lat_p95, hist FROM "_s
        + (resolution == HistoryResolution::Hour ? u"rollup_hour"_s : u"rollup_minute"_s)
        + u" WHERE worker = ? AND bucket >= ? AND bucket < ? ORDER BY bucket"_s);
    q.addBindValue(worker);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return queryError(u"rollups"_s, q.lastError());
    QMap<qint64, RollupRow> byBucket;
    while (q.next()) {
        const qint64 bucket = q.value(0).toLongLong();
        const qint64 okCount = q.value(3).toLongLong();
        const auto extra = pending.find(bucket);
        if (extra != pending.end()) {
            RollupAccumulator acc = RollupAccumulator::fromStored(q.value(1).toLongLong(), q.value(2).toLongLong(),
                okCount, okCount > 0 ? q.value(4).toLongLong() : -1, okCount > 0 ? q.value(5).toLongLong() : -1,
                q.value(6).toLongLong(), q.value(8).toByteArray());
            for (const ProbeSample &p : *extra)
                acc.add(p);
            byBucket.insert(bucket, acc.row(bucket));
            pending.erase(extra);
            continue;
        }
        RollupRow r;
        r.bucketStartMs = bucket;
        r.count = q.value(1).toLongLong();
        r.failures = q.value(2).toLongLong();
        if (okCount > 0) {
            r.latencyMinUs = q.value(4).toLongLong();
            r.latencyMaxUs = q.value(5).toLongLong();
            r.latencyAvgUs = q.value(6).toLongLong() / okCount;
            r.latencyP95Us = q.value(7).isNull() ? -1 : q.value(7).toLongLong();
        }
        byBucket.insert(bucket, r);
    }
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        RollupAccumulator acc;
        for (const ProbeSample &p : it.value())
            acc.add(p);
        byBucket.insert(it.key(), acc.row(it.key()));
    }
    return byBucket.values();
}

Result<QList<ProbeSample>> HistoryQueries::rawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    QList<ProbeSample> samples;
    const qint64 worker = m_ids.worker(key, false);
    if (worker < 0)
        return samples;
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT t, target, ok, err, connect_us, first_byte_us, total_us, http_status FROM probe "
              "WHERE worker = ? AND t >= ? AND t < ? ORDER BY t, target"_s);
    q.addBindValue(worker);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return queryError(u"raw probes"_s, q.lastError());
    while (q.next()) {
        ProbeSample s;
        s.atMs = q.value(0).toLongLong();
        s.target = ProbeRoute(q.value(1).toInt());
        s.ok = q.value(2).toInt() != 0;
        s.error = m_ids.probeError(q.value(3).toLongLong());
        s.connectUs = quint32(q.value(4).toLongLong());
        s.firstByteUs = quint32(q.value(5).toLongLong());
        s.totalUs = quint32(q.value(6).toLongLong());
        s.httpStatus = quint16(q.value(7).toInt());
        samples.append(s);
    }
    m_journal.forEachProbe(worker, fromMs, toMs, [&](const ProbeSample &p) { samples.append(p); });
    std::stable_sort(samples.begin(), samples.end(), [](const ProbeSample &a, const ProbeSample &b) {
        return a.atMs != b.atMs ? a.atMs < b.atMs : a.target < b.target;
    });
    return samples;
}

}  // namespace parallax

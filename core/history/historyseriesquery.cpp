#include "history/historyqueries.h"

#include "history/historydatabase.h"  // the tr() context its messages are translated under
#include "history/historyqueryparts.h"
#include "history/workertransitions.h"

#include <QHash>
#include <QMap>

#include <algorithm>

using namespace Qt::StringLiterals;

// One worker's chart: latency and failures per bucket, heartbeat ages, the states in force
// and the annotations (address changes, maintenance) of a range.

namespace parallax {

using namespace historyqueries;

namespace {

// Folds one bucket of latency statistics into another.
void mergeInto(HistoryBucket &into, qint64 probes, qint64 failures, qint64 okCount, qint64 minUs, qint64 maxUs,
    qint64 sumUs, qint64 &okSoFar, qint64 &sumSoFar)
{
    into.probes += probes;
    into.failures += failures;
    if (okCount > 0) {
        into.latencyMinUs = into.latencyMinUs < 0 ? minUs : std::min(into.latencyMinUs, minUs);
        into.latencyMaxUs = std::max(into.latencyMaxUs, maxUs);
        okSoFar += okCount;
        sumSoFar += sumUs;
        into.latencyAvgUs = sumSoFar / okSoFar;
    }
}

}  // namespace

Result<HistorySeries> HistoryQueries::series(const HistoryQuery &query)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    if (query.toMs <= query.fromMs)
        return Error{ErrorCode::InvalidArgument,
            HistoryDatabase::tr("The history range is empty: its end is not after its start."), u"to <= from"_s};
    HistorySeries s;
    s.key = query.key;
    s.fromMs = query.fromMs;
    s.toMs = query.toMs;
    const qint64 span = query.toMs - query.fromMs;
    qint64 bucket =
        query.bucketMs > 0 ? query.bucketMs : (span + std::max(1, query.maxPoints) - 1) / std::max(1, query.maxPoints);
    bucket = std::max<qint64>(bucket, 1);
    s.resolution = resolutionFor(bucket);
    // A rollup-backed bucket is a whole number of rollup buckets, so no rollup is split.
    const qint64 unit = s.resolution == HistoryResolution::Hour ? HourMs
        : s.resolution == HistoryResolution::Minute             ? MinuteMs
                                                                : 1;
    bucket = (bucket + unit - 1) / unit * unit;
    s.bucketMs = bucket;

    const qint64 worker = m_ids.worker(query.key, false);
    if (worker < 0)
        return s;

    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    QMap<qint64, HistoryBucket> buckets;
    QHash<qint64, std::pair<qint64, qint64>> okAndSum;  // per bucket index: ok count, latency sum
    auto bucketAt = [&](qint64 t) -> HistoryBucket & {
        const qint64 index = std::max<qint64>(0, (t - query.fromMs) / bucket);
        auto it = buckets.find(index);
        if (it == buckets.end()) {
            HistoryBucket b;
            b.startMs = query.fromMs + index * bucket;
            it = buckets.insert(index, b);
        }
        return *it;
    };
    auto indexOf = [&](qint64 t) { return std::max<qint64>(0, (t - query.fromMs) / bucket); };

    // Rows still in the journal (the newest few minutes) count like raw rows at any resolution.
    auto addTail = [&](qint64 fromMs) {
        m_journal.forEachProbe(worker, fromMs, query.toMs, [&](const ProbeSample &p) {
            if (p.target != ProbeRoute::Registered)
                return;
            const qint64 total = p.totalUs;
            auto &[okCount, sum] = okAndSum[indexOf(p.atMs)];
            mergeInto(bucketAt(p.atMs), 1, p.ok ? 0 : 1, p.ok ? 1 : 0, total, total, p.ok ? total : 0, okCount, sum);
        });
    };
    if (s.resolution == HistoryResolution::Raw) {
        q.prepare(u"SELECT t, ok, total_us FROM probe WHERE worker = ? AND target = 0 AND t >= ? AND t < ? "
                  "ORDER BY t"_s);
        q.addBindValue(worker);
        q.addBindValue(query.fromMs);
        q.addBindValue(query.toMs);
        if (!q.exec())
            return queryError(u"raw series"_s, q.lastError());
        while (q.next()) {
            const qint64 t = q.value(0).toLongLong();
            const bool ok = q.value(1).toInt() != 0;
            const qint64 total = q.value(2).toLongLong();
            auto &[okCount, sum] = okAndSum[indexOf(t)];
            mergeInto(bucketAt(t), 1, ok ? 0 : 1, ok ? 1 : 0, total, total, ok ? total : 0, okCount, sum);
        }
        addTail(query.fromMs);
    } else {
        const qint64 width = s.resolution == HistoryResolution::Hour ? HourMs : MinuteMs;
        const qint64 firstBucket = historysql::bucketStart(query.fromMs, width);
        q.prepare(u"SELECT bucket, count, failures, ok_count, lat_min, lat_max, lat_sum FROM "_s
            + (s.resolution == HistoryResolution::Hour ? u"rollup_hour"_s : u"rollup_minute"_s)
            + u" WHERE worker = ? AND bucket >= ? AND bucket < ? ORDER BY bucket"_s);
        q.addBindValue(worker);
        q.addBindValue(firstBucket);
        q.addBindValue(query.toMs);
        if (!q.exec())
            return queryError(u"rollup series"_s, q.lastError());
        while (q.next()) {
            const qint64 t = q.value(0).toLongLong();
            auto &[okCount, sum] = okAndSum[indexOf(t)];
            mergeInto(bucketAt(t), q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toLongLong(), okCount, sum);
        }
        addTail(firstBucket);
    }

    q.prepare(u"SELECT t, age_ms FROM heartbeat WHERE worker = ? AND t >= ? AND t < ? ORDER BY t"_s);
    q.addBindValue(worker);
    q.addBindValue(query.fromMs);
    q.addBindValue(query.toMs);
    if (!q.exec())
        return queryError(u"heartbeat series"_s, q.lastError());
    while (q.next()) {
        HistoryBucket &b = bucketAt(q.value(0).toLongLong());
        b.heartbeatAgeMaxMs = std::max(b.heartbeatAgeMaxMs, q.value(1).toLongLong());
    }
    if (const HistoryJournal::Tail *tail = m_journal.tail(worker)) {
        for (const HeartbeatSample &beat : tail->heartbeats) {
            if (beat.atMs < query.fromMs || beat.atMs >= query.toMs)
                continue;
            HistoryBucket &b = bucketAt(beat.atMs);
            b.heartbeatAgeMaxMs = std::max(b.heartbeatAgeMaxMs, beat.ageMs);
        }
    }
    s.buckets = buckets.values();

    s.serverStates = intervals(worker, HistoryEventKind::ServerState, query.fromMs, query.toMs);
    s.verdicts = intervals(worker, HistoryEventKind::Verdict, query.fromMs, query.toMs);
    s.localStates = intervals(worker, HistoryEventKind::LocalState, query.fromMs, query.toMs);

    q.prepare(u"SELECT t, kind, field, from_text, to_text, message FROM event WHERE worker = ? AND kind IN (?, ?) "
              "AND t >= ? AND t < ? ORDER BY t, id"_s);
    q.addBindValue(worker);
    q.addBindValue(int(HistoryEventKind::Address));
    q.addBindValue(int(HistoryEventKind::Maintenance));
    q.addBindValue(query.fromMs);
    q.addBindValue(query.toMs);
    if (!q.exec())
        return queryError(u"annotations"_s, q.lastError());
    while (q.next()) {
        HistoryEvent e;
        e.atMs = q.value(0).toLongLong();
        e.kind = HistoryEventKind(q.value(1).toInt());
        e.field = q.value(2).toString();
        e.from = q.value(3).toString();
        e.to = q.value(4).toString();
        e.message = q.value(5).toString();
        if (WorkerTransitions::marksTimeline(e))  // the one rule, as the window's timeline reads it
            s.annotations.append(e);
    }
    return s;
}

}  // namespace parallax

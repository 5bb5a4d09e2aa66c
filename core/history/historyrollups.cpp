#include "history/historyrollups.h"

#include "history/historysql.h"

#include <QSqlDatabase>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace parallax {

using historysql::bindAll;

// Prepared once per connection, reused for every row.
struct HistoryRollups::Statements {
    explicit Statements(const QSqlDatabase &db)
        : upsertMinute(db)
        , upsertHour(db)
        , selectMinute(db)
        , selectHour(db)
    {
    }
    static QString upsert(const QString &table)
    {
        return u"INSERT OR REPLACE INTO "_s + table
            + u" (worker, bucket, count, failures, ok_count, lat_min, lat_max, lat_sum, lat_p95, hist) "
              "VALUES (?,?,?,?,?,?,?,?,?,?)"_s;
    }
    static QString select(const QString &table)
    {
        return u"SELECT count, failures, ok_count, lat_min, lat_max, lat_sum, hist FROM "_s + table
            + u" WHERE worker = ? AND bucket = ?"_s;
    }
    QSqlQuery &upsertFor(HistoryResolution r) { return r == HistoryResolution::Hour ? upsertHour : upsertMinute; }
    QSqlQuery &selectFor(HistoryResolution r) { return r == HistoryResolution::Hour ? selectHour : selectMinute; }
    QSqlQuery upsertMinute, upsertHour, selectMinute, selectHour;
};

HistoryRollups::HistoryRollups() = default;
HistoryRollups::~HistoryRollups() = default;

bool HistoryRollups::prepare(const QSqlDatabase &db)
{
    m_sql = std::make_unique<Statements>(db);
    const std::pair<QSqlQuery *, QString> statements[] = {
        {&m_sql->upsertMinute, Statements::upsert(u"rollup_minute"_s)},
        {&m_sql->upsertHour, Statements::upsert(u"rollup_hour"_s)},
        {&m_sql->selectMinute, Statements::select(u"rollup_minute"_s)},
        {&m_sql->selectHour, Statements::select(u"rollup_hour"_s)},
    };
    for (const auto &[q, text] : statements) {
        if (!q->prepare(text)) {
            m_error = q->lastError();
            return false;
        }
    }
    return true;
}

void HistoryRollups::release()
{
    m_sql.reset();
    clear();
}

void HistoryRollups::clear()
{
    m_minute.clear();
    m_hour.clear();
}

bool HistoryRollups::load(qint64 worker, qint64 start, HistoryResolution resolution, RollupAccumulator &out)
{
    QSqlQuery &q = m_sql->selectFor(resolution);
    bindAll(q, {worker, start});
    if (!q.exec())
        return false;
    if (q.next()) {
        out = RollupAccumulator::fromStored(q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
            q.value(3).isNull() ? -1 : q.value(3).toLongLong(), q.value(4).isNull() ? -1 : q.value(4).toLongLong(),
            q.value(5).toLongLong(), q.value(6).toByteArray());
    } else {
        out = RollupAccumulator();
    }
    q.finish();
    return true;
}

bool HistoryRollups::store(qint64 worker, qint64 start, HistoryResolution resolution, const RollupAccumulator &acc)
{
    QSqlQuery &q = m_sql->upsertFor(resolution);
    const RollupRow row = acc.row(start);
    const QVariant null = QVariant(QMetaType::fromType<qint64>());
    bindAll(q,
        {worker, start, acc.count, acc.failures, acc.okCount, acc.okCount > 0 ? QVariant(acc.minUs) : null,
            acc.okCount > 0 ? QVariant(acc.maxUs) : null, acc.sumUs,
            row.latencyP95Us >= 0 ? QVariant(row.latencyP95Us) : null, acc.histogram.encode()});
    return q.exec();
}

bool HistoryRollups::add(qint64 worker, const ProbeSample &sample)
{
    if (add(worker, sample, HistoryResolution::Minute) && add(worker, sample, HistoryResolution::Hour))
        return true;
    m_error =
        m_sql->upsertMinute.lastError().isValid() ? m_sql->upsertMinute.lastError() : m_sql->upsertHour.lastError();
    return false;
}

bool HistoryRollups::add(qint64 worker, const ProbeSample &sample, HistoryResolution resolution)
{
    const qint64 width = resolution == HistoryResolution::Hour ? historysql::HourMs : historysql::MinuteMs;
    const qint64 start = historysql::bucketStart(sample.atMs, width);
    OpenBucket &bucket = open(resolution)[worker];
    if (bucket.start == start) {
        bucket.acc.add(sample);
        bucket.dirty = true;
        return true;
    }
    if (start < bucket.start) {
        // A late sample for a bucket already left behind: update its stored row directly.
        RollupAccumulator late;
        if (!load(worker, start, resolution, late))
            return false;
        late.add(sample);
        return store(worker, start, resolution, late);
    }
    // A newer bucket: the old one is complete. Continue a stored row (after a restart) or start.
    if (bucket.dirty && !store(worker, bucket.start, resolution, bucket.acc))
        return false;
    // Compaction feeds each worker's samples in time order, so a bucket after one this session
    // already had cannot be on disk yet: only the first bucket per worker needs a look-up.
    const bool mayBeStored = bucket.start < 0;
    bucket = OpenBucket{};
    bucket.start = start;
    if (mayBeStored && !load(worker, start, resolution, bucket.acc))
        return false;
    bucket.acc.add(sample);
    bucket.dirty = true;
    return true;
}

bool HistoryRollups::storeOpen(qint64 worker)
{
    for (const HistoryResolution resolution : {HistoryResolution::Minute, HistoryResolution::Hour}) {
        auto it = open(resolution).find(worker);
        if (it == open(resolution).end() || !it->dirty)
            continue;
        if (!store(worker, it->start, resolution, it->acc)) {
            m_error = m_sql->upsertFor(resolution).lastError();
            return false;
        }
        it->dirty = false;
    }
    return true;
}

void HistoryRollups::forget(qint64 worker)
{
    // Open buckets are stored at every compaction; one not stored yet stays for the next.
    for (auto *buckets : {&m_minute, &m_hour}) {
        if (auto b = buckets->find(worker); b != buckets->end() && !b->dirty)
            buckets->erase(b);
    }
}

void HistoryRollups::trim(qsizetype cap)
{
    for (auto *buckets : {&m_minute, &m_hour}) {
        if (buckets->size() > cap)
            buckets->removeIf([](const auto &entry) { return !entry.value().dirty; });
    }
}

}  // namespace parallax

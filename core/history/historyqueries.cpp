#include "history/historyqueries.h"

#include "base/trcontexts.h"
#include "history/historydatabase.h" // the tr() context its messages are translated under
#include "history/historydiskfile.h"
#include "history/historyids.h"
#include "history/historyjournal.h"
#include "history/historysql.h"

#include <QCoreApplication>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

using historysql::HourMs;
using historysql::MinuteMs;

Error queryError(const QString &what, const QSqlError &error)
{
    return Error { ErrorCode::StorageFailure, HistoryFile::tr("The history could not be read: %1.").arg(error.text()),
        what + u": "_s + error.text() };
}

Error notOpenError()
{
    return Error { ErrorCode::StorageFailure,
        HistoryFile::tr("History on disk is not available; only recent history in memory "
                        "can be shown."),
        u"not open"_s };
}

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

} // namespace

// A query of a read-only window reads one consistent state of the other window's file: its
// journal (which that window keeps in memory) is read in the same read transaction.
class HistoryQueries::ReadSnapshot {
public:
    explicit ReadSnapshot(HistoryQueries &queries)
        : m_connection(queries.m_file.connectionName())
    {
        if (!queries.m_file.isReadOnly())
            return;
        m_active = QSqlDatabase::database(m_connection, false).transaction();
        queries.m_ids.clearWorkers(); // the writer may have dropped and reused rows
        queries.m_journal.reload();
    }
    ~ReadSnapshot()
    {
        if (m_active)
            QSqlDatabase::database(m_connection, false).commit();
    }
    Q_DISABLE_COPY_MOVE(ReadSnapshot)

private:
    QString m_connection;
    bool m_active = false;
};

HistoryResolution HistoryQueries::resolutionFor(qint64 bucketMs)
{
    if (bucketMs >= HourMs)
        return HistoryResolution::Hour;
    if (bucketMs >= MinuteMs)
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
        out.append({ fromMs, toMs, q.value(1).toString(), q.value(2).toString() });
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
            out.append({ t, toMs, q.value(1).toString(), q.value(2).toString() });
        }
    }
    out.removeIf([](const HistoryInterval &i) { return i.toMs <= i.fromMs; });
    return out;
}

Result<HistorySeries> HistoryQueries::series(const HistoryQuery &query)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    if (query.toMs <= query.fromMs)
        return Error { ErrorCode::InvalidArgument,
            HistoryDatabase::tr("The history range is empty: its end is not after its start."), u"to <= from"_s };
    HistorySeries s;
    s.key = query.key;
    s.fromMs = query.fromMs;
    s.toMs = query.toMs;
    const qint64 span = query.toMs - query.fromMs;
    qint64 bucket = query.bucketMs > 0 ? query.bucketMs
                                       : (span + std::max(1, query.maxPoints) - 1) / std::max(1, query.maxPoints);
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
    QHash<qint64, std::pair<qint64, qint64>> okAndSum; // per bucket index: ok count, latency sum
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
        // First sight of an address or of "maintenance off" is a registration, not a change.
        const bool firstSight = e.from.isEmpty() && (e.kind == HistoryEventKind::Address || e.to == u"off"_s);
        if (!firstSight)
            s.annotations.append(e);
    }
    return s;
}

Result<HistoryAvailability> HistoryQueries::availability(const WorkerKey &key, qint64 fromMs, qint64 toMs)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    HistoryAvailability a;
    a.fromMs = fromMs;
    a.toMs = toMs;
    const qint64 worker = m_ids.worker(key, false);
    if (worker < 0 || toMs <= fromMs)
        return a;

    qint64 readyMs = 0;
    for (const HistoryInterval &i : intervals(worker, HistoryEventKind::ServerState, fromMs, toMs)) {
        if (i.value.isEmpty() || i.value == u"unknown"_s)
            continue;
        a.serverKnownMs += i.toMs - i.fromMs;
        if (i.value == u"ready"_s)
            readyMs += i.toMs - i.fromMs;
    }
    if (a.serverKnownMs > 0)
        a.serverReady = double(readyMs) / double(a.serverKnownMs);

    // Minute rollups: 1,440 rows for a day, and exact to the minute at the range's edges.
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"SELECT SUM(count), SUM(failures) FROM rollup_minute WHERE worker = ? AND bucket >= ? AND bucket < ?"_s);
    const qint64 firstMinute = historysql::bucketStart(fromMs, MinuteMs); // the minute holding fromMs
    q.addBindValue(worker);
    q.addBindValue(firstMinute);
    q.addBindValue(toMs);
    if (!q.exec())
        return queryError(u"availability"_s, q.lastError());
    qint64 failures = 0;
    if (q.next() && !q.value(0).isNull()) {
        a.probes = q.value(0).toLongLong();
        failures = q.value(1).toLongLong();
    }
    m_journal.forEachProbe(worker, firstMinute, toMs, [&](const ProbeSample &p) {
        if (p.target != ProbeRoute::Registered)
            return;
        ++a.probes;
        failures += p.ok ? 0 : 1;
    });
    if (a.probes > 0)
        a.probeSuccess = double(a.probes - failures) / double(a.probes);
    return a;
}

Result<QList<ClusterAvailabilitySample>> HistoryQueries::clusterAvailability(
    const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    if (!m_file.isOpen())
        return notOpenError();
    const ReadSnapshot snapshot(*this);
    stepMs = std::max(stepMs, MinuteMs);
    if (toMs <= fromMs)
        return QList<ClusterAvailabilitySample> {};
    const qsizetype steps = qsizetype((toMs - fromMs + stepMs - 1) / stepMs);
    if (steps > 100'000)
        return Error { ErrorCode::InvalidArgument,
            HistoryDatabase::tr("Too many points asked of the history (%1).").arg(steps) };
    QList<ClusterAvailabilitySample> points(steps);
    for (qsizetype i = 0; i < steps; ++i)
        points[i].atMs = std::min(toMs, fromMs + (i + 1) * stepMs) - 1; // the end of each step
    const auto stepOf = [&](qint64 t) { return qsizetype((t - fromMs) / stepMs); };

    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT id FROM worker WHERE cluster = ?"_s);
    q.addBindValue(cluster);
    if (!q.exec())
        return queryError(u"cluster availability"_s, q.lastError());
    QList<qint64> workers;
    while (q.next())
        workers.append(q.value(0).toLongLong());

    // Prepared once for every worker of the cluster (10,000 of them at the scale target).
    QSqlQuery minuteRows(QSqlDatabase::database(m_file.connectionName(), false));
    minuteRows.setForwardOnly(true);
    if (!minuteRows.prepare(
            u"SELECT bucket, count, failures FROM rollup_minute WHERE worker = ? AND bucket >= ? AND bucket < ?"_s))
        return queryError(u"cluster availability"_s, minuteRows.lastError());
    minuteRows.bindValue(1, fromMs);
    minuteRows.bindValue(2, toMs);

    QList<char> known(steps), ready(steps), reachable(steps), probed(steps);
    qsizetype lastProbedStep = -1;
    for (qint64 worker : workers) {
        std::fill(known.begin(), known.end(), 0);
        std::fill(ready.begin(), ready.end(), 0);
        std::fill(probed.begin(), probed.end(), 0);
        std::fill(reachable.begin(), reachable.end(), 0);
        // The server's state at each step's end.
        for (const HistoryInterval &i : intervals(worker, HistoryEventKind::ServerState, fromMs, toMs)) {
            if (i.value.isEmpty() || i.value == u"unknown"_s)
                continue;
            for (qsizetype s = stepOf(i.fromMs); s < steps && points[s].atMs < i.toMs; ++s) {
                if (points[s].atMs < i.fromMs)
                    continue;
                known[s] = 1;
                ready[s] = i.value == u"ready"_s;
            }
        }
        // Your view: the last probed minute of each step (minutes in order, later ones win),
        // from the rollups and the journal rows not rolled up yet.
        QMap<qint64, std::pair<qint64, qint64>> minutes; // minute → probes, failures
        minuteRows.bindValue(0, worker);
        if (!minuteRows.exec())
            return queryError(u"cluster availability"_s, minuteRows.lastError());
        while (minuteRows.next()) {
            auto &m = minutes[minuteRows.value(0).toLongLong()];
            m.first += minuteRows.value(1).toLongLong();
            m.second += minuteRows.value(2).toLongLong();
        }
        m_journal.forEachProbe(worker, fromMs, toMs, [&](const ProbeSample &p) {
            if (p.target != ProbeRoute::Registered)
                return;
            auto &m = minutes[historysql::bucketStart(p.atMs, MinuteMs)];
            m.first += 1;
            m.second += p.ok ? 0 : 1;
        });
        for (auto it = minutes.cbegin(); it != minutes.cend(); ++it) {
            if (it.value().first <= 0 || it.key() < fromMs)
                continue;
            const qsizetype s = stepOf(it.key());
            lastProbedStep = std::max(lastProbedStep, s);
            probed[s] = 1;
            reachable[s] = it.value().second * 2 < it.value().first;
        }
        for (qsizetype s = 0; s < steps; ++s) {
            if (!known[s] && !probed[s])
                continue;
            ++points[s].workers;
            points[s].serverReady += ready[s];
            points[s].reachable += reachable[s];
        }
    }
    // A server state stays in force until the next change, but after the last probe nobody
    // was watching (Parallax was not running): say nothing of that time.
    if (lastProbedStep >= 0)
        points.resize(lastProbedStep + 1);
    points.removeIf([](const ClusterAvailabilitySample &p) { return p.workers == 0; });
    return points;
}

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

} // namespace parallax

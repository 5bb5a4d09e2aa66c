#include "history/historyqueries.h"

#include "history/historydatabase.h"  // the tr() context its messages are translated under
#include "history/historyqueryparts.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

// How long workers were up: one worker over a range, and a whole cluster step by step.

namespace parallax {

using namespace historyqueries;

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
    const qint64 firstMinute = historysql::bucketStart(fromMs, MinuteMs);  // the minute holding fromMs
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
        return QList<ClusterAvailabilitySample>{};
    const qsizetype steps = qsizetype((toMs - fromMs + stepMs - 1) / stepMs);
    if (steps > 100'000)
        return Error{
            ErrorCode::InvalidArgument, HistoryDatabase::tr("Too many points asked of the history (%1).").arg(steps)};
    QList<ClusterAvailabilitySample> points(steps);
    for (qsizetype i = 0; i < steps; ++i)
        points[i].atMs = std::min(toMs, fromMs + (i + 1) * stepMs) - 1;  // the end of each step
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
        QMap<qint64, std::pair<qint64, qint64>> minutes;  // minute → probes, failures
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

}  // namespace parallax

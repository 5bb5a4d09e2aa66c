#include "storedhistory.h"

#include "base/logging.h"

#include <limits>

namespace parallax {

StoredHistory::StoredHistory(
    const ClusterMonitor *monitor, HistoryStore *store, const QString &historyKey, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_store(store)
    , m_historyKey(historyKey)
    , m_recent(new RecentHistory(monitor, clock, this))
    , m_sinceMs(clock.nowMs())
{
    connect(monitor, &ClusterMonitor::workersRemoved, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_stored.remove(id);
    });
}

QString StoredHistory::storeKey() const
{
    return m_historyKey.isEmpty() ? m_monitor->historyKey() : m_historyKey;
}

QList<HistorySource::AvailabilityPoint> StoredHistory::clusterAvailability(qint64 fromMs, qint64 toMs) const
{
    QList<AvailabilityPoint> recent = m_recent->clusterAvailability(fromMs, toMs);
    if (!m_store || storeKey().isEmpty())
        return recent;
    if (!m_clusterFetched)
        fetchClusterAvailability();
    // Both record the same monitor from the session's start: the store adds only what came before.
    const qint64 cutoff = std::min(m_sinceMs, recent.isEmpty() ? m_sinceMs : recent.constFirst().atMs);
    QList<AvailabilityPoint> out;
    for (const AvailabilityPoint &p : std::as_const(m_storedAvailability)) {
        if (p.atMs >= fromMs && p.atMs < toMs && p.atMs < cutoff)
            out.append(p);
    }
    if (out.isEmpty())
        return recent;
    out.append(recent);
    return out;
}

void StoredHistory::fetchClusterAvailability() const
{
    m_clusterFetched = true;
    auto *self = const_cast<StoredHistory *>(this);
    m_store->queryClusterAvailability(storeKey(), m_sinceMs - kStoredAvailabilitySpanMs, m_sinceMs, 60'000, self,
        [self](const Result<QList<ClusterAvailabilitySample>> &result) {
            if (!result.ok()) {
                qCWarning(lcUi) << "stored cluster availability unavailable:" << result.error().message;
                return;
            }
            self->m_storedAvailability.clear();
            for (const ClusterAvailabilitySample &s : result.value())
                self->m_storedAvailability.append({s.atMs, s.workers, s.serverReady, s.reachable});
            Q_EMIT self->clusterAvailabilityArrived();
        });
}

bool StoredHistory::covers(qint64 fromMs, qint64 spanMs, const HistoryQuery &query)
{
    // Zoomed in far past what was fetched, the stored buckets are too coarse: fetch again.
    const qint64 span = query.toMs - query.fromMs;
    return fromMs <= query.fromMs && span * 4 >= spanMs;
}

HistorySeries StoredHistory::workerSeries(const HistoryQuery &query) const
{
    HistorySeries recent = m_recent->workerSeries(query);
    if (!m_store || storeKey().isEmpty())
        return recent;
    Stored &s = m_stored[query.key.workerId];
    const bool waiting = s.pending != 0 && covers(s.pendingFromMs, s.pendingSpanMs, query);
    if (!waiting && !(s.answered && covers(s.fromMs, s.spanMs, query)))
        fetch(query);
    if (!s.answered)
        return recent;

    // Where the recent history starts, the store has nothing it lacks: both record the same
    // monitor from then on.
    qint64 cutoff = std::numeric_limits<qint64>::max();
    if (!recent.buckets.isEmpty())
        cutoff = qMin(cutoff, recent.buckets.constFirst().startMs);
    for (const QList<HistoryInterval> *bands : {&recent.serverStates, &recent.verdicts, &recent.localStates}) {
        if (!bands->isEmpty())
            cutoff = qMin(cutoff, bands->constFirst().fromMs);
    }
    HistorySeries stored = s.series;
    stored.buckets.removeIf(
        [&](const HistoryBucket &b) { return b.startMs < query.fromMs || b.startMs >= query.toMs; });
    return merge(stored, recent, cutoff);
}

HistorySeries StoredHistory::merge(const HistorySeries &stored, const HistorySeries &recent, qint64 cutoffMs)
{
    HistorySeries out = recent;
    out.buckets.clear();
    for (const HistoryBucket &b : stored.buckets) {
        if (b.startMs < cutoffMs)
            out.buckets.append(b);
    }
    out.buckets.append(recent.buckets);
    const auto bands = [cutoffMs](const QList<HistoryInterval> &old, const QList<HistoryInterval> &now) {
        QList<HistoryInterval> merged;
        for (HistoryInterval i : old) {
            if (i.fromMs >= cutoffMs)
                continue;
            i.toMs = qMin(i.toMs, cutoffMs);
            merged.append(i);
        }
        merged.append(now);
        return merged;
    };
    out.serverStates = bands(stored.serverStates, recent.serverStates);
    out.verdicts = bands(stored.verdicts, recent.verdicts);
    out.localStates = bands(stored.localStates, recent.localStates);
    out.annotations.clear();
    for (const HistoryEvent &e : stored.annotations) {
        if (e.atMs < cutoffMs)
            out.annotations.append(e);
    }
    out.annotations.append(recent.annotations);
    return out;
}

void StoredHistory::fetch(const HistoryQuery &query) const
{
    Stored &s = m_stored[query.key.workerId];
    const quint64 request = m_nextRequest++;
    s.pending = request;
    s.pendingFromMs = query.fromMs;
    s.pendingSpanMs = query.toMs - query.fromMs;
    HistoryQuery q = query;
    q.key.cluster = storeKey();
    const qint64 id = query.key.workerId;
    // The callback is dropped if this object dies first (HistoryStore's contract).
    auto *self = const_cast<StoredHistory *>(this);
    m_store->querySeries(q, self, [self, id, request](const Result<HistorySeries> &result) {
        auto it = self->m_stored.find(id);
        if (it == self->m_stored.end() || it->pending != request)
            return;  // superseded by a later request, or the worker is gone
        it->pending = 0;
        it->answered = true;
        it->fromMs = it->pendingFromMs;
        it->spanMs = it->pendingSpanMs;
        if (result.ok()) {
            it->series = result.value();
        } else {
            qCWarning(lcUi) << "stored history unavailable for worker" << id << result.error().message;
            it->series = {};
        }
        Q_EMIT self->seriesArrived(id);
    });
}

}  // namespace parallax

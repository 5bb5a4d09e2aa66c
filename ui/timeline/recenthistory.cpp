#include "recenthistory.h"

#include <algorithm>

namespace parallax {

namespace {
constexpr int kAvailabilityCapacity = 20'000;
}

RecentHistory::RecentHistory(const ClusterMonitor *monitor, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_clock(clock)
{
    // The workers already there: what the monitor published of them is past, so they start
    // here as a first sighting, by the one rule that detects transitions.
    const qint64 now = clock.nowMs();
    for (qint64 id : monitor->workerIds()) {
        if (const WorkerView *v = monitor->view(id)) {
            const WorkerFacts facts = WorkerFacts::of(v->server, v->verdict, v->local);
            recordTransitions(id, WorkerTransitions::between(std::nullopt, facts, now));
        }
    }
    record(monitor->workerIds());
    connect(monitor, &ClusterMonitor::transitionsDetected, this, &RecentHistory::recordTransitions);
    connect(monitor, &ClusterMonitor::workersAdded, this, &RecentHistory::record);
    connect(monitor, &ClusterMonitor::workersChanged, this, &RecentHistory::record);
    connect(monitor, &ClusterMonitor::workersRemoved, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            m_tracks.remove(id);
        recordAvailability();
    });
}

template<typename T> void RecentHistory::trim(QList<T> &list) const
{
    // Amortised: drop a quarter at once instead of one element per append.
    if (list.size() > m_capacity + m_capacity / 4)
        list.remove(0, list.size() - m_capacity);
}

void RecentHistory::recordTransitions(qint64 workerId, const QList<HistoryEvent> &transitions)
{
    Track &t = m_tracks[workerId];
    for (const HistoryEvent &e : transitions) {
        // What the timeline draws of them: server-state bands, address and maintenance marks.
        if (e.kind == HistoryEventKind::ServerState || WorkerTransitions::marksTimeline(e))
            t.events.append(e);
    }
    trim(t.events);
}

void RecentHistory::record(const QList<qint64> &ids)
{
    const qint64 now = m_clock.nowMs();
    for (qint64 id : ids) {
        const WorkerView *v = m_monitor->view(id);
        if (!v)
            continue;
        const Worker &w = v->server;
        Track &t = m_tracks[id];
        if (v->lastProbe && v->lastProbe->startedMs != t.lastProbeMs) {
            t.lastProbeMs = v->lastProbe->startedMs;
            t.probes.append(ProbeSample::fromResult(*v->lastProbe));
            trim(t.probes);
        }
        if (const auto age = w.heartbeatAgeMs(now)) {
            t.heartbeats.append({now, *age});
            trim(t.heartbeats);
        }
    }
    recordAvailability();
}

void RecentHistory::recordAvailability()
{
    AvailabilityPoint p;
    p.atMs = m_clock.nowMs();
    for (qint64 id : m_monitor->workerIds()) {
        const WorkerView *v = m_monitor->view(id);
        ++p.workers;
        if (v->server.state == WorkerState::Ready)
            ++p.serverReady;
        if (v->lastProbe && v->lastProbe->healthy())
            ++p.reachable;
    }
    if (!m_availability.isEmpty() && m_availability.constLast().atMs == p.atMs)
        m_availability.last() = p;
    else
        m_availability.append(p);
    if (m_availability.size() > kAvailabilityCapacity + kAvailabilityCapacity / 4)
        m_availability.remove(0, m_availability.size() - kAvailabilityCapacity);
}

HistorySeries RecentHistory::workerSeries(const HistoryQuery &query) const
{
    HistorySeries s;
    s.key = query.key;
    s.fromMs = query.fromMs;
    s.toMs = query.toMs;
    s.resolution = HistoryResolution::Raw;
    const qint64 span = qMax<qint64>(1, query.toMs - query.fromMs);
    s.bucketMs = query.bucketMs > 0 ? query.bucketMs : qMax<qint64>(1, span / qMax(1, query.maxPoints));
    const auto it = m_tracks.constFind(query.key.workerId);
    if (it == m_tracks.cend())
        return s;
    const Track &t = *it;

    // Buckets: probes and heartbeat ages of each bucketMs slice.
    QMap<qint64, HistoryBucket> buckets;
    const auto bucketOf = [&](qint64 at) -> HistoryBucket & {
        const qint64 start = query.fromMs + (at - query.fromMs) / s.bucketMs * s.bucketMs;
        HistoryBucket &b = buckets[start];
        b.startMs = start;
        return b;
    };
    for (const ProbeSample &p : t.probes) {
        if (p.atMs < query.fromMs || p.atMs >= query.toMs)
            continue;
        HistoryBucket &b = bucketOf(p.atMs);
        ++b.probes;
        if (!p.ok) {
            ++b.failures;
            continue;
        }
        const qint64 us = p.totalUs;
        b.latencyMinUs = b.latencyMinUs < 0 ? us : qMin(b.latencyMinUs, us);
        b.latencyMaxUs = qMax(b.latencyMaxUs, us);
        const qint64 ok = b.probes - b.failures;
        b.latencyAvgUs = b.latencyAvgUs < 0 ? us : (b.latencyAvgUs * (ok - 1) + us) / ok;
    }
    for (const HeartbeatSample &h : t.heartbeats) {
        if (h.atMs < query.fromMs || h.atMs >= query.toMs)
            continue;
        HistoryBucket &b = bucketOf(h.atMs);
        b.heartbeatAgeMaxMs = qMax(b.heartbeatAgeMaxMs, h.ageMs);
    }
    s.buckets = buckets.values();

    // Server state intervals and annotations.
    const HistoryEvent *open = nullptr;
    for (const HistoryEvent &e : t.events) {
        if (e.kind == HistoryEventKind::ServerState) {
            if (open && e.atMs > query.fromMs && open->atMs < query.toMs)
                s.serverStates.append(
                    {qMax(open->atMs, query.fromMs), qMin(e.atMs, query.toMs), open->to, open->message});
            open = &e;
        } else if (e.atMs >= query.fromMs && e.atMs < query.toMs) {
            s.annotations.append(e);
        }
    }
    if (open && open->atMs < query.toMs)
        s.serverStates.append({qMax(open->atMs, query.fromMs), query.toMs, open->to, open->message});
    return s;
}

QList<HistorySource::AvailabilityPoint> RecentHistory::clusterAvailability(qint64 fromMs, qint64 toMs) const
{
    const auto byTime = [](const AvailabilityPoint &p, qint64 t) { return p.atMs < t; };
    const auto begin = std::lower_bound(m_availability.cbegin(), m_availability.cend(), fromMs, byTime);
    const auto end = std::lower_bound(begin, m_availability.cend(), toMs, byTime);
    return QList<AvailabilityPoint>(begin, end);
}

}  // namespace parallax

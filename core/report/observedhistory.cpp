#include "observedhistory.h"

#include "base/clock.h"
#include "monitor/clustermonitor.h"

namespace parallax {

namespace {

ViewState localViewState(LocalState s)
{
    return s == LocalState::Up ? ViewState::Up : s == LocalState::Down ? ViewState::Down : ViewState::Unknown;
}

}  // namespace

AvailabilityWindow availabilityOf(const QList<TimelinePoint> &timeline, qint64 fromMs, qint64 toMs)
{
    qint64 serverKnown = 0, serverUp = 0, localKnown = 0, localUp = 0;
    for (qsizetype i = 0; i < timeline.size(); ++i) {
        const TimelinePoint &p = timeline.at(i);
        const qint64 begin = std::max(fromMs, p.atMs);
        const qint64 end = std::min(toMs, i + 1 < timeline.size() ? timeline.at(i + 1).atMs : toMs);
        if (end <= begin)
            continue;
        const qint64 span = end - begin;
        if (p.server != ViewState::Unknown) {
            serverKnown += span;
            serverUp += p.server == ViewState::Up ? span : 0;
        }
        if (p.local != ViewState::Unknown) {
            localKnown += span;
            localUp += p.local == ViewState::Up ? span : 0;
        }
    }
    AvailabilityWindow w;
    if (serverKnown > 0)
        w.server = double(serverUp) / double(serverKnown);
    if (localKnown > 0)
        w.local = double(localUp) / double(localKnown);
    return w;
}

ObservedHistory::ObservedHistory(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
}

void ObservedHistory::watch(const ClusterMonitor &monitor)
{
    // The workers whose server state or your view moved, as the monitor detected it; their
    // points are taken at the batch that publishes the change, with one cluster point.
    connect(&monitor, &ClusterMonitor::transitionsDetected, this,
        [this](qint64 id, const QList<HistoryEvent> &transitions) {
            for (const HistoryEvent &t : transitions) {
                if (t.kind == HistoryEventKind::ServerState || t.kind == HistoryEventKind::LocalState)
                    m_moved.insert(id);
            }
        });
    const auto changed = [this, &monitor](const QList<qint64> &) {
        const QSet<qint64> moved = std::exchange(m_moved, {});
        for (qint64 id : moved) {
            if (const WorkerView *v = monitor.view(id))
                observe(*v);
        }
        observeCluster(monitor);
    };
    connect(&monitor, &ClusterMonitor::workersAdded, this, changed);
    connect(&monitor, &ClusterMonitor::workersChanged, this, changed);
    connect(&monitor, &ClusterMonitor::workersRemoved, this, [this](const QList<qint64> &ids) {
        for (qint64 id : ids)
            forget(id);
    });
}

void ObservedHistory::observe(const WorkerView &v)
{
    TimelinePoint p;
    p.atMs = m_clock.nowMs();
    p.server = serverViewState(v.server.state);
    p.local = localViewState(v.local);
    if (v.lastProbe && v.lastProbe->healthy())
        p.latencyMs = double(v.lastProbe->totalUs) / 1000.0;
    QList<TimelinePoint> &timeline = m_timelines[v.id()];
    if (!timeline.isEmpty() && timeline.constLast().server == p.server && timeline.constLast().local == p.local)
        return;
    timeline.append(p);
}

void ObservedHistory::observeCluster(const ClusterMonitor &monitor)
{
    const QList<qint64> ids = monitor.workerIds();
    if (ids.isEmpty())
        return;
    int serverUp = 0;
    int localUp = 0;
    for (qint64 id : ids) {
        const WorkerView *v = monitor.view(id);
        serverUp += serverViewState(v->server.state) == ViewState::Up ? 1 : 0;
        localUp += v->local == LocalState::Up ? 1 : 0;
    }
    const double n = double(ids.size());
    const ClusterAvailabilityPoint point{m_clock.nowMs(), serverUp / n, localUp / n};
    if (!m_cluster.isEmpty() && m_cluster.constLast().server == point.server
        && m_cluster.constLast().local == point.local)
        return;
    m_cluster.append(point);
}

void ObservedHistory::forget(qint64 workerId)
{
    m_timelines.remove(workerId);
    m_moved.remove(workerId);
}

void ObservedHistory::gather(const ReportHistoryAsk &ask, QObject *, std::function<void(ReportHistory)> done)
{
    ReportHistory history;
    history.workers.reserve(ask.workers.size());
    for (qint64 id : ask.workers) {
        const QList<TimelinePoint> timeline = m_timelines.value(id);
        WorkerHistory h;
        h.lastHour = availabilityOf(timeline, ask.toMs - 3600'000LL, ask.toMs);
        h.lastDay = availabilityOf(timeline, ask.toMs - 24 * 3600'000LL, ask.toMs);
        history.workers.insert(id, h);
    }
    for (qint64 id : ask.timelines)
        history.workers[id].timeline = m_timelines.value(id);
    for (const ClusterAvailabilityPoint &p : m_cluster) {
        if (p.atMs >= ask.fromMs && p.atMs < ask.toMs)
            history.cluster.append(p);
    }
    done(std::move(history));
}

}  // namespace parallax

#include "clustermonitor.h"

#include <algorithm>

namespace parallax {

namespace {
constexpr int kCoalesceMs = 100;

// Placeholder verdict rules until core/diagnosis provides the full table (with hysteresis
// and freshness): enough to keep the data flow honest.
Verdict simpleVerdict(const WorkerView &v)
{
    const bool serverDown = v.server.state == WorkerState::Unreachable || v.server.state == WorkerState::NotReady;
    const bool serverUp = v.server.state == WorkerState::Ready;
    if (v.local == LocalState::Up)
        return serverUp ? Verdict::AgreeUp : serverDown ? Verdict::SplitServerDown : Verdict::Unknown;
    if (v.local == LocalState::Down)
        return serverDown ? Verdict::AgreeDown : serverUp ? Verdict::SplitLocalDown : Verdict::Unknown;
    return Verdict::Unknown;
}
}  // namespace

ClusterMonitor::ClusterMonitor(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ClusterMonitor::flush);
}

QList<qint64> ClusterMonitor::workerIds() const
{
    QList<qint64> ids = m_views.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

const WorkerView *ClusterMonitor::view(qint64 workerId) const
{
    const auto it = m_views.constFind(workerId);
    return it == m_views.cend() ? nullptr : &it.value();
}

QList<WorkerView> ClusterMonitor::views() const
{
    QList<WorkerView> out;
    out.reserve(m_views.size());
    for (qint64 id : workerIds())
        out.append(m_views.value(id));
    return out;
}

void ClusterMonitor::setServerSnapshot(const QList<Worker> &workers)
{
    QSet<qint64> seen;
    for (const Worker &w : workers) {
        seen.insert(w.id);
        upsertServerWorker(w);
    }
    const QList<qint64> known = m_views.keys();
    for (qint64 id : known) {
        if (!seen.contains(id))
            removeServerWorker(id);
    }
}

void ClusterMonitor::upsertServerWorker(const Worker &worker)
{
    auto it = m_views.find(worker.id);
    if (it == m_views.end()) {
        WorkerView v;
        v.server = worker;
        v.serverSeenMs = m_clock.nowMs();
        v.verdictSinceMs = v.serverSeenMs;
        it = m_views.insert(worker.id, v);
        m_added.insert(worker.id);
        m_removed.removeAll(worker.id);
    } else {
        it->server = worker;
        it->serverSeenMs = m_clock.nowMs();
    }
    recompute(*it);
    touch(worker.id);
}

void ClusterMonitor::removeServerWorker(qint64 workerId)
{
    if (!m_views.remove(workerId))
        return;
    m_added.remove(workerId);
    m_changed.remove(workerId);
    m_removed.append(workerId);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void ClusterMonitor::addProbeResult(const ProbeResult &result)
{
    auto it = m_views.find(result.workerId);
    if (it == m_views.end())
        return;
    it->lastProbe = result;
    it->local = result.healthy() ? LocalState::Up : LocalState::Down;
    recompute(*it);
    touch(result.workerId);
}

void ClusterMonitor::recompute(WorkerView &view)
{
    const Verdict next = simpleVerdict(view);
    if (next != view.verdict) {
        VerdictTransition t{view.id(), view.server.name, view.verdict, next, m_clock.nowMs()};
        view.verdict = next;
        view.verdictSinceMs = t.atMs;
        Q_EMIT verdictChanged(t);
    }
}

void ClusterMonitor::touch(qint64 id)
{
    if (!m_added.contains(id))
        m_changed.insert(id);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void ClusterMonitor::flush()
{
    m_coalesce.stop();
    if (!m_removed.isEmpty()) {
        const QList<qint64> removed = std::exchange(m_removed, {});
        Q_EMIT workersRemoved(removed);
    }
    if (!m_added.isEmpty()) {
        QList<qint64> added(m_added.cbegin(), m_added.cend());
        m_added.clear();
        std::sort(added.begin(), added.end());
        Q_EMIT workersAdded(added);
    }
    if (!m_changed.isEmpty()) {
        QList<qint64> changed(m_changed.cbegin(), m_changed.cend());
        m_changed.clear();
        std::sort(changed.begin(), changed.end());
        Q_EMIT workersChanged(changed);
    }
}

}  // namespace parallax

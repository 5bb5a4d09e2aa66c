#include "incidentnotifier.h"

#include "base/trcontexts.h"

#include <QCoreApplication>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kDefaultWindowMs = 5000;  // GPUStack flushes worker state every 5 s: one batch
constexpr int kNamesInBody = 5;
}  // namespace

QString verdictTitle(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Unknown: return VerdictText::tr("Not known yet");
    case Verdict::AgreeUp: return VerdictText::tr("Up (both views agree)");
    case Verdict::AgreeDown: return VerdictText::tr("Down (both views agree)");
    case Verdict::SplitServerDown: return VerdictText::tr("Views disagree: server says down, reachable from here");
    case Verdict::SplitLocalDown: return VerdictText::tr("Views disagree: server says ready, unreachable from here");
    }
    return {};
}

IncidentNotifier::IncidentNotifier(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    qRegisterMetaType<IncidentNotice>();
    m_window.setSingleShot(true);
    m_window.setInterval(kDefaultWindowMs);
    connect(&m_window, &QTimer::timeout, this, &IncidentNotifier::flush);
}

void IncidentNotifier::setGroupingWindowMs(int ms)
{
    m_window.setInterval(qMax(0, ms));
}

void IncidentNotifier::setFlapLimit(int incidents, qint64 windowMs)
{
    m_flapLimit = qMax(2, incidents);
    m_flapWindowMs = qMax<qint64>(1, windowMs);
}

void IncidentNotifier::watch(ClusterMonitor *monitor)
{
    connect(monitor, &ClusterMonitor::verdictChanged, this,
        [this, monitor](const VerdictTransition &t) { addTransition(monitor->name(), t); });
    connect(monitor, &ClusterMonitor::workersRemoved, this,
        [this, monitor](const QList<qint64> &ids) { forgetWorkers(monitor->name(), ids); });
}

void IncidentNotifier::forgetWorkers(const QString &cluster, const QList<qint64> &workerIds)
{
    // Their entries in m_pending find no track and are skipped by flush().
    const auto c = m_tracks.find(cluster);
    if (c == m_tracks.end())
        return;
    for (qint64 id : workerIds)
        m_trackedCount -= c->remove(id) ? 1 : 0;
    if (c->isEmpty())
        m_tracks.erase(c);
}

IncidentNotifier::WorkerTrack &IncidentNotifier::track(const QString &cluster, qint64 workerId)
{
    auto &tracks = m_tracks[cluster];
    auto it = tracks.find(workerId);
    if (it != tracks.end())
        return *it;
    if (m_trackedCount >= m_maxTracked) {
        evictTracks();
        return track(cluster, workerId);  // the cluster's hash may be gone
    }
    ++m_trackedCount;
    return *tracks.emplace(workerId);
}

void IncidentNotifier::evictTracks()
{
    // Down to three quarters of the cap at once: quiet workers first (forgetting them loses
    // only their flapping count), then the ones whose last transition is oldest.
    const qsizetype keep = qsizetype(m_maxTracked) * 3 / 4;
    struct Entry {
        bool busy;
        qint64 lastMs;
    };
    std::vector<Entry> order;
    order.reserve(size_t(m_trackedCount));
    for (const auto &tracks : std::as_const(m_tracks)) {
        for (const WorkerTrack &t : tracks)
            order.push_back({t.open || t.pendingIncident || t.pendingRecovery, t.lastTransitionMs});
    }
    const auto before = [](const Entry &a, const Entry &b) { return a.busy != b.busy ? !a.busy : a.lastMs < b.lastMs; };
    const qsizetype drop = qsizetype(order.size()) - keep;
    if (drop <= 0)
        return;
    std::nth_element(order.begin(), order.begin() + (drop - 1), order.end(), before);
    const Entry last = order[size_t(drop - 1)];  // the last one to go
    qsizetype dropped = 0;
    for (auto c = m_tracks.begin(); c != m_tracks.end();) {
        c->removeIf([&](const auto &entry) {
            const WorkerTrack &t = entry.value();
            const Entry e{t.open || t.pendingIncident || t.pendingRecovery, t.lastTransitionMs};
            if (dropped < drop && !before(last, e)) {
                ++dropped;
                return true;
            }
            return false;
        });
        c = c->isEmpty() ? m_tracks.erase(c) : std::next(c);
    }
    m_trackedCount -= dropped;
}

bool IncidentNotifier::hasOpenIncident(const QString &cluster, qint64 workerId) const
{
    const auto c = m_tracks.constFind(cluster);
    if (c == m_tracks.cend())
        return false;
    const auto w = c->constFind(workerId);
    return w != c->cend() && w->open && w->announced;
}

bool IncidentNotifier::updateFlapping(WorkerTrack &track, qint64 nowMs)
{
    track.incidentStartsMs.append(nowMs);
    while (!track.incidentStartsMs.isEmpty() && nowMs - track.incidentStartsMs.constFirst() > m_flapWindowMs)
        track.incidentStartsMs.removeFirst();
    if (!track.flapping && track.incidentStartsMs.size() >= m_flapLimit) {
        track.flapping = true;
        return true;
    }
    return false;
}

void IncidentNotifier::addTransition(const QString &cluster, const VerdictTransition &t)
{
    const qint64 now = t.atMs > 0 ? t.atMs : m_clock.nowMs();
    WorkerTrack &track = this->track(cluster, t.workerId);
    if (!t.workerName.isEmpty())
        track.name = t.workerName;
    // A flapping worker is trusted again after a whole window without transitions.
    if (track.flapping && now - track.lastTransitionMs >= m_flapWindowMs) {
        track.flapping = false;
        track.incidentStartsMs.clear();
    }
    track.lastTransitionMs = now;

    if (isTrouble(t.to)) {
        track.verdict = t.to;
        if (track.open)
            return;  // same incident, already announced or pending
        track.open = true;
        track.announced = false;
        // A recovery still waiting to be announced and a new failure cancel out.
        if (track.pendingRecovery) {
            track.pendingRecovery = false;
            track.announced = true;
            return;
        }
        const bool becameFlapping = updateFlapping(track, now);
        if (track.flapping) {
            if (becameFlapping && !m_quiet) {
                IncidentNotice n;
                n.kind = IncidentNotice::Kind::Flapping;
                n.cluster = cluster;
                n.workerIds = {t.workerId};
                n.workerNames = {track.name};
                n.verdict = t.to;
                n.title = tr("%1 keeps going up and down").arg(track.name);
                n.body = tr(
                    "%n incidents in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.",
                    nullptr, int(track.incidentStartsMs.size()))
                             .arg(cluster);
                Q_EMIT notice(n);
            }
            return;
        }
        m_pending.append({cluster, t.workerId, false});
        track.pendingIncident = true;
        if (!m_window.isActive())
            m_window.start();
        return;
    }

    if (t.to == Verdict::AgreeUp && track.open) {
        track.open = false;
        if (track.pendingIncident) {
            track.pendingIncident = false;  // a blip inside the window: never announced
            return;
        }
        if (track.announced) {
            track.announced = false;
            m_pending.append({cluster, t.workerId, true});
            track.pendingRecovery = true;
            if (!m_window.isActive())
                m_window.start();
        }
    }
    // Unknown: our evidence is missing, the incident (if any) stays open.
}

void IncidentNotifier::flush()
{
    m_window.stop();
    QList<Pending> pending;
    for (const Pending &p : std::exchange(m_pending, {})) {
        // Only live entries, once each (a cancelled and re-added worker has two), of workers
        // still tracked.
        const auto c = m_tracks.find(p.cluster);
        if (c == m_tracks.end())
            continue;
        const auto w = c->find(p.workerId);
        if (w == c->end())
            continue;
        WorkerTrack &track = *w;
        bool &live = p.recovery ? track.pendingRecovery : track.pendingIncident;
        if (live) {
            live = false;
            pending.append(p);
        }
    }
    QStringList clusters;
    for (const Pending &p : pending) {
        if (!clusters.contains(p.cluster))
            clusters.append(p.cluster);
    }
    for (const QString &cluster : clusters) {
        for (bool recovery : {false, true}) {
            QList<Pending> items;
            for (const Pending &p : pending) {
                if (p.cluster == cluster && p.recovery == recovery)
                    items.append(p);
            }
            if (!items.isEmpty())
                emitGrouped(cluster, items, recovery);
        }
    }
}

void IncidentNotifier::emitGrouped(const QString &cluster, const QList<Pending> &items, bool recovery)
{
    auto &tracks = m_tracks[cluster];
    for (const Pending &p : items)
        tracks[p.workerId].announced = !recovery && !m_quiet;
    if (m_quiet)
        return;

    const auto noticeFor = [&](const QList<Pending> &group) {
        IncidentNotice n;
        n.kind = recovery ? IncidentNotice::Kind::Recovery : IncidentNotice::Kind::Incident;
        n.cluster = cluster;
        bool first = true;
        for (const Pending &p : group) {
            const WorkerTrack &track = tracks[p.workerId];
            n.workerIds.append(p.workerId);
            n.workerNames.append(track.name);
            if (first)
                n.verdict = recovery ? Verdict::AgreeUp : track.verdict;
            else if (n.verdict != (recovery ? Verdict::AgreeUp : track.verdict))
                n.verdict = Verdict::Unknown;
            first = false;
        }
        return n;
    };

    if (items.size() < m_groupThreshold) {
        for (const Pending &p : items) {
            IncidentNotice n = noticeFor({p});
            const QString name = n.workerNames.constFirst();
            if (recovery) {
                n.title = tr("%1 is back up").arg(name);
                n.body = tr("Both views agree again in cluster %1.").arg(cluster);
            } else {
                n.title = tr("%1: %2").arg(name, verdictTitle(n.verdict));
                n.body = tr("In cluster %1. Click to see the timeline and the likely cause.").arg(cluster);
            }
            Q_EMIT notice(n);
        }
        return;
    }

    IncidentNotice n = noticeFor(items);
    const int count = int(items.size());
    if (recovery) {
        n.title = tr("%n workers recovered in cluster %1", nullptr, count).arg(cluster);
    } else {
        switch (n.verdict) {
        case Verdict::AgreeDown:
            n.title = tr("%n workers unreachable in cluster %1", nullptr, count).arg(cluster);
            break;
        case Verdict::SplitServerDown:
            n.title = tr("%n workers marked down by the server but reachable from here in cluster %1", nullptr, count)
                          .arg(cluster);
            break;
        case Verdict::SplitLocalDown:
            n.title = tr("%n workers ready on the server but unreachable from here in cluster %1", nullptr, count)
                          .arg(cluster);
            break;
        default: n.title = tr("%n workers in trouble in cluster %1", nullptr, count).arg(cluster); break;
        }
    }
    QStringList shown = n.workerNames.mid(0, kNamesInBody);
    n.body = shown.join(u", "_s);
    if (count > kNamesInBody)
        n.body += u' ' + tr("and %n more", nullptr, count - kNamesInBody);
    Q_EMIT notice(n);
}

}  // namespace parallax

#include "incidentnotifier.h"

#include "base/trcontexts.h"

#include <QCoreApplication>

#include <algorithm>

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
    WorkerTrack &track = m_tracks[cluster][t.workerId];
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
                n.body = tr("%n incidents in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.",
                    nullptr, int(track.incidentStartsMs.size())).arg(cluster);
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
        // Only live entries, once each (a cancelled and re-added worker has two).
        WorkerTrack &track = m_tracks[p.cluster][p.workerId];
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
            n.title = tr("%n workers marked down by the server but reachable from here in cluster %1", nullptr, count).arg(cluster);
            break;
        case Verdict::SplitLocalDown:
            n.title = tr("%n workers ready on the server but unreachable from here in cluster %1", nullptr, count).arg(cluster);
            break;
        default:
            n.title = tr("%n workers in trouble in cluster %1", nullptr, count).arg(cluster);
            break;
        }
    }
    QStringList shown = n.workerNames.mid(0, kNamesInBody);
    n.body = shown.join(u", "_s);
    if (count > kNamesInBody)
        n.body += u' ' + tr("and %n more", nullptr, count - kNamesInBody);
    Q_EMIT notice(n);
}

}  // namespace parallax

#include "verdictrules.h"

using namespace Qt::StringLiterals;

namespace parallax {

QString verdictReasonId(VerdictReason reason)
{
    switch (reason) {
    case VerdictReason::BothUp: return u"both_up"_s;
    case VerdictReason::BothDown: return u"both_down"_s;
    case VerdictReason::OnlyServerSeesDown: return u"only_server_sees_down"_s;
    case VerdictReason::OnlyLocalSeesDown: return u"only_local_sees_down"_s;
    case VerdictReason::NoServerView: return u"no_server_view"_s;
    case VerdictReason::ServerViewStale: return u"server_view_stale"_s;
    case VerdictReason::ServerStateUnknown: return u"server_state_unknown"_s;
    case VerdictReason::Maintenance: return u"maintenance"_s;
    case VerdictReason::Provisioning: return u"provisioning"_s;
    case VerdictReason::NoLocalView: return u"no_local_view"_s;
    case VerdictReason::LocalViewStale: return u"local_view_stale"_s;
    case VerdictReason::LocalNetworkSuspect: return u"local_network_suspect"_s;
    case VerdictReason::NotProbed: return u"not_probed"_s;
    }
    return u"no_server_view"_s;
}

VerdictDecision decideVerdict(const VerdictInput &in, const VerdictSettings &settings)
{
    auto unknown = [](VerdictReason r) { return VerdictDecision{Verdict::Unknown, r}; };

    // The server's side first: without a usable server view there is nothing to compare.
    if (!in.serverKnown)
        return unknown(VerdictReason::NoServerView);
    if (settings.serverMaxAgeMs > 0 && in.nowMs - in.serverSeenMs > settings.serverMaxAgeMs)
        return unknown(VerdictReason::ServerViewStale);
    if (in.maintenance || in.serverState == WorkerState::Maintenance)
        return unknown(VerdictReason::Maintenance);
    if (isProvisioningState(in.serverState))
        return unknown(VerdictReason::Provisioning);
    const bool serverUp = in.serverState == WorkerState::Ready;
    const bool serverDown = in.serverState == WorkerState::Unreachable || in.serverState == WorkerState::NotReady;
    if (!serverUp && !serverDown)
        return unknown(VerdictReason::ServerStateUnknown);

    // Our side.
    if (in.localSkipped)
        return unknown(VerdictReason::NotProbed);
    if (in.local == LocalState::UnknownLocalNetwork)
        return unknown(VerdictReason::LocalNetworkSuspect);
    if (in.local == LocalState::Unknown || in.localSeenMs <= 0)
        return unknown(VerdictReason::NoLocalView);
    if (settings.localMaxAgeMs > 0 && in.nowMs - in.localSeenMs > settings.localMaxAgeMs)
        return unknown(VerdictReason::LocalViewStale);

    const bool localUp = in.local == LocalState::Up;
    if (serverUp)
        return localUp ? VerdictDecision{Verdict::AgreeUp, VerdictReason::BothUp}
                       : VerdictDecision{Verdict::SplitLocalDown, VerdictReason::OnlyLocalSeesDown};
    return localUp ? VerdictDecision{Verdict::SplitServerDown, VerdictReason::OnlyServerSeesDown}
                   : VerdictDecision{Verdict::AgreeDown, VerdictReason::BothDown};
}

VerdictInput verdictInputFor(
    const Worker *server, qint64 serverSeenMs, LocalState local, const ProbeResult *lastProbe, qint64 nowMs)
{
    VerdictInput in;
    in.nowMs = nowMs;
    if (server) {
        in.serverKnown = true;
        in.serverState = server->state;
        in.maintenance = server->maintenanceEnabled.value_or(false);
        in.serverSeenMs = serverSeenMs;
    }
    in.local = local;
    if (lastProbe) {
        in.localSeenMs = lastProbe->startedMs + lastProbe->totalUs / 1000;
        in.localSkipped = lastProbe->firstError() == ProbeError::Skipped;
    }
    return in;
}

void FlapDetector::expire(History &h, qint64 nowMs) const
{
    while (!h.changes.empty() && h.changes.front() < nowMs - m_settings.windowMs)
        h.changes.pop_front();
}

void FlapDetector::evaluate(History &h) const
{
    const int n = int(h.changes.size());
    if (!h.flapping && n >= m_settings.enterChanges)
        h.flapping = true;
    else if (h.flapping && n <= m_settings.leaveChanges)
        h.flapping = false;
}

bool FlapDetector::recordChange(qint64 id, qint64 atMs)
{
    History &h = m_history[id];
    h.changes.push_back(atMs);
    expire(h, atMs);
    evaluate(h);
    return h.flapping;
}

bool FlapDetector::isFlapping(qint64 id, qint64 nowMs)
{
    const auto it = m_history.find(id);
    if (it == m_history.end())
        return false;
    expire(*it, nowMs);
    evaluate(*it);
    const bool flapping = it->flapping;
    if (it->changes.empty() && !flapping)
        m_history.erase(it);  // nothing left to remember
    return flapping;
}

int FlapDetector::changesInWindow(qint64 id, qint64 nowMs)
{
    const auto it = m_history.find(id);
    if (it == m_history.end())
        return 0;
    expire(*it, nowMs);
    return int(it->changes.size());
}

}  // namespace parallax

#include "clustermonitor.h"

#include "gpustack/serverversion.h"
#include "history/historystore.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kCoalesceMs = 100;
constexpr int kReevaluateMs = 15'000;
constexpr int kAddressHistoryMax = 16;
constexpr int kLatencySamplesMax = 40;
// Our copy of the server's view is trusted while the stream is up (it sends changes and a
// keep-alive every 15 s); while it is down, it turns unknown after GPUStack's own 2 × 15 s.
constexpr qint64 kServerMaxAgeWhileDisconnectedMs = 45'000;
}  // namespace

ClusterMonitor::ClusterMonitor(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    qRegisterMetaType<parallax::VerdictTransition>();
    m_coalesce.setObjectName(QStringLiteral("monitor coalesce"));
    m_reevaluate.setObjectName(QStringLiteral("monitor reevaluate"));
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ClusterMonitor::flush);
    m_reevaluate.setInterval(kReevaluateMs);
    connect(&m_reevaluate, &QTimer::timeout, this, &ClusterMonitor::reevaluate);
    m_reevaluate.start();
}

void ClusterMonitor::setHistory(HistoryStore *history, const QString &clusterKey)
{
    m_history = history;
    m_historyKey = clusterKey;
}

QList<qint64> ClusterMonitor::workerIds() const
{
    if (!m_sortedIdsValid) {
        m_sortedIds = m_views.keys();
        std::sort(m_sortedIds.begin(), m_sortedIds.end());
        m_sortedIdsValid = true;
    }
    return m_sortedIds;
}

const WorkerView *ClusterMonitor::view(qint64 workerId) const
{
    settle(workerId);
    const auto it = m_views.constFind(workerId);
    return it == m_views.cend() ? nullptr : &it.value();
}

QList<WorkerView> ClusterMonitor::views() const
{
    settleAll();
    QList<WorkerView> out;
    out.reserve(m_views.size());
    for (qint64 id : workerIds())
        out.append(m_views.value(id));
    return out;
}

QList<AddressRecord> ClusterMonitor::addressHistory(qint64 workerId) const
{
    return m_evidence.value(workerId).addresses;
}

void ClusterMonitor::setClusterSize(int workers)
{
    m_clusterSize = workers;
}

void ClusterMonitor::setServerVersion(const QString &version)
{
    m_serverVersion = version;
}

void ClusterMonitor::setClusterNames(const QHash<qint64, QString> &names)
{
    if (names == m_clusterNames)
        return;
    m_clusterNames = names;
    Q_EMIT clusterNamesChanged();
}

void ClusterMonitor::setServerClockOffset(qint64 offsetMs)
{
    if (m_serverClockOffsetMs == offsetMs)
        return;
    m_serverClockOffsetMs = offsetMs;
    for (auto it = m_views.begin(); it != m_views.end(); ++it)
        placeHeartbeat(*it, m_evidence[it.key()]);
    reevaluate();
}

void ClusterMonitor::placeHeartbeat(WorkerView &view, const Evidence &evidence) const
{
    // v0.x takes heartbeat_time from the worker's own clock (ref §7): the server's offset says
    // nothing about it.
    const bool serverClock = ServerVersion(m_serverVersion).atLeast(1, 0);
    if (!evidence.serverHeartbeat.isValid() || !m_serverClockOffsetMs || !serverClock)
        view.server.heartbeatTime = evidence.serverHeartbeat;
    else
        view.server.heartbeatTime = evidence.serverHeartbeat.addMSecs(-*m_serverClockOffsetMs);
}

void ClusterMonitor::setServerReachable(bool reachable)
{
    if (reachable == m_serverReachable)
        return;
    m_serverReachable = reachable;
    if (reachable) {
        // The stream is back: what it sends now is current.
        const qint64 now = m_clock.nowMs();
        for (auto &v : m_views)
            v.serverSeenMs = now;
    }
    m_verdictSettings.serverMaxAgeMs = reachable ? 0 : kServerMaxAgeWhileDisconnectedMs;
    reevaluate();
}

void ClusterMonitor::setServerSnapshot(const QList<Worker> &workers)
{
    QSet<qint64> seen;
    seen.reserve(workers.size());
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

void ClusterMonitor::noteAddress(Evidence &evidence, const Worker &worker, qint64 nowMs)
{
    evidence.addresses.append(AddressRecord{nowMs, worker.ip, worker.advertiseAddress.value_or(QString())});
    if (evidence.addresses.size() > kAddressHistoryMax)
        evidence.addresses.removeFirst();
}

void ClusterMonitor::upsertServerWorker(const Worker &worker)
{
    const qint64 now = m_clock.nowMs();
    auto it = m_views.find(worker.id);
    if (it == m_views.end()) {
        WorkerView v;
        v.server = worker;
        v.serverSeenMs = now;
        v.verdictSinceMs = now;
        it = m_views.insert(worker.id, v);
        m_sortedIdsValid = false;
        m_added.insert(worker.id);
        m_removed.removeAll(worker.id);
    } else if (it->server == worker) {
        // The same row again (a watch stream's replay of what was just listed, a poll):
        // fresh, but nothing to recompute or publish.
        it->serverSeenMs = now;
        if (m_history)
            m_history->recordHeartbeat(WorkerKey{m_historyKey, worker.id}, worker);
        return;
    } else {
        it->server = worker;
        it->serverSeenMs = now;
    }
    Evidence &ev = m_evidence[worker.id];
    ev.serverHeartbeat = worker.heartbeatTime;
    placeHeartbeat(*it, ev);
    if (m_history)
        m_history->recordHeartbeat(WorkerKey{m_historyKey, worker.id}, it->server);
    recompute(*it);
    touch(worker.id);
}

void ClusterMonitor::removeServerWorker(qint64 workerId)
{
    if (!m_views.remove(workerId))
        return;
    m_sortedIdsValid = false;
    m_evidence.remove(workerId);
    m_flaps.forget(workerId);
    m_transitions.forget(workerId);
    m_added.remove(workerId);
    m_changed.remove(workerId);
    m_removed.append(workerId);
    if (m_history)
        m_history->forgetWorker(WorkerKey{m_historyKey, workerId});  // its stored rows stay
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void ClusterMonitor::addProbeResult(const ProbeResult &result)
{
    auto it = m_views.find(result.workerId);
    if (it == m_views.end())
        return;
    // A hostname probe is a second route, not the address GPUStack probes: it is evidence
    // (the history keeps it) but the view shows the registered route.
    const bool registeredRoute =
        result.host.compare(it->server.probeHost(), Qt::CaseInsensitive) == 0 || it->server.probeHost().isEmpty();
    if (m_history)
        m_history->recordProbe(WorkerKey{m_historyKey, result.workerId}, result);
    if (!registeredRoute)
        return;
    it->lastProbe = result;
    Evidence &ev = m_evidence[result.workerId];
    if (result.firstError() != ProbeError::Skipped) {
        ++ev.probes;
        if (result.healthy()) {
            ev.latencyMs.append(double(result.totalUs) / 1000.0);
            if (ev.latencyMs.size() > kLatencySamplesMax)
                ev.latencyMs.removeFirst();
        } else if (result.http.attempted && result.http.ok == false && result.http.error == ProbeError::TimedOut) {
            ++ev.lost;
        } else if (!result.tcpOpen()) {
            ++ev.lost;
        }
        const std::optional<LocalState> judged = result.localState;
        if (judged && (*judged == LocalState::Up || *judged == LocalState::Down)
            && result.healthy() == (*judged == LocalState::Up))
            ev.confirmedProbe = result;
        if (result.serverDate.isValid())
            ev.skewMs = result.serverDate.toMSecsSinceEpoch() - (result.startedMs + result.firstByteUs / 1000);
    }
    recompute(*it);
    touch(result.workerId);
}

void ClusterMonitor::setLocalState(qint64 workerId, LocalState state)
{
    auto it = m_views.find(workerId);
    if (it == m_views.end() || it->local == state)
        return;
    it->local = state;
    recompute(*it);
    touch(workerId);
}

void ClusterMonitor::setLocalNetworkSuspect(bool suspect)
{
    if (suspect == m_localNetworkSuspect)
        return;
    m_localNetworkSuspect = suspect;
    reevaluate();
}

void ClusterMonitor::setWizardFindings(qint64 workerId, const WizardFindings &findings)
{
    auto it = m_views.find(workerId);
    if (it == m_views.end())
        return;
    m_evidence[workerId].findings = findings.isEmpty() ? nullptr : std::make_shared<const WizardFindings>(findings);
    recompute(*it);
    touch(workerId);
}

void ClusterMonitor::reevaluate()
{
    for (auto it = m_views.begin(); it != m_views.end(); ++it) {
        if (const auto ev = m_evidence.constFind(it.key()); ev != m_evidence.cend() && ev->diagnosisDue) {
            // Changed since the last batch and in the next one already: its causes are worked
            // out once, there (a whole cluster just listed is one classifier run per worker).
            recompute(*it, Diagnose::Later);
            touch(it.key());
            continue;
        }
        const Verdict before = it->verdict;
        const bool flappingBefore = it->flapping;
        // Whole causes, not their number: one cause replaced by another, a confidence or an
        // evidence sentence that moved (a heartbeat age) is what the table and the detail show.
        // The list is implicitly shared, so keeping it costs nothing.
        const QList<Cause> causesBefore = it->causes;
        recompute(*it, Diagnose::Now);
        if (it->verdict != before || it->flapping != flappingBefore || it->causes != causesBefore)
            touch(it.key());
    }
}

void ClusterMonitor::recompute(WorkerView &view, Diagnose when)
{
    const qint64 now = m_clock.nowMs();
    VerdictInput input =
        verdictInputFor(&view.server, view.serverSeenMs, view.local, view.lastProbe ? &*view.lastProbe : nullptr, now);
    if (m_localNetworkSuspect && input.local != LocalState::Up)
        input.local = LocalState::UnknownLocalNetwork;
    const VerdictDecision decision = decideVerdict(input, m_verdictSettings);
    Evidence &ev = m_evidence[view.id()];
    const bool forLocalNetwork = decision.reason == VerdictReason::LocalNetworkSuspect;
    // Into and out of "unknown" because our own network is the suspect says nothing about the
    // worker: not a change the flap detector counts.
    const bool localNetworkFlip = forLocalNetwork || ev.unknownForLocalNetwork;
    ev.unknownForLocalNetwork = forLocalNetwork;
    const Verdict before = view.verdict;
    view.verdict = decision.verdict;
    // The one detection of what changed: server state, maintenance, address, your view, verdict.
    const QList<HistoryEvent> transitions =
        m_transitions.observe(view.id(), WorkerFacts::of(view.server, view.verdict, view.local), now);
    bool verdictMoved = false;
    bool addressMoved = false;
    for (const HistoryEvent &t : transitions) {
        verdictMoved = verdictMoved || t.kind == HistoryEventKind::Verdict;
        // The diagnosis reads the route GPUStack probes: ip and advertise_address.
        addressMoved = addressMoved
            || (t.kind == HistoryEventKind::Address && (t.field == u"ip"_s || t.field == u"advertise_address"_s));
    }
    if (addressMoved)
        noteAddress(ev, view.server, now);
    if (verdictMoved) {
        view.verdictSinceMs = now;
        view.flapping = localNetworkFlip ? m_flaps.isFlapping(view.id(), now) : m_flaps.recordChange(view.id(), now);
    } else {
        view.flapping = m_flaps.isFlapping(view.id(), now);
    }
    if (m_history)
        m_history->recordTransitions(WorkerKey{m_historyKey, view.id()}, transitions);
    // The causes are those of this moment, worked out when first read or published: a probe
    // arrives with its local state (two updates) after the server's row, and at 10,000
    // workers running the classifier for each update was most of the monitor's cost.
    ev.diagnosedAtMs = now;
    if (when == Diagnose::Now) {
        diagnoseView(view, ev);
    } else if (!ev.diagnosisDue) {
        ev.diagnosisDue = true;
        m_diagnosisDue.append(view.id());
    }
    if (!transitions.isEmpty())
        Q_EMIT transitionsDetected(view.id(), transitions);
    if (verdictMoved)
        Q_EMIT verdictChanged(VerdictTransition{view.id(), view.server.name, before, view.verdict, now});
}

void ClusterMonitor::diagnoseView(WorkerView &view, Evidence &ev)
{
    ev.diagnosisDue = false;
    ++m_diagnosisRuns;
    // A plainly healthy worker (most of a cluster) has no causes: rankedCauses() of its input
    // would say so without the classifier, and building that input is the cost left. Not while
    // our own probe is unconfirmed (local Down): then the confirmed probe is the one to read.
    const HealthFacts facts{view.verdict, view.flapping, view.lastProbe ? &*view.lastProbe : nullptr,
        ev.addresses.size(), ev.skewMs, lossRate(ev), !ev.findings, m_serverClockOffsetMs};
    if (view.local != LocalState::Down && plainlyHealthy(facts)) {
        view.causes.clear();
        return;
    }
    view.causes = rankedCauses(inputFor(view, ev, ev.diagnosedAtMs));
}

void ClusterMonitor::settle(qint64 workerId) const
{
    const auto ev = m_evidence.constFind(workerId);
    if (ev == m_evidence.cend() || !ev->diagnosisDue)
        return;
    // Reading a view is not a change of it: the causes it shows are the ones its inputs had
    // at their last change (diagnosedAtMs), whenever they are worked out.
    auto *self = const_cast<ClusterMonitor *>(this);
    const auto view = self->m_views.find(workerId);
    if (view != self->m_views.end())
        self->diagnoseView(*view, self->m_evidence[workerId]);
}

void ClusterMonitor::settleAll() const
{
    const QList<qint64> due = std::exchange(m_diagnosisDue, {});
    for (qint64 id : due)
        settle(id);
}

double ClusterMonitor::lossRate(const Evidence &ev)
{
    return ev.probes > 0 ? double(ev.lost) / double(ev.probes) : 0.0;
}

DiagnosisInput ClusterMonitor::inputFor(const WorkerView &view, const Evidence &ev, qint64 nowMs) const
{
    DiagnosisInput in;
    in.worker = view.server;
    in.probe = view.lastProbe;
    in.confirmedProbe = ev.confirmedProbe;
    in.local = view.local;
    in.verdict = view.verdict;
    in.flapping = view.flapping;
    in.nowMs = nowMs;
    in.addressHistory = ev.addresses;
    in.latencyMs = ev.latencyMs;
    in.lossRate = lossRate(ev);
    in.clockSkewMs = ev.skewMs;
    in.serverClockOffsetMs = m_serverClockOffsetMs;
    in.clusterSize = m_clusterSize;
    in.serverVersion = m_serverVersion;
    in.serverUrl = m_serverUrl;
    in.allProbesFailSame = m_localNetworkSuspect;
    if (ev.findings)
        in.findings = *ev.findings;
    return in;
}

std::optional<DiagnosisInput> ClusterMonitor::diagnosisInput(qint64 workerId) const
{
    settle(workerId);
    const auto it = m_views.constFind(workerId);
    if (it == m_views.cend())
        return std::nullopt;
    const Evidence ev = m_evidence.value(workerId);
    return inputFor(*it, ev, ev.diagnosedAtMs > 0 ? ev.diagnosedAtMs : m_clock.nowMs());
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
    settleAll();  // a published batch reads current causes
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

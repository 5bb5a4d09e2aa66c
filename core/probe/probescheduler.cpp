#include "probescheduler.h"

#include "base/logging.h"
#include "gpustack/worker.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace parallax {

ProbeScheduler::ProbeScheduler(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_engine(clock)
    , m_rng(QRandomGenerator::securelySeeded())
{
    m_settings = m_settings.normalized();
    m_engine.setSettings(m_settings);
    m_watch.setSettings(
        {m_settings.localNetworkWindowMs, m_settings.localNetworkMinTargets, m_settings.localNetworkFailFraction});
    m_timer.setObjectName(QStringLiteral("probe scheduler"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProbeScheduler::runDue);
    connect(&m_engine, &ProbeEngine::finished, this, &ProbeScheduler::onFinished);
}

ProbeScheduler::~ProbeScheduler()
{
    m_engine.abortAll();
}

void ProbeScheduler::setSettings(const ProbeSettings &settings)
{
    const ProbeSettings next = settings.normalized();
    const int oldInterval = m_settings.intervalMs;
    m_settings = next;
    m_engine.setSettings(next);
    m_watch.setSettings({next.localNetworkWindowMs, next.localNetworkMinTargets, next.localNetworkFailFraction});
    if (next.intervalMs < oldInterval) {
        // Nobody should wait a whole old interval for the new one; spread the pulled-in probes.
        const qint64 now = m_clock.nowMs();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (!it->inFlight && it->dueMs > now + next.intervalMs)
                schedule(it.key(), *it, now + spreadOffset(next.intervalMs));
        }
    }
    runDue();
}

qint64 ProbeScheduler::spreadOffset(qint64 span)
{
    return span <= 0 ? 0 : qint64(m_rng.bounded(quint64(span)));
}

void ProbeScheduler::setTargets(const QList<ProbeTarget> &targets)
{
    QSet<qint64> keep;
    keep.reserve(targets.size());
    for (const ProbeTarget &t : targets) {
        keep.insert(t.workerId);
        upsertTarget(t);
    }
    const QList<qint64> ids = m_entries.keys();
    for (qint64 id : ids) {
        if (!keep.contains(id))
            removeTarget(id);
    }
}

void ProbeScheduler::upsertWorker(const Worker &worker)
{
    upsertTarget(probeTargetFor(worker));
}

void ProbeScheduler::upsertTarget(const ProbeTarget &target)
{
    if (!target.isValid()) {
        removeTarget(target.workerId);  // nothing to probe (no address or port yet)
        return;
    }
    const qint64 now = m_clock.nowMs();
    auto it = m_entries.find(target.workerId);
    if (it == m_entries.end()) {
        Entry e;
        e.target = target;
        e.targetSince = m_lastTicket;  // a probe still in flight for a removed entry is not this one's
        it = m_entries.insert(target.workerId, e);
        schedule(target.workerId, *it, now);
        armTimer();
        return;
    }
    if (it->target == target)
        return;
    const bool addressChanged = it->target.host != target.host || it->target.port != target.port;
    it->target = target;
    if (addressChanged) {
        it->targetSince = m_lastTicket;
        // A new registered address is a new question: forget the evidence about the old one.
        it->failures = 0;
        it->successes = 0;
        it->judged = false;
        it->hostnameChecked = false;
        setState(target.workerId, *it, LocalState::Unknown);
        if (!it->inFlight)  // else the answer about the old address reschedules it (onFinished)
            schedule(target.workerId, *it, now);
        armTimer();
    }
}

void ProbeScheduler::removeTarget(qint64 workerId)
{
    auto it = m_entries.find(workerId);
    if (it == m_entries.end())
        return;
    unschedule(workerId, *it);
    m_entries.erase(it);
}

void ProbeScheduler::start()
{
    if (m_running)
        return;
    m_running = true;
    runDue();
}

void ProbeScheduler::stop()
{
    m_running = false;
    m_timer.stop();
    m_engine.abortAll();
    const qint64 now = m_clock.nowMs();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->inFlight) {
            it->inFlight = false;
            schedule(it.key(), *it, now);
        }
    }
}

void ProbeScheduler::probeNow(qint64 workerId)
{
    auto it = m_entries.find(workerId);
    if (it == m_entries.end() || it->inFlight)
        return;
    schedule(workerId, *it, m_clock.nowMs());
    runDue();
}

LocalState ProbeScheduler::localState(qint64 workerId) const
{
    const auto it = m_entries.constFind(workerId);
    return it == m_entries.cend() ? LocalState::Unknown : it->state;
}

std::optional<qint64> ProbeScheduler::nextDueMs(qint64 workerId) const
{
    const auto it = m_entries.constFind(workerId);
    if (it == m_entries.cend() || it->inFlight)
        return std::nullopt;
    return it->dueMs;
}

void ProbeScheduler::schedule(qint64 workerId, Entry &entry, qint64 dueMs)
{
    unschedule(workerId, entry);
    entry.dueMs = dueMs;
    m_due.emplace(dueMs, workerId);
}

void ProbeScheduler::unschedule(qint64 workerId, const Entry &entry)
{
    m_due.erase({entry.dueMs, workerId});
}

void ProbeScheduler::runDue()
{
    if (!m_running || m_inRunDue)
        return;
    m_inRunDue = true;
    const qint64 now = m_clock.nowMs();
    for (int started = 0; started < kStartsPerTurn && !m_due.empty() && m_engine.inFlight() < m_settings.concurrency;
         ++started) {
        const auto [dueMs, id] = *m_due.begin();
        if (dueMs > now)
            break;
        m_due.erase(m_due.begin());
        Entry &e = m_entries[id];
        e.inFlight = true;
        e.ticket = ++m_lastTicket;
        ProbeEngine::Options options;
        options.ticket = e.ticket;
        if (m_settings.probeHostname && !e.target.hostname.isEmpty() && hostnameLookupAllowed(e.target.hostname)
            && (!e.hostnameChecked || now - e.lastHostnameCheckMs >= m_settings.hostnameRecheckMs)) {
            options.lookupHostname = true;
            e.hostnameChecked = true;
            e.lastHostnameCheckMs = now;
        }
        ++m_stats.started;
        m_engine.probe(e.target, options);
        m_stats.maxInFlight = std::max(m_stats.maxInFlight, m_engine.inFlight());
    }
    m_inRunDue = false;
    armTimer();
}

bool ProbeScheduler::hostnameLookupAllowed(const QString &hostname) const
{
    // A restricted run (the demo, the tests: allowedNetworks set) does not ask the system
    // resolver about simulated names like "node-00001"; an address literal needs no resolver.
    return m_settings.allowedNetworks.isEmpty() || !QHostAddress(hostname).isNull();
}

void ProbeScheduler::armTimer()
{
    if (!m_running)
        return;
    if (m_due.empty() || m_engine.inFlight() >= m_settings.concurrency) {
        m_timer.stop();  // a finishing probe calls runDue()
        return;
    }
    const qint64 wait = std::clamp<qint64>(m_due.begin()->first - m_clock.nowMs(), 0, m_settings.intervalMs);
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

qint64 ProbeScheduler::nextInterval(const Entry &entry)
{
    qint64 base = m_settings.intervalMs;
    if (entry.state != LocalState::Up || entry.failures > 0)
        base = std::max<qint64>(1, base / m_settings.troubleDivisor);  // look closer at trouble
    const double j = m_settings.jitter;
    if (j <= 0)
        return base;
    const double factor = 1.0 + (m_rng.generateDouble() * 2.0 - 1.0) * j;
    return std::max<qint64>(1, qint64(std::llround(double(base) * factor)));
}

LocalState ProbeScheduler::judge(const Entry &e) const
{
    // While our own network is the suspect, a failure here says nothing about the worker, and
    // the last success is no longer what we see: unknown, not a stale "reachable from here".
    if (e.failures > 0 && m_watch.suspect())
        return LocalState::UnknownLocalNetwork;
    if (e.successes >= m_settings.successThreshold)
        return LocalState::Up;
    if (e.failures >= m_settings.failureThreshold) {
        if (m_watch.suspect())
            return LocalState::UnknownLocalNetwork;
        // The first seconds of an outage of our own network look like every worker failing one
        // by one: calling each Down (and its cause firewall_drop) before the watch can see the
        // burst is what the table then has to take back. Wait for the watch.
        if (e.state != LocalState::Down && m_watch.undecided(e.failingSinceMs))
            return e.state;
        return LocalState::Down;
    }
    return e.state;  // not enough evidence to change our mind
}

void ProbeScheduler::setState(qint64 workerId, Entry &entry, LocalState state)
{
    if (entry.state == state)
        return;
    entry.state = state;
    qCDebug(lcProbe) << "worker" << workerId << "local state" << localStateId(state);
    Q_EMIT localStateChanged(workerId, state);
}

void ProbeScheduler::applySuspicion(bool suspect)
{
    qCInfo(lcProbe) << (suspect ? "every probe fails the same way: the local network is the suspect"
                                : "probes succeed again: the local network is no longer the suspect");
    m_held.clear();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const bool heldDown = it->state != LocalState::UnknownLocalNetwork && it->failures > 0;
        if (suspect && (it->state == LocalState::Down || heldDown))
            setState(it.key(), *it, LocalState::UnknownLocalNetwork);
        else if (!suspect && it->state == LocalState::UnknownLocalNetwork) {
            // Failures seen while our own network was down say nothing about the worker: it is
            // judged afresh (calling every worker not probed since Down was the end-of-outage
            // twin of the onset's false alarm).
            it->failures = 0;
            setState(
                it.key(), *it, it->successes >= m_settings.successThreshold ? LocalState::Up : LocalState::Unknown);
        }
    }
    Q_EMIT localNetworkSuspectChanged(suspect);
}

void ProbeScheduler::judgeHeld()
{
    const QSet<qint64> held = std::exchange(m_held, {});
    for (qint64 id : held) {
        const auto it = m_entries.find(id);
        if (it == m_entries.end())
            continue;
        setState(id, *it, judge(*it));
        if (it->state != LocalState::Down && it->failures >= m_settings.failureThreshold && !m_watch.suspect())
            m_held.insert(id);
    }
}

void ProbeScheduler::onFinished(const ProbeResult &finished)
{
    ProbeResult result = finished;
    const auto it = m_entries.find(result.workerId);
    if (it == m_entries.end()) {
        armTimer();  // removed while in flight: its slot is free (the next turn starts the next probes)
        return;
    }
    Entry &e = *it;
    // Only a probe started after the entry's target was set answers for it. A worker removed
    // and listed again, or given another address, while a probe was in flight gets the old
    // probe's answer here: about the old address, and from before the evidence started over.
    const bool forTarget = result.ticket > e.targetSince;
    if (result.viaHostname) {
        // The hostname route is evidence for the diagnosis, not for the worker's state: GPUStack
        // itself probes the registered address only.
        if (forTarget)
            Q_EMIT probeFinished(result);
        armTimer();
        return;
    }
    if (!e.inFlight || result.ticket != e.ticket) {
        armTimer();  // a probe of an entry since removed: this one is due or in flight on its own
        return;
    }
    e.inFlight = false;
    const qint64 now = m_clock.nowMs();
    if (!forTarget) {
        schedule(result.workerId, e, now);  // the address changed meanwhile: ask about the new one
        armTimer();
        return;
    }
    ++m_stats.finished;
    const ProbeError error = result.firstError();
    if (error == ProbeError::Skipped) {
        ++m_stats.skipped;
        e.failures = 0;
        e.successes = 0;
        setState(result.workerId, e, LocalState::Unknown);
        schedule(result.workerId, e, now + m_settings.intervalMs);
    } else {
        const bool ok = result.healthy();
        if (ok) {
            ++e.successes;
            e.failures = 0;
        } else {
            ++m_stats.failed;
            if (e.failures++ == 0)
                e.failingSinceMs = result.startedMs;
            e.successes = 0;
        }
        const bool wasSuspect = m_watch.suspect();
        const bool suspect = m_watch.record(result.workerId, now, ok, ok ? ProbeError::None : error, result.startedMs);
        if (suspect != wasSuspect)
            applySuspicion(suspect);
        setState(result.workerId, e, judge(e));
        if (e.state != LocalState::Down && e.failures >= m_settings.failureThreshold && !m_watch.suspect())
            m_held.insert(result.workerId);
        else
            m_held.remove(result.workerId);
        if (ok && !m_held.isEmpty())
            judgeHeld();  // a success since their failures began: our network works, theirs not
        qint64 next = now + nextInterval(e);
        if (e.state == LocalState::Unknown) {
            next = now + std::min<qint64>(m_settings.confirmDelayMs, m_settings.intervalMs);  // not decided yet
        } else if (!e.judged) {
            e.judged = true;  // the first verdict: from here on, rounds are spread over the interval
            if (m_settings.spreadRounds)
                next = now + spreadOffset(m_settings.intervalMs);
        }
        schedule(result.workerId, e, next);
    }
    result.localState = e.state;
    Q_EMIT probeFinished(result);
    armTimer();  // the freed slot is filled on the next turn, a few probes at a time (kStartsPerTurn)
}

}  // namespace parallax

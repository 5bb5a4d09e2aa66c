#include "history/workertransitions.h"

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

QString onOff(bool on)
{
    return on ? u"on"_s : u"off"_s;
}

QString portText(const std::optional<int> &port)
{
    return port ? QString::number(*port) : QString();
}

}  // namespace

WorkerFacts WorkerFacts::of(const Worker &server, Verdict verdict, LocalState local)
{
    WorkerFacts f;
    f.state = server.state;
    f.stateText = server.stateText;
    f.stateMessage = server.stateMessage;
    f.maintenance = server.maintenanceEnabled.value_or(false);
    f.maintenanceMessage = server.maintenanceMessage;
    f.ip = server.ip;
    f.advertiseAddress = server.advertiseAddress.value_or(QString());
    f.hostname = server.hostname;
    f.port = server.port;
    f.verdict = verdict;
    f.local = local;
    return f;
}

QString WorkerFacts::serverStateId() const
{
    return state == WorkerState::Other && !stateText.isEmpty() ? stateText : workerStateId(state);
}

QList<HistoryEvent> WorkerTransitions::between(
    const std::optional<WorkerFacts> &before, const WorkerFacts &after, qint64 atMs)
{
    QList<HistoryEvent> out;
    const auto add = [&](HistoryEventKind kind, const QString &field, const QString &from, const QString &to,
                         const QString &message) {
        out.append({atMs, kind, field, from, to, message});
    };
    // The server's facts: from unknown on first sighting, else when the value moved.
    const auto server = [&](HistoryEventKind kind, const QString &field, const QString &was, const QString &now,
                            const QString &message) {
        if (!before)
            add(kind, field, {}, now, message);
        else if (was != now)
            add(kind, field, was, now, message);
    };
    const WorkerFacts start;  // what a first sighting compares the verdict and your view with
    const WorkerFacts &b = before ? *before : start;
    server(HistoryEventKind::ServerState, {}, b.serverStateId(), after.serverStateId(), after.stateMessage);
    server(HistoryEventKind::Maintenance, {}, onOff(b.maintenance), onOff(after.maintenance), after.maintenanceMessage);
    // What the server probes is advertise_address, else ip, with port
    // (gpustack/server/worker_request.py _build_url): a change of any of them moves the target.
    server(HistoryEventKind::Address, u"ip"_s, b.ip, after.ip, {});
    server(HistoryEventKind::Address, u"advertise_address"_s, b.advertiseAddress, after.advertiseAddress, {});
    server(HistoryEventKind::Address, u"hostname"_s, b.hostname, after.hostname, {});
    server(HistoryEventKind::Address, u"port"_s, portText(b.port), portText(after.port), {});
    if (b.local != after.local)
        add(HistoryEventKind::LocalState, {}, localStateId(b.local), localStateId(after.local), {});
    if (b.verdict != after.verdict)
        add(HistoryEventKind::Verdict, {}, verdictId(b.verdict), verdictId(after.verdict), {});
    return out;
}

std::optional<HistoryEvent> WorkerTransitions::resumeStored(
    const HistoryEvent &transition, const std::optional<QString> &storedTo)
{
    if (!storedTo)
        return transition;
    if (*storedTo == transition.to)
        return std::nullopt;
    HistoryEvent resumed = transition;
    if (resumed.from.isEmpty())
        resumed.from = *storedTo;
    return resumed;
}

bool WorkerTransitions::marksTimeline(const HistoryEvent &transition)
{
    if (transition.kind != HistoryEventKind::Address && transition.kind != HistoryEventKind::Maintenance)
        return false;
    const bool firstSight =
        transition.from.isEmpty() && (transition.kind == HistoryEventKind::Address || transition.to == u"off"_s);
    return !firstSight;
}

QList<HistoryEvent> WorkerTransitions::observe(qint64 workerId, const WorkerFacts &facts, qint64 atMs)
{
    auto it = m_last.find(workerId);
    if (it == m_last.end()) {
        m_last.insert(workerId, facts);
        return between(std::nullopt, facts, atMs);
    }
    // Most observations (a probe, a heartbeat) move nothing: no text is built for those.
    const WorkerFacts &b = *it;
    const bool same = b.state == facts.state && b.stateText == facts.stateText && b.maintenance == facts.maintenance
        && b.ip == facts.ip && b.advertiseAddress == facts.advertiseAddress && b.hostname == facts.hostname
        && b.port == facts.port && b.local == facts.local && b.verdict == facts.verdict;
    QList<HistoryEvent> out = same ? QList<HistoryEvent>() : between(b, facts, atMs);
    *it = facts;
    return out;
}

}  // namespace parallax

#include "reportassembler.h"

#include "base/clock.h"
#include "diagnosis/wizardsession.h"
#include "monitor/clustersession.h"

#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

bool wanted(const WorkerView &v, const ReportRequest &request)
{
    switch (request.scope) {
    case ReportRequest::Scope::All: return true;
    case ReportRequest::Scope::InTrouble: return isTrouble(v.verdict) || v.flapping;
    case ReportRequest::Scope::One: return v.id() == request.workerId;
    }
    return true;
}

// How far back a report's history reads when the request names no range: a day, the longest
// availability window it shows.
constexpr qint64 kDefaultHistoryMs = 24 * 3600'000LL;

}  // namespace

ReportServer reportServer(const ClusterSession &session)
{
    ReportServer server;
    server.url = session.config().endpoint.url;
    server.version = session.serverInfo().version;
    server.reachable = session.status() == ClusterSession::Status::Connected;
    if (session.lastError().code != ErrorCode::None)
        server.error = session.lastError();
    return server;
}

QVariantMap reportSessionSettings(const ClusterSession &session)
{
    const SessionConfig &config = session.config();
    QVariantMap m;
    m.insert(u"server"_s, config.endpoint.url.adjusted(QUrl::RemoveUserInfo).toString());
    m.insert(u"auth_mode"_s, authModeId(config.endpoint.authMode));
    m.insert(u"probe_interval_ms"_s, config.probe.intervalMs);
    m.insert(u"probe_timeout_ms"_s, config.probe.timeoutMs);
    m.insert(u"probe_thresholds"_s, config.probe.failureThreshold);
    return m;
}

Redactor reportRedactor(const ClusterSession &session, bool pseudonymizeHosts)
{
    Redactor redactor;
    redactor.addSecret(session.config().endpoint.secret);
    redactor.setPseudonymizeHosts(pseudonymizeHosts);
    return redactor;
}

QList<WizardFinding> wizardFindings(const WizardSession &session)
{
    QList<WizardFinding> out;
    for (const StepResult &r : session.results)
        out.append({wizardStepKey(r.id), stepOutcomeId(r.outcome), r.explanation});
    return out;
}

void assembleReport(const ClusterSession &session, ReportRequest request, ReportHistorySource *history,
    const Clock &clock, QObject *context, std::function<void(ReportInput)> done)
{
    assembleReport(session.monitor().views(), reportServer(session), reportSessionSettings(session), std::move(request),
        history, clock, context, std::move(done));
}

void assembleReport(QList<WorkerView> views, ReportServer server, const QVariantMap &sessionSettings,
    ReportRequest request, ReportHistorySource *history, const Clock &clock, QObject *context,
    std::function<void(ReportInput)> done)
{
    if (request.scope != ReportRequest::Scope::All)
        views.removeIf([&request](const WorkerView &v) { return !wanted(v, request); });
    // Moved, not copied: a check of 10,000 workers builds its report from these.
    ReportInput input = reportInputFromViews(std::move(views), server, clock);
    input.rangeFromMs = request.rangeFromMs;
    input.clusterId = request.clusterId;
    input.settings = std::move(request.settings);
    for (auto it = sessionSettings.cbegin(); it != sessionSettings.cend(); ++it)
        input.settings.insert(it.key(), it.value());
    for (ReportWorker &w : input.workers)
        w.wizard = request.wizard.value(w.view.id());
    if (!history || input.workers.isEmpty()) {
        done(std::move(input));
        return;
    }

    ReportHistoryAsk ask;
    ask.toMs = input.generatedAtMs + 1;
    ask.fromMs = input.rangeFromMs > 0 ? input.rangeFromMs : input.generatedAtMs - kDefaultHistoryMs;
    ask.workers.reserve(input.workers.size());
    for (const ReportWorker &w : input.workers) {
        ask.workers.append(w.view.id());
        if (inTrouble(w))
            ask.timelines.append(w.view.id());
    }
    auto pending = std::make_shared<ReportInput>(std::move(input));
    history->gather(ask, context, [pending, done = std::move(done)](ReportHistory gathered) {
        ReportInput &in = *pending;
        for (ReportWorker &w : in.workers) {
            const auto it = gathered.workers.find(w.view.id());
            if (it != gathered.workers.end())
                w.history = std::move(*it);
        }
        in.clusterAvailability = std::move(gathered.cluster);
        done(std::move(in));
    });
}

}  // namespace parallax

#include "reportinput.h"

#include "base/buildinfo.h"
#include "base/clock.h"

#include <QLibraryInfo>
#include <QSysInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

QString viewStateId(ViewState state)
{
    switch (state) {
    case ViewState::Unknown: return u"unknown"_s;
    case ViewState::Up: return u"up"_s;
    case ViewState::Down: return u"down"_s;
    }
    return u"unknown"_s;
}

ViewState serverViewState(WorkerState state)
{
    switch (state) {
    case WorkerState::Ready: return ViewState::Up;
    case WorkerState::Unreachable:
    case WorkerState::NotReady:
    case WorkerState::Error: return ViewState::Down;
    default: return ViewState::Unknown;
    }
}

QList<TimelinePoint> compactTimeline(const QList<TimelinePoint> &timeline, qint64 sampleMs)
{
    QList<TimelinePoint> out;
    for (const TimelinePoint &p : timeline) {
        if (out.isEmpty() || p.server != out.constLast().server || p.local != out.constLast().local
            || p.atMs - out.constLast().atMs >= sampleMs)
            out.append(p);
    }
    return out;
}

ReportEnvironment currentEnvironment()
{
    ReportEnvironment env;
    env.generatorVersion = buildinfo::versionLine();
    env.qtVersion = QString::fromLatin1(qVersion());
    env.os = QSysInfo::prettyProductName();
    env.vantageHost = QSysInfo::machineHostName();
    return env;
}

ReportInput reportInputFromViews(QList<WorkerView> views, const ReportServer &server, const Clock &clock)
{
    ReportInput input;
    input.generatedAtMs = clock.nowMs();
    input.environment = currentEnvironment();
    input.server = server;
    input.workers.reserve(views.size());
    for (WorkerView &v : views)
        input.workers.append(ReportWorker{std::move(v), std::nullopt, {}});
    views = {};
    std::sort(input.workers.begin(), input.workers.end(),
        [](const ReportWorker &a, const ReportWorker &b) { return a.view.id() < b.view.id(); });
    return input;
}

ReportSummary summarize(const ReportInput &input)
{
    ReportSummary s;
    s.workers = int(input.workers.size());
    for (Verdict v :
        {Verdict::AgreeUp, Verdict::AgreeDown, Verdict::SplitServerDown, Verdict::SplitLocalDown, Verdict::Unknown})
        s.byVerdict.insert(v, 0);
    for (const ReportWorker &w : input.workers) {
        ++s.byVerdict[w.view.verdict];
        if (!w.view.causes.isEmpty())
            ++s.byCause[w.view.causes.constFirst().id];
    }
    return s;
}

QList<Verdict> reportVerdictOrder()
{
    return {Verdict::AgreeUp, Verdict::SplitServerDown, Verdict::SplitLocalDown, Verdict::AgreeDown, Verdict::Unknown};
}

bool inTrouble(const ReportWorker &worker)
{
    return isTrouble(worker.view.verdict) || worker.view.flapping;
}

}  // namespace parallax

#include "storedreporthistory.h"

#include "base/logging.h"
#include "history/historystore.h"

#include <algorithm>
#include <memory>

namespace parallax {

namespace {

ViewState serverViewAt(const QList<HistoryInterval> &bands, qint64 atMs)
{
    for (const HistoryInterval &i : bands) {
        if (atMs >= i.fromMs && atMs < i.toMs)
            return serverViewState(workerStateFromString(i.value));
    }
    return ViewState::Unknown;
}

ViewState localViewAt(const QList<HistoryInterval> &bands, qint64 atMs)
{
    for (const HistoryInterval &i : bands) {
        if (atMs >= i.fromMs && atMs < i.toMs) {
            if (i.value == localStateId(LocalState::Up))
                return ViewState::Up;
            return i.value == localStateId(LocalState::Down) ? ViewState::Down : ViewState::Unknown;
        }
    }
    return ViewState::Unknown;
}

// The cluster chart's grain: a minute (the rollups'), coarser when the range is long.
qint64 clusterStepMs(qint64 fromMs, qint64 toMs)
{
    return std::max<qint64>(60'000, (toMs - fromMs) / 240);
}

}  // namespace

QList<TimelinePoint> reportTimeline(const HistorySeries &series)
{
    QList<qint64> times;
    for (const HistoryBucket &b : series.buckets)
        times.append(b.startMs);
    for (const QList<HistoryInterval> *bands : {&series.serverStates, &series.localStates}) {
        for (const HistoryInterval &i : *bands)
            times.append(i.fromMs);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    QList<TimelinePoint> out;
    qsizetype b = 0;
    for (qint64 t : times) {
        TimelinePoint p;
        p.atMs = t;
        p.server = serverViewAt(series.serverStates, t);
        p.local = localViewAt(series.localStates, t);
        while (b < series.buckets.size() && series.buckets.at(b).startMs < t)
            ++b;
        if (b < series.buckets.size() && series.buckets.at(b).startMs == t) {
            const HistoryBucket &bucket = series.buckets.at(b);
            if (bucket.latencyAvgUs >= 0)
                p.latencyMs = bucket.latencyAvgUs / 1000.0;
            // Without a recorded local state, the probes of the bucket say it.
            if (p.local == ViewState::Unknown && bucket.probes > 0)
                p.local = bucket.failures * 2 > bucket.probes ? ViewState::Down : ViewState::Up;
        }
        out.append(p);
    }
    return out;
}

StoredReportHistory::StoredReportHistory(HistoryStore &store, QString cluster)
    : m_store(store)
    , m_cluster(std::move(cluster))
{
}

void StoredReportHistory::gather(const ReportHistoryAsk &ask, QObject *context, std::function<void(ReportHistory)> done)
{
    struct Gathering {
        ReportHistory history;
        int waiting = 1;  // held until every query is asked, whenever answers come
        std::function<void(ReportHistory)> done;
    };
    auto g = std::make_shared<Gathering>();
    g->done = std::move(done);
    const auto answered = [g] {
        if (--g->waiting == 0)
            g->done(std::move(g->history));
    };
    const qint64 now = ask.toMs;
    for (qint64 id : ask.workers) {
        g->history.workers.insert(id, WorkerHistory{});
        const WorkerKey key{m_cluster, id};
        for (const bool day : {false, true}) {
            ++g->waiting;
            m_store.queryAvailability(key, now - (day ? 24 : 1) * 3600'000LL, now, context,
                [g, answered, id, day](const Result<HistoryAvailability> &a) {
                    if (a.ok()) {
                        WorkerHistory &h = g->history.workers[id];
                        AvailabilityWindow &w = day ? h.lastDay : h.lastHour;
                        w.server = a->serverReady;
                        w.local = a->probeSuccess;
                    } else {
                        qCWarning(lcReport) << "no stored availability:" << a.error().message;
                    }
                    answered();
                });
        }
    }
    for (qint64 id : ask.timelines) {
        ++g->waiting;
        HistoryQuery q;
        q.key = WorkerKey{m_cluster, id};
        q.fromMs = ask.fromMs;
        q.toMs = now;
        q.maxPoints = 500;
        m_store.querySeries(q, context, [g, answered, id](const Result<HistorySeries> &series) {
            if (series.ok())
                g->history.workers[id].timeline = reportTimeline(series.value());
            else
                qCWarning(lcReport) << "no stored timeline:" << series.error().message;
            answered();
        });
    }
    ++g->waiting;
    m_store.queryClusterAvailability(m_cluster, ask.fromMs, now, clusterStepMs(ask.fromMs, now), context,
        [g, answered](const Result<QList<ClusterAvailabilitySample>> &samples) {
            if (samples.ok()) {
                for (const ClusterAvailabilitySample &s : samples.value()) {
                    if (s.workers > 0)
                        g->history.cluster.append(
                            {s.atMs, double(s.serverReady) / s.workers, double(s.reachable) / s.workers});
                }
            } else {
                qCWarning(lcReport) << "no stored cluster availability:" << samples.error().message;
            }
            answered();
        });
    answered();
}

}  // namespace parallax

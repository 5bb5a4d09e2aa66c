#include "timelinebuilder.h"

#include "models/workerformat.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
class TimelineBuilder {
    Q_DECLARE_TR_FUNCTIONS(TimelineBuilder)
};
const QColor kLatencyColor(0x16, 0x77, 0xff);
const QColor kFailureColor(0xff, 0x4d, 0x4f);
const QColor kHeartbeatColor(0xb0, 0x93, 0x4a, 150);  // context, not the story: lighter
const QColor kLimitColor(0xd4, 0x6b, 0x08);
const QColor kAddressColor(0x72, 0x2e, 0xd1);
const QColor kMaintenanceColor(0xfa, 0x8c, 0x16);
}  // namespace

TimelineData workerTimeline(const HistorySeries &series, qint64 nowMs)
{
    TimelineData d;
    d.endMs = nowMs;
    d.leftTitle = TimelineBuilder::tr("Probe latency (ms)");
    d.rightTitle = TimelineBuilder::tr("Heartbeat age (s)");
    d.leftMaxAtLeast = 50;
    d.rightMaxAtLeast = 60;

    TimelineLine latency{TimelineBuilder::tr("Latency from here"), u"ms"_s, kLatencyColor, {}, false, false};
    TimelineLine failures{TimelineBuilder::tr("Probe failed"), {}, kFailureColor, {}, false, true};
    TimelineLine heartbeat{TimelineBuilder::tr("Heartbeat age"), u"s"_s, kHeartbeatColor, {}, true, false};
    for (const HistoryBucket &b : series.buckets) {
        if (b.latencyMinUs >= 0) {
            if (b.latencyMaxUs > b.latencyMinUs && series.bucketMs > 1) {
                latency.points.append({b.startMs, b.latencyMinUs / 1000.0});
                latency.points.append({b.startMs + series.bucketMs / 2, b.latencyMaxUs / 1000.0});
            } else {
                latency.points.append({b.startMs, b.latencyAvgUs / 1000.0});
            }
        }
        if (b.failures > 0)
            failures.points.append({b.startMs, double(b.failures)});
        if (b.heartbeatAgeMaxMs >= 0)
            heartbeat.points.append({b.startMs, b.heartbeatAgeMaxMs / 1000.0});
    }
    d.lines = {latency, failures, heartbeat};
    d.references.append(
        {kGpuStackHealthLimitMs, TimelineBuilder::tr("GPUStack's health-check limit: 2 s"), kLimitColor});

    for (const HistoryInterval &i : series.serverStates) {
        const WorkerState state = workerStateFromString(i.value);
        QString label = TimelineBuilder::tr("Server says: %1").arg(stateLabel(state, i.value));
        const QString message = plainTextFromServerHtml(i.message);
        if (!message.isEmpty())
            label += u" — "_s + message;
        d.bands.append({i.fromMs, i.toMs, stateColor(state), label});
    }
    for (const HistoryEvent &e : series.annotations) {
        if (e.kind == HistoryEventKind::Address) {
            d.annotations.append({e.atMs,
                TimelineBuilder::tr("Address changed: %1 → %2")
                    .arg(e.from.isEmpty() ? TimelineBuilder::tr("unknown") : e.from, e.to),
                kAddressColor});
        } else if (e.kind == HistoryEventKind::Maintenance) {
            const QString note = plainTextFromServerHtml(e.message);
            const QString text =
                e.to == u"on"_s ? TimelineBuilder::tr("Maintenance on") : TimelineBuilder::tr("Maintenance off");
            d.annotations.append({e.atMs, note.isEmpty() ? text : text + u": "_s + note, kMaintenanceColor});
        }
    }
    return d;
}

TimelineData availabilityTimeline(const QList<HistorySource::AvailabilityPoint> &points, qint64 nowMs)
{
    TimelineData d;
    d.endMs = nowMs;
    // Short words: the overview is a narrow column, and the table's own headings say the rest
    // ("Server says" ready, "You see" it answer).
    d.leftTitle = TimelineBuilder::tr("% up");
    d.leftMaxAtLeast = 100;
    d.leftMaxCap = 100;
    TimelineLine server{
        TimelineBuilder::tr("Server says"), u"%"_s, stateColor(WorkerState::Ready).darker(130), {}, false, false};
    TimelineLine local{TimelineBuilder::tr("You see"), u"%"_s, kLatencyColor, {}, false, false};
    for (const auto &p : points) {
        if (p.workers <= 0)
            continue;
        server.points.append({p.atMs, 100.0 * p.serverReady / p.workers});
        local.points.append({p.atMs, 100.0 * p.reachable / p.workers});
    }
    d.lines = {server, local};
    return d;
}

}  // namespace parallax

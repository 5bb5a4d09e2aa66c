#include "report.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

// The JSON report, parallax.report/1: documented by docs/report-schema.json (keep both in
// step; tests validate every report against the schema). Built with QJsonDocument so every
// string from the server is escaped by the JSON writer, never by hand.
namespace parallax {

namespace {

constexpr char kWorkersKeyPrefix[] = "    \"workers\": ";

// Appends a QJsonDocument's indented text, every line shifted right by `indent` spaces.
void appendIndented(QByteArray &out, const QByteArray &doc, int indent)
{
    qsizetype from = 0;
    while (from < doc.size()) {
        qsizetype to = doc.indexOf('\n', from);
        if (to < 0)
            to = doc.size() - 1;
        out.append(indent, ' ');
        out.append(QByteArrayView(doc).sliced(from, to - from + 1));
        from = to + 1;
    }
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalString(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

double usToMs(qint64 us)
{
    return std::round(double(us) / 1000.0 * 1000.0) / 1000.0;  // µs precision, in ms
}

QJsonValue phaseJson(const ProbePhase &p)
{
    if (!p.attempted)
        return QJsonValue::Null;
    QJsonObject o;
    o.insert(u"ok"_s, p.ok);
    o.insert(u"error"_s, p.ok ? QJsonValue(QJsonValue::Null) : QJsonValue(probeErrorId(p.error)));
    o.insert(u"duration_ms"_s, usToMs(p.durationUs));
    o.insert(u"detail"_s, optionalString(p.detail));
    return o;
}

QJsonValue probeJson(const std::optional<ProbeResult> &probe)
{
    if (!probe)
        return QJsonValue::Null;
    const ProbeResult &p = *probe;
    QJsonObject o;
    o.insert(u"time"_s, isoTime(p.startedMs));
    o.insert(u"host"_s, p.host);
    o.insert(u"port"_s, int(p.port));
    o.insert(u"healthy"_s, p.healthy());
    o.insert(u"error"_s, p.firstError() == ProbeError::None ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(probeErrorId(p.firstError())));
    o.insert(u"dns"_s, phaseJson(p.dns));
    o.insert(u"tcp"_s, phaseJson(p.tcp));
    QJsonValue http = phaseJson(p.http);
    if (http.isObject()) {
        QJsonObject h = http.toObject();
        h.insert(u"status"_s, p.httpStatus > 0 ? QJsonValue(p.httpStatus) : QJsonValue(QJsonValue::Null));
        http = h;
    }
    o.insert(u"http"_s, http);
    o.insert(u"metrics"_s, phaseJson(p.metrics));
    QJsonArray resolved;
    for (const QHostAddress &a : p.resolved)
        resolved.append(a.toString());
    o.insert(u"resolved"_s, resolved);
    QJsonObject timings;
    timings.insert(u"resolve"_s, usToMs(p.resolveUs));
    timings.insert(u"connect"_s, usToMs(p.connectUs));
    timings.insert(u"first_byte"_s, usToMs(p.firstByteUs));
    timings.insert(u"total"_s, usToMs(p.totalUs));
    o.insert(u"timings_ms"_s, timings);
    o.insert(u"server_date"_s, p.serverDate.isValid() ? QJsonValue(p.serverDate.toUTC().toString(Qt::ISODate))
                                                      : QJsonValue(QJsonValue::Null));
    return o;
}

QJsonValue historyJson(const std::optional<WorkerHistory> &history)
{
    if (!history)
        return QJsonValue::Null;
    const auto window = [](const AvailabilityWindow &w) {
        QJsonObject o;
        o.insert(u"server"_s, optionalNumber(w.server));
        o.insert(u"local"_s, optionalNumber(w.local));
        return o;
    };
    QJsonObject availability;
    availability.insert(u"1h"_s, window(history->lastHour));
    availability.insert(u"24h"_s, window(history->lastDay));
    QJsonArray timeline;
    // Every state change exactly, latency sampled hourly: a day of 30 s points for 1,000
    // workers would otherwise make a report of tens of megabytes nobody can attach (the HTML
    // report draws the full-resolution latency).
    for (const TimelinePoint &t : compactTimeline(history->timeline, 3'600'000)) {
        QJsonObject p;
        p.insert(u"time"_s, isoTime(t.atMs));
        p.insert(u"server"_s, viewStateId(t.server));
        p.insert(u"local"_s, viewStateId(t.local));
        p.insert(u"latency_ms"_s, optionalNumber(t.latencyMs));
        timeline.append(p);
    }
    QJsonObject o;
    o.insert(u"availability"_s, availability);
    o.insert(u"timeline"_s, timeline);
    return o;
}

QString serverStateId(const Worker &w)
{
    return w.state == WorkerState::Other ? w.stateText : workerStateId(w.state);
}

QJsonObject workerJson(const ReportWorker &rw, qint64 nowMs)
{
    const WorkerView &v = rw.view;
    const Worker &w = v.server;
    QJsonObject o;
    o.insert(u"id"_s, w.id);
    o.insert(u"name"_s, w.name);
    o.insert(u"hostname"_s, optionalString(w.hostname));
    o.insert(u"cluster_id"_s, w.clusterId ? QJsonValue(*w.clusterId) : QJsonValue(QJsonValue::Null));
    o.insert(u"ip"_s, optionalString(w.ip));
    o.insert(u"advertise_address"_s, w.advertiseAddress ? QJsonValue(*w.advertiseAddress) : QJsonValue(QJsonValue::Null));
    o.insert(u"port"_s, w.port ? QJsonValue(*w.port) : QJsonValue(QJsonValue::Null));
    o.insert(u"worker_version"_s, optionalString(w.workerVersion));
    QJsonObject labels;
    for (auto it = w.labels.cbegin(); it != w.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    o.insert(u"labels"_s, labels);
    o.insert(u"server_state"_s, serverStateId(w));
    o.insert(u"server_message"_s, optionalString(w.stateMessage));
    const auto age = w.heartbeatAgeMs(nowMs);
    o.insert(u"heartbeat_age_s"_s, age ? QJsonValue(double(*age) / 1000.0) : QJsonValue(QJsonValue::Null));
    o.insert(u"maintenance"_s, w.maintenanceEnabled.value_or(false));
    o.insert(u"local_state"_s, localStateId(v.local));
    o.insert(u"probe"_s, probeJson(v.lastProbe));
    o.insert(u"verdict"_s, verdictId(v.verdict));
    o.insert(u"verdict_since"_s, v.verdictSinceMs > 0 ? QJsonValue(isoTime(v.verdictSinceMs)) : QJsonValue(QJsonValue::Null));
    o.insert(u"flapping"_s, v.flapping);
    QJsonArray causes;
    for (const Cause &c : v.causes) {
        QJsonObject co;
        co.insert(u"id"_s, causeIdString(c.id));
        co.insert(u"confidence"_s, std::round(c.confidence * 1000.0) / 1000.0);
        co.insert(u"title"_s, c.title);
        co.insert(u"evidence"_s, c.evidence);
        co.insert(u"fix"_s, c.fix);
        co.insert(u"commands"_s, QJsonArray::fromStringList(c.commands));
        co.insert(u"would_decide"_s, optionalString(c.wouldDecide));
        causes.append(co);
    }
    o.insert(u"causes"_s, causes);
    o.insert(u"history"_s, historyJson(rw.history));
    QJsonArray wizard;
    for (const WizardFinding &f : rw.wizard) {
        QJsonObject fo;
        fo.insert(u"step"_s, f.stepId);
        fo.insert(u"outcome"_s, f.outcome);
        fo.insert(u"explanation"_s, f.explanation);
        wizard.append(fo);
    }
    o.insert(u"wizard"_s, wizard);
    return o;
}

}  // namespace

QByteArray writeJsonReport(const ReportInput &input)
{
    QJsonObject root;
    root.insert(u"schema"_s, QString(kReportSchemaId));
    QJsonObject generator;
    generator.insert(u"name"_s, u"Parallax"_s);
    generator.insert(u"version"_s, input.environment.generatorVersion);
    generator.insert(u"qt"_s, input.environment.qtVersion);
    generator.insert(u"os"_s, input.environment.os);
    generator.insert(u"host"_s, input.environment.vantageHost);
    root.insert(u"generator"_s, generator);
    root.insert(u"time"_s, isoTime(input.generatedAtMs));
    root.insert(u"range_from"_s, input.rangeFromMs > 0 ? QJsonValue(isoTime(input.rangeFromMs)) : QJsonValue(QJsonValue::Null));

    QJsonObject server;
    server.insert(u"url"_s, input.server.url.toString());
    server.insert(u"version"_s, optionalString(input.server.version));
    server.insert(u"reachable"_s, input.server.reachable);
    if (input.server.error) {
        QJsonObject e;
        e.insert(u"code"_s, errorCodeId(input.server.error->code));
        e.insert(u"message"_s, input.server.error->message);
        e.insert(u"detail"_s, optionalString(input.server.error->detail));
        server.insert(u"error"_s, e);
    } else {
        server.insert(u"error"_s, QJsonValue::Null);
    }
    server.insert(u"cluster_id"_s, input.clusterId ? QJsonValue(*input.clusterId) : QJsonValue(QJsonValue::Null));
    root.insert(u"server"_s, server);
    root.insert(u"settings"_s, QJsonObject::fromVariantMap(input.settings));


    QJsonArray cluster;
    for (const ClusterAvailabilityPoint &p : input.clusterAvailability) {
        QJsonObject o;
        o.insert(u"time"_s, isoTime(p.atMs));
        o.insert(u"server"_s, optionalNumber(p.server));
        o.insert(u"local"_s, optionalNumber(p.local));
        cluster.append(o);
    }
    root.insert(u"cluster_availability"_s, cluster);

    const ReportSummary s = summarize(input);
    QJsonObject summary;
    summary.insert(u"workers"_s, s.workers);
    QJsonObject byVerdict;
    for (auto it = s.byVerdict.cbegin(); it != s.byVerdict.cend(); ++it)
        byVerdict.insert(verdictId(it.key()), it.value());
    summary.insert(u"by_verdict"_s, byVerdict);
    QJsonObject byCause;
    for (auto it = s.byCause.cbegin(); it != s.byCause.cend(); ++it)
        byCause.insert(causeIdString(it.key()), it.value());
    summary.insert(u"by_cause"_s, byCause);
    root.insert(u"summary"_s, summary);

    // "workers" sorts last among the root's keys, so the document is the root without it,
    // then the workers one at a time: a 10,000-worker report never holds a tree of them all,
    // and the bytes are the ones QJsonDocument would write for the whole (tst_jsonreport).
    QByteArray out = QJsonDocument(root).toJson(QJsonDocument::Indented);
    Q_ASSERT(out.endsWith("\n}\n"));
    out.chop(2);  // "}\n"; the last member's line break stays
    out.insert(out.size() - 1, ',');
    if (input.workers.isEmpty()) {
        out.append(kWorkersKeyPrefix).append("[\n    ]\n}\n");
        return out;
    }
    out.reserve(out.size() + input.workers.size() * 2048);
    out.append(kWorkersKeyPrefix).append("[\n");
    for (qsizetype i = 0; i < input.workers.size(); ++i) {
        const QByteArray one = QJsonDocument(workerJson(input.workers.at(i), input.generatedAtMs))
                                   .toJson(QJsonDocument::Indented);
        appendIndented(out, one, 8);
        out.insert(out.size() - 1, i + 1 < input.workers.size() ? "," : "");
    }
    out.append("    ]\n}\n");
    return out;
}

}  // namespace parallax

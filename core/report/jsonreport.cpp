#include "report.h"

#include "jsonwriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

// The JSON report, parallax.report/1: documented by docs/report-schema.json (keep both in
// step; tests validate every report against the schema). The head is a QJsonDocument, the
// workers stream through JsonWriter (the same bytes, without a tree per worker): every string
// from the server is escaped by one of the two, never by hand.
namespace parallax {

namespace {

constexpr char kWorkersKeyPrefix[] = "    \"workers\": ";

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

void writePhase(JsonWriter &j, const ProbePhase &p, std::optional<int> httpStatus = std::nullopt)
{
    if (!p.attempted) {
        j.null();
        return;
    }
    j.beginObject();
    j.key(u"detail");
    j.optionalString(p.detail);
    j.key(u"duration_ms");
    j.number(usToMs(p.durationUs));
    j.key(u"error");
    if (p.ok)
        j.null();
    else
        j.string(probeErrorId(p.error));
    j.key(u"ok");
    j.boolean(p.ok);
    if (httpStatus) {
        j.key(u"status");
        if (*httpStatus > 0)
            j.integer(*httpStatus);
        else
            j.null();
    }
    j.endObject();
}

void writeProbe(JsonWriter &j, const std::optional<ProbeResult> &probe)
{
    if (!probe) {
        j.null();
        return;
    }
    const ProbeResult &p = *probe;
    j.beginObject();
    j.key(u"dns");
    writePhase(j, p.dns);
    j.key(u"error");
    if (p.firstError() == ProbeError::None)
        j.null();
    else
        j.string(probeErrorId(p.firstError()));
    j.key(u"healthy");
    j.boolean(p.healthy());
    j.key(u"host");
    j.string(p.host);
    j.key(u"http");
    writePhase(j, p.http, p.httpStatus);
    j.key(u"metrics");
    writePhase(j, p.metrics);
    j.key(u"port");
    j.integer(int(p.port));
    j.key(u"resolved");
    j.beginArray();
    for (const QHostAddress &a : p.resolved)
        j.string(a.toString());
    j.endArray();
    j.key(u"server_date");
    if (p.serverDate.isValid())
        j.string(p.serverDate.toUTC().toString(Qt::ISODate));
    else
        j.null();
    j.key(u"tcp");
    writePhase(j, p.tcp);
    j.key(u"time");
    j.string(isoTime(p.startedMs));
    j.key(u"timings_ms");
    j.beginObject();
    j.key(u"connect");
    j.number(usToMs(p.connectUs));
    j.key(u"first_byte");
    j.number(usToMs(p.firstByteUs));
    j.key(u"resolve");
    j.number(usToMs(p.resolveUs));
    j.key(u"total");
    j.number(usToMs(p.totalUs));
    j.endObject();
    j.endObject();
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

// One worker, its members in the order QJsonObject keeps them (ascending).
void writeWorker(JsonWriter &j, const ReportWorker &rw, qint64 nowMs)
{
    const WorkerView &v = rw.view;
    const Worker &w = v.server;
    j.beginObject();
    j.key(u"advertise_address");
    j.optional(w.advertiseAddress);
    j.key(u"causes");
    j.beginArray();
    for (const Cause &c : v.causes) {
        j.beginObject();
        j.key(u"commands");
        j.beginArray();
        for (const QString &command : c.commands)
            j.string(command);
        j.endArray();
        j.key(u"confidence");
        j.number(std::round(c.confidence * 1000.0) / 1000.0);
        j.key(u"evidence");
        j.string(c.evidence);
        j.key(u"fix");
        j.string(c.fix);
        j.key(u"id");
        j.string(causeIdString(c.id));
        j.key(u"title");
        j.string(c.title);
        j.key(u"would_decide");
        j.optionalString(c.wouldDecide);
        j.endObject();
    }
    j.endArray();
    j.key(u"cluster_id");
    j.optional(w.clusterId);
    j.key(u"flapping");
    j.boolean(v.flapping);
    j.key(u"heartbeat_age_s");
    const auto age = w.heartbeatAgeMs(nowMs);
    j.optional(age ? std::optional<double>(double(*age) / 1000.0) : std::nullopt);
    j.key(u"history");
    j.value(historyJson(rw.history));
    j.key(u"hostname");
    j.optionalString(w.hostname);
    j.key(u"id");
    j.integer(w.id);
    j.key(u"ip");
    j.optionalString(w.ip);
    j.key(u"labels");
    j.beginObject();
    for (auto it = w.labels.cbegin(); it != w.labels.cend(); ++it) {  // QMap: QJsonObject's key order
        j.key(it.key());
        j.string(it.value());
    }
    j.endObject();
    j.key(u"local_state");
    j.string(localStateId(v.local));
    j.key(u"maintenance");
    j.boolean(w.maintenanceEnabled.value_or(false));
    j.key(u"name");
    j.string(w.name);
    j.key(u"port");
    j.optional(w.port);
    j.key(u"probe");
    writeProbe(j, v.lastProbe);
    j.key(u"server_message");
    j.optionalString(w.stateMessage);
    j.key(u"server_state");
    j.string(serverStateId(w));
    j.key(u"verdict");
    j.string(verdictId(v.verdict));
    j.key(u"verdict_since");
    if (v.verdictSinceMs > 0)
        j.string(isoTime(v.verdictSinceMs));
    else
        j.null();
    j.key(u"wizard");
    j.beginArray();
    for (const WizardFinding &f : rw.wizard) {
        j.beginObject();
        j.key(u"explanation");
        j.string(f.explanation);
        j.key(u"outcome");
        j.string(f.outcome);
        j.key(u"step");
        j.string(f.stepId);
        j.endObject();
    }
    j.endArray();
    j.key(u"worker_version");
    j.optionalString(w.workerVersion);
    j.endObject();
}

}  // namespace

QByteArray writeJsonReport(const ReportInput &input)
{
    QByteArray out;
    out.reserve(4096 + input.workers.size() * 2048);
    writeJsonReport(input, [&out](QByteArrayView piece) {
        out.append(piece);
        return true;
    });
    return out;
}

bool writeJsonReport(const ReportInput &input, const ReportSink &sink)
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
    root.insert(
        u"range_from"_s, input.rangeFromMs > 0 ? QJsonValue(isoTime(input.rangeFromMs)) : QJsonValue(QJsonValue::Null));

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
    // nor all of its bytes, and they are the ones QJsonDocument would write for the whole
    // (tst_reportwriters, tst_jsonwriter).
    constexpr qsizetype kPieceBytes = 1 << 20;
    QByteArray out = QJsonDocument(root).toJson(QJsonDocument::Indented);
    Q_ASSERT(out.endsWith("\n}\n"));
    out.chop(2);  // "}\n"; the last member's line break stays
    out.insert(out.size() - 1, ',');
    out.reserve(kPieceBytes + 64 * 1024);
    out.append(kWorkersKeyPrefix);
    JsonWriter j(out, 1);
    j.beginArray();
    for (const ReportWorker &w : input.workers) {
        writeWorker(j, w, input.generatedAtMs);
        if (out.size() >= kPieceBytes) {
            if (!sink(out))
                return false;
            out.truncate(0);  // the capacity stays for the next piece
        }
    }
    j.endArray();
    out.append("\n}\n");
    return sink(out);
}

}  // namespace parallax

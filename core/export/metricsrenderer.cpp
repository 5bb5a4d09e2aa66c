#include "metricsrenderer.h"

#include "diagnosis/cause.h"
#include "diagnosis/verdict.h"

#include <QList>

#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// One metric family: its metadata and its samples, written in one pass over the workers and
// joined at the end (both formats want a family's samples together).
struct Family {
    const char *name;
    const char *unit;  // OpenMetrics # UNIT; nullptr when unitless
    const char *help;  // English on purpose: HELP is part of the metric's contract, not UI
    QByteArray samples;
};

void appendNumber(QByteArray &out, double value)
{
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);  // shortest round-trip form
    out.append(buf, r.ptr - buf);
}

void appendNumber(QByteArray &out, qint64 value)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr - buf);
}

void appendLabel(QByteArray &out, const char *name, QByteArrayView escapedValue)
{
    if (!out.isEmpty())
        out += ',';
    out += name;
    out += "=\"";
    out += escapedValue;
    out += '"';
}

// name{labels,extraName="extraValue"} value\n; `extraValue` must be a vocabulary id (no escaping).
template<typename T>
void sample(Family &f, const QByteArray &labels, const char *extraName, QByteArrayView extraValue, T value)
{
    QByteArray &out = f.samples;
    out += f.name;
    if (!labels.isEmpty() || extraName) {
        out += '{';
        out += labels;
        if (extraName) {
            if (!labels.isEmpty())
                out += ',';
            out += extraName;
            out += "=\"";
            out += extraValue;
            out += '"';
        }
        out += '}';
    }
    out += ' ';
    appendNumber(out, value);
    out += '\n';
}

template<typename T> void sample(Family &f, const QByteArray &labels, T value)
{
    sample(f, labels, nullptr, {}, value);
}

void appendHelp(QByteArray &out, const char *help)
{
    // HELP escapes backslash and line feed; the texts here hold neither.
    out += help;
}

QByteArray join(const QList<Family *> &families, MetricsFormat format)
{
    qsizetype size = 16;
    for (const Family *f : families)
        size += f->samples.size() + 200;
    QByteArray out;
    out.reserve(size);
    for (const Family *f : families) {
        out += "# HELP ";
        out += f->name;
        out += ' ';
        appendHelp(out, f->help);
        out += "\n# TYPE ";
        out += f->name;
        out += " gauge\n";
        if (format == MetricsFormat::OpenMetrics && f->unit) {
            out += "# UNIT ";
            out += f->name;
            out += ' ';
            out += f->unit;
            out += '\n';
        }
        out += f->samples;
    }
    if (format == MetricsFormat::OpenMetrics)
        out += "# EOF\n";
    return out;
}

QByteArray scopeLabels(const MetricsScope &scope)
{
    QByteArray labels;
    if (!scope.cluster.isEmpty())
        appendLabel(labels, "cluster", escapeLabelValue(scope.cluster));
    appendLabel(labels, "vantage", escapeLabelValue(scope.vantage));
    return labels;
}

double seconds(qint64 us)
{
    return double(us) / 1e6;
}

// The blackbox_exporter families of one probe, plus how it failed.
struct ProbeFamilies {
    Family success{
        "probe_success", nullptr, "Whether the latest probe of the health endpoint succeeded (1) or not (0).", {}};
    Family duration{"probe_duration_seconds", "seconds", "How long the latest probe took, all phases.", {}};
    Family status{
        "probe_http_status_code", nullptr, "HTTP status of the latest health answer; 0 when there was none.", {}};
    Family phases{"probe_http_duration_seconds", "seconds",
        "Duration of the latest probe by phase: resolve, connect, processing (request sent to first byte).", {}};
    Family dns{"probe_dns_lookup_time_seconds", "seconds", "How long resolving the target took; 0 for an address.", {}};
    Family error{"parallax_probe_error", nullptr,
        "1 for how the latest probe failed (refused, timed_out, host_unreachable, ..., skipped); absent when it succeeded.",
        {}};

    void add(const ProbeResult &r, const QByteArray &labels)
    {
        const ProbeError failure = r.firstError();
        if (failure != ProbeError::None)
            sample(error, labels, "error", probeErrorId(failure).toLatin1(), qint64(1));
        if (failure == ProbeError::Skipped)
            return;  // not contacted: no measurement to show
        sample(success, labels, qint64(r.healthy() ? 1 : 0));
        sample(duration, labels, seconds(r.totalUs));
        sample(status, labels, qint64(r.httpStatus));
        sample(phases, labels, "phase", "resolve", seconds(r.resolveUs));
        sample(phases, labels, "phase", "connect", seconds(r.connectUs));
        sample(phases, labels, "phase", "processing", seconds(r.firstByteUs));
        sample(dns, labels, seconds(r.resolveUs));
    }

    QList<Family *> all() { return {&success, &duration, &status, &phases, &dns, &error}; }
};

}  // namespace

QByteArray escapeLabelValue(QStringView value)
{
    const QByteArray utf8 = value.toUtf8();
    qsizetype special = 0;
    for (char c : utf8)
        special += c == '\\' || c == '"' || c == '\n';
    if (special == 0)
        return utf8;
    QByteArray out;
    out.reserve(utf8.size() + special);
    for (char c : utf8) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

MetricsFormat negotiateMetricsFormat(QByteArrayView accept)
{
    // Accept: type/subtype;param=value;q=0.5, … — the best quality of each format wins.
    double openMetrics = 0;
    double text = 0;
    const QList<QByteArray> ranges = accept.toByteArray().split(',');
    for (const QByteArray &range : ranges) {
        const QList<QByteArray> parts = range.split(';');
        const QByteArray type = parts.value(0).trimmed().toLower();
        double q = 1;
        QByteArray version;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray p = parts.at(i).trimmed();
            const qsizetype eq = p.indexOf('=');
            if (eq < 0)
                continue;
            const QByteArray key = p.left(eq).trimmed().toLower();
            const QByteArray v = p.mid(eq + 1).trimmed();
            if (key == "q") {
                bool ok = false;
                q = v.toDouble(&ok);
                if (!ok)
                    q = 0;
            } else if (key == "version") {
                version = v;
            }
        }
        if (type == "application/openmetrics-text" && (version.isEmpty() || version == "1.0.0"))
            openMetrics = qMax(openMetrics, q);
        else if ((type == "text/plain" && (version.isEmpty() || version == "0.0.4")) || type == "text/*"
            || type == "*/*")
            text = qMax(text, q);
    }
    return openMetrics > 0 && openMetrics >= text ? MetricsFormat::OpenMetrics : MetricsFormat::Prometheus;
}

QByteArray metricsContentType(MetricsFormat format)
{
    return format == MetricsFormat::OpenMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"_ba
                                                : "text/plain; version=0.0.4; charset=utf-8"_ba;
}

QByteArray renderClusterMetrics(const ClusterMetrics &cluster, const QList<WorkerView> &views, MetricsFormat format)
{
    const QByteArray scope = scopeLabels(cluster.scope);

    Family info{"parallax_exporter_info", nullptr,
        "Parallax's version, with the cluster and the vantage it probes from; always 1.", {}};
    Family connected{"parallax_server_connected", nullptr,
        "1 while the GPUStack server's worker list is current, 0 while Parallax reconnects.", {}};
    Family workers{"parallax_workers", nullptr, "Workers the GPUStack server lists.", {}};
    ProbeFamilies probe;
    Family serverState{
        "parallax_worker_server_state", nullptr, "1 for the state the GPUStack server reports for the worker.", {}};
    Family heartbeat{"parallax_worker_heartbeat_age_seconds", "seconds",
        "Time since the worker's latest heartbeat reached the server.", {}};
    Family localState{"parallax_worker_local_state", nullptr,
        "1 for this vantage's view of the worker after hysteresis (up, down, unknown, unknown_local_network).", {}};
    Family verdict{"parallax_worker_verdict", nullptr,
        "1 for the verdict comparing the server's view of the worker with this vantage's.", {}};
    Family flapping{"parallax_worker_flapping", nullptr, "1 while the worker's verdict flaps.", {}};
    Family cause{"parallax_cause", nullptr,
        "Confidence (0 to 1) of each diagnosed cause of the worker's trouble, from Parallax's fixed cause vocabulary.",
        {}};

    const QByteArray version = escapeLabelValue(cluster.version);
    sample(info, scope, "version", version, qint64(1));
    sample(connected, scope, qint64(cluster.serverConnected ? 1 : 0));
    sample(workers, scope, qint64(views.size()));

    // ~1.5 kB per worker in all: reserving once keeps 10,000 workers from reallocating.
    const qsizetype perFamily = qsizetype(views.size()) * 160;
    for (Family *f : {&probe.success, &probe.duration, &probe.status, &probe.dns, &serverState, &heartbeat, &localState,
             &verdict, &flapping})
        f->samples.reserve(perFamily);
    probe.phases.samples.reserve(perFamily * 3);

    QByteArray labels;
    for (const WorkerView &v : views) {
        labels = scope;
        appendLabel(labels, "worker", escapeLabelValue(v.server.name));
        QByteArray id;
        appendNumber(id, v.id());
        appendLabel(labels, "worker_id", id);

        if (v.lastProbe)
            probe.add(*v.lastProbe, labels);
        sample(serverState, labels, "state", workerStateId(v.server.state).toLatin1(), qint64(1));
        if (const auto age = v.server.heartbeatAgeMs(cluster.nowMs))
            sample(heartbeat, labels, double(*age) / 1000.0);
        sample(localState, labels, "state", localStateId(v.local).toLatin1(), qint64(1));
        sample(verdict, labels, "verdict", verdictId(v.verdict).toLatin1(), qint64(1));
        sample(flapping, labels, qint64(v.flapping ? 1 : 0));
        for (const Cause &c : v.causes)
            sample(cause, labels, "cause", causeIdString(c.id).toLatin1(), c.confidence);
    }

    QList<Family *> families{&info, &connected, &workers};
    families += probe.all();
    families += {&serverState, &heartbeat, &localState, &verdict, &flapping, &cause};
    return join(families, format);
}

QByteArray renderProbeMetrics(const ProbeResult &result, const MetricsScope &scope, MetricsFormat format)
{
    ProbeFamilies probe;
    probe.add(result, scopeLabels(scope));
    return join(probe.all(), format);
}

}  // namespace parallax

#pragma once

#include "monitor/workerview.h"
#include "probe/proberesult.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// What a Prometheus scrape reads: the monitor's views as text, in the Prometheus text format
// 0.0.4 or OpenMetrics 1.0.0. Pure: views in, bytes out, O(workers), no probing.
//
// Names follow blackbox_exporter where they overlap (probe_success, probe_duration_seconds,
// probe_http_status_code, probe_http_duration_seconds{phase}, probe_dns_lookup_time_seconds),
// so existing dashboards and relabelling work; the rest is parallax_*, in base units. Label
// values come from fixed vocabularies (cause, verdict, state, error ids) except the worker and
// cluster names, which are escaped per the format: the server's text never ends a label.
namespace parallax {

enum class MetricsFormat {
    Prometheus,  // text/plain; version=0.0.4
    OpenMetrics,  // application/openmetrics-text; version=1.0.0 (ends with "# EOF")
};

// The format a scraper asks for in its Accept header (quality values respected): OpenMetrics
// when it is acceptable at least as much as the text format, else the text format.
MetricsFormat negotiateMetricsFormat(QByteArrayView accept);
QByteArray metricsContentType(MetricsFormat format);

// The labels every sample of a scrape carries: which cluster, seen from where.
struct MetricsScope {
    QString cluster;  // the profile's name (or the server's host)
    QString vantage;  // the machine that probes (--vantage, default its host name)
};

// The cluster-wide facts beside the workers.
struct ClusterMetrics {
    MetricsScope scope;
    qint64 nowMs = 0;  // heartbeat ages are taken at this time
    bool serverConnected = false;  // the worker list is current (the session is connected)
    QString version;  // Parallax's own version
};

// /metrics: every worker of `views` (the monitor's current state).
QByteArray renderClusterMetrics(const ClusterMetrics &cluster, const QList<WorkerView> &views, MetricsFormat format);

// /probe: one probe of one target, as blackbox_exporter's /probe answers.
QByteArray renderProbeMetrics(const ProbeResult &result, const MetricsScope &scope, MetricsFormat format);

// A label value escaped for both formats: backslash, double quote and line feed.
QByteArray escapeLabelValue(QStringView value);

}  // namespace parallax

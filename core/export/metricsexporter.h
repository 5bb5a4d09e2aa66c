#pragma once

#include "base/clock.h"
#include "base/result.h"
#include "export/metricsrenderer.h"
#include "http/httpserver.h"
#include "probe/probeengine.h"
#include "probe/probesettings.h"
#include "probe/probetarget.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace parallax {

// What /probe?target= accepts: "host:port" ("[::1]:10150") or an http:// URL whose path is
// empty, "/" or "/healthz" (the probe is always GPUStack's GET /healthz). A translated,
// one-line reason otherwise.
Result<ProbeTarget> parseProbeTarget(const QString &text);

// The exporter's client limits: small requests, a 10 s deadline, 256 connections at most.
http::HttpConfig exporterHttpConfig();

// The exporter's HTTP side: GET /metrics (the cluster, rendered by `renderMetrics` from the
// monitor's current views: a scrape never probes) and GET /probe?target=… (blackbox_exporter's
// multi-target pattern: one probe of that target, now, with the project's probe engine).
// Probes in flight are capped; one more is answered 503, a bad target 400, both with a
// sentence saying why. Clients get HttpConfig limits: small requests only, and a deadline
// that closes connections which trickle.
class MetricsExporter : public QObject {
    Q_OBJECT
public:
    struct Options {
        MetricsScope scope;  // the labels of /probe's samples (vantage)
        ProbeSettings probe;  // timeouts and allowed networks of /probe's probes
        int maxConcurrentProbes = 16;
        http::HttpConfig http = exporterHttpConfig();
    };

    MetricsExporter(const Clock &clock, Options options, QObject *parent = nullptr);
    ~MetricsExporter() override;

    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_http.port(); }
    QHostAddress address() const { return m_http.address(); }
    int probesInFlight() const { return int(m_pending.size()); }

    // Renders /metrics; set by whoever owns the views (app/cli serve: the session's monitor).
    std::function<QByteArray(MetricsFormat)> renderMetrics;

private:
    struct Pending {
        QPointer<http::HttpConnection> connection;
        MetricsFormat format = MetricsFormat::Prometheus;
    };
    void handle(const http::HttpRequest &request, http::HttpConnection *connection);
    void startProbe(const http::HttpRequest &request, http::HttpConnection *connection);
    void onProbeFinished(const ProbeResult &result);

    Options m_options;
    http::HttpServer m_http;
    ProbeEngine m_engine;
    QHash<quint64, Pending> m_pending;
    quint64 m_nextTicket = 1;
};

}  // namespace parallax

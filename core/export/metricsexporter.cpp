#include "metricsexporter.h"

#include "base/trcontexts.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

constexpr qsizetype kMaxTargetChars = 1024;

Error badTarget(const QString &why)
{
    return Error{ErrorCode::InvalidArgument, why, {}};
}

// The target as it may be repeated in an answer: short, one line.
QString quoted(const QString &text)
{
    return text.size() > 120 ? text.left(120) + u'…' : text;
}

QByteArray line(const QString &text)
{
    return text.toUtf8() + '\n';
}

}  // namespace

Result<ProbeTarget> parseProbeTarget(const QString &text)
{
    const QString usage = Exporter::tr("Use /probe?target=HOST:PORT or /probe?target=http://HOST:PORT.");
    if (text.isEmpty())
        return badTarget(Exporter::tr("No target given.") + u' ' + usage);
    if (text.size() > kMaxTargetChars)
        return badTarget(Exporter::tr("The target is longer than %1 characters.").arg(kMaxTargetChars) + u' ' + usage);
    for (const QChar c : text) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            return badTarget(Exporter::tr("The target contains spaces or control characters.") + u' ' + usage);
    }
    QUrl url;
    if (text.contains(u"://"_s)) {
        url = QUrl(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return badTarget(Exporter::tr("'%1' is not a valid URL.").arg(quoted(text)) + u' ' + usage);
        if (url.scheme() != u"http"_s)
            return badTarget(
                Exporter::tr("Only http:// targets can be probed: GPUStack workers answer plain HTTP.") + u' ' + usage);
        if (!url.userInfo().isEmpty())
            return badTarget(Exporter::tr("A target may not carry a user name or password."));
        const QString path = url.path();
        if (!(path.isEmpty() || path == u"/"_s || path == u"/healthz"_s) || url.hasQuery() || url.hasFragment())
            return badTarget(Exporter::tr("The probe always asks GPUStack's /healthz: '%1' names another resource.")
                                 .arg(quoted(text)));
    } else {
        url = QUrl(u"http://"_s + text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.port() < 0 || !url.path().isEmpty() || url.hasQuery()
            || url.hasFragment() || !url.userInfo().isEmpty())
            return badTarget(Exporter::tr("'%1' is not HOST:PORT.").arg(quoted(text)) + u' ' + usage);
    }
    const int port = url.port(80);
    if (port <= 0 || port > 65535)
        return badTarget(Exporter::tr("'%1' has no valid port.").arg(quoted(text)) + u' ' + usage);
    ProbeTarget target;
    target.workerId = 0;
    target.host = url.host();
    target.port = quint16(port);
    return target;
}

http::HttpConfig exporterHttpConfig()
{
    http::HttpConfig config;
    config.maxHeaderBytes = 16 * 1024;  // a scrape is one short GET
    config.maxBodyBytes = 16 * 1024;
    config.requestTimeoutMs = 10'000;
    config.maxConnections = 256;
    config.serverName = "Parallax/" PARALLAX_VERSION;
    return config;
}

MetricsExporter::MetricsExporter(const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(this)
    , m_engine(clock, this)
{
    m_http.setConfig(m_options.http);
    m_http.handler = [this](const http::HttpRequest &request, http::HttpConnection *connection) {
        handle(request, connection);
    };
    ProbeSettings probe = m_options.probe;
    probe.probeHostname = false;  // a target is an address, not a worker with a hostname
    m_engine.setSettings(probe.normalized());
    connect(&m_engine, &ProbeEngine::finished, this, &MetricsExporter::onProbeFinished);
}

MetricsExporter::~MetricsExporter()
{
    m_engine.abortAll();
}

Result<void> MetricsExporter::listen(const QHostAddress &address, quint16 port)
{
    if (!m_http.listen(address, port))
        return Error{ErrorCode::InvalidArgument,
            Exporter::tr("Cannot listen on %1 port %2: %3").arg(address.toString()).arg(port).arg(m_http.errorString()),
            {}};
    return {};
}

void MetricsExporter::handle(const http::HttpRequest &request, http::HttpConnection *connection)
{
    const QByteArray text = "text/plain; charset=utf-8"_ba;
    const QList<QPair<QByteArray, QByteArray>> nosniff{{"X-Content-Type-Options"_ba, "nosniff"_ba}};
    if (request.method != "GET" && request.method != "HEAD") {
        connection->respond(
            405, text, line(Exporter::tr("Only GET is served here.")), {{"Allow"_ba, "GET, HEAD"_ba}, nosniff.first()});
        return;
    }
    if (request.path == u"/metrics"_s) {
        if (!renderMetrics) {
            connection->respond(503, text, line(Exporter::tr("The cluster's metrics are not ready yet.")), nosniff);
            return;
        }
        const MetricsFormat format = negotiateMetricsFormat(request.header("accept"));
        connection->respond(200, metricsContentType(format), renderMetrics(format), nosniff);
        return;
    }
    if (request.path == u"/probe"_s) {
        startProbe(request, connection);
        return;
    }
    if (request.path == u"/"_s) {
        connection->respond(200, text,
            line(Exporter::tr("Parallax exporter. /metrics: the cluster's workers as this vantage sees "
                              "them. /probe?target=HOST:PORT: one probe of that target now.")),
            nosniff);
        return;
    }
    connection->respond(404, text, line(Exporter::tr("Not found: use /metrics or /probe?target=HOST:PORT.")), nosniff);
}

void MetricsExporter::startProbe(const http::HttpRequest &request, http::HttpConnection *connection)
{
    const QByteArray text = "text/plain; charset=utf-8"_ba;
    const QList<QPair<QByteArray, QByteArray>> nosniff{{"X-Content-Type-Options"_ba, "nosniff"_ba}};
    const Result<ProbeTarget> target = parseProbeTarget(request.query.queryItemValue(u"target"_s, QUrl::FullyDecoded));
    if (!target) {
        connection->respond(400, text, line(target.error().message), nosniff);
        return;
    }
    if (m_pending.size() >= m_options.maxConcurrentProbes) {
        connection->respond(503, text,
            line(Exporter::tr(
                "%n probe(s) already running: try again in a moment.", nullptr, m_options.maxConcurrentProbes)),
            {{"Retry-After"_ba, "1"_ba}, nosniff.first()});
        return;
    }
    const quint64 ticket = m_nextTicket++;
    m_pending.insert(ticket, {connection, negotiateMetricsFormat(request.header("accept"))});
    m_engine.probe(*target, {.lookupHostname = false, .ticket = ticket});
}

void MetricsExporter::onProbeFinished(const ProbeResult &result)
{
    const auto it = m_pending.find(result.ticket);
    if (it == m_pending.end())
        return;
    const Pending pending = it.value();
    m_pending.erase(it);
    if (!pending.connection)
        return;  // the client left before the answer
    pending.connection->respond(200, metricsContentType(pending.format),
        renderProbeMetrics(result, m_options.scope, pending.format), {{"X-Content-Type-Options"_ba, "nosniff"_ba}});
}

}  // namespace parallax

#include "clioptions.h"
#include "commands.h"
#include "followedsession.h"
#include "serverconnection.h"

#include "base/clock.h"
#include "export/metricsexporter.h"
#include "export/metricsrenderer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTextStream>
#include <QUrl>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

// parallax-cli serve: a Prometheus exporter. /metrics is the cluster as this machine (the
// vantage) sees it, from the same session `watch` runs; /probe?target= probes one target now,
// as blackbox_exporter's multi-target pattern does. Runs until interrupted; only a failure at
// the start (bad credentials, no server within --timeout, a busy port) ends it, with 2.
namespace parallax::cli {

namespace {

int fail(const QString &reason)
{
    QString line = reason;
    line.replace(u'\n', u' ');
    QTextStream(stderr) << "parallax-cli serve: " << line << '\n';
    return kExitUsage;
}

struct ListenAddress {
    QHostAddress address;
    quint16 port = 0;
};

struct ServeOptions {
    ServerOptions server;
    ListenAddress listen;
    QString vantage;
    int maxProbes = 16;
};

// "HOST:PORT", ":PORT" (every interface) or "[v6]:PORT"; HOST an address or "localhost".
std::optional<ListenAddress> parseListen(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return std::nullopt;
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    ListenAddress listen;
    listen.port = quint16(port);
    if (host.isEmpty())
        listen.address = QHostAddress::Any;
    else if (host == u"localhost"_s)
        listen.address = QHostAddress::LocalHost;
    else if (!listen.address.setAddress(host))
        return std::nullopt;
    return listen;
}

Result<ServeOptions> parseServe(const QStringList &args, QCommandLineParser &parser)
{
    options::describe(parser, serveCommand());
    if (!parser.parse(args))
        return Error{ErrorCode::InvalidArgument, parser.errorText(), {}};
    if (parser.isSet(u"help"_s))
        return ServeOptions{};
    if (!parser.positionalArguments().isEmpty())
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("Unexpected argument '%1'.").arg(parser.positionalArguments().first()), {}};
    ServeOptions options;
    if (!parser.isSet(u"listen"_s))
        return Error{ErrorCode::InvalidArgument, Cli::tr("--listen is required, e.g. --listen 127.0.0.1:9465."), {}};
    const auto listen = parseListen(parser.value(u"listen"_s));
    if (!listen)
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("--listen: '%1' is not HOST:PORT, :PORT or [ADDRESS]:PORT.").arg(parser.value(u"listen"_s)), {}};
    options.listen = *listen;
    options.vantage = parser.isSet(u"vantage"_s) ? parser.value(u"vantage"_s) : QSysInfo::machineHostName();
    if (options.vantage.trimmed().isEmpty())
        return Error{ErrorCode::InvalidArgument, Cli::tr("--vantage: the name may not be empty."), {}};
    bool ok = false;
    options.maxProbes = parser.value(u"max-probes"_s).toInt(&ok);
    if (!ok || options.maxProbes < 1 || options.maxProbes > 1024)
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("--max-probes: '%1' is not a number from 1 to 1024.").arg(parser.value(u"max-probes"_s)), {}};
    auto server = readServerOptions(parser);
    if (!server)
        return server.error();
    options.server = server.value();
    return options;
}

class ServeRun : public QObject {
public:
    ServeRun(ServeOptions options, const ServerEndpoint &endpoint, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(std::move(options))
        , m_run(m_options.server, endpoint, m_clock)
    {
    }

    void start()
    {
        MetricsExporter::Options exporterOptions;
        exporterOptions.scope.vantage = m_options.vantage;
        exporterOptions.probe = m_run.session().config().probe;
        exporterOptions.maxConcurrentProbes = m_options.maxProbes;
        m_exporter = std::make_unique<MetricsExporter>(m_clock, exporterOptions);
        const Result<void> listening = m_exporter->listen(m_options.listen.address, m_options.listen.port);
        if (!listening) {
            done(fail(listening.error().message));
            return;
        }
        m_exporter->renderMetrics = [this](MetricsFormat format) { return render(format); };
        m_run.failed = [this](const QString &reason) { done(fail(reason)); };
        m_run.start();
        QUrl url;
        url.setScheme(u"http"_s);
        url.setHost(m_exporter->address().toString());
        url.setPort(m_exporter->port());
        // One line a script (or a test) reads to learn the port, when it asked for port 0.
        QTextStream(stdout) << Cli::tr("Serving %1/metrics and %1/probe?target=HOST:PORT as vantage '%2'.")
                                   .arg(url.toString(), m_options.vantage)
                            << Qt::endl;
    }

    std::function<void(int)> done;

private:
    QByteArray render(MetricsFormat format)
    {
        const ClusterSession &session = m_run.session();
        ClusterMetrics cluster;
        cluster.scope.cluster = session.name();
        cluster.scope.vantage = m_options.vantage;
        cluster.nowMs = m_clock.nowMs();
        cluster.serverConnected = session.status() == ClusterSession::Status::Connected;
        cluster.version = QStringLiteral(PARALLAX_VERSION);
        return renderClusterMetrics(cluster, session.monitor().views(), format);
    }

    ServeOptions m_options;
    SystemClock m_clock;
    FollowedSession m_run;
    std::unique_ptr<MetricsExporter> m_exporter;
};

}  // namespace

int runServe(const QStringList &args)
{
    return runServerCommand<ServeOptions, ServeRun>(
        args, &parseServe, &fail, Cli::tr("Run 'parallax-cli serve --help' for usage."));
}

}  // namespace parallax::cli

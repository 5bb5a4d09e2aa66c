#include "clioptions.h"
#include "commands.h"

#include "sim/loopbackpool.h"
#include "sim/simcluster.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace parallax::cli {

namespace {

void printErr(const QString &text)
{
    QTextStream(stderr) << text << '\n';
}

// SIGINT/SIGTERM → a byte on a socket pair → QSocketNotifier on the event loop → quit.
// (The only async-signal-safe way into Qt: write(2) in the handler.)
int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFd[0], &c, 1);
}

}  // namespace

int runSim(const QStringList &args)
{
    QCommandLineParser parser;
    options::describe(parser, simCommand());
    const QString scenarioOpt = u"scenario"_s;
    const QString workersOpt = u"workers"_s;
    const QString listenOpt = u"listen"_s;
    const QString keyFileOpt = u"api-key-file"_s;
    const QString keepAliveOpt = u"keepalive-ms"_s;
    if (!parser.parse(args)) {
        printErr(parser.errorText());
        return kExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return kExitOk;
    }

    const QString listen = parser.value(listenOpt);
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    QHostAddress address;
    if (colon <= 0 || !portOk || port > 65535 || !address.setAddress(listen.left(colon))) {
        printErr(Cli::tr("--listen wants address:port, for example 127.0.0.1:8080."));
        return kExitUsage;
    }
    if (!address.isLoopback()) {
        printErr(Cli::tr("The simulator only listens on loopback addresses (127.0.0.0/8 or ::1), not %1.")
                     .arg(address.toString()));
        return kExitUsage;
    }
    int workers = -1;
    if (parser.isSet(workersOpt)) {
        bool ok = false;
        workers = parser.value(workersOpt).toInt(&ok);
        if (!ok || workers < 1) {
            printErr(Cli::tr("--workers wants a positive number."));
            return kExitUsage;
        }
    }
    const QString scenarioName = parser.value(scenarioOpt);
    Result<sim::Scenario> scenario = (scenarioName == u"demo"_s || scenarioName == u"scale"_s)
        ? sim::Scenario::builtin(scenarioName, workers)
        : sim::Scenario::fromFile(scenarioName);
    if (!scenario) {
        printErr(scenario.error().message);
        return kExitUsage;
    }

    sim::SimOptions options;
    options.listenAddress = address;
    options.listenPort = quint16(port);
    if (parser.isSet(keepAliveOpt))
        options.timings.keepAliveMs = qMax(100, parser.value(keepAliveOpt).toInt());
    if (parser.isSet(keyFileOpt)) {
        QFile f(parser.value(keyFileOpt));
        if (!f.open(QIODevice::ReadOnly)) {
            printErr(Cli::tr("Cannot read the API key file %1: %2").arg(f.fileName(), f.errorString()));
            return kExitUsage;
        }
        const QString key = QString::fromUtf8(f.readLine()).trimmed();
        if (key.isEmpty()) {
            printErr(Cli::tr("The API key file %1 is empty.").arg(f.fileName()));
            return kExitUsage;
        }
        options.apiKey = key;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalFd) != 0) {
        printErr(Cli::tr("Cannot set up signal handling."));
        return kExitTrouble;
    }
    QSocketNotifier notifier(g_signalFd[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalFd[1], &c, 1);
        QCoreApplication::quit();
    });
    struct sigaction sa { };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);

    sim::SimCluster cluster(*scenario, options);
    auto started = cluster.start();
    if (!started) {
        printErr(started.error().message);
        return kExitTrouble;
    }
    for (const QString &note : cluster.notes())
        printErr(note);
    QTextStream out(stdout);
    out << Cli::tr("GPUStack simulator \"%1\" with %2 workers")
               .arg(cluster.scenario().name)
               .arg(cluster.workerNames().size())
        << '\n';
    out << Cli::tr("Server URL: %1").arg(cluster.baseUrl().toString()) << '\n';
    // The one place the generated key is shown: the user needs it to connect.
    if (options.apiKey)
        out << Cli::tr("API key: (from %1)").arg(QFileInfo(parser.value(keyFileOpt)).fileName()) << '\n';
    else
        out << Cli::tr("API key: %1").arg(cluster.apiKey()) << '\n';
    out << Cli::tr("Login: %1 / %2").arg(cluster.username(), cluster.password()) << '\n';
    out << Cli::tr("Press Ctrl+C to stop.") << '\n';
    out.flush();

    QCoreApplication::exec();
    cluster.stop();
    ::close(g_signalFd[0]);
    ::close(g_signalFd[1]);
    out << Cli::tr("Simulator stopped.") << '\n';
    return kExitOk;
}

}  // namespace parallax::cli

#pragma once

#include "base/result.h"
#include "commands.h"
#include "gpustack/serverendpoint.h"
#include "probe/probesettings.h"

#include <QCommandLineParser>
#include <QIODevice>
#include <QLoggingCategory>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>

// What `check` and `watch` share: how a server and its credentials are named on the command
// line. Secrets come only from the environment or from the keychain entry of a saved profile:
// a value on the command line ends up in shell history and in every user's `ps`, so an option
// that carries one does not exist and is refused with an explanation.
namespace parallax::cli {

struct ServerOptions {
    QUrl server;
    QString profile;
    QString apiKeyEnv;
    QString user;
    QString passwordEnv;
    std::optional<qint64> clusterId;
    int timeoutS = 30;
    // --probe-only: the networks probes may go to (empty = any). Workers registered elsewhere
    // are reported "skipped", never contacted: for a lab or a demo, or to keep probes in-house.
    QList<AllowedNetwork> probeNetworks;
};

// A one-line, translated explanation when `args` carries a secret on the command line
// (--api-key VALUE, --password=…, --token …, a gpustack_ key anywhere, user:password@ in a URL).
std::optional<QString> secretOnCommandLine(const QStringList &args);

// The options after parsing, or a usage error (translated, one line).
Result<ServerOptions> readServerOptions(const QCommandLineParser &parser);

// The endpoint to connect to: from the options, the environment and, with --profile, the
// saved profile and its keychain entry (asynchronous). `done` is called exactly once, on the
// event loop, unless `context` is destroyed first.
void resolveEndpoint(const ServerOptions &options, QObject *context, std::function<void(Result<ServerEndpoint>)> done);

// Runs one command against a server on the event loop: resolves the endpoint (a failure goes
// to `fail`, which prints the one-line reason and returns the exit code), then `start` begins
// the command's run, which calls `finish` exactly once with the exit code. Returns that code.
int runAgainstServer(const ServerOptions &options, int (*fail)(const QString &reason),
    const std::function<void(const ServerEndpoint &endpoint, QObject *scope, std::function<void(int)> finish)> &start);

// The start every command that talks to a server shares: a secret on the command line is
// refused, a usage error is one line ending with `usageHint`, --help prints the help, and then
// a `Run` (constructed from the options, the endpoint and a scope; `done` receives the exit
// code, `start()` begins) runs against the server. Returns the exit code.
template<typename Options, typename Run>
int runServerCommand(const QStringList &args, Result<Options> (*parse)(const QStringList &, QCommandLineParser &),
    int (*fail)(const QString &reason), const QString &usageHint)
{
    using namespace Qt::StringLiterals;
    // stderr carries one line a script can show: the components' own warnings would add
    // more. QT_LOGGING_RULES (applied after these rules) turns them back on.
    QLoggingCategory::setFilterRules(u"parallax.*.warning=false\nparallax.*.info=false"_s);
    if (const auto why = secretOnCommandLine(args))
        return fail(*why);
    QCommandLineParser parser;
    const auto parsed = parse(args, parser);
    if (!parsed)
        return fail(parsed.error().message + u' ' + usageHint);
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return kExitOk;
    }
    const Options options = parsed.value();
    return runAgainstServer(options.server, fail,
        [&options](const ServerEndpoint &endpoint, QObject *scope, std::function<void(int)> finish) {
            auto *run = new Run(options, endpoint, scope);
            run->done = std::move(finish);
            run->start();
        });
}

// The command-line options a report names (no secrets: names of variables only); the
// session's own settings (server, auth mode, probing) are added by the report assembler.
QVariantMap describeOptions(const ServerOptions &options);

// Writes `data` to `path` atomically (QSaveFile), or to stdout when `path` is empty.
Result<void> writeOutput(const QString &path, const QByteArray &data);
// The same for bytes produced in pieces: `produce` writes them to the device and returns
// false when it could not (nothing is committed to `path` then).
Result<void> writeOutput(const QString &path, const std::function<bool(QIODevice &out)> &produce);

}  // namespace parallax::cli

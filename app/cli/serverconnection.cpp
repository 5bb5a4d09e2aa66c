#include "serverconnection.h"
#include "commands.h"

#include "settings/keychaincredentialstore.h"
#include "settings/profilestore.h"

#include <QCoreApplication>
#include <QFile>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace parallax::cli {

namespace {

Error usage(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, {}};
}

// Calls `done` on the next event-loop turn, so callers never see a callback inside the call.
void later(QObject *context, std::function<void()> fn)
{
    QTimer::singleShot(0, context, std::move(fn));
}

}  // namespace

std::optional<QString> secretOnCommandLine(const QStringList &args)
{
    static const QRegularExpression secretOption(
        u"^--?(api[-_]?key|key|password|passwd|pass|token|secret|cookie|session|bearer|auth|authorization)(=.*)?$"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression apiKey(
        u"gpustack_[0-9a-f]{8,}_[0-9a-f]{8,}"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression urlCredentials(
        u"^[a-z][a-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@"_s, QRegularExpression::CaseInsensitiveOption);
    const QString why =
        Cli::tr("Secrets are not accepted on the command line (they end up in shell history and in ps): "
                "put the API key in an environment variable and pass --api-key-env VAR, use --user with "
                "--password-env VAR, or --profile NAME with a key saved in the keychain.");
    for (const QString &arg : args) {
        const auto m = secretOption.match(arg);
        if (m.hasMatch())
            return Cli::tr("Option %1 does not exist.").arg(arg.section(u'=', 0, 0)) + u' ' + why;
        if (apiKey.match(arg).hasMatch())
            return Cli::tr("An API key was given on the command line.") + u' ' + why;
        const QString value = arg.startsWith(u"--server="_s) ? arg.mid(9) : arg;
        if (urlCredentials.match(value).hasMatch())
            return Cli::tr("The server URL contains a user name and password.") + u' ' + why;
    }
    return std::nullopt;
}

Result<ServerOptions> readServerOptions(const QCommandLineParser &parser)
{
    ServerOptions o;
    o.profile = parser.value(u"profile"_s);
    if (parser.isSet(u"server"_s)) {
        o.server = QUrl::fromUserInput(parser.value(u"server"_s));
        if (!o.server.isValid() || o.server.host().isEmpty()
            || (o.server.scheme() != u"http"_s && o.server.scheme() != u"https"_s))
            return usage(
                Cli::tr("--server needs an http:// or https:// URL, not '%1'.").arg(parser.value(u"server"_s)));
    }
    if (o.server.isEmpty() && o.profile.isEmpty())
        return usage(Cli::tr("Say which server to check: --server URL or --profile NAME."));
    o.apiKeyEnv = parser.value(u"api-key-env"_s);
    o.user = parser.value(u"user"_s);
    o.passwordEnv = parser.value(u"password-env"_s);
    if (!o.apiKeyEnv.isEmpty() && (!o.user.isEmpty() || !o.passwordEnv.isEmpty()))
        return usage(Cli::tr("Use either --api-key-env or --user with --password-env, not both."));
    if (o.user.isEmpty() != o.passwordEnv.isEmpty())
        return usage(Cli::tr("--user and --password-env go together."));
    if (o.profile.isEmpty() && o.apiKeyEnv.isEmpty() && o.user.isEmpty())
        return usage(
            Cli::tr("No credentials: pass --api-key-env VAR, --user NAME --password-env VAR, or --profile NAME."));
    if (parser.isSet(u"cluster"_s)) {
        bool ok = false;
        const qint64 id = parser.value(u"cluster"_s).toLongLong(&ok);
        if (!ok || id < 0)
            return usage(Cli::tr("--cluster needs a cluster id (a number), not '%1'.").arg(parser.value(u"cluster"_s)));
        o.clusterId = id;
    }
    bool ok = false;
    o.timeoutS = parser.value(u"timeout"_s).toInt(&ok);
    if (!ok || o.timeoutS < 1 || o.timeoutS > 3600)
        return usage(Cli::tr("--timeout needs a number of seconds between 1 and 3600, not '%1'.")
                         .arg(parser.value(u"timeout"_s)));
    for (const QString &cidr : parser.values(u"probe-only"_s)) {
        const AllowedNetwork net = QHostAddress::parseSubnet(cidr.trimmed());
        if (net.first.isNull())
            return usage(Cli::tr("--probe-only needs a network like 10.0.0.0/8, not '%1'.").arg(cidr));
        o.probeNetworks.append(net);
    }
    return o;
}

namespace {

// Environment credentials on top of an endpoint (from a profile or from scratch).
Result<ServerEndpoint> withEnvironmentSecret(ServerEndpoint endpoint, const ServerOptions &o)
{
    if (!o.apiKeyEnv.isEmpty()) {
        const QString key = qEnvironmentVariable(o.apiKeyEnv.toLocal8Bit().constData()).trimmed();
        if (key.isEmpty())
            return usage(Cli::tr("The environment variable %1 (--api-key-env) is empty or not set.").arg(o.apiKeyEnv));
        if (!authUsesApiKey(endpoint.authMode))
            endpoint.authMode = AuthMode::ApiKeyBearer;
        endpoint.secret = key;
        endpoint.username.clear();
    } else if (!o.user.isEmpty()) {
        const QString password = qEnvironmentVariable(o.passwordEnv.toLocal8Bit().constData());
        if (password.isEmpty())
            return usage(
                Cli::tr("The environment variable %1 (--password-env) is empty or not set.").arg(o.passwordEnv));
        endpoint.authMode = AuthMode::Password;
        endpoint.username = o.user;
        endpoint.secret = password;
    }
    return endpoint;
}

}  // namespace

void resolveEndpoint(const ServerOptions &o, QObject *context, std::function<void(Result<ServerEndpoint>)> done)
{
    if (o.profile.isEmpty()) {
        ServerEndpoint e;
        e.url = o.server;
        Result<ServerEndpoint> r = withEnvironmentSecret(e, o);
        later(context, [done, r] { done(r); });
        return;
    }
    ProfileStore store(ProfileStore::defaultPath());
    if (auto loaded = store.load(); !loaded) {
        const Error e = loaded.error();
        later(context, [done, e] { done(e); });
        return;
    }
    std::optional<ServerProfile> profile;
    for (const ServerProfile &p : store.profiles()) {
        if (p.name == o.profile || p.id == o.profile) {
            profile = p;
            break;
        }
    }
    if (!profile) {
        const Error e = usage(Cli::tr("There is no saved profile named '%1'.").arg(o.profile));
        later(context, [done, e] { done(e); });
        return;
    }
    if (!o.server.isEmpty())
        profile->serverUrl = o.server;
    if (!o.apiKeyEnv.isEmpty() || !o.user.isEmpty()) {
        Result<ServerEndpoint> r = withEnvironmentSecret(profile->endpoint(QString()), o);
        later(context, [done, r] { done(r); });
        return;
    }
    if (profile->authMode == AuthMode::None) {
        const ServerEndpoint e = profile->endpoint(QString());
        later(context, [done, e] { done(e); });
        return;
    }
    // The keychain job outlives this function; the store dies with the context.
    auto *keychain = new KeychainCredentialStore(context);
    const ServerProfile p = *profile;
    keychain->read(p.credentialKey(), context, [keychain, p, done](Result<QString> secret) {
        keychain->deleteLater();
        if (!secret) {
            Error e = secret.error();
            if (e.code == ErrorCode::SecretNotFound)
                e.message =
                    Cli::tr("The profile '%1' has no secret in the keychain: save it in Parallax first, or pass "
                            "--api-key-env / --password-env.")
                        .arg(p.name);
            done(e);
            return;
        }
        done(p.endpoint(secret.value()));
    });
}

QVariantMap describeOptions(const ServerOptions &o)
{
    QVariantMap m;
    if (!o.profile.isEmpty())
        m.insert(u"profile"_s, o.profile);
    if (!o.apiKeyEnv.isEmpty())
        m.insert(u"api_key_env"_s, o.apiKeyEnv);
    if (!o.user.isEmpty())
        m.insert(u"user"_s, o.user);
    if (!o.passwordEnv.isEmpty())
        m.insert(u"password_env"_s, o.passwordEnv);
    if (o.clusterId)
        m.insert(u"cluster"_s, *o.clusterId);
    m.insert(u"timeout_s"_s, o.timeoutS);
    if (!o.probeNetworks.isEmpty()) {
        QStringList nets;
        for (const AllowedNetwork &n : o.probeNetworks)
            nets.append(n.first.toString() + u'/' + QString::number(n.second));
        m.insert(u"probe_only"_s, nets);
    }
    return m;
}

Result<void> writeOutput(const QString &path, const QByteArray &data)
{
    return writeOutput(path, [&data](QIODevice &out) { return out.write(data) == data.size(); });
}

Result<void> writeOutput(const QString &path, const std::function<bool(QIODevice &out)> &produce)
{
    if (path.isEmpty() || path == u"-"_s) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || !produce(out))
            return Error{ErrorCode::StorageFailure, Cli::tr("Could not write the report to standard output."), {}};
        out.flush();
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !produce(file) || !file.commit())
        return Error{ErrorCode::StorageFailure,
            Cli::tr("Could not write the report to %1: %2").arg(path, file.errorString()), {}};
    return {};
}

int runAgainstServer(const ServerOptions &options, int (*fail)(const QString &reason),
    const std::function<void(const ServerEndpoint &endpoint, QObject *scope, std::function<void(int)> finish)> &start)
{
    int exitCode = 2;  // kExitUsage until the run says otherwise
    QObject scope;
    resolveEndpoint(options, &scope, [&](Result<ServerEndpoint> endpoint) {
        if (!endpoint) {
            exitCode = fail(endpoint.error().message);
            QCoreApplication::exit(exitCode);
            return;
        }
        start(endpoint.value(), &scope, [&exitCode](int code) {
            exitCode = code;
            QCoreApplication::exit(code);
        });
    });
    QCoreApplication::exec();
    return exitCode;
}

}  // namespace parallax::cli

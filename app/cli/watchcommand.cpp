#include "clioptions.h"
#include "commands.h"
#include "followedsession.h"
#include "serverconnection.h"

#include "base/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

// parallax-cli watch: one line per verdict or server-state change, as it happens, until
// interrupted (human text, or JSON lines with --json). The session reconnects by itself after
// a drop; only a failure at the start (bad credentials, no server) ends the command, with 2.
namespace parallax::cli {

namespace {

int fail(const QString &reason)
{
    QString line = reason;
    line.replace(u'\n', u' ');
    QTextStream(stderr) << "parallax-cli watch: " << line << '\n';
    return kExitUsage;
}

struct WatchOptions {
    ServerOptions server;
    bool json = false;
};

Result<WatchOptions> parseWatch(const QStringList &args, QCommandLineParser &parser)
{
    options::describe(parser, watchCommand());
    if (!parser.parse(args))
        return Error{ErrorCode::InvalidArgument, parser.errorText(), {}};
    if (parser.isSet(u"help"_s))
        return WatchOptions{};
    if (!parser.positionalArguments().isEmpty())
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("Unexpected argument '%1'.").arg(parser.positionalArguments().first()), {}};
    auto server = readServerOptions(parser);
    if (!server)
        return server.error();
    return WatchOptions{server.value(), parser.isSet(u"json"_s)};
}

QString serverStateId(const Worker &w)
{
    return w.state == WorkerState::Other ? w.stateText : workerStateId(w.state);
}

// Prints transitions; every text from the server goes through the redactor (it also strips
// control characters, so a worker name cannot rewrite the terminal).
class WatchRun : public QObject {
public:
    WatchRun(WatchOptions options, ServerEndpoint endpoint, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(std::move(options))
        , m_endpoint(std::move(endpoint))
        , m_out(stdout)
    {
    }

    void start()
    {
        m_run = std::make_unique<FollowedSession>(m_options.server, m_endpoint, m_clock);
        m_run->failed = [this](const QString &reason) { done(fail(reason)); };
        m_run->statusChanged = [this](ClusterSession::Status status, const Error &error, bool again) {
            onStatus(status, error, again);
        };
        ClusterMonitor &monitor = m_run->session().monitor();
        connect(&monitor, &ClusterMonitor::verdictChanged, this, [this](const VerdictTransition &t) { onVerdict(t); });
        connect(&monitor, &ClusterMonitor::workersAdded, this, [this](const QList<qint64> &ids) { onWorkers(ids); });
        connect(&monitor, &ClusterMonitor::workersChanged, this, [this](const QList<qint64> &ids) { onWorkers(ids); });
        connect(&monitor, &ClusterMonitor::workersRemoved, this, [this](const QList<qint64> &ids) { onRemoved(ids); });
        m_run->start();
    }

    // Called once with the exit code.
    std::function<void(int)> done;

private:
    void emitLine(const QJsonObject &json, const QString &text)
    {
        if (m_options.json)
            m_out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
        else
            m_out << QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODate) << ' ' << text
                  << '\n';
        m_out.flush();
    }

    QJsonObject event(const QString &kind)
    {
        QJsonObject o;
        o.insert(u"time"_s, QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODateWithMs));
        o.insert(u"event"_s, kind);
        return o;
    }

    void onStatus(ClusterSession::Status status, const Error &error, bool again)
    {
        const Redactor &redactor = m_run->redactor();
        if (status == ClusterSession::Status::Connected) {
            QJsonObject o = event(u"connected"_s);
            o.insert(u"server"_s, redactor.url(m_endpoint.url).toString());
            emitLine(o,
                again ? Cli::tr("reconnected to %1").arg(redactor.url(m_endpoint.url).toString())
                      : Cli::tr("connected to %1").arg(redactor.url(m_endpoint.url).toString()));
            return;
        }
        if (status == ClusterSession::Status::Degraded) {
            QJsonObject o = event(u"disconnected"_s);
            o.insert(u"error"_s, errorCodeId(error.code));
            o.insert(u"message"_s, redactor.text(error.message));
            emitLine(o, Cli::tr("connection lost (%1), reconnecting…").arg(redactor.text(error.message)));
        }
    }

    void onVerdict(const VerdictTransition &t)
    {
        QJsonObject o = event(u"verdict"_s);
        o.insert(u"worker_id"_s, t.workerId);
        o.insert(u"worker"_s, m_run->redactor().text(t.workerName));
        o.insert(u"from"_s, verdictId(t.from));
        o.insert(u"to"_s, verdictId(t.to));
        emitLine(o,
            // One arg() call: a name such as "x%1" is not a placeholder for the fields after it.
            Cli::tr("%1 (id %2): verdict %3 → %4")
                .arg(m_run->redactor().text(t.workerName), QString::number(t.workerId), verdictId(t.from),
                    verdictId(t.to)));
    }

    void onWorkers(const QList<qint64> &ids)
    {
        for (qint64 id : ids) {
            const WorkerView *v = m_run->session().monitor().view(id);
            if (!v)
                continue;
            const QString state = serverStateId(v->server);
            const auto it = m_states.constFind(id);
            const QString before = it == m_states.cend() ? QString() : it.value();
            m_states.insert(id, state);
            if (before == state)
                continue;
            QJsonObject o = event(u"server_state"_s);
            o.insert(u"worker_id"_s, id);
            o.insert(u"worker"_s, m_run->redactor().text(v->server.name));
            o.insert(u"from"_s,
                before.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_run->redactor().text(before)));
            o.insert(u"to"_s, m_run->redactor().text(state));
            emitLine(o,
                Cli::tr("%1 (id %2): server state %3 → %4")
                    .arg(m_run->redactor().text(v->server.name), QString::number(id),
                        before.isEmpty() ? u"–"_s : m_run->redactor().text(before), m_run->redactor().text(state)));
        }
    }

    void onRemoved(const QList<qint64> &ids)
    {
        for (qint64 id : ids) {
            m_states.remove(id);
            QJsonObject o = event(u"removed"_s);
            o.insert(u"worker_id"_s, id);
            emitLine(o, Cli::tr("worker %1 removed").arg(id));
        }
    }

    WatchOptions m_options;
    ServerEndpoint m_endpoint;
    SystemClock m_clock;
    QTextStream m_out;
    std::unique_ptr<FollowedSession> m_run;
    QHash<qint64, QString> m_states;
};

}  // namespace

int runWatch(const QStringList &args)
{
    return runServerCommand<WatchOptions, WatchRun>(
        args, &parseWatch, &fail, Cli::tr("Run 'parallax-cli watch --help' for usage."));
}

}  // namespace parallax::cli

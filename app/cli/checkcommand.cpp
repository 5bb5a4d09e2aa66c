#include "clioptions.h"
#include "commands.h"
#include "followedsession.h"
#include "serverconnection.h"

#include "base/clock.h"
#include "report/observedhistory.h"
#include "report/report.h"
#include "report/reportassembler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTextStream>
#include <QTimer>

#include "monitor/clustersession.h"

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

// parallax-cli check: list the workers, probe them all, optionally keep watching for
// --observe seconds, write a report, and exit 0 (every worker agrees up), 1 (at least one
// worker down or the views disagree) or 2 (usage, auth failure, server unreachable).
namespace parallax::cli {

namespace {

int fail(const QString &reason)
{
    QString line = reason;
    line.replace(u'\n', u' ');
    QTextStream(stderr) << "parallax-cli check: " << line << '\n';
    return kExitUsage;
}

struct CheckOptions {
    ServerOptions server;
    ReportFormat format = ReportFormat::Json;
    QString out;
    int observeS = 0;
};

Result<CheckOptions> parseCheck(const QStringList &args, QCommandLineParser &parser)
{
    options::describe(parser, checkCommand());
    if (!parser.parse(args))
        return Error{ErrorCode::InvalidArgument, parser.errorText(), {}};
    if (parser.isSet(u"help"_s))
        return CheckOptions{};
    if (!parser.positionalArguments().isEmpty())
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("Unexpected argument '%1'.").arg(parser.positionalArguments().first()), {}};
    auto server = readServerOptions(parser);
    if (!server)
        return server.error();
    CheckOptions o;
    o.server = server.value();
    o.out = parser.value(u"out"_s);
    if (parser.isSet(u"format"_s)) {
        const auto f = reportFormatFromId(parser.value(u"format"_s));
        if (!f)
            return Error{ErrorCode::InvalidArgument,
                Cli::tr("--format is json, md or html, not '%1'.").arg(parser.value(u"format"_s)), {}};
        o.format = *f;
    } else if (!o.out.isEmpty()) {
        o.format = reportFormatFromId(QFileInfo(o.out).suffix()).value_or(ReportFormat::Json);
    }
    bool ok = false;
    o.observeS = parser.value(u"observe"_s).toInt(&ok);
    if (!ok || o.observeS < 0 || o.observeS > 7 * 86400)
        return Error{ErrorCode::InvalidArgument,
            Cli::tr("--observe needs a number of seconds (0 to 604800), not '%1'.").arg(parser.value(u"observe"_s)),
            {}};
    if (!o.out.isEmpty()) {
        const QFileInfo dir(QFileInfo(o.out).absolutePath());
        if (!dir.isDir() || !dir.isWritable())
            return Error{ErrorCode::InvalidArgument,
                Cli::tr("Cannot write to %1: the directory does not exist or is not "
                        "writable.")
                    .arg(o.out),
                {}};
    }
    return o;
}

// 0 when every worker agrees up, else 1. An empty cluster has nothing wrong in it.
[[maybe_unused]] int exitCodeFor(const ReportInput &input)
{
    const bool allUp = std::all_of(input.workers.cbegin(), input.workers.cend(),
        [](const ReportWorker &w) { return w.view.verdict == Verdict::AgreeUp; });
    return allUp ? kExitOk : kExitTrouble;
}

[[maybe_unused]] QString summaryLine(const ReportInput &input)
{
    const ReportSummary s = summarize(input);
    QStringList parts;
    for (Verdict v : reportVerdictOrder()) {
        if (s.byVerdict.value(v) > 0)
            parts.append(u"%1 %2"_s.arg(verdictId(v)).arg(s.byVerdict.value(v)));
    }
    return Cli::tr("%n worker(s): %1", nullptr, s.workers).arg(parts.isEmpty() ? Cli::tr("none") : parts.join(u", "_s));
}

// Writes the report and returns the exit code (2 when it cannot be written).
[[maybe_unused]] int finishWithReport(const CheckOptions &o, ReportInput input, const Redactor &redactor)
{
    const int code = exitCodeFor(input);
    const QString summary = summaryLine(input);
    // The input is not needed after this: the redactor scrubs it in place, and the report goes
    // to the file in pieces (10,000 workers: 19 MB of JSON never held whole).
    const auto written = writeOutput(o.out, [&](QIODevice &out) {
        return renderReport(std::move(input), o.format, redactor,
            [&out](QByteArrayView piece) { return out.write(piece.data(), piece.size()) == piece.size(); });
    });
    if (!written)
        return fail(written.error().message);
    QTextStream(stderr) << "parallax-cli check: " << summary << '\n';
    return code;
}

// One run of `check` on the event loop: connect, wait for every worker's first probe, observe,
// report. Calls done(exit code) once.
class CheckRun : public QObject {
public:
    CheckRun(CheckOptions options, ServerEndpoint endpoint, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(std::move(options))
        , m_endpoint(std::move(endpoint))
    {
    }

    void start()
    {
        m_startedMs = m_clock.nowMs();
        SessionConfig config = sessionConfigFor(m_options.server, m_endpoint);
        // Without --observe the list is the server's view: following the stream would first
        // replay every worker the list just returned.
        config.watch.follow = m_options.observeS > 0;
        config.probe = probeSettings();
        m_session = std::make_unique<ClusterSession>(config, m_clock);
        connect(m_session.get(), &ClusterSession::statusChanged, this,
            [this](ClusterSession::Status status, const Error &error) { onStatus(status, error); });
        ClusterMonitor &monitor = m_session->monitor();
        connect(
            &monitor, &ClusterMonitor::workersAdded, this, [this](const QList<qint64> &ids) { onWorkers(ids, true); });
        connect(&monitor, &ClusterMonitor::workersChanged, this,
            [this](const QList<qint64> &ids) { onWorkers(ids, false); });
        connect(&monitor, &ClusterMonitor::workersRemoved, this,
            [this](const QList<qint64> &ids) { onWorkersRemoved(ids); });
        // A run that watches has something to say over time: the report's history.
        if (m_options.observeS > 0)
            m_observed.watch(monitor);

        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] { onDeadline(); });
        m_deadline.start(m_options.server.timeoutS * 1000);
        m_session->start();
    }

    // Called once with the exit code.
    std::function<void(int)> done;

private:
    ProbeSettings probeSettings() const
    {
        ProbeSettings s;
        // A check is a snapshot: one probe is the evidence, not the start of a trend.
        s.failureThreshold = 1;
        s.successThreshold = 1;
        s.spreadRounds = false;
        s.timeoutMs = std::min(5'000, m_options.server.timeoutS * 1000);
        s.allowedNetworks = m_options.server.probeNetworks;
        // Resolving every worker's hostname is a second route to watch over time; a snapshot
        // answers from the registered addresses, as GPUStack does, and does not wait on the
        // system resolver (which cannot be interrupted) for thousands of names.
        s.probeHostname = m_options.observeS > 0;
        // While observing, probe often enough that a change shows up within the window.
        if (m_options.observeS > 0)
            s.intervalMs = std::clamp(m_options.observeS * 1000 / 10, 1'000, 30'000);
        return s;
    }

    void onStatus(ClusterSession::Status status, const Error &error)
    {
        if (m_finished)
            return;
        switch (status) {
        case ClusterSession::Status::Failed:
            finish(fail(error.message.isEmpty() ? errorCodeId(error.code) : error.message));
            return;
        case ClusterSession::Status::Connecting:
        case ClusterSession::Status::Degraded:
            // Before the first connection an error means the server cannot be read: a check
            // does not wait for the session's retries.
            if (!m_connected && error.code != ErrorCode::None)
                finish(fail(error.message.isEmpty() ? errorCodeId(error.code) : error.message));
            return;
        case ClusterSession::Status::Connected:
            if (!m_connected) {
                // The list may have arrived before its coalesced workersAdded batch: every
                // worker the monitor holds now is waited for.
                const ClusterMonitor &monitor = m_session->monitor();
                for (qint64 id : monitor.workerIds()) {
                    if (!firstProbeDone(*monitor.view(id)))
                        m_unprobed.insert(id);
                }
            }
            m_connected = true;
            checkFirstRound();
            return;
        case ClusterSession::Status::Idle: return;
        }
    }

    // Per batch, not per worker: the work is proportional to the batch, so a 10,000-worker
    // first round costs one pass over the workers, not 10,000 passes (each a copy of them all).
    void onWorkers(const QList<qint64> &ids, bool added)
    {
        if (m_finished)
            return;
        const ClusterMonitor &monitor = m_session->monitor();
        for (qint64 id : ids) {
            const WorkerView *v = monitor.view(id);
            if (!v)
                continue;
            if (firstProbeDone(*v))
                m_unprobed.remove(id);
            else if (added)
                m_unprobed.insert(id);
        }
        checkFirstRound();
    }

    void onWorkersRemoved(const QList<qint64> &ids)
    {
        if (m_finished)
            return;
        for (qint64 id : ids)
            m_unprobed.remove(id);
        checkFirstRound();
    }

    // A worker's first round is over once it has a probe and a judgement from it; a worker
    // outside --probe-only is never contacted, and its 'skipped' result is its answer.
    static bool firstProbeDone(const WorkerView &v)
    {
        if (!v.lastProbe.has_value())
            return false;
        return v.local != LocalState::Unknown || v.lastProbe->firstError() == ProbeError::Skipped;
    }

    void checkFirstRound()
    {
        if (!m_connected || m_observing || m_finished || !m_unprobed.isEmpty())
            return;
        if (m_options.observeS <= 0) {
            // Let the monitor's coalesced verdicts settle before reading them.
            QTimer::singleShot(0, this, [this] { report(); });
            m_observing = true;
            return;
        }
        m_observing = true;
        m_deadline.stop();
        QTimer::singleShot(m_options.observeS * 1000, this, [this] { report(); });
    }

    void onDeadline()
    {
        if (m_finished || m_observing)
            return;
        if (!m_connected) {
            const Error &e = m_session->lastError();
            finish(fail(Cli::tr("The server did not answer within %1 s.").arg(m_options.server.timeoutS)
                + (e.message.isEmpty() ? QString() : u' ' + e.message)));
            return;
        }
        // Connected, but some workers were never probed in time: they stay unknown.
        report();
    }

    void report()
    {
        if (m_finished)
            return;
        m_session->monitor().flush();
        ReportRequest request;
        request.clusterId = m_options.server.clusterId;
        request.settings = describeOptions(m_options.server);
        request.settings.insert(u"observe_s"_s, m_options.observeS);
        // A snapshot has no history: only a run that watched has something to say over time.
        ReportHistorySource *history = nullptr;
        if (m_options.observeS > 0) {
            request.rangeFromMs = m_startedMs;
            history = &m_observed;
        }
        assembleReport(*m_session, std::move(request), history, m_clock, this, [this](ReportInput input) {
            finish(finishWithReport(m_options, std::move(input), reportRedactor(*m_session, false)));
        });
    }

    void finish(int code)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_deadline.stop();
        if (m_session)
            m_session->stop();
        done(code);
    }

    CheckOptions m_options;
    ServerEndpoint m_endpoint;
    SystemClock m_clock;
    std::unique_ptr<ClusterSession> m_session;
    QTimer m_deadline;
    qint64 m_startedMs = 0;
    bool m_connected = false;
    bool m_observing = false;
    bool m_finished = false;
    QSet<qint64> m_unprobed;  // workers listed whose first probe has not been judged yet
    ObservedHistory m_observed{m_clock};
};

}  // namespace

int runCheck(const QStringList &args)
{
    return runServerCommand<CheckOptions, CheckRun>(
        args, &parseCheck, &fail, Cli::tr("Run 'parallax-cli check --help' for usage."));
}

}  // namespace parallax::cli

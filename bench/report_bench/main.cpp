// report_bench: how long writing a report takes for a large cluster.
//
//   report_bench [--workers N] [--trouble PERCENT] [--step SECONDS] [--runs R] [--out DIR]
//
// Builds a synthetic ReportInput: N workers, PERCENT of them in trouble with a 24 h timeline of
// both views at one point per STEP seconds (GPUStack's 30 s heartbeat by default), causes with
// evidence and commands, and a 24 h cluster availability series; then renders JSON, Markdown
// and HTML R times each and prints the median time and size per format, with and without host
// pseudonymization. Redaction is part of every measured render (renderReport always redacts).

#include "report/report.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

constexpr qint64 kNowMs = 1'780'000'000'000;
constexpr qint64 kDayMs = 86'400'000;

ReportInput syntheticCluster(int workers, int troublePercent, int stepS)
{
    ReportInput in;
    in.generatedAtMs = kNowMs;
    in.rangeFromMs = kNowMs - kDayMs;
    in.environment = currentEnvironment();
    in.server.url = QUrl(u"https://gpustack.example.com/"_s);
    in.server.version = u"v2.2.3"_s;
    in.server.reachable = true;
    in.settings = {
        {u"probe_interval_ms"_s, 30000}, {u"probe_timeout_ms"_s, 5000}, {u"api_key_env"_s, u"GPUSTACK_KEY"_s}};
    const QList<CauseId> causes = allCauseIds();
    const int troubleEvery = troublePercent > 0 ? std::max(1, 100 / troublePercent) : workers + 1;
    for (int i = 0; i < workers; ++i) {
        ReportWorker rw;
        Worker &w = rw.view.server;
        w.id = i + 1;
        w.name = u"gpu-node-%1"_s.arg(i + 1, 4, 10, QChar(u'0'));
        w.hostname = w.name + u".dc1.example.com"_s;
        w.ip = u"10.%1.%2.%3"_s.arg(i / 65536).arg((i / 256) % 256).arg(i % 256);
        w.port = 10150;
        w.clusterId = 1 + i % 3;
        w.workerVersion = u"v2.2.3"_s;
        w.labels = {{u"gpu"_s, u"a100"_s}, {u"rack"_s, QString::number(i / 40)}};
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNowMs - 10'000 - i * 7, Qt::UTC);
        const bool trouble = i % troubleEvery == 0;
        w.state = trouble && i % 2 == 0 ? WorkerState::Unreachable : WorkerState::Ready;
        w.stateText = workerStateId(w.state);
        if (w.state == WorkerState::Unreachable)
            w.stateMessage =
                u"Worker is unreachable from server: health check to http://%1:10150/healthz timed out"_s.arg(w.ip);

        ProbeResult p;
        p.workerId = w.id;
        p.host = w.ip;
        p.port = 10150;
        p.startedMs = kNowMs - 1000;
        p.tcp = {true, true, ProbeError::None, 800, {}};
        p.http = {true, true, ProbeError::None, 2400, {}};
        p.httpStatus = 200;
        p.totalUs = 3200;
        if (trouble && i % 2 == 1) {
            p.tcp = {true, false, ProbeError::TimedOut, 5'000'000, u"connect timed out"_s};
            p.http = {};
            p.httpStatus = 0;
        }
        rw.view.lastProbe = p;
        rw.view.local = p.healthy() ? LocalState::Up : LocalState::Down;
        rw.view.verdict = !trouble ? Verdict::AgreeUp : i % 2 == 0 ? Verdict::SplitServerDown : Verdict::SplitLocalDown;
        rw.view.verdictSinceMs = kNowMs - 3'600'000;
        if (trouble) {
            for (int c = 0; c < 3; ++c) {
                Cause cause;
                cause.id = causes.at((i + c) % causes.size());
                cause.confidence = 0.9 - 0.25 * c;
                cause.title = u"Cause %1"_s.arg(causeIdString(cause.id));
                cause.evidence =
                    u"TCP connect to %1:10150 timed out after 5000 ms; the metrics port answered."_s.arg(w.ip);
                cause.fix = u"Open port 10150/tcp on %1 for the server's address."_s.arg(w.name);
                cause.commands = {u"sudo firewall-cmd --add-port=10150/tcp --permanent"_s,
                    u"sudo firewall-cmd --reload"_s, u"curl -sS --max-time 2 http://%1:10150/healthz"_s.arg(w.ip)};
                rw.view.causes.append(cause);
            }
        }
        WorkerHistory h;
        h.lastHour = {trouble ? 0.4 : 1.0, 1.0};
        h.lastDay = {trouble ? 0.93 : 1.0, 0.99};
        if (trouble) {
            const qint64 stepMs = qint64(stepS) * 1000;
            h.timeline.reserve(int(kDayMs / stepMs));
            for (qint64 t = kNowMs - kDayMs; t < kNowMs; t += stepMs) {
                const qint64 minute = (t / 60'000 + i) % 240;
                TimelinePoint tp;
                tp.atMs = t;
                tp.server = minute < 20 ? ViewState::Down : ViewState::Up;
                tp.local = minute > 200 && minute < 205 ? ViewState::Down : ViewState::Up;
                if (tp.local == ViewState::Up)
                    tp.latencyMs = 2.0 + double((t / stepMs + i) % 50) / 10.0;
                h.timeline.append(tp);
            }
        }
        rw.history = h;
        in.workers.append(rw);
    }
    for (qint64 t = kNowMs - kDayMs; t < kNowMs; t += qint64(stepS) * 1000) {
        const double dip = ((t / 60'000) % 240) < 20 ? 0.05 : 0.0;
        in.clusterAvailability.append({t, 0.95 - dip, 0.97});
    }
    return in;
}

struct Figure {
    double medianMs = 0;
    double medianCpuMs = 0;  // process CPU time: comparable on a loaded machine
    qsizetype bytes = 0;
};

Figure measure(const ReportInput &in, ReportFormat format, bool pseudonymize, int runs, QByteArray *last)
{
    QList<double> ms;
    QList<double> cpu;
    QByteArray out;
    for (int r = 0; r < runs; ++r) {
        Redactor redactor;  // fresh each run: pseudonyms are assigned as hosts are first seen
        redactor.setPseudonymizeHosts(pseudonymize);
        redactor.addSecret(u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s);
        QElapsedTimer t;
        t.start();
        const std::clock_t c0 = std::clock();
        out = renderReport(in, format, redactor);
        cpu.append(double(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC);
        ms.append(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    if (last)
        *last = out;
    return {ms.at(ms.size() / 2), cpu.at(cpu.size() / 2), out.size()};
}

}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"workers"_s, u"Workers in the cluster."_s, u"N"_s, u"1000"_s});
    parser.addOption({u"trouble"_s, u"Percent of workers in trouble (with a 24 h timeline)."_s, u"PERCENT"_s, u"10"_s});
    parser.addOption({u"step"_s, u"Seconds between timeline points."_s, u"SECONDS"_s, u"30"_s});
    parser.addOption({u"runs"_s, u"Renders per format (median printed)."_s, u"R"_s, u"5"_s});
    parser.addOption({u"out"_s, u"Also write the reports into this directory."_s, u"DIR"_s});
    parser.process(app);
    const int workers = parser.value(u"workers"_s).toInt();
    const int trouble = parser.value(u"trouble"_s).toInt();
    const int step = std::max(1, parser.value(u"step"_s).toInt());
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());

    QElapsedTimer build;
    build.start();
    const ReportInput in = syntheticCluster(workers, trouble, step);
    qsizetype points = 0;
    for (const ReportWorker &w : in.workers)
        points += w.history ? w.history->timeline.size() : 0;
    QTextStream out(stdout);
    out << "report_bench: " << workers << " workers, " << trouble << " % in trouble, " << points
        << " timeline points (24 h at " << step << " s), " << in.clusterAvailability.size()
        << " cluster points; input built in " << QString::number(double(build.nsecsElapsed()) / 1e6, 'f', 1) << " ms\n";
    out << "format  hosts         median ms  (CPU ms)   size\n";
    for (bool pseudonymize : {false, true}) {
        for (ReportFormat f : {ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Html}) {
            QByteArray bytes;
            const Figure fig = measure(in, f, pseudonymize, runs, &bytes);
            out << reportFormatId(f).leftJustified(8) << (pseudonymize ? u"pseudonyms"_s : u"as is"_s).leftJustified(14)
                << QString::number(fig.medianMs, 'f', 1).rightJustified(9) << "  ("
                << QString::number(fig.medianCpuMs, 'f', 1).rightJustified(7) << ")   "
                << QString::number(double(fig.bytes) / 1e6, 'f', 2) << " MB"
                << (fig.medianMs < 2000 ? "" : "   OVER 2 s") << '\n';
            out.flush();
            if (parser.isSet(u"out"_s) && !pseudonymize) {
                QFile file(QDir(parser.value(u"out"_s)).filePath(u"report."_s + reportFileSuffix(f)));
                if (file.open(QIODevice::WriteOnly))
                    file.write(bytes);
            }
        }
    }
    return 0;
}

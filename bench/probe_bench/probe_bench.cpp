// probe_bench: what one probe costs this process, at scale.
//
//   probe_bench [--targets 10000] [--ports 50] [--concurrency 256] [--timeout 5000]
//               [--mode both|tcp|http] [--rounds 1] [--engine parallax|qtcpsocket|qnam]
//               [--sim path/to/parallax-cli]
//
// The health endpoints run in a forked child (benchserver.cpp), so getrusage(RUSAGE_SELF)
// charges only the prober: ProbeScheduler → ProbeEngine → sockets, the whole path a
// ClusterSession uses. Every target is probed once per round (all due at once, concurrency
// capped). --engine qtcpsocket / qnam measure the Qt alternatives on the same targets
// (qtprobes.cpp), the evidence for ProbeEngine's own sockets. --sim serves the targets from
// `parallax-cli sim --scenario scale` instead (each worker on its own 127.N.x.y:10150; 2% of
// them refuse or answer 503 by design, so those show up as errors). Targets: DESIGN.md "Performance targets" (≤ 100 µs
// CPU per HTTP probe, ≤ 60 µs per TCP probe).

#include "benchserver.h"
#include "probe/probescheduler.h"
#include "qtprobes.h"
#include "simtargets.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <string>

#include <sys/resource.h>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

struct Options {
    int targets = 10'000;
    int ports = 50;
    int concurrency = 256;
    int timeoutMs = 5000;
    int rounds = 1;
    QString mode = u"both"_s;
    QString engine = u"parallax"_s;
    QString sim;  // path of parallax-cli: use its simulator instead of the bench server
};

qint64 cpuUs()
{
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return qint64(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1'000'000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

long peakRssKiB()
{
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

bool parse(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](int *out) {
            if (i + 1 >= argc)
                return false;
            *out = std::atoi(argv[++i]);
            return *out > 0;
        };
        bool ok = true;
        if (a == "--targets")
            ok = next(&o->targets);
        else if (a == "--ports")
            ok = next(&o->ports);
        else if (a == "--concurrency")
            ok = next(&o->concurrency);
        else if (a == "--timeout")
            ok = next(&o->timeoutMs);
        else if (a == "--rounds")
            ok = next(&o->rounds);
        else if (a == "--mode" && i + 1 < argc)
            o->mode = QString::fromLatin1(argv[++i]);
        else if (a == "--engine" && i + 1 < argc)
            o->engine = QString::fromLatin1(argv[++i]);
        else if (a == "--sim" && i + 1 < argc)
            o->sim = QString::fromLocal8Bit(argv[++i]);
        else
            ok = false;
        if (!ok) {
            std::fprintf(stderr,
                "usage: probe_bench [--targets N] [--ports K] [--concurrency C] [--timeout ms] "
                "[--mode both|tcp|http] [--rounds R] [--engine parallax|qtcpsocket|qnam] [--sim parallax-cli]\n");
            return false;
        }
    }
    return true;
}

struct RoundResult {
    qint64 wallUs = 0;
    qint64 cpuUs = 0;
    int ok = 0;
    QMap<QString, int> errors;
};

// The same round with a Qt alternative instead of ProbeEngine.
RoundResult runQtRound(const Options &o, const QList<quint16> &ports, bool http)
{
    RoundResult r;
    auto done = [&r](qtprobes::Outcome outcome) {
        r.ok = outcome.ok;
        if (outcome.failed)
            r.errors[u"failed"_s] = outcome.failed;
        QCoreApplication::exit(0);
    };
    QElapsedTimer wall;
    const qint64 cpu0 = cpuUs();
    wall.start();
    if (o.engine == u"qnam"_s)
        qtprobes::runQnam(o.targets, ports, o.concurrency, o.timeoutMs, done);
    else
        qtprobes::runQTcpSocket(o.targets, ports, o.concurrency, o.timeoutMs, http, done);
    QCoreApplication::exec();
    r.wallUs = wall.nsecsElapsed() / 1000;
    r.cpuUs = cpuUs() - cpu0;
    return r;
}

// Probes every target once through a fresh scheduler; returns when all results are in.
RoundResult runRound(const Options &o, const QList<quint16> &ports, const QList<ProbeTarget> &simTargets, bool http)
{
    if (o.engine != u"parallax"_s)
        return runQtRound(o, ports, http);
    const int count = simTargets.isEmpty() ? o.targets : int(simTargets.size());
    SystemClock clock;
    ProbeScheduler scheduler(clock);
    ProbeSettings s;
    s.intervalMs = 3'600'000;  // one probe per target in this round
    s.timeoutMs = o.timeoutMs;
    s.jitter = 0;
    s.spreadRounds = false;  // all due now: the worst burst the cap has to absorb
    s.concurrency = o.concurrency;
    s.httpCheck = http;
    s.metricsWitness = false;
    s.probeHostname = false;
    s.allowedNetworks = ProbeSettings::loopbackOnly();
    scheduler.setSettings(s);
    for (const ProbeTarget &t : simTargets)
        scheduler.upsertTarget(t);
    for (int i = 0; simTargets.isEmpty() && i < o.targets; ++i) {
        ProbeTarget t;
        t.workerId = i;
        t.host = u"127.0.0.1"_s;
        t.port = ports.at(i % ports.size());
        scheduler.upsertTarget(t);
    }
    RoundResult r;
    int done = 0;
    QObject::connect(&scheduler, &ProbeScheduler::probeFinished, &scheduler, [&](const ProbeResult &p) {
        if (p.healthy())
            ++r.ok;
        else
            ++r.errors[probeErrorId(p.firstError())];
        if (++done == count)
            QCoreApplication::exit(0);
    });
    QElapsedTimer wall;
    const qint64 cpu0 = cpuUs();
    wall.start();
    scheduler.start();
    QCoreApplication::exec();
    r.wallUs = wall.nsecsElapsed() / 1000;
    r.cpuUs = cpuUs() - cpu0;
    scheduler.stop();
    return r;
}

}  // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parse(argc, argv, &o))
        return 2;
    const long files = raiseFileLimit();
    BenchServer server;
    if (o.sim.isEmpty() && !server.start(o.ports)) {
        std::fprintf(stderr, "probe_bench: cannot start the loopback server: %s\n", std::strerror(errno));
        return 1;
    }
    QCoreApplication app(argc, argv);
    SimTargets sim;
    if (!o.sim.isEmpty()) {
        if (o.engine != u"parallax"_s) {
            std::fprintf(stderr, "probe_bench: --sim works with --engine parallax only\n");
            return 2;
        }
        if (!sim.start(o.sim, o.targets)) {
            std::fprintf(stderr, "probe_bench: %s\n", qPrintable(sim.error));
            sim.stop();
            return 1;
        }
        o.targets = int(sim.targets.size());
    }
    if (o.engine != u"parallax"_s && o.engine != u"qtcpsocket"_s && o.engine != u"qnam"_s) {
        std::fprintf(stderr, "probe_bench: unknown engine %s\n", qPrintable(o.engine));
        return 2;
    }
    std::printf("probe_bench: engine %s, %d targets %s, concurrency %d, timeout %d ms, "
                "RLIMIT_NOFILE %ld, event dispatcher %s\n",
        qPrintable(o.engine), o.targets,
        qPrintable(o.sim.isEmpty() ? u"on %1 loopback ports (bench server)"_s.arg(o.ports)
                                   : u"from parallax-cli sim --scenario scale"_s),
        o.concurrency, o.timeoutMs, files,
        qEnvironmentVariableIsSet("QT_NO_GLIB") ? "unix (QT_NO_GLIB)" : "default (glib)");
    const bool tcp = (o.mode == u"both"_s || o.mode == u"tcp"_s) && o.engine != u"qnam"_s;
    const bool http = o.mode == u"both"_s || o.mode == u"http"_s;
    int failures = 0;
    for (int round = 1; round <= o.rounds; ++round) {
        for (const bool withHttp : {false, true}) {
            if ((withHttp && !http) || (!withHttp && !tcp))
                continue;
            const RoundResult r = runRound(o, server.ports, sim.targets, withHttp);
            QString errors;
            for (auto it = r.errors.cbegin(); it != r.errors.cend(); ++it)
                errors += u" %1=%2"_s.arg(it.key()).arg(it.value());
            std::printf("round %d %-9s probes %6d  ok %6d  wall %8.1f ms  %7.0f probes/s  CPU %7.1f µs/probe  "
                        "peak RSS %6.1f MiB%s%s\n",
                round, withHttp ? "tcp+http" : "tcp-only", o.targets, r.ok, double(r.wallUs) / 1000.0,
                double(o.targets) * 1e6 / double(std::max<qint64>(r.wallUs, 1)), double(r.cpuUs) / double(o.targets),
                double(peakRssKiB()) / 1024.0, errors.isEmpty() ? "" : "  errors:", qPrintable(errors));
            std::fflush(stdout);
            failures += o.targets - r.ok;
        }
    }
    server.stop();
    sim.stop();
    return failures == 0 || !o.sim.isEmpty() ? 0 : 1;
}

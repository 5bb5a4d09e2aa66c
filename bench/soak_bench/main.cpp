// soak_bench: Parallax watching a large simulated cluster for a long time while faults flip
// (issue 9 "Soak"). The simulator runs in a child process (this program with --sim-child);
// this process is what the user runs: one ClusterSession (client + watch + probes + monitor)
// writing a HistoryStore. After the warm-up it prints, every --sample seconds, its resident
// memory, open file descriptors, live QObjects and timers; at the end the growth of each, and
// whether every verdict transition the flips caused was delivered exactly once (by the
// monitor, and into the history).
//
//   soak_bench [--workers 10000] [--duration 600] [--warmup 120] [--interval 15000]
//              [--hold 45] [--flip-fraction 0.02] [--sample 30] [--check]
//
// --check: exit 1 when RSS grew by 5 % or more after the warm-up, when the file descriptors or
// timers did not stay flat, or when a transition was lost or delivered twice (the ctest
// soak_short runs it so).
#include "history/historystore.h"
#include "monitor/clustersession.h"
#include "processmeter.h"
#include "simchild.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

// AddressSanitizer keeps freed memory in quarantine (256 MiB by default): RSS then says nothing
// about leaks (LeakSanitizer does), so the growth bound is not checked in such a build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

struct Options {
    int workers = 10000;
    int durationS = 600;
    int warmupS = 120;
    int intervalMs = 15'000;
    int holdS = 45;
    double flipFraction = 0.02;
    int sampleS = 30;
    bool check = false;
    double maxGrowthPercent = 5.0;
};

struct Flip {
    bool down = false;
    qint64 atMs = 0;
};

struct Transition {
    Verdict from = Verdict::Unknown;
    Verdict to = Verdict::Unknown;
    qint64 atMs = 0;
};

void print(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString mib(qint64 kib)
{
    return QString::number(double(kib) / 1024.0, 'f', 1) + u" MiB"_s;
}

class Soak : public QObject {
public:
    explicit Soak(const Options &o)
        : m_o(o)
    {
    }

    int run()
    {
        m_startMs = QDateTime::currentMSecsSinceEpoch();
        const qint64 settleMs = std::max<qint64>(m_o.holdS * 1000LL, 2LL * m_o.intervalMs + 10'000);
        m_flipFromMs = m_startMs + m_o.warmupS * 1000LL;
        m_flipUntilMs = m_startMs + m_o.durationS * 1000LL - settleMs;
        if (m_flipUntilMs <= m_flipFromMs) {
            print(u"the duration leaves no time for flips after the warm-up and before the settling (%1 s)"_s.arg(
                settleMs / 1000));
            return 2;
        }
        const QString key = u"gpustack_soak_"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PARALLAX_SOAK_KEY"_s, key);
        m_sim.setProcessEnvironment(env);
        m_sim.setProgram(QCoreApplication::applicationFilePath());
        m_sim.setArguments({u"--sim-child"_s, u"--workers"_s, QString::number(m_o.workers), u"--hold"_s,
            QString::number(m_o.holdS), u"--flip-fraction"_s, QString::number(m_o.flipFraction), u"--flip-from"_s,
            QString::number(m_flipFromMs), u"--flip-until"_s, QString::number(m_flipUntilMs)});
        m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        connect(&m_sim, &QProcess::readyReadStandardOutput, this, [this, key] { readSim(key); });
        connect(&m_sim, &QProcess::finished, this, [this] {
            if (!m_finishing) {
                print(u"the simulator exited early"_s);
                QCoreApplication::exit(2);
            }
        });
        m_sim.start();
        print(u"soak: %1 workers, %2 s (warm-up %3 s, flips until %4 s), probe interval %5 ms, hold %6 s"_s
                  .arg(m_o.workers)
                  .arg(m_o.durationS)
                  .arg(m_o.warmupS)
                  .arg((m_flipUntilMs - m_startMs) / 1000)
                  .arg(m_o.intervalMs)
                  .arg(m_o.holdS));
        QTimer::singleShot(m_o.durationS * 1000, this, [this] { finish(); });
        const int rc = QCoreApplication::exec();
        m_finishing = true;
        m_session.reset();
        m_history.reset();
        m_sim.terminate();
        m_sim.waitForFinished(10000);
        return rc;
    }

private:
    void readSim(const QString &key)
    {
        m_simOut += m_sim.readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_simOut.indexOf('\n')) >= 0) {
            const QList<QByteArray> f = m_simOut.left(nl).split(' ');
            m_simOut.remove(0, nl + 1);
            if (f.value(0) == "ready") {
                m_flippers = f.value(2).toInt();
                connectSession(QUrl(QString::fromUtf8(f.value(1))), key);
            } else if (f.value(0) == "flip") {
                m_flips[QString::fromUtf8(f.value(1))].append({f.value(2) == "down", f.value(3).toLongLong()});
                ++m_flipCount;
            } else if (f.value(0) == "error") {
                print(u"simulator: "_s + QString::fromUtf8(m_simOut));
                QCoreApplication::exit(2);
            }
        }
    }

    void connectSession(const QUrl &url, const QString &key)
    {
        print(u"simulator ready after %1 ms at %2, %3 workers will flip"_s
                  .arg(QDateTime::currentMSecsSinceEpoch() - m_startMs)
                  .arg(url.toString())
                  .arg(m_flippers));
        m_history = std::make_unique<HistoryStore>(m_clock);
        connect(m_history.get(), &HistoryStore::errorOccurred, this,
            [](const Error &e) { print(u"history: "_s + e.message); });
        m_history->open(m_dataDir.filePath(u"history.sqlite"_s));

        SessionConfig c;
        c.name = u"soak"_s;
        c.endpoint.url = url;
        c.endpoint.authMode = AuthMode::ApiKeyBearer;
        c.endpoint.secret = key;
        c.probe.intervalMs = m_o.intervalMs;
        c.probe.timeoutMs = 2000;
        c.probe.allowedNetworks = ProbeSettings::loopbackOnly();
        m_session = std::make_unique<ClusterSession>(c, m_clock, m_history.get());
        connect(&m_session->monitor(), &ClusterMonitor::verdictChanged, this, [this](const VerdictTransition &t) {
            m_transitions[t.workerName].append({t.from, t.to, t.atMs});
            m_ids.insert(t.workerName, t.workerId);
            ++m_transitionCount;
        });
        connect(m_session.get(), &ClusterSession::statusChanged, this, [](ClusterSession::Status s, const Error &e) {
            if (s == ClusterSession::Status::Failed || s == ClusterSession::Status::Degraded)
                print(u"session: %1 %2"_s.arg(int(s)).arg(e.message));
        });
        m_session->start();
        startSampling();

        const qint64 untilWarm = m_flipFromMs - QDateTime::currentMSecsSinceEpoch();
        QTimer::singleShot(std::max<qint64>(0, untilWarm), this, [this] { warmedUp(); });
    }

    void warmedUp()
    {
        int agreeUp = 0;
        for (const qint64 id : m_session->monitor().workerIds())
            agreeUp += m_session->monitor().view(id)->verdict == Verdict::AgreeUp ? 1 : 0;
        print(u"warm-up done: %1 workers known, %2 agree up, %3 transitions so far"_s.arg(m_session->monitor().size())
                  .arg(agreeUp)
                  .arg(m_transitionCount));
        m_baseline = processmeter::sample();
        m_measuring = true;
        m_samples.append(m_baseline);
        printSample(m_baseline);
    }

    // Samples from the start (the warm-up shows how memory settles), counted after it.
    void startSampling()
    {
        m_sampler.setInterval(m_o.sampleS * 1000);
        connect(&m_sampler, &QTimer::timeout, this, [this] {
            const ProcessSample s = processmeter::sample();
            if (m_measuring)
                m_samples.append(s);
            printSample(s);
        });
        m_sampler.start();
    }

    void printSample(const ProcessSample &s)
    {
        const qint64 t = (QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000;
        print(u"t=%1s rss %2 fds %3 objects %4 timers %5 (active %6, single-shot %7) transitions %8 flips %9 "
              "sim-rss %10"_s.arg(t)
                  .arg(mib(s.rssKiB))
                  .arg(s.fds)
                  .arg(s.objects)
                  .arg(s.timers)
                  .arg(s.activeTimers)
                  .arg(s.singleShots)
                  .arg(m_transitionCount)
                  .arg(m_flipCount)
                  .arg(mib(processmeter::rssKiB(m_sim.processId()))));
    }

    // Per flipped worker: every flip down must show up as exactly one entry into a verdict with
    // our view down, every flip up as exactly one return to agree_up; and no transition anywhere
    // may repeat or skip (from == the previous to, from != to).
    struct Accounting {
        qint64 flips = 0, expected = 0, delivered = 0, lost = 0, duplicated = 0, other = 0, broken = 0;
        QStringList problems;
    };

    Accounting account() const
    {
        Accounting a;
        for (auto it = m_transitions.cbegin(); it != m_transitions.cend(); ++it) {
            Verdict last = Verdict::Unknown;
            for (const Transition &t : it.value()) {
                if (t.from != last || t.from == t.to) {
                    ++a.broken;
                    if (a.problems.size() < 10)
                        a.problems << u"%1: %2 → %3 after %4"_s.arg(
                            it.key(), verdictId(t.from), verdictId(t.to), verdictId(last));
                }
                last = t.to;
            }
        }
        for (auto it = m_flips.cbegin(); it != m_flips.cend(); ++it) {
            const QList<Flip> &flips = it.value();
            const qint64 first = flips.first().atMs;
            qint64 downs = 0, ups = 0, intoDown = 0, intoUp = 0, other = 0;
            for (const Flip &f : flips)
                (f.down ? downs : ups) += 1;
            Verdict before = Verdict::Unknown;
            for (const Transition &t : m_transitions.value(it.key())) {
                if (t.atMs < first) {
                    before = t.to;
                    continue;
                }
                if (t.to == Verdict::SplitLocalDown || t.to == Verdict::AgreeDown)
                    ++intoDown;
                else if (t.to == Verdict::AgreeUp)
                    ++intoUp;
                else
                    ++other;
            }
            a.flips += flips.size();
            a.expected += flips.size();
            a.delivered += std::min(intoDown, downs) + std::min(intoUp, ups);
            a.lost += std::max<qint64>(0, downs - intoDown) + std::max<qint64>(0, ups - intoUp);
            a.duplicated += std::max<qint64>(0, intoDown - downs) + std::max<qint64>(0, intoUp - ups);
            a.other += other;
            if ((intoDown != downs || intoUp != ups || before != Verdict::AgreeUp) && a.problems.size() < 10)
                a.problems << u"%1: %2 down / %3 up flips, %4 / %5 delivered, %6 other, %7 before the first flip"_s
                                  .arg(it.key())
                                  .arg(downs)
                                  .arg(ups)
                                  .arg(intoDown)
                                  .arg(intoUp)
                                  .arg(other)
                                  .arg(verdictId(before));
        }
        return a;
    }

    void finish()
    {
        m_sampler.stop();
        const ProcessSample end = processmeter::sample();
        m_samples.append(end);
        printSample(end);
        m_endAccounting = account();
        // The same transitions in the history: one verdict event each, after the first flip.
        m_pendingQueries = 0;
        for (auto it = m_flips.cbegin(); it != m_flips.cend(); ++it) {
            if (!m_ids.contains(it.key()))
                continue;
            const qint64 first = it.value().first().atMs;
            qint64 monitorCount = 0;
            for (const Transition &t : m_transitions.value(it.key()))
                monitorCount += t.atMs >= first ? 1 : 0;
            HistoryQuery q;
            q.key = WorkerKey{m_session->monitor().historyKey(), m_ids.value(it.key())};
            q.fromMs = first;
            q.toMs = QDateTime::currentMSecsSinceEpoch() + 1;
            q.maxPoints = 10;
            ++m_pendingQueries;
            const QString name = it.key();
            m_history->querySeries(q, this, [this, first, monitorCount, name](const Result<HistorySeries> &r) {
                qint64 stored = 0;
                if (r.ok()) {
                    for (const HistoryInterval &v : r->verdicts)
                        stored += v.fromMs > first ? 1 : 0;
                }
                if (stored != monitorCount) {
                    ++m_historyMismatches;
                    if (m_historyProblems.size() < 10)
                        m_historyProblems
                            << u"%1: %2 transitions, %3 in the history"_s.arg(name).arg(monitorCount).arg(stored);
                }
                m_historyChecked += 1;
                if (--m_pendingQueries == 0)
                    report();
            });
        }
        if (m_pendingQueries == 0)
            report();
    }

    void report()
    {
        const ProcessSample &b = m_baseline;
        const ProcessSample &e = m_samples.last();
        qint64 peak = 0;
        int fdMin = INT_MAX, fdMax = 0, timerMin = INT_MAX, timerMax = 0;
        for (const ProcessSample &s : std::as_const(m_samples)) {
            peak = std::max(peak, s.rssKiB);
            fdMin = std::min(fdMin, s.fds);
            fdMax = std::max(fdMax, s.fds);
            timerMin = std::min(timerMin, s.timers + s.singleShots);
            timerMax = std::max(timerMax, s.timers + s.singleShots);
        }
        const double growth = b.rssKiB > 0 ? 100.0 * double(e.rssKiB - b.rssKiB) / double(b.rssKiB) : 0;
        const Accounting &a = m_endAccounting;
        print(u"--- soak summary ---"_s);
        print(u"duration %1 s, %2 workers, %3 flipping, probe interval %4 ms"_s.arg(m_o.durationS)
                  .arg(m_o.workers)
                  .arg(m_flippers)
                  .arg(m_o.intervalMs));
        print(u"RSS after warm-up %1, at the end %2 (growth %3 %), peak %4"_s.arg(mib(b.rssKiB), mib(e.rssKiB))
                  .arg(growth, 0, 'f', 2)
                  .arg(mib(peak)));
        print(u"file descriptors %1 → %2 (range %3–%4)"_s.arg(b.fds).arg(e.fds).arg(fdMin).arg(fdMax));
        print(u"timers (QTimer + pending single-shot) %1 → %2 (range %3–%4); live QObjects %5 → %6"_s
                  .arg(b.timers + b.singleShots)
                  .arg(e.timers + e.singleShots)
                  .arg(timerMin)
                  .arg(timerMax)
                  .arg(b.objects)
                  .arg(e.objects));
        print(u"flips %1; transitions expected %2, delivered once %3, lost %4, twice %5, other verdicts %6, "
              "broken sequences %7; history checked for %8 workers, %9 mismatches"_s.arg(a.flips)
                  .arg(a.expected)
                  .arg(a.delivered)
                  .arg(a.lost)
                  .arg(a.duplicated)
                  .arg(a.other)
                  .arg(a.broken)
                  .arg(m_historyChecked)
                  .arg(m_historyMismatches));
        for (const QString &p : a.problems + m_historyProblems)
            print(u"  "_s + p);

        int rc = 0;
        if (m_o.check) {
            QStringList failed;
            if (kAddressSanitizer)
                print(u"RSS growth not checked: AddressSanitizer's quarantine holds freed memory"_s);
            else if (growth >= m_o.maxGrowthPercent)
                failed << u"RSS grew %1 %"_s.arg(growth, 0, 'f', 2);
            // Flat: back where they were after the warm-up, give or take the few that come and
            // go with requests; in between at most one socket per probe in flight (the
            // scheduler's concurrency cap) — a leak of one per probe would be tens of thousands.
            if (e.fds > b.fds + 8 || fdMax > b.fds + m_concurrency + 64)
                failed << u"file descriptors not flat"_s;
            if (e.timers + e.singleShots > b.timers + b.singleShots + 8 || timerMax > b.timers + b.singleShots + 64)
                failed << u"timers not flat"_s;
            if (a.flips == 0)
                failed << u"nothing flipped"_s;
            if (a.lost > 0 || a.duplicated > 0 || a.broken > 0)
                failed << u"transitions lost or repeated"_s;
            if (m_historyMismatches > 0)
                failed << u"history disagrees with the monitor"_s;
            print(failed.isEmpty() ? u"CHECK PASSED"_s : u"CHECK FAILED: "_s + failed.join(u"; "_s));
            rc = failed.isEmpty() ? 0 : 1;
        }
        QCoreApplication::exit(rc);
    }

    Options m_o;
    SystemClock m_clock;
    QTemporaryDir m_dataDir;
    QProcess m_sim;
    QByteArray m_simOut;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<ClusterSession> m_session;
    QTimer m_sampler;
    qint64 m_startMs = 0, m_flipFromMs = 0, m_flipUntilMs = 0;
    int m_flippers = 0;
    int m_concurrency = ProbeSettings().concurrency;
    qint64 m_flipCount = 0, m_transitionCount = 0;
    QHash<QString, QList<Flip>> m_flips;
    QHash<QString, QList<Transition>> m_transitions;
    QHash<QString, qint64> m_ids;
    ProcessSample m_baseline;
    QList<ProcessSample> m_samples;
    Accounting m_endAccounting;
    int m_pendingQueries = 0;
    int m_historyChecked = 0, m_historyMismatches = 0;
    QStringList m_historyProblems;
    bool m_finishing = false;
    bool m_measuring = false;
};

}  // namespace

int main(int argc, char **argv)
{
    processmeter::installObjectHooks();
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({
        {u"workers"_s, u"simulated workers"_s, u"N"_s, u"10000"_s},
        {u"duration"_s, u"seconds in all"_s, u"S"_s, u"600"_s},
        {u"warmup"_s, u"seconds before measuring and flipping"_s, u"S"_s, u"120"_s},
        {u"interval"_s, u"probe interval, ms"_s, u"MS"_s, u"15000"_s},
        {u"hold"_s, u"seconds each flipped state holds at least"_s, u"S"_s, u"45"_s},
        {u"flip-fraction"_s, u"fraction of the workers that flip"_s, u"F"_s, u"0.02"_s},
        {u"sample"_s, u"seconds between samples"_s, u"S"_s, u"30"_s},
        {u"check"_s, u"exit 1 unless the soak properties hold"_s},
        {u"sim-child"_s, u"internal: run the simulator side"_s},
        {u"flip-from"_s, u"internal"_s, u"MS"_s},
        {u"flip-until"_s, u"internal"_s, u"MS"_s},
    });
    p.process(app);

    if (p.isSet(u"sim-child"_s)) {
        SimChildOptions c;
        c.workers = p.value(u"workers"_s).toInt();
        c.holdMs = p.value(u"hold"_s).toInt() * 1000;
        c.flipFraction = p.value(u"flip-fraction"_s).toDouble();
        c.flipFromMs = p.value(u"flip-from"_s).toLongLong();
        c.flipUntilMs = p.value(u"flip-until"_s).toLongLong();
        c.seed = quint32(QDateTime::currentMSecsSinceEpoch());
        return runSimChild(c);
    }
    Options o;
    o.workers = p.value(u"workers"_s).toInt();
    o.durationS = p.value(u"duration"_s).toInt();
    o.warmupS = p.value(u"warmup"_s).toInt();
    o.intervalMs = p.value(u"interval"_s).toInt();
    o.holdS = p.value(u"hold"_s).toInt();
    o.flipFraction = p.value(u"flip-fraction"_s).toDouble();
    o.sampleS = std::max(1, p.value(u"sample"_s).toInt());
    o.check = p.isSet(u"check"_s);
    Soak soak(o);
    return soak.run();
}

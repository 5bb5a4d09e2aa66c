// What the history says: rollup values on known data, downsampled range queries, state bands,
// annotations, availability, and the bound on memory.
#include "history/historystore.h"
#include "history/ringbuffer.h"
#include "history/rollupaccumulator.h"
#include "history/workertransitions.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

const WorkerKey workerA{u"https://gpustack.test"_s, 1};
const WorkerKey workerB{u"https://other.test"_s, 1};  // same id, other cluster
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 3'600'000;

ProbeSample sample(qint64 atMs, bool ok, quint32 totalUs)
{
    ProbeSample s;
    s.atMs = atMs;
    s.ok = ok;
    s.totalUs = ok ? totalUs : 5'000'000;  // a timeout's total is not a latency
    s.httpStatus = ok ? 200 : 0;
    s.error = ok ? ProbeError::None : ProbeError::TimedOut;
    return s;
}

template<typename R, typename Call> std::optional<R> await(QObject *context, Call call)
{
    std::optional<R> out;
    call(context, [&out](const R &r) { out.emplace(r); });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 20000))
        qWarning("no answer from the history store");
    return out;
}

Worker serverWorker(WorkerState state, const QString &ip, qint64 heartbeatMs)
{
    Worker w;
    w.id = 1;
    w.name = u"gpu-1"_s;
    w.hostname = u"gpu-1.lab"_s;
    w.ip = ip;
    w.port = 10150;
    w.state = state;
    w.stateText = workerStateId(state);
    w.stateMessage = state == WorkerState::NotReady ? u"Heartbeat lost"_s : QString();
    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(heartbeatMs, Qt::UTC);
    return w;
}

// The server's view of a worker as the monitor hands it to the store: the transitions the one
// detector finds, and the heartbeat age.
void observeWorker(
    HistoryStore &store, WorkerTransitions &detector, const WorkerKey &key, const Worker &worker, qint64 nowMs)
{
    const WorkerFacts facts = WorkerFacts::of(worker, Verdict::Unknown, LocalState::Unknown);
    store.recordTransitions(key, detector.observe(key.workerId, facts, nowMs));
    store.recordHeartbeat(key, worker);
}

}  // namespace

class TestHistoryRollups : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    std::unique_ptr<HistoryStore> openStore(const Clock &clock, HistorySettings settings = {}, QString path = {})
    {
        auto store = std::make_unique<HistoryStore>(clock, settings);
        QSignalSpy opened(store.get(), &HistoryStore::opened);
        store->open(path.isEmpty() ? m_dir.filePath(u"h%1.sqlite"_s.arg(++m_files)) : path);
        if (!opened.wait(10000) || !store->isPersistent())
            return nullptr;
        return store;
    }

    QList<RollupRow> rollups(HistoryStore &store, const WorkerKey &key, HistoryResolution res)
    {
        auto r = await<Result<QList<RollupRow>>>(this, [&](QObject *ctx, auto done) {
            store.queryRollups(key, res, 0, std::numeric_limits<qint64>::max(), ctx, done);
        });
        return r && r->ok() ? r->value() : QList<RollupRow>();
    }

    HistorySeries series(HistoryStore &store, const HistoryQuery &query)
    {
        auto r =
            await<Result<HistorySeries>>(this, [&](QObject *ctx, auto done) { store.querySeries(query, ctx, done); });
        return r && r->ok() ? r->value() : HistorySeries();
    }

private Q_SLOTS:
    void ringBufferKeepsNewest()
    {
        RingBuffer<int> ring(4);
        for (int i = 1; i <= 10; ++i)
            ring.push(i);
        QCOMPARE(ring.size(), 4);
        QCOMPARE(ring.toList(), (QList<int>{7, 8, 9, 10}));
        QCOMPARE(ring.newest(), 10);
    }

    void storeRingsAreBounded()
    {
        ManualClock clock;
        HistorySettings settings;
        settings.probeRingCapacity = 16;
        settings.eventRingCapacity = 4;
        HistoryStore store(clock, settings);  // never opened: memory only, nothing written
        for (int w = 0; w < 200; ++w) {
            for (int i = 0; i < 1000; ++i)
                store.recordProbeSample({workerA.cluster, w}, sample(clock.nowMs() + i, true, quint32(i)));
            for (int i = 0; i < 10; ++i)
                store.recordVerdict({workerA.cluster, w}, Verdict::AgreeUp, Verdict::SplitLocalDown, i);
        }
        QCOMPARE(store.workerCount(), 200);
        const QList<ProbeSample> recent = store.recentProbes({workerA.cluster, 42});
        QCOMPARE(recent.size(), 16);
        QCOMPARE(recent.first().totalUs, 984u);
        QCOMPARE(recent.last().totalUs, 999u);
        QCOMPARE(store.recentEvents({workerA.cluster, 42}).size(), 4);
        QVERIFY(store.recentProbes(workerB).isEmpty());
    }

    void histogramQuantileIsClose()
    {
        LatencyHistogram h;
        for (quint32 v = 1; v <= 10000; ++v)
            h.add(v * 100);  // 100 µs … 1 s
        const qint64 p95 = h.quantile(0.95);
        QVERIFY2(std::abs(p95 - 950'000) <= 950'000 / 16, qPrintable(QString::number(p95)));
        QCOMPARE(LatencyHistogram::decode(h.encode()).quantile(0.95), p95);
        QCOMPARE(LatencyHistogram::decode(h.encode()).total(), 10000u);
        QCOMPARE(LatencyHistogram::binMidpoint(LatencyHistogram::binOf(7)), 7);
    }

    void rollupValuesOnKnownData()
    {
        ManualClock clock;
        auto store = openStore(clock);
        QVERIFY(store);
        const qint64 minute = clock.nowMs() - clock.nowMs() % HourMs;
        // 100 successes with latencies 1 … 100 ms (shuffled order) and 5 failures, one minute.
        for (int i = 0; i < 100; ++i) {
            const int ms = (i * 37) % 100 + 1;
            store->recordProbeSample(workerA, sample(minute + i * 500, true, quint32(ms * 1000)));
        }
        for (int i = 0; i < 5; ++i)
            store->recordProbeSample(workerA, sample(minute + 50'000 + i, false, 0));
        // Another worker with the same id in another cluster must not mix in.
        store->recordProbeSample(workerB, sample(minute, true, 9'999'000));

        for (const auto res : {HistoryResolution::Minute, HistoryResolution::Hour}) {
            const QList<RollupRow> rows = rollups(*store, workerA, res);
            QCOMPARE(rows.size(), 1);
            const RollupRow &r = rows.first();
            QCOMPARE(r.bucketStartMs, minute);
            QCOMPARE(r.count, 105);
            QCOMPARE(r.failures, 5);
            QCOMPARE(r.latencyMinUs, 1000);
            QCOMPARE(r.latencyMaxUs, 100'000);
            QCOMPARE(r.latencyAvgUs, 50'500);
            QCOMPARE(r.latencyP95Us, 95'000);  // nearest rank: the 95th of 100
        }
    }

    void rollupContinuesAcrossRestart()
    {
        ManualClock clock;
        const QString path = m_dir.filePath(u"restart.sqlite"_s);
        const qint64 minute = clock.nowMs() - clock.nowMs() % HourMs;
        {
            auto store = openStore(clock, {}, path);
            QVERIFY(store);
            for (int i = 0; i < 50; ++i)
                store->recordProbeSample(workerA, sample(minute + i * 100, true, quint32(1000 + i * 1000)));
        }
        auto store = openStore(clock, {}, path);
        QVERIFY(store);
        for (int i = 50; i < 100; ++i)
            store->recordProbeSample(workerA, sample(minute + i * 100, i != 99, quint32(1000 + i * 1000)));
        const QList<RollupRow> rows = rollups(*store, workerA, HistoryResolution::Minute);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().count, 100);
        QCOMPARE(rows.first().failures, 1);
        QCOMPARE(rows.first().latencyMinUs, 1000);
        QCOMPARE(rows.first().latencyMaxUs, 99'000);
        // After a restart the exact values are gone: the histogram answers within 1/16.
        QVERIFY(std::abs(rows.first().latencyP95Us - 95'000) <= 95'000 / 16);
    }

    void rangeQueryDownsamples()
    {
        ManualClock clock;
        auto store = openStore(clock);
        QVERIFY(store);
        const qint64 t0 = clock.nowMs() - clock.nowMs() % HourMs;
        // 24 h at 30 s; latency climbs within each hour; every 10th probe fails.
        for (int i = 0; i < 2880; ++i) {
            const qint64 t = t0 + i * 30'000;
            store->recordProbeSample(workerA, sample(t, i % 10 != 3, quint32(1000 + (t - t0) % HourMs / 1000)));
        }

        // A 24 h chart at ~1000 points: minute rollups in 2-minute buckets.
        const HistorySeries day = series(*store, {workerA, t0, t0 + 24 * HourMs, 1000, 0});
        QCOMPARE(day.resolution, HistoryResolution::Minute);
        QCOMPARE(day.bucketMs, 2 * MinuteMs);
        QCOMPARE(day.buckets.size(), 720);
        qint64 probes = 0, failures = 0;
        for (const HistoryBucket &b : day.buckets) {
            probes += b.probes;
            failures += b.failures;
            QVERIFY(b.latencyMinUs <= b.latencyAvgUs && b.latencyAvgUs <= b.latencyMaxUs);
        }
        QCOMPARE(probes, 2880);
        QCOMPARE(failures, 288);
        // The bucket at 00:10 holds the probes at 10:00, 10:30, 11:00, 11:30 (minutes).
        const HistoryBucket &b5 = day.buckets[5];
        QCOMPARE(b5.startMs, t0 + 10 * MinuteMs);
        QCOMPARE(b5.probes, 4);
        QCOMPARE(b5.latencyMinUs, 1000 + 600);
        QCOMPARE(b5.latencyMaxUs, 1000 + 660);  // 11:30 failed

        // A week: hour rollups, one bucket per hour with data.
        const HistorySeries week = series(*store, {workerA, t0, t0 + 7 * 24 * HourMs, 168, 0});
        QCOMPARE(week.resolution, HistoryResolution::Hour);
        QCOMPARE(week.buckets.size(), 24);
        QCOMPARE(week.buckets.first().probes, 120);
        QCOMPARE(week.buckets.first().latencyMinUs, 1000);
        QCOMPARE(week.buckets.first().latencyMaxUs, 1000 + 3570);

        // One hour at 1000 points: raw rows, 3.6 s buckets, one probe each where there is one.
        const HistorySeries hour = series(*store, {workerA, t0, t0 + HourMs, 1000, 0});
        QCOMPARE(hour.resolution, HistoryResolution::Raw);
        QCOMPARE(hour.bucketMs, 3600);
        QCOMPARE(hour.buckets.size(), 120);
        QCOMPARE(hour.buckets[1].startMs, t0 + 28'800);  // the bucket holding 00:30
        QCOMPARE(hour.buckets[1].latencyAvgUs, 1030);
        QCOMPARE(hour.buckets[3].failures, 1);
        QCOMPARE(hour.buckets[3].latencyAvgUs, -1);  // a failure has no latency
    }

    void statesVerdictsAndAnnotations()
    {
        ManualClock clock;
        auto store = openStore(clock);
        QVERIFY(store);
        const qint64 t0 = clock.nowMs();
        // Server view: ready for 18 h, then not_ready for 6 h, and the worker re-registered
        // with a Docker bridge address at 18 h.
        WorkerTransitions detector;
        for (qint64 t = t0; t < t0 + 24 * HourMs; t += 5 * MinuteMs) {
            clock.setNowMs(t);
            const bool late = t >= t0 + 18 * HourMs;
            observeWorker(*store, detector, workerA,
                serverWorker(late ? WorkerState::NotReady : WorkerState::Ready,
                    late ? u"172.17.0.2"_s : u"192.168.1.20"_s, late ? t0 + 18 * HourMs : t - 10'000),
                t);
            store->recordProbeSample(workerA, sample(t, !late || (t / MinuteMs) % 2 == 0, 2000));
        }
        store->recordVerdict(workerA, Verdict::Unknown, Verdict::AgreeUp, t0);
        store->recordVerdict(workerA, Verdict::AgreeUp, Verdict::AgreeDown, t0 + 18 * HourMs + MinuteMs);
        store->recordLocalState(workerA, LocalState::Unknown, LocalState::Up, t0);
        clock.setNowMs(t0 + 24 * HourMs);

        const HistorySeries s = series(*store, {workerA, t0, t0 + 24 * HourMs, 500, 0});
        QCOMPARE(s.serverStates.size(), 2);
        QCOMPARE(s.serverStates[0].value, u"ready"_s);
        QCOMPARE(s.serverStates[0].fromMs, t0);
        QCOMPARE(s.serverStates[0].toMs, t0 + 18 * HourMs);
        QCOMPARE(s.serverStates[1].value, u"not_ready"_s);
        QCOMPARE(s.serverStates[1].message, u"Heartbeat lost"_s);
        QCOMPARE(s.serverStates[1].toMs, t0 + 24 * HourMs);
        QCOMPARE(s.verdicts.size(), 2);
        QCOMPARE(s.verdicts[1].value, u"agree_down"_s);
        QCOMPARE(s.localStates.size(), 1);
        // The address change is an annotation; the first registration is not.
        QCOMPARE(s.annotations.size(), 1);
        QCOMPARE(s.annotations[0].field, u"ip"_s);
        QCOMPARE(s.annotations[0].from, u"192.168.1.20"_s);
        QCOMPARE(s.annotations[0].to, u"172.17.0.2"_s);
        QCOMPARE(s.annotations[0].atMs, t0 + 18 * HourMs);
        // Heartbeat age grows after the worker stopped reporting.
        const HistoryBucket &last = s.buckets.last();
        QVERIFY(last.heartbeatAgeMaxMs > 5 * HourMs);
        QVERIFY(s.buckets.first().heartbeatAgeMaxMs <= 10'000);

        // A window that starts inside a state inherits it.
        const HistorySeries late = series(*store, {workerA, t0 + 20 * HourMs, t0 + 21 * HourMs, 60, 0});
        QCOMPARE(late.serverStates.size(), 1);
        QCOMPARE(late.serverStates[0].value, u"not_ready"_s);
        QCOMPARE(late.serverStates[0].fromMs, t0 + 20 * HourMs);

        auto day = await<Result<HistoryAvailability>>(
            this, [&](QObject *ctx, auto done) { store->queryAvailability(workerA, t0, t0 + 24 * HourMs, ctx, done); });
        QVERIFY(day && day->ok());
        QCOMPARE(day->value().serverReady.value_or(-1), 0.75);
        QCOMPARE(day->value().probes, 288);
        QCOMPARE(day->value().probeSuccess.value_or(-1), (216.0 + 36.0) / 288.0);
    }

    void sameStateAfterRestartIsNoTransition()
    {
        ManualClock clock;
        const QString path = m_dir.filePath(u"states.sqlite"_s);
        const qint64 t0 = clock.nowMs();
        {
            auto store = openStore(clock, {}, path);
            QVERIFY(store);
            WorkerTransitions detector;  // this run's
            observeWorker(*store, detector, workerA, serverWorker(WorkerState::Ready, u"10.0.0.5"_s, t0), t0);
        }
        clock.advanceMs(HourMs);
        auto store = openStore(clock, {}, path);
        QVERIFY(store);
        // First sight in this session, but the address moved while Parallax was not running.
        WorkerTransitions detector;  // the next run's: it sees the worker for the first time
        observeWorker(
            *store, detector, workerA, serverWorker(WorkerState::Ready, u"10.0.0.6"_s, clock.nowMs()), clock.nowMs());
        const HistorySeries s = series(*store, {workerA, t0, clock.nowMs() + 1, 100, 0});
        QCOMPARE(s.serverStates.size(), 1);  // one unbroken "ready" band
        QCOMPARE(s.serverStates[0].fromMs, t0);
        QCOMPARE(s.annotations.size(), 1);  // the database remembered the old address
        QCOMPARE(s.annotations[0].from, u"10.0.0.5"_s);
        QCOMPARE(s.annotations[0].to, u"10.0.0.6"_s);
    }
};

QTEST_GUILESS_MAIN(TestHistoryRollups)
#include "tst_historyrollups.moc"

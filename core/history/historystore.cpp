#include "history/historystore.h"

#include "base/logging.h"
#include "history/historydatabase.h"

#include <QElapsedTimer>
#include <QScopeGuard>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace parallax {

HistoryStore::HistoryStore(const Clock &clock, const HistorySettings &settings, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(settings)
    , m_pending(std::make_unique<HistoryBatch>())
{
    m_thread.setObjectName(u"history-db"_s);
    m_db = new HistoryDatabase(m_settings);
    m_db->moveToThread(&m_thread);
    m_thread.start();

    m_flushTimer.setInterval(std::clamp(m_settings.flushIntervalMs, 10, 1000));
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    m_maintenanceTimer.setInterval(std::max(1000, m_settings.maintenanceIntervalMs));
    connect(&m_maintenanceTimer, &QTimer::timeout, this, [this] { runMaintenance(); });
}

HistoryStore::~HistoryStore()
{
    // Whatever is pending still reaches the disk; then the connection closes on its own thread.
    if (!m_pending->isEmpty()) {
        auto batch = std::make_shared<HistoryBatch>(std::move(*m_pending));
        const qint64 now = m_clock.nowMs();
        HistoryDatabase *db = m_db;
        QMetaObject::invokeMethod(
            db, [db, batch, now] { db->write(*batch, now); }, Qt::QueuedConnection);
    }
    HistoryDatabase *db = m_db;
    // Quit from inside the queue: QThread::quit() from here would end the loop before the
    // events already posted (the last batch, queued queries) have run.
    QMetaObject::invokeMethod(
        db,
        [db] {
            db->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();  // bounded: what was queued, the last batch and the close
    delete m_db;
}

void HistoryStore::deliverNotices(const QList<HistoryNotice> &notices)
{
    for (const HistoryNotice &notice : notices) {
        if (!notice.setAsidePath.isEmpty())
            Q_EMIT databaseSetAside(notice.setAsidePath);
        Q_EMIT errorOccurred(notice.error);
    }
}

template<typename R>
void HistoryStore::onDatabase(
    QObject *context, std::function<R(HistoryDatabase &)> work, std::function<void(const R &)> done)
{
    const bool wantsAnswer = bool(done);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    HistoryDatabase *db = m_db;
    QMetaObject::invokeMethod(
        db,
        [this, db, work = std::move(work), done = std::move(done), guard, hasContext, wantsAnswer] {
            auto result = std::make_shared<R>(work(*db));
            const QList<HistoryNotice> notices = db->takeNotices();
            const bool persistent = db->isPersistent();
            const bool readOnly = db->isReadOnly();
            // The store outlives the database thread (its destructor joins it), so `this` is valid.
            QMetaObject::invokeMethod(
                this,
                [this, result, notices, persistent, readOnly, done, guard, hasContext, wantsAnswer] {
                    m_persistent = persistent;
                    m_readOnly = readOnly;
                    deliverNotices(notices);
                    if (wantsAnswer && (!hasContext || guard))
                        done(*result);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryStore::open(const QString &path)
{
    const qint64 now = m_clock.nowMs();
    onDatabase<Result<void>>(
        this, [path, now](HistoryDatabase &db) { return db.open(path, now); },
        [this](const Result<void> &result) {
            m_persistent = result.ok();
            m_flushTimer.start();
            m_maintenanceTimer.start();
            Q_EMIT opened(m_persistent);
        });
}

HistoryStore::WorkerHistory &HistoryStore::history(const WorkerKey &key)
{
    auto it = m_workers.find(key);
    if (it == m_workers.end()) {
        if (m_workers.size() >= std::max(1, m_settings.maxTrackedWorkers))
            evictLeastRecent();
        it = m_workers.emplace(key, m_settings);
    }
    it->touched = ++m_touchSeq;
    return *it;
}

void HistoryStore::evictLeastRecent()
{
    // Down to three quarters of the cap at once, so the sort runs once per many new workers.
    const qsizetype keep = std::max(1, m_settings.maxTrackedWorkers) * 3 / 4;
    if (m_workers.size() <= keep)
        return;
    std::vector<quint64> order;
    order.reserve(size_t(m_workers.size()));
    for (const WorkerHistory &h : std::as_const(m_workers))
        order.push_back(h.touched);
    auto nth = order.end() - keep;
    std::nth_element(order.begin(), nth, order.end());
    const quint64 oldestKept = *nth;
    m_workers.removeIf([oldestKept](const auto &entry) { return entry.value().touched < oldestKept; });
}

void HistoryStore::forgetWorker(const WorkerKey &key)
{
    m_workers.remove(key);
    m_pending->forgotten.append(key);
}

void HistoryStore::adoptCluster(const QString &from, const QString &to)
{
    if (from == to)
        return;
    flush();  // rows recorded before this stay under `from`, as they were recorded
    onDatabase<int>(nullptr,
        [from, to](HistoryDatabase &db) {
            db.adoptCluster(from, to);
            return 0;
        },
        {});
}

qsizetype HistoryStore::pendingRows() const
{
    return m_pending->size();
}

void HistoryStore::scheduleFlushIfFull()
{
    if (m_pending->size() >= m_settings.maxPendingRows)
        flush();
}

void HistoryStore::recordProbe(const WorkerKey &key, const ProbeResult &result)
{
    recordProbeSample(key, ProbeSample::fromResult(result));
}

void HistoryStore::recordProbeSample(const WorkerKey &key, const ProbeSample &sample)
{
    history(key).probes.push(sample);
    m_pending->probes.append({key, sample});
    scheduleFlushIfFull();
}

void HistoryStore::recordEvent(const WorkerKey &key, const HistoryEvent &event)
{
    history(key).events.push(event);
    m_pending->events.append({key, event});
    scheduleFlushIfFull();
}

void HistoryStore::recordTransitions(const WorkerKey &key, const QList<HistoryEvent> &transitions)
{
    if (transitions.isEmpty())
        return;
    WorkerHistory &h = history(key);
    for (const HistoryEvent &e : transitions) {
        h.events.push(e);
        m_pending->events.append({key, e});
    }
    scheduleFlushIfFull();
}

void HistoryStore::recordHeartbeat(const WorkerKey &key, const Worker &worker)
{
    const qint64 now = m_clock.nowMs();
    const auto age = worker.heartbeatAgeMs(now);
    if (!age)
        return;
    WorkerHistory &h = history(key);
    if (h.lastHeartbeatSampleMs >= 0 && now - h.lastHeartbeatSampleMs < m_settings.heartbeatSampleIntervalMs)
        return;
    const HeartbeatSample beat{now, *age};
    h.heartbeats.push(beat);
    h.lastHeartbeatSampleMs = now;
    m_pending->heartbeats.append({key, beat});
    scheduleFlushIfFull();
}

void HistoryStore::recordVerdict(const WorkerKey &key, Verdict from, Verdict to, qint64 atMs)
{
    HistoryEvent e;
    e.atMs = atMs;
    e.kind = HistoryEventKind::Verdict;
    e.from = verdictId(from);
    e.to = verdictId(to);
    recordEvent(key, e);
}

void HistoryStore::recordLocalState(const WorkerKey &key, LocalState from, LocalState to, qint64 atMs)
{
    HistoryEvent e;
    e.atMs = atMs;
    e.kind = HistoryEventKind::LocalState;
    e.from = localStateId(from);
    e.to = localStateId(to);
    recordEvent(key, e);
}

QList<ProbeSample> HistoryStore::recentProbes(const WorkerKey &key) const
{
    const auto it = m_workers.constFind(key);
    return it == m_workers.constEnd() ? QList<ProbeSample>() : it->probes.toList();
}

QList<HistoryEvent> HistoryStore::recentEvents(const WorkerKey &key) const
{
    const auto it = m_workers.constFind(key);
    return it == m_workers.constEnd() ? QList<HistoryEvent>() : it->events.toList();
}

QList<HeartbeatSample> HistoryStore::recentHeartbeats(const WorkerKey &key) const
{
    const auto it = m_workers.constFind(key);
    return it == m_workers.constEnd() ? QList<HeartbeatSample>() : it->heartbeats.toList();
}

void HistoryStore::flush(QObject *context, std::function<void(const Result<void> &)> done)
{
    if (m_pending->isEmpty() && m_pending->forgotten.isEmpty() && !done)
        return;
    auto batch = std::make_shared<HistoryBatch>(std::move(*m_pending));
    *m_pending = HistoryBatch();
    const qint64 now = m_clock.nowMs();
    struct Outcome {
        Result<void> result;
        qint64 rows = 0;
        qint64 durationUs = 0;
    };
    onDatabase<Outcome>(
        context ? context : this,
        [batch, now](HistoryDatabase &db) {
            QElapsedTimer timer;
            timer.start();
            // After the rows: they may still name the forgotten workers.
            const auto forget = qScopeGuard([&db, batch] { db.forget(batch->forgotten); });
            if (batch->isEmpty())
                return Outcome{db.isOpen() ? Result<void>()
                                           : Result<void>(Error{ErrorCode::StorageFailure,
                                               tr("History is kept in memory only."), u"not open"_s}),
                    0, 0};
            const auto written = db.write(*batch, now);
            return Outcome{written ? Result<void>() : Result<void>(written.error()), written ? *written : 0,
                timer.nsecsElapsed() / 1000};
        },
        [this, done](const Outcome &outcome) {
            if (outcome.rows > 0)
                Q_EMIT flushed(outcome.rows, outcome.durationUs);
            if (done)
                done(outcome.result);
        });
}

void HistoryStore::querySeries(
    const HistoryQuery &query, QObject *context, std::function<void(const Result<HistorySeries> &)> done)
{
    flush();  // the query sees everything recorded before it
    onDatabase<Result<HistorySeries>>(
        context, [query](HistoryDatabase &db) { return db.series(query); }, std::move(done));
}

void HistoryStore::queryAvailability(const WorkerKey &key, qint64 fromMs, qint64 toMs, QObject *context,
    std::function<void(const Result<HistoryAvailability> &)> done)
{
    flush();
    onDatabase<Result<HistoryAvailability>>(
        context, [key, fromMs, toMs](HistoryDatabase &db) { return db.availability(key, fromMs, toMs); },
        std::move(done));
}

void HistoryStore::queryClusterAvailability(const QString &cluster, qint64 fromMs, qint64 toMs, qint64 stepMs,
    QObject *context, std::function<void(const Result<QList<ClusterAvailabilitySample>> &)> done)
{
    flush();
    onDatabase<Result<QList<ClusterAvailabilitySample>>>(
        context,
        [cluster, fromMs, toMs, stepMs](
            HistoryDatabase &db) { return db.clusterAvailability(cluster, fromMs, toMs, stepMs); },
        std::move(done));
}

void HistoryStore::queryRollups(const WorkerKey &key, HistoryResolution resolution, qint64 fromMs, qint64 toMs,
    QObject *context, std::function<void(const Result<QList<RollupRow>> &)> done)
{
    flush();
    onDatabase<Result<QList<RollupRow>>>(
        context,
        [key, resolution, fromMs, toMs](HistoryDatabase &db) { return db.rollups(key, resolution, fromMs, toMs); },
        std::move(done));
}

void HistoryStore::queryRawProbes(const WorkerKey &key, qint64 fromMs, qint64 toMs, QObject *context,
    std::function<void(const Result<QList<ProbeSample>> &)> done)
{
    flush();
    onDatabase<Result<QList<ProbeSample>>>(
        context, [key, fromMs, toMs](HistoryDatabase &db) { return db.rawProbes(key, fromMs, toMs); }, std::move(done));
}

void HistoryStore::setRetention(qint64 rawRetentionMs, qint64 rollupRetentionMs, qint64 maxBytesOnDisk)
{
    m_settings.rawRetentionMs = rawRetentionMs;
    m_settings.rollupRetentionMs = rollupRetentionMs;
    m_settings.maxBytesOnDisk = maxBytesOnDisk;
    // Queued to the database thread before any later maintenance request, so that one sees it.
    onDatabase<int>(nullptr,
        [rawRetentionMs, rollupRetentionMs, maxBytesOnDisk](HistoryDatabase &db) {
            db.setRetention(rawRetentionMs, rollupRetentionMs, maxBytesOnDisk);
            return 0;
        },
        {});
}

void HistoryStore::runMaintenance(QObject *context, std::function<void(const Result<HistoryMaintenanceReport> &)> done)
{
    flush();
    const qint64 now = m_clock.nowMs();
    onDatabase<Result<HistoryMaintenanceReport>>(
        context ? context : this, [now](HistoryDatabase &db) { return db.maintain(now); },
        [this, done](const Result<HistoryMaintenanceReport> &result) {
            if (result)
                qCDebug(lcHistory) << "maintenance: raw" << result->rawRowsDeleted << "rollup"
                                   << result->rollupRowsDeleted << "bytes" << result->bytesOnDisk;
            if (done)
                done(result);
        });
}

}  // namespace parallax

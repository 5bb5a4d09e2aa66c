#include "history/historyjournal.h"

#include "base/logging.h"
#include "history/historydatabase.h"  // the tr() context its messages are translated under
#include "history/historydiskfile.h"
#include "history/historyids.h"
#include "history/historysql.h"
#include "history/workertransitions.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

using historysql::bindAll;

// Prepared statements for the write path, reused for every row.
struct HistoryJournal::Statements {
    explicit Statements(const QSqlDatabase &db)
        : insertJournal(db)
        , insertProbe(db)
        , insertHeartbeat(db)
        , insertEvent(db)
        , lastEvent(db)
    {
    }
    bool prepare()
    {
        return insertJournal.prepare(u"INSERT INTO probe_journal (kind, worker, t, target, ok, err, connect_us, "
                                     "first_byte_us, total_us, http_status) VALUES (?,?,?,?,?,?,?,?,?,?)"_s)
            && insertProbe.prepare(u"INSERT OR REPLACE INTO probe (worker, t, target, ok, err, connect_us, "
                                   "first_byte_us, total_us, http_status) VALUES (?,?,?,?,?,?,?,?,?)"_s)
            && insertHeartbeat.prepare(u"INSERT OR REPLACE INTO heartbeat (worker, t, age_ms) VALUES (?,?,?)"_s)
            && insertEvent.prepare(u"INSERT INTO event (worker, t, kind, field, from_text, to_text, message) "
                                   "VALUES (?,?,?,COALESCE(?, ''),?,?,?)"_s)
            && lastEvent.prepare(u"SELECT to_text FROM event WHERE worker = ? AND kind = ? AND field = COALESCE(?, '') "
                                 "ORDER BY t DESC, id DESC LIMIT 1"_s);
    }
    QSqlQuery insertJournal, insertProbe, insertHeartbeat, insertEvent, lastEvent;
};

HistoryJournal::HistoryJournal(HistoryDiskFile &file, HistoryIds &ids, const HistorySettings &settings)
    : m_file(file)
    , m_ids(ids)
    , m_settings(settings)
{
}

HistoryJournal::~HistoryJournal() = default;

Result<void> HistoryJournal::attach()
{
    QSqlDatabase db = QSqlDatabase::database(m_file.connectionName(), false);
    m_sql = std::make_unique<Statements>(db);
    if (!m_sql->prepare())
        return m_file.sqlError(u"prepare"_s, m_sql->insertProbe.lastError());
    if (!m_rollups.prepare(db))
        return m_file.sqlError(u"prepare"_s, m_rollups.lastError());
    if (!load())
        return m_file.sqlError(u"load journal"_s, db.lastError());
    return {};
}

void HistoryJournal::detach()
{
    m_sql.reset();
    m_rollups.release();
    m_lastEventTo.clear();
    m_tail.clear();
    m_forgottenRows.clear();
    m_newestMs = std::numeric_limits<qint64>::min();
    m_lastCutoffMs = std::numeric_limits<qint64>::min();
}

Error HistoryJournal::failed(const QString &what, const QSqlError &error, qint64 nowMs)
{
    dropStoredCaches();  // the rolled-back transaction took the accumulators' updates with it
    return m_file.handleFailure(what, error, nowMs);
}

void HistoryJournal::dropStoredCaches()
{
    m_rollups.clear();
    m_lastEventTo.clear();
}

bool HistoryJournal::writeEvent(qint64 worker, const HistoryEvent &event)
{
    // The transition is WorkerTransitions' own; what this adds is the stored past, which only
    // the database knows: after a restart the history resumes from it (resumeStored).
    const QString cacheKey = QString::number(int(event.kind)) + u'/' + event.field;
    QHash<QString, QString> &lastOfWorker = m_lastEventTo[worker];
    auto it = lastOfWorker.find(cacheKey);
    if (it == lastOfWorker.end()) {
        QSqlQuery &last = m_sql->lastEvent;
        bindAll(last, {worker, int(event.kind), event.field});
        if (!last.exec())
            return false;
        it = lastOfWorker.insert(cacheKey, last.next() ? last.value(0).toString() : QString());
        last.finish();
        if (it->isNull())
            *it = QString(u"\u0001"_s);  // "nothing stored yet", distinct from an empty state
    }
    const bool storedBefore = *it != u"\u0001"_s;
    const std::optional<HistoryEvent> resumed =
        WorkerTransitions::resumeStored(event, storedBefore ? std::optional<QString>(*it) : std::nullopt);
    if (!resumed)
        return true;
    QSqlQuery &q = m_sql->insertEvent;
    bindAll(
        q, {worker, resumed->atMs, int(resumed->kind), resumed->field, resumed->from, resumed->to, resumed->message});
    if (!q.exec())
        return false;
    *it = event.to;
    return true;
}

Result<qint64> HistoryJournal::write(const HistoryBatch &batch, qint64 nowMs)
{
    if (!m_file.isPersistent())
        return Error{ErrorCode::StorageFailure, HistoryDatabase::tr("History is kept in memory only."), u"not open"_s};
    QSqlDatabase db = QSqlDatabase::database(m_file.connectionName(), false);
    if (!db.transaction()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        return failed(u"begin"_s, error, nowMs);
    }

    auto fail = [&](const QString &what, const QSqlError &error) -> Error {
        qCWarning(lcHistory) << "history write failed:" << what << error.text() << error.nativeErrorCode();
        db.rollback();
        db = QSqlDatabase();  // handleFailure may close and reopen this connection
        return failed(what, error, nowMs);
    };

    // Into the journal: appended in time order, so a flush writes few pages.
    std::vector<std::pair<qint64, ProbeSample>> probes;
    probes.reserve(size_t(batch.probes.size()));
    for (const auto &[key, sample] : batch.probes) {
        const qint64 worker = m_ids.worker(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_ids.lastError());
        const qint64 errorClass = m_ids.errorClass(sample.error);
        QSqlQuery &q = m_sql->insertJournal;
        bindAll(q,
            {0, worker, sample.atMs, int(sample.target), sample.ok ? 1 : 0, errorClass, qint64(sample.connectUs),
                qint64(sample.firstByteUs), qint64(sample.totalUs), int(sample.httpStatus)});
        if (!q.exec())
            return fail(u"insert probe"_s, q.lastError());
        probes.emplace_back(worker, sample);
    }
    std::vector<std::pair<qint64, HeartbeatSample>> beats;
    for (const auto &[key, beat] : batch.heartbeats) {
        // The worker first: nothing is bound for a row that cannot be written.
        const qint64 worker = m_ids.worker(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_ids.lastError());
        QSqlQuery &q = m_sql->insertJournal;
        const QVariant null(QMetaType::fromType<int>());
        bindAll(q, {1, worker, beat.atMs, null, null, null, null, null, beat.ageMs, null});
        if (!q.exec())
            return fail(u"insert heartbeat"_s, q.lastError());
        beats.emplace_back(worker, beat);
    }
    for (const auto &[key, event] : batch.events) {
        const qint64 worker = m_ids.worker(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_ids.lastError());
        if (!writeEvent(worker, event))
            return fail(u"insert event"_s,
                m_sql->insertEvent.lastError().isValid() ? m_sql->insertEvent.lastError()
                                                         : m_sql->lastEvent.lastError());
    }
    if (!db.commit())
        return fail(u"commit"_s, db.lastError());
    m_file.noteWriteSucceeded();
    // Only what is committed joins the in-memory tail.
    for (const auto &[worker, sample] : probes) {
        m_tail[worker].probes.push_back(sample);
        m_newestMs = std::max(m_newestMs, sample.atMs);
    }
    for (const auto &[worker, beat] : beats) {
        m_tail[worker].heartbeats.push_back(beat);
        m_newestMs = std::max(m_newestMs, beat.atMs);
    }
    db = QSqlDatabase();
    if (auto compacted = compactIfDue(nowMs); !compacted)
        return compacted.error();
    trimCaches();
    return qint64(batch.size());
}

bool HistoryJournal::load()
{
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT kind, worker, t, target, ok, err, connect_us, first_byte_us, total_us, http_status "
                "FROM probe_journal ORDER BY seq"_s))
        return false;
    while (q.next()) {
        const qint64 worker = q.value(1).toLongLong();
        const qint64 t = q.value(2).toLongLong();
        m_newestMs = std::max(m_newestMs, t);
        if (q.value(0).toInt() == 1) {
            m_tail[worker].heartbeats.push_back({t, q.value(8).toLongLong()});
            continue;
        }
        ProbeSample s;
        s.atMs = t;
        s.target = ProbeRoute(q.value(3).toInt());
        s.ok = q.value(4).toInt() != 0;
        s.error = m_ids.probeError(q.value(5).toLongLong());
        s.connectUs = quint32(q.value(6).toLongLong());
        s.firstByteUs = quint32(q.value(7).toLongLong());
        s.totalUs = quint32(q.value(8).toLongLong());
        s.httpStatus = quint16(q.value(9).toInt());
        m_tail[worker].probes.push_back(s);
    }
    return true;
}

Result<void> HistoryJournal::compactIfDue(qint64 nowMs)
{
    if (m_tail.isEmpty() || m_newestMs == std::numeric_limits<qint64>::min())
        return {};
    const qint64 edge = m_newestMs - CompactionGraceMs;
    const qint64 cutoff = edge - ((edge % CompactionWindowMs) + CompactionWindowMs) % CompactionWindowMs;
    if (cutoff <= m_lastCutoffMs)
        return {};
    auto compacted = compact(cutoff, nowMs);
    if (compacted)
        m_lastCutoffMs = cutoff;
    return compacted;
}

Result<void> HistoryJournal::compact(qint64 cutoffMs, qint64 nowMs)
{
    QSqlDatabase db = QSqlDatabase::database(m_file.connectionName(), false);
    if (!db.transaction()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        return failed(u"begin compaction"_s, error, nowMs);
    }
    auto fail = [&](const QString &what, const QSqlError &error) -> Error {
        qCWarning(lcHistory) << "history compaction failed:" << what << error.text() << error.nativeErrorCode();
        db.rollback();
        db = QSqlDatabase();
        return failed(what, error, nowMs);
    };
    QList<qint64> workers = m_tail.keys();
    std::sort(workers.begin(), workers.end());  // key order: each worker's rows land on its own pages
    for (const qint64 worker : std::as_const(workers)) {
        Tail &tail = m_tail[worker];
        std::stable_sort(tail.probes.begin(), tail.probes.end(),
            [](const ProbeSample &a, const ProbeSample &b) { return a.atMs < b.atMs; });
        bool rolled = false;
        for (const ProbeSample &sample : tail.probes) {
            if (sample.atMs >= cutoffMs)
                break;
            const qint64 errorClass = m_ids.errorClass(sample.error);
            QSqlQuery &q = m_sql->insertProbe;
            bindAll(q,
                {worker, sample.atMs, int(sample.target), sample.ok ? 1 : 0, errorClass, qint64(sample.connectUs),
                    qint64(sample.firstByteUs), qint64(sample.totalUs), int(sample.httpStatus)});
            if (!q.exec())
                return fail(u"compact probe"_s, q.lastError());
            // Rollups describe the address GPUStack probes; hostname probes stay raw only.
            if (sample.target == ProbeRoute::Registered) {
                if (!m_rollups.add(worker, sample))
                    return fail(u"rollup"_s, m_rollups.lastError());
                rolled = true;
            }
        }
        // The open buckets are stored with the rows they came from, in the same transaction.
        if (rolled && !m_rollups.storeOpen(worker))
            return fail(u"store rollup"_s, m_rollups.lastError());
        std::stable_sort(tail.heartbeats.begin(), tail.heartbeats.end(),
            [](const HeartbeatSample &a, const HeartbeatSample &b) { return a.atMs < b.atMs; });
        for (const HeartbeatSample &beat : tail.heartbeats) {
            if (beat.atMs >= cutoffMs)
                break;
            QSqlQuery &q = m_sql->insertHeartbeat;
            bindAll(q, {worker, beat.atMs, beat.ageMs});
            if (!q.exec())
                return fail(u"compact heartbeat"_s, q.lastError());
        }
    }
    QSqlQuery del(db);
    del.prepare(u"DELETE FROM probe_journal WHERE t < ?"_s);
    del.addBindValue(cutoffMs);
    if (!del.exec())
        return fail(u"trim journal"_s, del.lastError());
    if (!db.commit())
        return fail(u"commit compaction"_s, db.lastError());

    dropTailBefore(cutoffMs);
    // Everything compacted is stored: the forgotten workers' buckets are not needed any more.
    m_forgottenRows.removeIf([this](qint64 row) {
        m_rollups.forget(row);
        m_lastEventTo.remove(row);
        return !m_tail.contains(row);
    });
    return {};
}

void HistoryJournal::forget(const QList<WorkerKey> &keys)
{
    for (const WorkerKey &key : keys) {
        const auto row = m_ids.take(key);
        if (!row)
            continue;
        m_rollups.forget(*row);
        m_lastEventTo.remove(*row);
        if (m_tail.contains(*row))
            m_forgottenRows.insert(*row);
    }
}

void HistoryJournal::trimCaches()
{
    // Caches of what is on disk: dropping one costs a look-up the next time it is needed.
    const qsizetype cap = std::max(1, m_settings.maxTrackedWorkers);
    m_ids.trim(cap);
    if (m_lastEventTo.size() > cap)
        m_lastEventTo.clear();
    m_rollups.trim(cap);
}

qsizetype HistoryJournal::cachedWorkers() const
{
    return std::max(m_lastEventTo.size(), m_rollups.cachedWorkers());
}

bool HistoryJournal::reload()
{
    m_tail.clear();
    m_newestMs = std::numeric_limits<qint64>::min();
    return load();
}

Result<qint64> HistoryJournal::expireBefore(qint64 cutoffMs)
{
    QSqlQuery q(QSqlDatabase::database(m_file.connectionName(), false));
    q.prepare(u"DELETE FROM probe_journal WHERE t < ?"_s);
    q.addBindValue(cutoffMs);
    if (!q.exec())
        return m_file.sqlError(u"journal retention"_s, q.lastError());
    dropTailBefore(cutoffMs);
    return qint64(q.numRowsAffected());
}

void HistoryJournal::dropTailBefore(qint64 cutoffMs)
{
    for (auto it = m_tail.begin(); it != m_tail.end();) {
        std::erase_if(it->probes, [cutoffMs](const ProbeSample &p) { return p.atMs < cutoffMs; });
        std::erase_if(it->heartbeats, [cutoffMs](const HeartbeatSample &h) { return h.atMs < cutoffMs; });
        if (it->probes.empty() && it->heartbeats.empty())
            it = m_tail.erase(it);
        else
            ++it;
    }
}

}  // namespace parallax

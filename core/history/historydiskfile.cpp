#include "history/historydiskfile.h"

#include "base/logging.h"
#include "history/historydatabase.h"  // the tr() context its messages are translated under
#include "history/privatefiles.h"
#include "history/sqlitecodes.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// quick_check reads every page: affordable at start-up for a small file only. Larger files
// are checked by use: SQLite reports SQLITE_CORRUPT on the first damaged page it touches.
constexpr qint64 QuickCheckLimitBytes = 256LL * 1024 * 1024;

const QStringList &schemaStatements()
{
    static const QStringList statements = {
        u"CREATE TABLE IF NOT EXISTS worker (id INTEGER PRIMARY KEY, cluster TEXT NOT NULL, "
        "worker_id INTEGER NOT NULL, UNIQUE(cluster, worker_id))"_s,
        u"CREATE TABLE IF NOT EXISTS error_class (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"_s,
        u"CREATE TABLE IF NOT EXISTS probe (worker INTEGER NOT NULL, t INTEGER NOT NULL, "
        "target INTEGER NOT NULL, ok INTEGER NOT NULL, err INTEGER NOT NULL, connect_us INTEGER, "
        "first_byte_us INTEGER, total_us INTEGER, http_status INTEGER, "
        "PRIMARY KEY(worker, t, target)) WITHOUT ROWID"_s,
        u"CREATE TABLE IF NOT EXISTS probe_journal (seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, "
        "worker INTEGER NOT NULL, t INTEGER NOT NULL, target INTEGER, ok INTEGER, err INTEGER, connect_us INTEGER, "
        "first_byte_us INTEGER, total_us INTEGER, http_status INTEGER)"_s,
        u"CREATE TABLE IF NOT EXISTS heartbeat (worker INTEGER NOT NULL, t INTEGER NOT NULL, "
        "age_ms INTEGER NOT NULL, PRIMARY KEY(worker, t)) WITHOUT ROWID"_s,
        u"CREATE TABLE IF NOT EXISTS rollup_minute (worker INTEGER NOT NULL, bucket INTEGER NOT NULL, "
        "count INTEGER NOT NULL, failures INTEGER NOT NULL, ok_count INTEGER NOT NULL, lat_min INTEGER, "
        "lat_max INTEGER, lat_sum INTEGER, lat_p95 INTEGER, hist BLOB, PRIMARY KEY(worker, bucket)) "
        "WITHOUT ROWID"_s,
        u"CREATE TABLE IF NOT EXISTS rollup_hour (worker INTEGER NOT NULL, bucket INTEGER NOT NULL, "
        "count INTEGER NOT NULL, failures INTEGER NOT NULL, ok_count INTEGER NOT NULL, lat_min INTEGER, "
        "lat_max INTEGER, lat_sum INTEGER, lat_p95 INTEGER, hist BLOB, PRIMARY KEY(worker, bucket)) "
        "WITHOUT ROWID"_s,
        u"CREATE TABLE IF NOT EXISTS event (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, "
        "t INTEGER NOT NULL, kind INTEGER NOT NULL, field TEXT NOT NULL DEFAULT '', from_text TEXT, "
        "to_text TEXT, message TEXT)"_s,
        u"CREATE INDEX IF NOT EXISTS event_worker_kind_t ON event(worker, kind, t)"_s,
        u"PRAGMA user_version = 1"_s,
    };
    return statements;
}

}  // namespace

HistoryDiskFile::HistoryDiskFile(const HistorySettings &settings)
    : m_settings(settings)
    , m_connection(u"parallax-history-"_s + QString::number(quintptr(this), 16))
{
}

HistoryDiskFile::~HistoryDiskFile()
{
    m_hooks = {};
    close();
    releaseLock();
}

Error HistoryDiskFile::sqlError(const QString &what, const QSqlError &error) const
{
    m_lastSqliteCode = sqlite::primaryCode(error);
    return Error{ErrorCode::StorageFailure,
        HistoryDatabase::tr("The history database %1 could not be used: %2.").arg(m_path, error.text()),
        what + u": "_s + error.text() + u" (sqlite "_s + error.nativeErrorCode() + u")"_s};
}

Error HistoryDiskFile::diskError(Error error) const
{
    error.message = m_lastSqliteCode == sqlite::Full
        ? HistoryDatabase::tr("The disk holding the history database %1 is full.").arg(m_path)
        : HistoryDatabase::tr("The history database %1 cannot be written: the disk is full or failing (%2).")
              .arg(m_path, error.message);
    return error;
}

bool HistoryDiskFile::takeLock(const QString &path)
{
    const QString lockPath = path + u".lock"_s;
    if (m_lock && m_lockPath == lockPath && m_lock->isLocked())
        return true;
    releaseLock();
    m_lockPath = lockPath;
    m_lock = std::make_unique<QLockFile>(lockPath);
    // Stale only when its process is gone (a writer killed with SIGKILL), never by age.
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0)) {
        makePrivateFile(lockPath, false);
        return true;
    }
    // Only a lock another process holds means another writer. A lock file that cannot be
    // written (a full disk, a read-only folder) is the disk's problem, which opening the
    // database reports in its own words; the next maintenance pass tries the lock again.
    return m_lock->error() != QLockFile::LockFailedError;
}

void HistoryDiskFile::releaseLock()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    m_lockPath.clear();
}

Result<void> HistoryDiskFile::open(const QString &path, qint64 nowMs)
{
    close();
    if (path != m_path)
        releaseLock();
    m_path = path;
    m_memoryOnly = false;
    m_readOnly = false;
    const QFileInfo info(path);
    if (!makePrivatePath(info.absolutePath())) {
        const Error error{ErrorCode::StorageFailure,
            HistoryDatabase::tr("Cannot create the folder %1 for the history database. History is kept in "
                                "memory only until Parallax restarts.")
                .arg(info.absolutePath()),
            u"mkpath failed"_s};
        enterMemoryOnly(error);
        return error;
    }
    m_lastSqliteCode = -1;
    if (!takeLock(path)) {
        // Another Parallax records this file: show what it records, never write or move it.
        const Error held{ErrorCode::StorageFailure,
            HistoryDatabase::tr(
                "Another Parallax window is recording the history in %1; this one shows it but does not record. "
                "Close the other window to record here: this one takes over within a few minutes.")
                .arg(path),
            u"history lock held: "_s + m_lockPath};
        m_readOnly = true;
        qCWarning(lcHistory) << "history read-only:" << held.detail;
        notify(held);
        if (auto opened = openFile(); !opened) {
            m_memoryOnly = true;  // nothing to show yet (the other one is still creating it)
            qCWarning(lcHistory) << "history read-only open failed:" << opened.error().detail;
        }
        return held;
    }
    auto first = openFile();
    if (first)
        return first;
    // A full or failing disk is not the file's fault: keep it (with all its history) and run
    // in memory until a maintenance pass finds the disk usable again. Nor is a file that
    // another program holds busy: it is alive, and moving it would destroy its history.
    if (sqlite::isDiskProblem(m_lastSqliteCode)) {
        const Error error = diskError(first.error());
        enterMemoryOnly(error);
        return error;
    }
    // A damaged file: set it aside and start a fresh one (never give up history for the rest
    // of the session because of one bad file).
    if (sqlite::isCorruption(m_lastSqliteCode) && QFileInfo::exists(path)) {
        setAside(first.error(), nowMs);
        auto second = openFile();
        if (second)
            return {};
        enterMemoryOnly(second.error());
        return second.error();
    }
    enterMemoryOnly(first.error());
    return first.error();
}

Result<void> HistoryDiskFile::openFile()
{
    // Owner only, before SQLite touches it: SQLite gives the -wal and -shm files it creates
    // the database file's mode, so the history never passes through a readable state.
    if (!m_readOnly) {
        makePrivateFile(m_path, true);
        for (const QString &companion : {QString(m_path + u"-wal"_s), QString(m_path + u"-shm"_s)})
            makePrivateFile(companion, false);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(m_path);
        // A write lock held longer than this (by a program other than Parallax: Parallax
        // windows take the lock file first) counts as busy.
        db.setConnectOptions(
            m_readOnly ? u"QSQLITE_BUSY_TIMEOUT=2000;QSQLITE_OPEN_READONLY"_s : u"QSQLITE_BUSY_TIMEOUT=2000"_s);
        if (!db.open()) {
            const QSqlError error = db.lastError();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connection);
            return sqlError(u"open"_s, error);
        }
    }
    m_open = true;
    if (auto configured = configureAndCreateSchema(); !configured) {
        close();
        return configured.error();
    }
    return {};
}

Result<void> HistoryDiskFile::configureAndCreateSchema()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (m_readOnly) {
        // The writer chose the file's settings; a reader only keeps its cache small.
        q.exec(u"PRAGMA cache_size = -8192"_s);
        return m_hooks.opened ? m_hooks.opened() : Result<void>{};
    }
    // auto_vacuum must be chosen before the first table exists; it lets the size cap give
    // pages back to the file system with incremental_vacuum instead of a full VACUUM.
    const QStringList pragmas = {
        u"PRAGMA auto_vacuum = INCREMENTAL"_s,
        u"PRAGMA journal_mode = WAL"_s,
        u"PRAGMA synchronous = NORMAL"_s,
        u"PRAGMA cache_size = -65536"_s,  // 64 MiB: the hot leaf pages of 10,000 workers
        u"PRAGMA temp_store = MEMORY"_s,
    };
    for (const QString &pragma : pragmas) {
        if (!q.exec(pragma))
            return sqlError(pragma, q.lastError());
        if (pragma.contains(u"journal_mode"_s) && q.next()
            && q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            return Error{ErrorCode::StorageFailure,
                HistoryDatabase::tr("The history database %1 cannot use write-ahead logging.").arg(m_path),
                u"journal_mode="_s + q.value(0).toString()};
        }
    }
    if (m_settings.maxPageCountForTest > 0)
        q.exec(u"PRAGMA max_page_count = "_s + QString::number(m_settings.maxPageCountForTest));

    if (QFileInfo(m_path).size() <= QuickCheckLimitBytes) {
        if (!q.exec(u"PRAGMA quick_check"_s))
            return sqlError(u"quick_check"_s, q.lastError());
        if (!q.next() || q.value(0).toString() != u"ok"_s) {
            m_lastSqliteCode = sqlite::Corrupt;
            return Error{ErrorCode::StorageFailure,
                HistoryDatabase::tr("The history database %1 is damaged.").arg(m_path),
                u"quick_check: "_s + q.value(0).toString()};
        }
    }
    if (!db.transaction())
        return sqlError(u"begin schema"_s, db.lastError());
    for (const QString &statement : schemaStatements()) {
        if (!q.exec(statement)) {
            const QSqlError error = q.lastError();
            db.rollback();
            return sqlError(statement, error);
        }
    }
    if (!db.commit())
        return sqlError(u"commit schema"_s, db.lastError());

    if (m_hooks.opened) {
        if (auto attached = m_hooks.opened(); !attached)
            return attached;
    }
    qCDebug(lcHistory) << "history database open" << m_path;
    return {};
}

void HistoryDiskFile::close()
{
    if (m_hooks.closing)
        m_hooks.closing();  // its statements go before the connection does
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen()) {
                if (!m_readOnly)
                    QSqlQuery(db).exec(u"PRAGMA optimize"_s);
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_open = false;
}

void HistoryDiskFile::setAside(const Error &why, qint64 nowMs)
{
    close();
    // Only the lock holder ever gets here: no other Parallax is using the file.
    Q_ASSERT(!m_readOnly);
    const QString stamp = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    QString aside = m_path + u".broken-"_s + stamp;
    for (int n = 2; QFileInfo::exists(aside); ++n)
        aside = m_path + u".broken-"_s + stamp + u"-"_s + QString::number(n);
    const bool moved = QFile::rename(m_path, aside);
    // The WAL belongs to the file it was written for: keep them together.
    QFile::rename(m_path + u"-wal"_s, aside + u"-wal"_s);
    QFile::remove(m_path + u"-shm"_s);
    if (!moved)
        QFile::remove(m_path);  // cannot move it: a fresh history is still better than none
    qCWarning(lcHistory) << "history database set aside:" << why.detail << "->" << aside;
    notify(
        Error{ErrorCode::StorageFailure,
            HistoryDatabase::tr("The history database could not be used (%1) and was moved aside to %2. A new, empty "
                                "history was started; the old file can be inspected or deleted.")
                .arg(why.message, moved ? aside : HistoryDatabase::tr("(could not be moved; deleted)")),
            why.detail},
        moved ? aside : QString());
}

void HistoryDiskFile::notify(const Error &error, const QString &setAsidePath)
{
    // A maintenance pass retries the disk every few minutes; while nothing changed the user
    // has heard it already. Said again once a write got through in between.
    if (setAsidePath.isEmpty() && error.message == m_lastSaid)
        return;
    m_lastSaid = error.message;
    m_notices.append({error, setAsidePath});
}

void HistoryDiskFile::enterMemoryOnly(const Error &why)
{
    if (m_memoryOnly)
        return;
    m_memoryOnly = true;
    qCWarning(lcHistory) << "history kept in memory only:" << why.detail;
    notify(Error{ErrorCode::StorageFailure,
        HistoryDatabase::tr("History cannot be saved to disk (%1). Parallax keeps recent history in "
                            "memory and will try again in a few minutes.")
            .arg(why.message),
        why.detail});
}

Error HistoryDiskFile::handleFailure(const QString &what, const QSqlError &error, qint64 nowMs)
{
    Error e = sqlError(what, error);
    const int code = m_lastSqliteCode;
    if (sqlite::isDiskProblem(code)) {
        e = diskError(e);
        enterMemoryOnly(e);
    } else if (sqlite::isBusy(code)) {
        // The busy timeout was the retry; the next maintenance pass tries again.
        enterMemoryOnly(e);
    } else if (sqlite::isCorruption(code)) {
        setAside(e, nowMs);
        if (auto reopened = openFile(); !reopened)
            enterMemoryOnly(reopened.error());
    }
    return e;
}

Result<void> HistoryDiskFile::reopenIfDegraded(qint64 nowMs)
{
    if (!(m_memoryOnly || m_readOnly) || m_path.isEmpty())
        return {};
    // Try the disk again: the user may have freed space, the other window may be gone.
    if (auto reopened = open(m_path, nowMs); !reopened)
        return reopened.error();
    m_notices.clear();
    return {};
}

QList<HistoryNotice> HistoryDiskFile::takeNotices()
{
    return std::exchange(m_notices, {});
}

qint64 HistoryDiskFile::bytesOnDisk() const
{
    if (m_path.isEmpty())
        return 0;
    return QFileInfo(m_path).size() + QFileInfo(m_path + u"-wal"_s).size();
}

}  // namespace parallax

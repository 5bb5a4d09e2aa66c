#include "history/historydatabase.h"

#include "base/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 3'600'000;
// quick_check reads every page: affordable at start-up for a small file only. Larger files
// are checked by use: SQLite reports SQLITE_CORRUPT on the first damaged page it touches.
constexpr qint64 QuickCheckLimitBytes = 256LL * 1024 * 1024;

// SQLite primary result codes (sqlite3.h); Qt's driver reports them as nativeErrorCode().
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteIoErr = 10;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteFull = 13;
constexpr int SqliteNotADb = 26;

// Qt's driver gives no code for a failed COMMIT (QSQLiteDriver::commitTransaction keeps only
// the text), and a full disk most often shows there, when the WAL grows. SQLite's own error
// strings (sqlite3_errstr, never translated) stand in for the code then.
int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (ok)
        return code & 0xff;
    static const std::pair<QLatin1StringView, int> known[] = {
        { QLatin1StringView("database or disk is full"), SqliteFull },
        { QLatin1StringView("disk I/O error"), SqliteIoErr },
        { QLatin1StringView("database disk image is malformed"), SqliteCorrupt },
        { QLatin1StringView("file is not a database"), SqliteNotADb },
        { QLatin1StringView("database is locked"), SqliteBusy },
        { QLatin1StringView("database table is locked"), SqliteLocked },
    };
    const QString text = error.databaseText();
    for (const auto &[message, value] : known) {
        if (text.contains(message))
            return value;
    }
    return -1;
}

// Folders missing on the way to `dirPath` are created for the owner only (0700); an
// existing folder is left as the user made it.
bool makePrivatePath(const QString &dirPath)
{
    QString path = QDir::cleanPath(QFileInfo(dirPath).absoluteFilePath());
    QStringList missing;
    while (!QFileInfo::exists(path)) {
        missing.prepend(path);
        const QString parent = QFileInfo(path).path();
        if (parent == path)
            break;
        path = parent;
    }
    for (const QString &folder : std::as_const(missing)) {
        if (!QDir().mkdir(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner) && !QFileInfo(folder).isDir())
            return false;
    }
    return QFileInfo(dirPath).isDir();
}

// The file readable and writable by its owner only (0600), whatever the umask; created
// empty when `create` and missing (an empty file is an empty SQLite database).
void makePrivateFile(const QString &path, bool create)
{
#ifdef Q_OS_UNIX
    if (create) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
#else
    if (create && !QFileInfo::exists(path)) {
        QFile file(path);
        file.open(QIODevice::ReadWrite);
    }
#endif
    if (QFileInfo::exists(path))
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

// Binds every placeholder by position: a statement whose earlier binding was abandoned
// (the row before it failed) can never carry those values into this one.
void bindAll(QSqlQuery &q, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        q.bindValue(i++, value);
}

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

} // namespace

// Prepared statements for the write path, reused for every row.
struct HistoryDatabase::Statements {
    explicit Statements(const QSqlDatabase &db)
        : insertJournal(db)
        , insertProbe(db)
        , insertHeartbeat(db)
        , insertEvent(db)
        , lastEvent(db)
        , upsertMinute(db)
        , upsertHour(db)
        , selectMinute(db)
        , selectHour(db)
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
                                 "ORDER BY t DESC, id DESC LIMIT 1"_s)
            && upsertMinute.prepare(upsert(u"rollup_minute"_s)) && upsertHour.prepare(upsert(u"rollup_hour"_s))
            && selectMinute.prepare(select(u"rollup_minute"_s)) && selectHour.prepare(select(u"rollup_hour"_s));
    }
    static QString upsert(const QString &table)
    {
        return u"INSERT OR REPLACE INTO "_s + table
            + u" (worker, bucket, count, failures, ok_count, lat_min, lat_max, lat_sum, lat_p95, hist) "
              "VALUES (?,?,?,?,?,?,?,?,?,?)"_s;
    }
    static QString select(const QString &table)
    {
        return u"SELECT count, failures, ok_count, lat_min, lat_max, lat_sum, hist FROM "_s + table
            + u" WHERE worker = ? AND bucket = ?"_s;
    }
    QSqlQuery insertJournal, insertProbe, insertHeartbeat, insertEvent, lastEvent, upsertMinute, upsertHour,
        selectMinute, selectHour;
};

HistoryDatabase::HistoryDatabase(const HistorySettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_connection(u"parallax-history-"_s + QString::number(quintptr(this), 16))
{
}

HistoryDatabase::~HistoryDatabase()
{
    close();
    releaseLock();
}

bool HistoryDatabase::isOpen() const
{
    return m_open;
}

bool HistoryDatabase::isPersistent() const
{
    return m_open && !m_memoryOnly && !m_readOnly;
}

Error HistoryDatabase::sqlError(const QString &what, const QSqlError &error) const
{
    m_lastSqliteCode = primaryCode(error);
    return Error { ErrorCode::StorageFailure,
        tr("The history database %1 could not be used: %2.").arg(m_path, error.text()),
        what + u": "_s + error.text() + u" (sqlite "_s + error.nativeErrorCode() + u")"_s };
}

bool HistoryDatabase::isCorruption(int sqliteCode)
{
    return sqliteCode == SqliteCorrupt || sqliteCode == SqliteNotADb;
}

bool HistoryDatabase::isBusy(int sqliteCode)
{
    return sqliteCode == SqliteBusy || sqliteCode == SqliteLocked;
}

bool HistoryDatabase::isDiskFull(const QSqlError &error)
{
    return isDiskProblem(primaryCode(error));
}

bool HistoryDatabase::isDiskProblem(int sqliteCode)
{
    // SQLITE_IOERR too: on a full disk growing the WAL index (-shm) fails with
    // SQLITE_IOERR_SHMSIZE rather than SQLITE_FULL. Neither is the file's fault.
    return sqliteCode == SqliteFull || sqliteCode == SqliteIoErr;
}

Error HistoryDatabase::diskError(Error error) const
{
    error.message = m_lastSqliteCode == SqliteFull
        ? tr("The disk holding the history database %1 is full.").arg(m_path)
        : tr("The history database %1 cannot be written: the disk is full or failing (%2).").arg(m_path, error.message);
    return error;
}

bool HistoryDatabase::takeLock(const QString &path)
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

void HistoryDatabase::releaseLock()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    m_lockPath.clear();
}

Result<void> HistoryDatabase::open(const QString &path, qint64 nowMs)
{
    close();
    if (path != m_path)
        releaseLock();
    m_path = path;
    m_memoryOnly = false;
    m_readOnly = false;
    const QFileInfo info(path);
    if (!makePrivatePath(info.absolutePath())) {
        const Error error { ErrorCode::StorageFailure,
            tr("Cannot create the folder %1 for the history database. History is kept in "
               "memory only until Parallax restarts.")
                .arg(info.absolutePath()),
            u"mkpath failed"_s };
        enterMemoryOnly(error);
        return error;
    }
    m_lastSqliteCode = -1;
    if (!takeLock(path)) {
        // Another Parallax records this file: show what it records, never write or move it.
        const Error held { ErrorCode::StorageFailure,
            tr("Another Parallax window is recording the history in %1; this one shows it but does not record. "
               "Close the other window to record here: this one takes over within a few minutes.")
                .arg(path),
            u"history lock held: "_s + m_lockPath };
        m_readOnly = true;
        qCWarning(lcHistory) << "history read-only:" << held.detail;
        notify(held);
        if (auto opened = openFile(nowMs); !opened) {
            m_memoryOnly = true; // nothing to show yet (the other one is still creating it)
            qCWarning(lcHistory) << "history read-only open failed:" << opened.error().detail;
        }
        return held;
    }
    auto first = openFile(nowMs);
    if (first)
        return first;
    // A full or failing disk is not the file's fault: keep it (with all its history) and run
    // in memory until a maintenance pass finds the disk usable again. Nor is a file that
    // another program holds busy: it is alive, and moving it would destroy its history.
    if (isDiskProblem(m_lastSqliteCode)) {
        const Error error = diskError(first.error());
        enterMemoryOnly(error);
        return error;
    }
    // A damaged file: set it aside and start a fresh one (never give up history for the rest
    // of the session because of one bad file).
    if (isCorruption(m_lastSqliteCode) && QFileInfo::exists(path)) {
        setAside(first.error(), nowMs);
        auto second = openFile(nowMs);
        if (second)
            return {};
        enterMemoryOnly(second.error());
        return second.error();
    }
    enterMemoryOnly(first.error());
    return first.error();
}

Result<void> HistoryDatabase::openFile(qint64 nowMs)
{
    Q_UNUSED(nowMs);
    // Owner only, before SQLite touches it: SQLite gives the -wal and -shm files it creates
    // the database file's mode, so the history never passes through a readable state.
    if (!m_readOnly) {
        makePrivateFile(m_path, true);
        for (const QString &companion : { QString(m_path + u"-wal"_s), QString(m_path + u"-shm"_s) })
            makePrivateFile(companion, false);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(m_path);
        // A write lock held longer than this (by a program other than Parallax: Parallax
        // windows take the lock file first) counts as busy.
        db.setConnectOptions(m_readOnly ? u"QSQLITE_BUSY_TIMEOUT=2000;QSQLITE_OPEN_READONLY"_s
                                        : u"QSQLITE_BUSY_TIMEOUT=2000"_s);
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

Result<void> HistoryDatabase::configureAndCreateSchema()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (m_readOnly) {
        // The writer chose the file's settings; a reader only keeps its cache small.
        q.exec(u"PRAGMA cache_size = -8192"_s);
        m_sql = std::make_unique<Statements>(db);
        if (!m_sql->prepare())
            return sqlError(u"prepare"_s, m_sql->insertProbe.lastError());
        if (!loadJournal())
            return sqlError(u"load journal"_s, db.lastError());
        return {};
    }
    // auto_vacuum must be chosen before the first table exists; it lets the size cap give
    // pages back to the file system with incremental_vacuum instead of a full VACUUM.
    const QStringList pragmas = {
        u"PRAGMA auto_vacuum = INCREMENTAL"_s,
        u"PRAGMA journal_mode = WAL"_s,
        u"PRAGMA synchronous = NORMAL"_s,
        u"PRAGMA cache_size = -65536"_s, // 64 MiB: the hot leaf pages of 10,000 workers
        u"PRAGMA temp_store = MEMORY"_s,
    };
    for (const QString &pragma : pragmas) {
        if (!q.exec(pragma))
            return sqlError(pragma, q.lastError());
        if (pragma.contains(u"journal_mode"_s) && q.next()
            && q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            return Error { ErrorCode::StorageFailure,
                tr("The history database %1 cannot use write-ahead logging.").arg(m_path),
                u"journal_mode="_s + q.value(0).toString() };
        }
    }
    if (m_settings.maxPageCountForTest > 0)
        q.exec(u"PRAGMA max_page_count = "_s + QString::number(m_settings.maxPageCountForTest));

    if (QFileInfo(m_path).size() <= QuickCheckLimitBytes) {
        if (!q.exec(u"PRAGMA quick_check"_s))
            return sqlError(u"quick_check"_s, q.lastError());
        if (!q.next() || q.value(0).toString() != u"ok"_s) {
            m_lastSqliteCode = SqliteCorrupt;
            return Error { ErrorCode::StorageFailure, tr("The history database %1 is damaged.").arg(m_path),
                u"quick_check: "_s + q.value(0).toString() };
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

    m_sql = std::make_unique<Statements>(db);
    if (!m_sql->prepare())
        return sqlError(u"prepare"_s, m_sql->insertProbe.lastError());
    if (!loadJournal())
        return sqlError(u"load journal"_s, db.lastError());
    qCDebug(lcHistory) << "history database open" << m_path;
    return {};
}

void HistoryDatabase::close()
{
    m_sql.reset();
    m_workerRows.clear();
    m_errorRows.clear();
    m_errorById.clear();
    m_minute.clear();
    m_hour.clear();
    m_lastEventTo.clear();
    m_tail.clear();
    m_forgottenRows.clear();
    m_newestMs = std::numeric_limits<qint64>::min();
    m_lastCutoffMs = std::numeric_limits<qint64>::min();
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

void HistoryDatabase::setAside(const Error &why, qint64 nowMs)
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
        QFile::remove(m_path); // cannot move it: a fresh history is still better than none
    qCWarning(lcHistory) << "history database set aside:" << why.detail << "->" << aside;
    notify(Error { ErrorCode::StorageFailure,
               tr("The history database could not be used (%1) and was moved aside to %2. A new, empty "
                  "history was started; the old file can be inspected or deleted.")
                   .arg(why.message, moved ? aside : tr("(could not be moved; deleted)")),
               why.detail },
        moved ? aside : QString());
}

void HistoryDatabase::notify(const Error &error, const QString &setAsidePath)
{
    // A maintenance pass retries the disk every few minutes; while nothing changed the user
    // has heard it already. Said again once a write got through in between.
    if (setAsidePath.isEmpty() && error.message == m_lastSaid)
        return;
    m_lastSaid = error.message;
    m_notices.append({ error, setAsidePath });
}

void HistoryDatabase::enterMemoryOnly(const Error &why)
{
    if (m_memoryOnly)
        return;
    m_memoryOnly = true;
    qCWarning(lcHistory) << "history kept in memory only:" << why.detail;
    notify(Error { ErrorCode::StorageFailure,
        tr("History cannot be saved to disk (%1). Parallax keeps recent history in "
           "memory and will try again in a few minutes.")
            .arg(why.message),
        why.detail });
}

Error HistoryDatabase::handleFailure(const QString &what, const QSqlError &error, qint64 nowMs)
{
    Error e = sqlError(what, error);
    const int code = m_lastSqliteCode;
    m_minute.clear(); // the rolled-back transaction took the accumulators' updates with it
    m_hour.clear();
    m_lastEventTo.clear();
    if (isDiskFull(error)) {
        e = diskError(e);
        enterMemoryOnly(e);
    } else if (isBusy(code)) {
        // The busy timeout was the retry; the next maintenance pass tries again.
        enterMemoryOnly(e);
    } else if (isCorruption(code)) {
        setAside(e, nowMs);
        if (auto reopened = openFile(nowMs); !reopened)
            enterMemoryOnly(reopened.error());
    }
    return e;
}

QList<HistoryNotice> HistoryDatabase::takeNotices()
{
    return std::exchange(m_notices, {});
}

qint64 HistoryDatabase::bytesOnDisk() const
{
    if (m_path.isEmpty())
        return 0;
    return QFileInfo(m_path).size() + QFileInfo(m_path + u"-wal"_s).size();
}

HistoryResolution HistoryDatabase::resolutionFor(qint64 bucketMs)
{
    if (bucketMs >= HourMs)
        return HistoryResolution::Hour;
    if (bucketMs >= MinuteMs)
        return HistoryResolution::Minute;
    return HistoryResolution::Raw;
}

qint64 HistoryDatabase::workerRow(const WorkerKey &key, bool create)
{
    if (auto it = m_workerRows.constFind(key); it != m_workerRows.constEnd())
        return *it;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.prepare(u"SELECT id FROM worker WHERE cluster = ? AND worker_id = ?"_s);
    bindAll(q, { key.cluster, key.workerId });
    const bool looked = q.exec();
    if (looked && q.next()) {
        const qint64 row = q.value(0).toLongLong();
        m_workerRows.insert(key, row);
        return row;
    }
    if (!looked) {
        m_workerError = q.lastError();
        return -1;
    }
    if (!create)
        return -1;
    q.prepare(u"INSERT INTO worker (cluster, worker_id) VALUES (?, ?)"_s);
    bindAll(q, { key.cluster, key.workerId });
    if (!q.exec()) {
        m_workerError = q.lastError();
        return -1;
    }
    const qint64 row = q.lastInsertId().toLongLong();
    m_workerRows.insert(key, row);
    return row;
}

qint64 HistoryDatabase::errorClassRow(ProbeError error)
{
    if (auto it = m_errorRows.constFind(int(error)); it != m_errorRows.constEnd())
        return *it;
    // Stored by name, not by enum value: the enum may gain members, the file must not change meaning.
    const QString name = probeErrorId(error);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT OR IGNORE INTO error_class (name) VALUES (?)"_s);
    q.addBindValue(name);
    q.exec();
    q.prepare(u"SELECT id FROM error_class WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return 0;
    const qint64 row = q.value(0).toLongLong();
    m_errorRows.insert(int(error), row);
    m_errorById.insert(row, error);
    return row;
}

ProbeError HistoryDatabase::errorClassFromRow(qint64 row)
{
    if (auto it = m_errorById.constFind(row); it != m_errorById.constEnd())
        return *it;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT name FROM error_class WHERE id = ?"_s);
    q.addBindValue(row);
    const ProbeError error = (q.exec() && q.next()) ? probeErrorFromId(q.value(0).toString()) : ProbeError::Other;
    m_errorById.insert(row, error);
    return error;
}

bool HistoryDatabase::loadRollup(qint64 worker, qint64 start, HistoryResolution resolution, RollupAccumulator &out)
{
    QSqlQuery &q = resolution == HistoryResolution::Hour ? m_sql->selectHour : m_sql->selectMinute;
    bindAll(q, { worker, start });
    if (!q.exec())
        return false;
    if (q.next()) {
        out = RollupAccumulator::fromStored(q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
            q.value(3).isNull() ? -1 : q.value(3).toLongLong(), q.value(4).isNull() ? -1 : q.value(4).toLongLong(),
            q.value(5).toLongLong(), q.value(6).toByteArray());
    } else {
        out = RollupAccumulator();
    }
    q.finish();
    return true;
}

bool HistoryDatabase::storeRollup(
    qint64 worker, qint64 start, HistoryResolution resolution, const RollupAccumulator &acc)
{
    QSqlQuery &q = resolution == HistoryResolution::Hour ? m_sql->upsertHour : m_sql->upsertMinute;
    const RollupRow row = acc.row(start);
    const QVariant null = QVariant(QMetaType::fromType<qint64>());
    bindAll(q,
        { worker, start, acc.count, acc.failures, acc.okCount, acc.okCount > 0 ? QVariant(acc.minUs) : null,
            acc.okCount > 0 ? QVariant(acc.maxUs) : null, acc.sumUs,
            row.latencyP95Us >= 0 ? QVariant(row.latencyP95Us) : null, acc.histogram.encode() });
    return q.exec();
}

bool HistoryDatabase::addToRollup(qint64 worker, const ProbeSample &sample, HistoryResolution resolution)
{
    const qint64 width = resolution == HistoryResolution::Hour ? HourMs : MinuteMs;
    const qint64 start = sample.atMs - (sample.atMs % width + width) % width;
    QHash<qint64, OpenBucket> &open = resolution == HistoryResolution::Hour ? m_hour : m_minute;
    OpenBucket &bucket = open[worker];
    if (bucket.start == start) {
        bucket.acc.add(sample);
        bucket.dirty = true;
        return true;
    }
    if (start < bucket.start) {
        // A late sample for a bucket already left behind: update its stored row directly.
        RollupAccumulator late;
        if (!loadRollup(worker, start, resolution, late))
            return false;
        late.add(sample);
        return storeRollup(worker, start, resolution, late);
    }
    // A newer bucket: the old one is complete. Continue a stored row (after a restart) or start.
    if (bucket.dirty && !storeRollup(worker, bucket.start, resolution, bucket.acc))
        return false;
    // Compaction feeds each worker's samples in time order, so a bucket after one this session
    // already had cannot be on disk yet: only the first bucket per worker needs a look-up.
    const bool mayBeStored = bucket.start < 0;
    bucket = OpenBucket {};
    bucket.start = start;
    if (mayBeStored && !loadRollup(worker, start, resolution, bucket.acc))
        return false;
    bucket.acc.add(sample);
    bucket.dirty = true;
    return true;
}

bool HistoryDatabase::writeEvent(qint64 worker, const HistoryEvent &event)
{
    // Transitions are stored once: the caller reports what it sees after a restart too, and
    // "ready" again after "ready" is not a transition.
    const QString cacheKey = QString::number(int(event.kind)) + u'/' + event.field;
    QHash<QString, QString> &lastOfWorker = m_lastEventTo[worker];
    auto it = lastOfWorker.find(cacheKey);
    if (it == lastOfWorker.end()) {
        QSqlQuery &last = m_sql->lastEvent;
        bindAll(last, { worker, int(event.kind), event.field });
        if (!last.exec())
            return false;
        it = lastOfWorker.insert(cacheKey, last.next() ? last.value(0).toString() : QString());
        last.finish();
        if (it->isNull())
            *it = QString(u"\u0001"_s); // "nothing stored yet", distinct from an empty state
    }
    if (*it == event.to)
        return true;
    // After a restart the caller does not know the previous value; the database does.
    const bool storedBefore = *it != u"\u0001"_s;
    const QString from = event.from.isEmpty() && storedBefore ? *it : event.from;
    QSqlQuery &q = m_sql->insertEvent;
    bindAll(q, { worker, event.atMs, int(event.kind), event.field, from, event.to, event.message });
    if (!q.exec())
        return false;
    *it = event.to;
    return true;
}

Result<qint64> HistoryDatabase::write(const HistoryBatch &batch, qint64 nowMs)
{
    if (!m_open || m_memoryOnly || m_readOnly)
        return Error { ErrorCode::StorageFailure, tr("History is kept in memory only."), u"not open"_s };
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        return handleFailure(u"begin"_s, error, nowMs);
    }

    auto fail = [&](const QString &what, const QSqlError &error) -> Error {
        qCWarning(lcHistory) << "history write failed:" << what << error.text() << error.nativeErrorCode();
        db.rollback();
        db = QSqlDatabase(); // handleFailure may close and reopen this connection
        return handleFailure(what, error, nowMs);
    };

    // Into the journal: appended in time order, so a flush writes few pages.
    std::vector<std::pair<qint64, ProbeSample>> probes;
    probes.reserve(size_t(batch.probes.size()));
    for (const auto &[key, sample] : batch.probes) {
        const qint64 worker = workerRow(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_workerError);
        const qint64 errorClass = errorClassRow(sample.error);
        QSqlQuery &q = m_sql->insertJournal;
        bindAll(q,
            { 0, worker, sample.atMs, int(sample.target), sample.ok ? 1 : 0, errorClass, qint64(sample.connectUs),
                qint64(sample.firstByteUs), qint64(sample.totalUs), int(sample.httpStatus) });
        if (!q.exec())
            return fail(u"insert probe"_s, q.lastError());
        probes.emplace_back(worker, sample);
    }
    std::vector<std::pair<qint64, HeartbeatSample>> beats;
    for (const auto &[key, beat] : batch.heartbeats) {
        // The worker first: nothing is bound for a row that cannot be written.
        const qint64 worker = workerRow(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_workerError);
        QSqlQuery &q = m_sql->insertJournal;
        const QVariant null(QMetaType::fromType<int>());
        bindAll(q, { 1, worker, beat.atMs, null, null, null, null, null, beat.ageMs, null });
        if (!q.exec())
            return fail(u"insert heartbeat"_s, q.lastError());
        beats.emplace_back(worker, beat);
    }
    for (const auto &[key, event] : batch.events) {
        const qint64 worker = workerRow(key, true);
        if (worker < 0)
            return fail(u"worker"_s, m_workerError);
        if (!writeEvent(worker, event))
            return fail(u"insert event"_s,
                m_sql->insertEvent.lastError().isValid() ? m_sql->insertEvent.lastError() : m_sql->lastEvent.lastError());
    }
    if (!db.commit())
        return fail(u"commit"_s, db.lastError());
    m_lastSaid.clear();
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

bool HistoryDatabase::loadJournal()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT kind, worker, t, target, ok, err, connect_us, first_byte_us, total_us, http_status "
                "FROM probe_journal ORDER BY seq"_s))
        return false;
    while (q.next()) {
        const qint64 worker = q.value(1).toLongLong();
        const qint64 t = q.value(2).toLongLong();
        m_newestMs = std::max(m_newestMs, t);
        if (q.value(0).toInt() == 1) {
            m_tail[worker].heartbeats.push_back({ t, q.value(8).toLongLong() });
            continue;
        }
        ProbeSample s;
        s.atMs = t;
        s.target = ProbeRoute(q.value(3).toInt());
        s.ok = q.value(4).toInt() != 0;
        s.error = errorClassFromRow(q.value(5).toLongLong());
        s.connectUs = quint32(q.value(6).toLongLong());
        s.firstByteUs = quint32(q.value(7).toLongLong());
        s.totalUs = quint32(q.value(8).toLongLong());
        s.httpStatus = quint16(q.value(9).toInt());
        m_tail[worker].probes.push_back(s);
    }
    return true;
}

Result<void> HistoryDatabase::compactIfDue(qint64 nowMs)
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

Result<void> HistoryDatabase::compact(qint64 cutoffMs, qint64 nowMs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        return handleFailure(u"begin compaction"_s, error, nowMs);
    }
    auto fail = [&](const QString &what, const QSqlError &error) -> Error {
        qCWarning(lcHistory) << "history compaction failed:" << what << error.text() << error.nativeErrorCode();
        db.rollback();
        db = QSqlDatabase();
        return handleFailure(what, error, nowMs);
    };
    QList<qint64> workers = m_tail.keys();
    std::sort(workers.begin(), workers.end()); // key order: each worker's rows land on its own pages
    for (const qint64 worker : std::as_const(workers)) {
        Tail &tail = m_tail[worker];
        std::stable_sort(tail.probes.begin(), tail.probes.end(),
            [](const ProbeSample &a, const ProbeSample &b) { return a.atMs < b.atMs; });
        bool rolled = false;
        for (const ProbeSample &sample : tail.probes) {
            if (sample.atMs >= cutoffMs)
                break;
            const qint64 errorClass = errorClassRow(sample.error);
            QSqlQuery &q = m_sql->insertProbe;
            bindAll(q,
                { worker, sample.atMs, int(sample.target), sample.ok ? 1 : 0, errorClass, qint64(sample.connectUs),
                    qint64(sample.firstByteUs), qint64(sample.totalUs), int(sample.httpStatus) });
            if (!q.exec())
                return fail(u"compact probe"_s, q.lastError());
            // Rollups describe the address GPUStack probes; hostname probes stay raw only.
            if (sample.target == ProbeRoute::Registered) {
                if (!addToRollup(worker, sample, HistoryResolution::Minute)
                    || !addToRollup(worker, sample, HistoryResolution::Hour))
                    return fail(u"rollup"_s,
                        m_sql->upsertMinute.lastError().isValid() ? m_sql->upsertMinute.lastError()
                                                                  : m_sql->upsertHour.lastError());
                rolled = true;
            }
        }
        // The open buckets are stored with the rows they came from, in the same transaction.
        for (auto *open : { &m_minute, &m_hour }) {
            auto it = open->find(worker);
            if (!rolled || it == open->end() || !it->dirty)
                continue;
            const auto resolution = open == &m_hour ? HistoryResolution::Hour : HistoryResolution::Minute;
            if (!storeRollup(worker, it->start, resolution, it->acc))
                return fail(u"store rollup"_s,
                    (resolution == HistoryResolution::Hour ? m_sql->upsertHour : m_sql->upsertMinute).lastError());
            it->dirty = false;
        }
        std::stable_sort(tail.heartbeats.begin(), tail.heartbeats.end(),
            [](const HeartbeatSample &a, const HeartbeatSample &b) { return a.atMs < b.atMs; });
        for (const HeartbeatSample &beat : tail.heartbeats) {
            if (beat.atMs >= cutoffMs)
                break;
            QSqlQuery &q = m_sql->insertHeartbeat;
            bindAll(q, { worker, beat.atMs, beat.ageMs });
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

    for (auto it = m_tail.begin(); it != m_tail.end();) {
        std::erase_if(it->probes, [cutoffMs](const ProbeSample &p) { return p.atMs < cutoffMs; });
        std::erase_if(it->heartbeats, [cutoffMs](const HeartbeatSample &h) { return h.atMs < cutoffMs; });
        if (it->probes.empty() && it->heartbeats.empty())
            it = m_tail.erase(it);
        else
            ++it;
    }
    // Everything compacted is stored: the forgotten workers' buckets are not needed any more.
    m_forgottenRows.removeIf([this](qint64 row) {
        for (auto *open : { &m_minute, &m_hour }) {
            if (auto b = open->find(row); b != open->end() && !b->dirty)
                open->erase(b);
        }
        m_lastEventTo.remove(row);
        return !m_tail.contains(row);
    });
    return {};
}

Result<qint64> HistoryDatabase::deleteOlderThan(const QString &table, const QString &timeColumn, qint64 cutoffMs)
{
    // One statement for every worker: SQLite walks each worker's (worker, t) key range from
    // the worker table, so the cost follows the rows deleted, not a statement per worker ever seen.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"DELETE FROM "_s + table + u" WHERE worker IN (SELECT id FROM worker) AND "_s + timeColumn
        + u" < ?"_s);
    bindAll(q, { cutoffMs });
    if (!q.exec())
        return sqlError(u"delete "_s + table, q.lastError());
    return qint64(q.numRowsAffected());
}

Result<qint64> HistoryDatabase::deleteEmptyWorkers()
{
    // The journal has no worker index: its workers are read once; the others are key look-ups.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    const bool ok = q.exec(u"DELETE FROM worker WHERE id NOT IN (SELECT worker FROM probe_journal) "
                           "AND NOT EXISTS (SELECT 1 FROM probe WHERE probe.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM heartbeat WHERE heartbeat.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM rollup_minute WHERE rollup_minute.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM rollup_hour WHERE rollup_hour.worker = worker.id) "
                           "AND NOT EXISTS (SELECT 1 FROM event WHERE event.worker = worker.id)"_s);
    if (!ok)
        return sqlError(u"delete empty workers"_s, q.lastError());
    const qint64 deleted = q.numRowsAffected();
    if (deleted > 0) {
        // A row id may be handed out again: nothing cached may still point at an old one.
        m_workerRows.clear();
        m_minute.clear();
        m_hour.clear();
        m_lastEventTo.clear();
    }
    return deleted;
}

std::optional<qint64> HistoryDatabase::oldest(const QString &table, const QString &timeColumn)
{
    // Each worker's first key, in one statement (MIN over the whole table would scan it).
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT MIN((SELECT MIN("_s + timeColumn + u") FROM "_s + table + u" WHERE worker = w.id)) FROM worker w"_s)
        && q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong();
    return std::nullopt;
}

Result<qint64> HistoryDatabase::adoptCluster(const QString &from, const QString &to)
{
    if (!m_open || m_memoryOnly || m_readOnly)
        return Error { ErrorCode::StorageFailure, tr("History is kept in memory only."), u"not open"_s };
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE worker SET cluster = ? WHERE cluster = ? "
              "AND NOT EXISTS (SELECT 1 FROM worker WHERE cluster = ?)"_s);
    bindAll(q, { to, from, to });
    if (!q.exec())
        return sqlError(u"adopt cluster"_s, q.lastError());
    const qint64 moved = q.numRowsAffected();
    if (moved > 0) {
        m_workerRows.clear(); // the keys changed, the rows did not
        qCDebug(lcHistory) << "history of" << moved << "workers moved to the cluster key" << to;
    }
    return moved;
}

void HistoryDatabase::forget(const QList<WorkerKey> &keys)
{
    for (const WorkerKey &key : keys) {
        const auto it = m_workerRows.constFind(key);
        if (it == m_workerRows.constEnd())
            continue;
        const qint64 row = *it;
        m_workerRows.erase(it);
        // Open buckets are stored at every compaction; one not stored yet stays for the next.
        for (auto *open : { &m_minute, &m_hour }) {
            if (auto b = open->find(row); b != open->end() && !b->dirty)
                open->erase(b);
        }
        m_lastEventTo.remove(row);
        if (m_tail.contains(row))
            m_forgottenRows.insert(row);
    }
}

void HistoryDatabase::trimCaches()
{
    // Caches of what is on disk: dropping one costs a look-up the next time it is needed.
    const qsizetype cap = std::max(1, m_settings.maxTrackedWorkers);
    if (m_workerRows.size() > cap)
        m_workerRows.clear();
    if (m_lastEventTo.size() > cap)
        m_lastEventTo.clear();
    for (auto *open : { &m_minute, &m_hour }) {
        if (open->size() > cap)
            open->removeIf([](const auto &entry) { return !entry.value().dirty; });
    }
}

qsizetype HistoryDatabase::cachedWorkers() const
{
    return std::max({ m_workerRows.size(), m_lastEventTo.size(), m_minute.size(), m_hour.size() });
}

qint64 HistoryDatabase::usedBytes()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    qint64 pages = 0, freePages = 0, pageSize = 4096;
    if (q.exec(u"PRAGMA page_count"_s) && q.next())
        pages = q.value(0).toLongLong();
    if (q.exec(u"PRAGMA freelist_count"_s) && q.next())
        freePages = q.value(0).toLongLong();
    if (q.exec(u"PRAGMA page_size"_s) && q.next())
        pageSize = q.value(0).toLongLong();
    return (pages - freePages) * pageSize;
}

void HistoryDatabase::reclaimSpace()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    qint64 freePages = 0;
    if (q.exec(u"PRAGMA freelist_count"_s) && q.next())
        freePages = q.value(0).toLongLong();
    q.finish();
    // incremental_vacuum frees one page per result row, and Qt's driver steps a pragma only
    // once (the row has no columns): so run it once per free page, inside one transaction.
    if (freePages > 0 && db.transaction()) {
        for (qint64 i = 0; i < freePages; ++i) {
            if (!q.exec(u"PRAGMA incremental_vacuum(1)"_s))
                break;
        }
        q.finish();
        db.commit();
    }
    // The file shrinks when the WAL is checkpointed into it.
    q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
    q.finish();
}

Result<bool> HistoryDatabase::applySizeCap(HistoryMaintenanceReport &report)
{
    if (m_settings.maxBytesOnDisk <= 0 || bytesOnDisk() <= m_settings.maxBytesOnDisk)
        return false;
    reclaimSpace();
    if (bytesOnDisk() <= m_settings.maxBytesOnDisk)
        return true;
    // Aim below the cap so the next few flushes do not cross it again at once.
    const qint64 target = m_settings.maxBytesOnDisk * 8 / 10;
    struct Tier {
        QString table;
        QString column;
        qint64 *counter;
    };
    const QList<Tier> tiers = {
        { u"probe"_s, u"t"_s, &report.rawRowsDeleted },
        { u"heartbeat"_s, u"t"_s, &report.rawRowsDeleted },
        { u"rollup_minute"_s, u"bucket"_s, &report.rollupRowsDeleted },
        { u"rollup_hour"_s, u"bucket"_s, &report.rollupRowsDeleted },
        { u"event"_s, u"t"_s, &report.eventRowsDeleted },
    };
    // Oldest first, a slice at a time: raw rows go before any rollup, minute rollups before hours.
    for (const Tier &tier : tiers) {
        while (usedBytes() > target) {
            const auto first = oldest(tier.table, tier.column);
            if (!first)
                break;
            QSqlQuery newest(QSqlDatabase::database(m_connection, false));
            qint64 last = *first;
            if (newest.exec(u"SELECT MAX("_s + tier.column + u") FROM "_s + tier.table) && newest.next())
                last = newest.value(0).toLongLong();
            const qint64 slice = std::max<qint64>(MinuteMs, (last - *first) / 10);
            auto deleted = deleteOlderThan(tier.table, tier.column, *first + slice);
            if (!deleted)
                return deleted.error();
            *tier.counter += *deleted;
            if (*first + slice > last && *deleted == 0)
                break;
        }
        if (usedBytes() <= target)
            break;
    }
    m_minute.clear(); // rollup rows may be gone: reload from disk on the next sample
    m_hour.clear();
    m_lastEventTo.clear();
    reclaimSpace();
    qCDebug(lcHistory) << "size cap: in use" << usedBytes() << "on disk" << bytesOnDisk() << "cap"
                       << m_settings.maxBytesOnDisk;
    return true;
}

Result<HistoryMaintenanceReport> HistoryDatabase::maintain(qint64 nowMs)
{
    HistoryMaintenanceReport report;
    if ((m_memoryOnly || m_readOnly) && !m_path.isEmpty()) {
        // Try the disk again: the user may have freed space, the other window may be gone.
        if (auto reopened = open(m_path, nowMs); !reopened)
            return reopened.error();
        m_notices.clear();
    }
    if (!m_open)
        return Error { ErrorCode::StorageFailure, tr("History is kept in memory only."), u"not open"_s };

    if (auto compacted = compactIfDue(nowMs); !compacted)
        return compacted.error();
    const qint64 rawCutoff = nowMs - m_settings.rawRetentionMs;
    const qint64 rollupCutoff = nowMs - m_settings.rollupRetentionMs;
    {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(u"DELETE FROM probe_journal WHERE t < ?"_s);
        q.addBindValue(rawCutoff);
        if (!q.exec())
            return sqlError(u"journal retention"_s, q.lastError());
        report.rawRowsDeleted += q.numRowsAffected();
        for (auto it = m_tail.begin(); it != m_tail.end();) {
            std::erase_if(it->probes, [rawCutoff](const ProbeSample &p) { return p.atMs < rawCutoff; });
            std::erase_if(it->heartbeats, [rawCutoff](const HeartbeatSample &h) { return h.atMs < rawCutoff; });
            it = it->probes.empty() && it->heartbeats.empty() ? m_tail.erase(it) : std::next(it);
        }
    }
    for (const auto &[table, column, cutoff, counter] :
        { std::tuple { u"probe"_s, u"t"_s, rawCutoff, &report.rawRowsDeleted },
            std::tuple { u"heartbeat"_s, u"t"_s, rawCutoff, &report.rawRowsDeleted },
            std::tuple { u"rollup_minute"_s, u"bucket"_s, rollupCutoff, &report.rollupRowsDeleted },
            std::tuple { u"rollup_hour"_s, u"bucket"_s, rollupCutoff, &report.rollupRowsDeleted },
            std::tuple { u"event"_s, u"t"_s, rollupCutoff, &report.eventRowsDeleted } }) {
        auto deleted = deleteOlderThan(table, column, cutoff);
        if (!deleted)
            return deleted.error();
        *counter += *deleted;
    }
    if (report.rollupRowsDeleted > 0 || report.eventRowsDeleted > 0) {
        m_minute.clear();
        m_hour.clear();
        m_lastEventTo.clear();
    }
    // Workers gone from the server keep their rows until retention removed the last one.
    if (auto emptied = deleteEmptyWorkers(); !emptied)
        return emptied.error();
    auto capped = applySizeCap(report);
    if (!capped)
        return capped.error();
    report.sizeCapApplied = *capped;
    if (!report.sizeCapApplied && (report.rawRowsDeleted > 0 || report.rollupRowsDeleted > 0))
        reclaimSpace();
    report.bytesOnDisk = bytesOnDisk();
    return report;
}

} // namespace parallax

#pragma once

#include "base/result.h"
#include "history/historytypes.h"

#include <QList>
#include <QLockFile>
#include <QSqlError>
#include <QString>

#include <functional>
#include <memory>

namespace parallax {

// Something the database did on its own that the user should hear about.
struct HistoryNotice {
    Error error;
    QString setAsidePath;  // non-empty when the database file was moved aside
};

// The history's SQLite file: its folder (0700) and files (0600), the lock that makes one
// process its writer, the connection and its settings, the schema, and what happens when the
// file fails: a corrupt file is set aside and a fresh one opened, a full disk or a busy file
// switches to memory only. Problems the user should see are queued as notices.
//
// Whoever keeps state tied to the connection (prepared statements, caches of row ids) hears
// of it through the hooks: `opened` once the schema is ready (its error fails the open like
// any other), `closing` before the connection goes.
class HistoryDiskFile {
public:
    struct Hooks {
        std::function<Result<void>()> opened;
        std::function<void()> closing;
    };

    explicit HistoryDiskFile(const HistorySettings &settings);
    ~HistoryDiskFile();
    Q_DISABLE_COPY_MOVE(HistoryDiskFile)

    void setHooks(Hooks hooks) { m_hooks = std::move(hooks); }

    // Opens (or creates) the database, its folder 0700 and its files 0600. One process writes
    // a history file: it holds `<path>.lock` (QLockFile). Another one opens the file
    // read-only, says so and returns that message as the error (maintenance tries for the
    // lock again). A corrupt file or one that is not a database is moved aside and a fresh
    // one created; a busy or locked one never is (it is someone's live file): the store
    // keeps running in memory and tries again later. On failure the error says why.
    Result<void> open(const QString &path, qint64 nowMs);
    // Memory-only or read-only: tries the disk again (space freed, the other window gone).
    Result<void> reopenIfDegraded(qint64 nowMs);
    void close();  // keeps the lock: the file is still ours (open() of another path or the destructor let go)
    void releaseLock();
    bool isOpen() const { return m_open; }
    bool isPersistent() const { return m_open && !m_memoryOnly && !m_readOnly; }
    bool isReadOnly() const { return m_readOnly; }
    QString path() const { return m_path; }
    QString connectionName() const { return m_connection; }
    qint64 bytesOnDisk() const;

    // The error for a failed statement (and the SQLite code remembered for the failure paths).
    Error sqlError(const QString &what, const QSqlError &error) const;
    // After a failed statement: a corrupt file is set aside (and a fresh one opened), a full
    // disk or a busy file switches to memory-only. Returns the error to pass on.
    Error handleFailure(const QString &what, const QSqlError &error, qint64 nowMs);
    void noteWriteSucceeded() { m_lastSaid.clear(); }  // a failure said again is news again
    QList<HistoryNotice> takeNotices();

private:
    Result<void> openFile();
    Result<void> configureAndCreateSchema();
    bool takeLock(const QString &path);  // false: another process holds the lock
    void notify(const Error &error, const QString &setAsidePath = {});  // once per message until a write succeeds
    void setAside(const Error &why, qint64 nowMs);
    void enterMemoryOnly(const Error &why);
    Error diskError(Error error) const;  // the message a person reads for a full or failing disk

    const HistorySettings &m_settings;
    Hooks m_hooks;
    QString m_path;
    QString m_connection;
    mutable int m_lastSqliteCode = -1;  // of the last sqlError(): why open() failed
    QString m_lastSaid;  // the last message of notify(), until a write succeeds
    std::unique_ptr<QLockFile> m_lock;  // held while this process writes m_path
    QString m_lockPath;
    bool m_open = false;
    bool m_memoryOnly = false;
    bool m_readOnly = false;
    QList<HistoryNotice> m_notices;
};

}  // namespace parallax

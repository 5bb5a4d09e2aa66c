#pragma once

// What an SQLite failure means for the history file: damaged, busy (someone else, for now)
// or a disk problem (full or failing: not the file's fault).

class QSqlError;

namespace parallax::sqlite {

// SQLite primary result codes (sqlite3.h); Qt's driver reports them as nativeErrorCode().
constexpr int Busy = 5;
constexpr int Locked = 6;
constexpr int IoErr = 10;
constexpr int Corrupt = 11;
constexpr int Full = 13;
constexpr int NotADb = 26;

// The primary result code of a failed statement; -1 when unknown.
int primaryCode(const QSqlError &error);

constexpr bool isCorruption(int code)
{
    return code == Corrupt || code == NotADb;
}

// SQLITE_BUSY or SQLITE_LOCKED: someone else, for now.
constexpr bool isBusy(int code)
{
    return code == Busy || code == Locked;
}

constexpr bool isDiskProblem(int code)
{
    // SQLITE_IOERR too: on a full disk growing the WAL index (-shm) fails with
    // SQLITE_IOERR_SHMSIZE rather than SQLITE_FULL. Neither is the file's fault.
    return code == Full || code == IoErr;
}

}  // namespace parallax::sqlite

#include "history/sqlitecodes.h"

#include <QSqlError>
#include <QString>

#include <utility>

namespace parallax::sqlite {

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
        {QLatin1StringView("database or disk is full"), Full},
        {QLatin1StringView("disk I/O error"), IoErr},
        {QLatin1StringView("database disk image is malformed"), Corrupt},
        {QLatin1StringView("file is not a database"), NotADb},
        {QLatin1StringView("database is locked"), Busy},
        {QLatin1StringView("database table is locked"), Locked},
    };
    const QString text = error.databaseText();
    for (const auto &[message, value] : known) {
        if (text.contains(message))
            return value;
    }
    return -1;
}

}  // namespace parallax::sqlite

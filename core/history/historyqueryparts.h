#pragma once

// What the parts of HistoryQueries share (historyqueries*.cpp): the errors a read reports and
// the snapshot every query reads under. Internal to core/history.

#include "base/result.h"
#include "history/historydiskfile.h"
#include "history/historyids.h"
#include "history/historyjournal.h"
#include "history/historyqueries.h"
#include "history/historysql.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace parallax {

namespace historyqueries {

using historysql::HourMs;
using historysql::MinuteMs;

Error queryError(const QString &what, const QSqlError &error);
Error notOpenError();

}  // namespace historyqueries

// A query of a read-only window reads one consistent state of the other window's file: its
// journal (which that window keeps in memory) is read in the same read transaction.
class HistoryQueries::ReadSnapshot {
public:
    explicit ReadSnapshot(HistoryQueries &queries);
    ~ReadSnapshot();
    Q_DISABLE_COPY_MOVE(ReadSnapshot)

private:
    QString m_connection;
    bool m_active = false;
};

}  // namespace parallax

#include "history/historydatabase.h"

using namespace Qt::StringLiterals;

namespace parallax {

HistoryDatabase::HistoryDatabase(const HistorySettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_file(m_settings)
    , m_ids(m_file)
    , m_journal(m_file, m_ids, m_settings)
    , m_retention(m_file, m_ids, m_journal, m_settings)
    , m_queries(m_file, m_ids, m_journal)
{
    m_file.setHooks({
        .opened = [this] { return m_journal.attach(); },
        .closing =
            [this] {
                m_journal.detach();
                m_ids.clear();
            },
    });
}

HistoryDatabase::~HistoryDatabase()
{
    // While every part is still there: the file's hooks reach the journal.
    m_file.close();
    m_file.setHooks({});
}

Result<HistoryMaintenanceReport> HistoryDatabase::maintain(qint64 nowMs)
{
    if (auto reopened = m_file.reopenIfDegraded(nowMs); !reopened)
        return reopened.error();
    if (!m_file.isOpen())
        return Error{ErrorCode::StorageFailure, tr("History is kept in memory only."), u"not open"_s};
    if (auto compacted = m_journal.compactIfDue(nowMs); !compacted)
        return compacted.error();
    return m_retention.apply(nowMs);
}

}  // namespace parallax

#pragma once

#include "base/result.h"
#include "history/historytypes.h"

#include <QString>

#include <optional>

namespace parallax {

class HistoryDiskFile;
class HistoryIds;
class HistoryJournal;

// Maintenance of the history file: raw rows older than the raw retention and rollups and
// events older than the rollup retention go, then workers left without rows; then the size
// cap, which deletes the oldest rows first (raw before rollups, minutes before hours, events
// last) and gives the pages back to the file system.
class HistoryRetention {
public:
    HistoryRetention(HistoryDiskFile &file, HistoryIds &ids, HistoryJournal &journal, const HistorySettings &settings)
        : m_file(file)
        , m_ids(ids)
        , m_journal(journal)
        , m_settings(settings)
    {
    }

    // Retention, then the size cap; the report says what went and the disk space in use.
    Result<HistoryMaintenanceReport> apply(qint64 nowMs);

private:
    Result<qint64> deleteOlderThan(const QString &table, const QString &timeColumn, qint64 cutoffMs);
    // Worker rows left without any stored row (retention took them all).
    Result<qint64> deleteEmptyWorkers();
    std::optional<qint64> oldest(const QString &table, const QString &timeColumn);
    Result<bool> applySizeCap(HistoryMaintenanceReport &report);
    qint64 usedBytes();
    void reclaimSpace();

    HistoryDiskFile &m_file;
    HistoryIds &m_ids;
    HistoryJournal &m_journal;
    const HistorySettings &m_settings;
};

}  // namespace parallax

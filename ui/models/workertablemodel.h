#pragma once

#include "base/clock.h"
#include "monitor/clustermonitor.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace parallax {

// One row per worker of one ClusterMonitor. Reads the monitor on demand (no copy of the
// views) and turns its coalesced signals into as few model signals as possible: one
// dataChanged per contiguous run of changed rows, or one for the whole table when most rows
// changed (a full probe cycle of 10,000 workers is one signal, not 10,000).
class WorkerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ClusterColumn,
        AddressColumn,
        ServerStateColumn,
        HeartbeatColumn,
        YourViewColumn,
        VerdictColumn,
        TopCauseColumn,
        GpusColumn,
        LabelsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawValueRole = Qt::UserRole,  // sort key of the cell: numbers where the column is a number
        WorkerIdRole,
        VerdictRole,  // int(Verdict)
        ServerStateRole,  // int(WorkerState)
        ClusterRole,  // the cluster's display name
        SearchTextRole,  // everything the search box matches against
        BadgeColorRole,  // QColor of the badge in state / verdict columns
    };

    WorkerTableModel(const ClusterMonitor *monitor, const Clock &clock, QObject *parent = nullptr);

    const ClusterMonitor *monitor() const { return m_monitor; }
    // GPUStack cluster names by cluster_id (v2 servers can hold several clusters).
    void setClusterNames(const QHash<qint64, QString> &names);
    QString clusterName(const Worker &worker) const;

    qint64 workerIdAt(int row) const { return row >= 0 && row < m_ids.size() ? m_ids.at(row) : -1; }
    int rowOf(qint64 workerId) const { return m_rowOf.value(workerId, -1); }

    // Heartbeat ages move with the clock, not with events: one dataChanged for that column.
    void refreshAges();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString displayText(const WorkerView &view, int column) const;
    QVariant rawValue(const WorkerView &view, int column) const;
    QString toolTip(const WorkerView &view, int column) const;

    // Sorting compares rows by rawValue(); a proxy sorting 10,000 rows makes ~130,000
    // comparisons, so the values of the sort column are kept per row until that row changes.
    bool lessThanRows(int leftRow, int rightRow, int column) const;

    // How many dataChanged signals the last batch produced (for tests and the bench).
    int lastBatchSignals() const { return m_lastBatchSignals; }

private:
    void onAdded(const QList<qint64> &ids);
    void onRemoved(const QList<qint64> &ids);
    void onChanged(const QList<qint64> &ids);
    void reindex();
    struct SortKey {
        double number = 0;
        QString text;
        bool isText = false;
        bool valid = false;
    };
    const SortKey &sortKey(int row, int column) const;
    void forgetSortKeys(int firstRow, int lastRow);

    const ClusterMonitor *m_monitor;
    const Clock &m_clock;
    QList<qint64> m_ids;
    QHash<qint64, int> m_rowOf;
    QHash<qint64, QString> m_clusterNames;
    int m_lastBatchSignals = 0;
    mutable int m_keyColumn = -1;
    mutable QList<SortKey> m_keys;  // by row, for m_keyColumn
};

}  // namespace parallax

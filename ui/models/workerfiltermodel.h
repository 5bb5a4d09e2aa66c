#pragma once

#include "diagnosis/verdict.h"
#include "gpustack/worker.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace parallax {

// Filters and sorts the worker table. Sorting compares WorkerTableModel::RawValueRole
// (numbers where the column is a number), never the display strings.
class WorkerFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit WorkerFilterModel(QObject *parent = nullptr);

    // Empty set = no filter.
    void setVerdicts(const QSet<Verdict> &verdicts);
    QSet<Verdict> verdicts() const { return m_verdicts; }
    void setStates(const QSet<WorkerState> &states);
    QSet<WorkerState> states() const { return m_states; }
    // The cluster's display name; empty = all clusters.
    void setCluster(const QString &cluster);
    QString cluster() const { return m_cluster; }
    // Case-insensitive words, all of which must appear (name, host, address, labels, …).
    void setSearchText(const QString &text);
    QString searchText() const { return m_search.join(u' '); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QSet<Verdict> m_verdicts;
    QSet<WorkerState> m_states;
    QString m_cluster;
    QStringList m_search;
};

}  // namespace parallax

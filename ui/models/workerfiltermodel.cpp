#include "workerfiltermodel.h"

#include "workertablemodel.h"

using namespace Qt::StringLiterals;

namespace parallax {

WorkerFilterModel::WorkerFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(WorkerTableModel::RawValueRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void WorkerFilterModel::setVerdicts(const QSet<Verdict> &verdicts)
{
    if (verdicts == m_verdicts)
        return;
    m_verdicts = verdicts;
    invalidateFilter();
}

void WorkerFilterModel::setStates(const QSet<WorkerState> &states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateFilter();
}

void WorkerFilterModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    invalidateFilter();
}

void WorkerFilterModel::setSearchText(const QString &text)
{
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words == m_search)
        return;
    m_search = words;
    invalidateFilter();
}

bool WorkerFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_verdicts.isEmpty() && !m_verdicts.contains(Verdict(idx.data(WorkerTableModel::VerdictRole).toInt())))
        return false;
    if (!m_states.isEmpty() && !m_states.contains(WorkerState(idx.data(WorkerTableModel::ServerStateRole).toInt())))
        return false;
    if (!m_cluster.isEmpty() && idx.data(WorkerTableModel::ClusterRole).toString() != m_cluster)
        return false;
    if (!m_search.isEmpty()) {
        const QString haystack = idx.data(WorkerTableModel::SearchTextRole).toString();
        for (const QString &word : m_search) {
            if (!haystack.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return true;
}

bool WorkerFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (const auto *table = qobject_cast<const WorkerTableModel *>(left.model()))
        return table->lessThanRows(left.row(), right.row(), left.column());
    const QVariant l = left.data(WorkerTableModel::RawValueRole);
    const QVariant r = right.data(WorkerTableModel::RawValueRole);
    if (l.typeId() == QMetaType::QString || r.typeId() == QMetaType::QString) {
        const int c = QString::localeAwareCompare(l.toString(), r.toString());
        if (c != 0)
            return c < 0;
    } else {
        const double a = l.toDouble();
        const double b = r.toDouble();
        if (a != b)
            return a < b;
    }
    // Ties keep a stable order: the source order (worker ids), cheap enough for 10,000 rows.
    return left.row() < right.row();
}

}  // namespace parallax

#include "workertablemodel.h"

#include "monitor/incidentnotifier.h"
#include "workerformat.h"

#include <QFont>
#include <QHostAddress>
#include <QLocale>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace parallax {

WorkerTableModel::WorkerTableModel(const ClusterMonitor *monitor, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_monitor(monitor)
    , m_clock(clock)
{
    m_ids = monitor->workerIds();
    reindex();
    connect(monitor, &ClusterMonitor::workersAdded, this, &WorkerTableModel::onAdded);
    connect(monitor, &ClusterMonitor::workersRemoved, this, &WorkerTableModel::onRemoved);
    connect(monitor, &ClusterMonitor::workersChanged, this, &WorkerTableModel::onChanged);
    connect(
        monitor, &ClusterMonitor::clusterNamesChanged, this, [this]() { setClusterNames(m_monitor->clusterNames()); });
    m_clusterNames = monitor->clusterNames();
    // Before any view or proxy hears of a change (connected first, so called first), the
    // cached sort keys of the rows concerned are dropped.
    connect(this, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            forgetSortKeys(topLeft.row(), bottomRight.row());
        });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, [this]() { m_keyColumn = -1; });
    connect(this, &QAbstractItemModel::modelReset, this, [this]() { m_keyColumn = -1; });
}

void WorkerTableModel::forgetSortKeys(int firstRow, int lastRow)
{
    if (m_keyColumn < 0)
        return;
    const int end = qMin(lastRow, int(m_keys.size()) - 1);
    for (int r = qMax(0, firstRow); r <= end; ++r)
        m_keys[r].valid = false;
}

const WorkerTableModel::SortKey &WorkerTableModel::sortKey(int row, int column) const
{
    if (m_keyColumn != column || m_keys.size() != m_ids.size()) {
        m_keyColumn = column;
        m_keys = QList<SortKey>(m_ids.size());
    }
    SortKey &k = m_keys[row];
    if (!k.valid) {
        const WorkerView *v = m_monitor->view(m_ids.at(row));
        const QVariant raw = v ? rawValue(*v, column) : QVariant();
        k.isText = raw.typeId() == QMetaType::QString;
        if (k.isText)
            k.text = raw.toString();
        else
            k.number = raw.toDouble();
        k.valid = true;
    }
    return k;
}

bool WorkerTableModel::lessThanRows(int leftRow, int rightRow, int column) const
{
    const SortKey &l = sortKey(leftRow, column);
    const SortKey &r = sortKey(rightRow, column);
    if (l.isText || r.isText) {
        const int c = QString::localeAwareCompare(l.isText ? l.text : QString(), r.isText ? r.text : QString());
        if (c != 0)
            return c < 0;
    } else if (l.number != r.number) {
        return l.number < r.number;
    }
    // Ties keep a stable order: the source order (worker ids).
    return leftRow < rightRow;
}

void WorkerTableModel::setClusterNames(const QHash<qint64, QString> &names)
{
    m_clusterNames = names;
    if (!m_ids.isEmpty())
        Q_EMIT dataChanged(index(0, ClusterColumn), index(int(m_ids.size()) - 1, ClusterColumn));
}

QString WorkerTableModel::clusterName(const Worker &worker) const
{
    if (!worker.clusterId)
        return m_monitor->name();
    const QString known = m_clusterNames.value(*worker.clusterId);
    return known.isEmpty() ? tr("cluster %1").arg(*worker.clusterId) : known;
}

void WorkerTableModel::reindex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_ids.size());
    for (int i = 0; i < m_ids.size(); ++i)
        m_rowOf.insert(m_ids.at(i), i);
}

void WorkerTableModel::onAdded(const QList<qint64> &ids)
{
    QList<qint64> fresh;
    QList<qint64> known;
    for (qint64 id : ids)
        (m_rowOf.contains(id) ? known : fresh).append(id);
    if (!fresh.isEmpty()) {
        const int first = int(m_ids.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (qint64 id : fresh) {
            m_rowOf.insert(id, int(m_ids.size()));
            m_ids.append(id);
        }
        endInsertRows();
    }
    if (!known.isEmpty())
        onChanged(known);
}

void WorkerTableModel::onRemoved(const QList<qint64> &ids)
{
    QList<int> rows;
    for (qint64 id : ids) {
        const int r = rowOf(id);
        if (r >= 0)
            rows.append(r);
    }
    if (rows.isEmpty())
        return;
    if (rows.size() * 2 > m_ids.size()) {
        // Most of the table goes (a resync against another server): one reset, not
        // thousands of row removals.
        beginResetModel();
        for (qint64 id : ids)
            m_ids.removeOne(id);
        reindex();
        endResetModel();
        return;
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    int i = 0;
    while (i < rows.size()) {
        const int last = rows.at(i);
        int first = last;
        while (i + 1 < rows.size() && rows.at(i + 1) == first - 1)
            first = rows.at(++i);
        ++i;
        beginRemoveRows({}, first, last);
        m_ids.remove(first, last - first + 1);
        endRemoveRows();
    }
    reindex();
}

void WorkerTableModel::onChanged(const QList<qint64> &ids)
{
    m_lastBatchSignals = 0;
    if (m_ids.isEmpty())
        return;
    const int lastColumn = ColumnCount - 1;
    if (ids.size() * 2 > m_ids.size()) {
        m_lastBatchSignals = 1;
        Q_EMIT dataChanged(index(0, 0), index(int(m_ids.size()) - 1, lastColumn));
        return;
    }
    QList<int> rows;
    rows.reserve(ids.size());
    for (qint64 id : ids) {
        const int r = rowOf(id);
        if (r >= 0)
            rows.append(r);
    }
    std::sort(rows.begin(), rows.end());
    if (rows.isEmpty())
        return;
    // Every signal makes the sorting proxy and the views do a pass of their own: a batch
    // scattered over many ranges is one signal over the span they cover.
    constexpr int kMaxRanges = 16;
    int ranges = 1;
    for (qsizetype k = 1; k < rows.size() && ranges <= kMaxRanges; ++k)
        ranges += rows.at(k) != rows.at(k - 1) + 1 ? 1 : 0;
    if (ranges > kMaxRanges) {
        m_lastBatchSignals = 1;
        Q_EMIT dataChanged(index(rows.constFirst(), 0), index(rows.constLast(), lastColumn));
        return;
    }
    int i = 0;
    while (i < rows.size()) {
        const int first = rows.at(i);
        int last = first;
        while (i + 1 < rows.size() && rows.at(i + 1) == last + 1)
            last = rows.at(++i);
        ++i;
        ++m_lastBatchSignals;
        Q_EMIT dataChanged(index(first, 0), index(last, lastColumn));
    }
}

void WorkerTableModel::refreshAges()
{
    if (!m_ids.isEmpty())
        Q_EMIT dataChanged(index(0, HeartbeatColumn), index(int(m_ids.size()) - 1, HeartbeatColumn),
            {Qt::DisplayRole, RawValueRole, Qt::ToolTipRole});
}

int WorkerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int WorkerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WorkerTableModel::displayText(const WorkerView &v, int column) const
{
    const Worker &w = v.server;
    switch (column) {
    case NameColumn: return w.name;
    case ClusterColumn: return clusterName(w);
    case AddressColumn: return registeredAddress(w);
    case ServerStateColumn: return stateLabel(w.state, w.stateText);
    case HeartbeatColumn: {
        const auto age = w.heartbeatAgeMs(m_clock.nowMs());
        return age ? formatAge(*age) : tr("unknown");
    }
    case YourViewColumn: return v.lastProbe ? probeSummary(*v.lastProbe) : tr("not probed yet");
    case VerdictColumn: return v.flapping ? tr("%1 (flapping)").arg(verdictLabel(v.verdict)) : verdictLabel(v.verdict);
    case TopCauseColumn: return v.causes.isEmpty() ? QString() : v.causes.constFirst().title;
    case GpusColumn: return gpuSummary(w);
    case LabelsColumn: return formatLabels(w.labels);
    }
    return {};
}

QVariant WorkerTableModel::rawValue(const WorkerView &v, int column) const
{
    const Worker &w = v.server;
    switch (column) {
    case NameColumn: return w.name.toLower();
    case ClusterColumn: return clusterName(w).toLower();
    case AddressColumn: {
        // Numeric order for IPv4 (10.0.0.9 before 10.0.0.10); other addresses after them.
        const QHostAddress a(w.ip);
        bool ok = false;
        const quint32 v4 = a.toIPv4Address(&ok);
        return ok ? QVariant(qulonglong(v4)) : QVariant(qulonglong(1) << 40);
    }
    case ServerStateColumn: return stateSeverity(w.state);
    case HeartbeatColumn: {
        const auto age = w.heartbeatAgeMs(m_clock.nowMs());
        return age ? *age : std::numeric_limits<qint64>::max();
    }
    case YourViewColumn: {
        if (!v.lastProbe)
            return 3e9;
        if (const auto ms = probeLatencyMs(*v.lastProbe))
            return *ms;
        return 2e9 + int(v.lastProbe->firstError());  // failures after every latency
    }
    case VerdictColumn: return verdictSeverity(v.verdict);
    case TopCauseColumn: return v.causes.isEmpty() ? 2.0 : 1.0 - v.causes.constFirst().confidence;
    case GpusColumn: return w.status ? w.status->gpus.size() * 1000.0 + qMax(0.0, gpuUtilization(w)) : -1.0;
    case LabelsColumn: return formatLabels(w.labels).toLower();
    }
    return {};
}

QString WorkerTableModel::toolTip(const WorkerView &v, int column) const
{
    const Worker &w = v.server;
    switch (column) {
    case AddressColumn:
        if (registeredAddress(w) != w.ip)
            return tr("Detected IP %1, advertised address %2: the server probes the advertised one.")
                .arg(w.ip, w.advertiseAddress.value_or(QString()));
        return {};
    case ServerStateColumn: {
        QString message = w.stateMessage;
        if (w.state == WorkerState::Maintenance && !w.maintenanceMessage.isEmpty())
            message = w.maintenanceMessage;
        return safeTooltip(stateLabel(w.state, w.stateText), message);
    }
    case HeartbeatColumn:
        return w.heartbeatTime.isValid()
            ? tr("Last heartbeat %1 UTC. GPUStack marks a worker Not Ready after 150 s without one.")
                  .arg(w.heartbeatTime.toString(Qt::ISODate))
            : tr("The server has no heartbeat time for this worker.");
    case YourViewColumn:
        if (!v.lastProbe)
            return tr("Parallax has not probed this worker yet.");
        // One pass: a "%3" in the server's host name is text, not a placeholder.
        return tr("%1:%2 from this machine — %3 (%4)")
            .arg(v.lastProbe->host, QString::number(v.lastProbe->port), probeSummary(*v.lastProbe),
                localStateLabel(v.local));
    case VerdictColumn: return verdictTitle(v.verdict);
    case TopCauseColumn:
        if (v.causes.isEmpty())
            return {};
        return u"<p><b>%1</b></p><p>%2</p><p>%3</p>"_s.arg(v.causes.constFirst().title.toHtmlEscaped(),
            v.causes.constFirst().evidence.toHtmlEscaped(), v.causes.constFirst().fix.toHtmlEscaped());
    default: return {};
    }
}

QVariant WorkerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerView *v = m_monitor->view(m_ids.at(index.row()));
    if (!v)
        return {};  // removed; the row goes with the next workersRemoved batch
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayText(*v, column);
    case Qt::AccessibleTextRole: return displayText(*v, column);
    case RawValueRole: return rawValue(*v, column);
    case Qt::ToolTipRole: {
        // Always rich text that we built: server words are escaped, never interpreted.
        const QString tip = toolTip(*v, column);
        if (tip.isEmpty() || column == ServerStateColumn || column == TopCauseColumn)
            return tip;
        return QString(u"<p>"_s + tip.toHtmlEscaped() + u"</p>"_s);
    }
    case WorkerIdRole: return v->id();
    case VerdictRole: return int(v->verdict);
    case ServerStateRole: return int(v->server.state);
    case ClusterRole: return clusterName(v->server);
    case SearchTextRole: {
        const Worker &w = v->server;
        return QStringList{w.name, w.hostname, w.ip, w.advertiseAddress.value_or(QString()), clusterName(w),
            formatLabels(w.labels), stateLabel(w.state, w.stateText), verdictLabel(v->verdict),
            displayText(*v, TopCauseColumn)}
            .join(u'\n');
    }
    case BadgeColorRole:
        if (column == ServerStateColumn)
            return stateColor(v->server.state);
        if (column == VerdictColumn)
            return verdictColor(v->verdict);
        return {};
    case Qt::FontRole:
        if (column == VerdictColumn && isSplit(v->verdict)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == HeartbeatColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant WorkerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ClusterColumn: return tr("Cluster");
    case AddressColumn:
        return role == Qt::ToolTipRole
            ? tr("The address the worker registered: ip, and advertise_address when it differs")
            : tr("Address");
    case ServerStateColumn:
        return role == Qt::ToolTipRole ? tr("The state the GPUStack server reports") : tr("Server says");
    case HeartbeatColumn:
        return role == Qt::ToolTipRole ? tr("Time since the worker's last heartbeat reached the server")
                                       : tr("Heartbeat");
    case YourViewColumn:
        return role == Qt::ToolTipRole ? tr("What this machine sees when it probes the worker's health endpoint")
                                       : tr("You see");
    case VerdictColumn:
        return role == Qt::ToolTipRole ? tr("Both views compared: a split means they disagree") : tr("Verdict");
    case TopCauseColumn: return tr("Likely cause");
    case GpusColumn: return tr("GPUs");
    case LabelsColumn: return tr("Labels");
    }
    return {};
}

}  // namespace parallax

#pragma once

#include "report/reportassembler.h"

#include <QHash>
#include <QSet>

namespace parallax {

class ClusterMonitor;

// A report's history kept in memory while a run watches (`parallax-cli check --observe`):
// a point per worker whenever either view changes (the server-state and your-view transitions
// the monitor publishes), and the share of workers up in each view whenever it moves.
// Answers at once.
class ObservedHistory final : public QObject, public ReportHistorySource {
    Q_OBJECT
public:
    explicit ObservedHistory(const Clock &clock, QObject *parent = nullptr);

    // Follows the monitor's batches of changes from now on.
    void watch(const ClusterMonitor &monitor);

    void observe(const WorkerView &view);
    void observeCluster(const ClusterMonitor &monitor);
    void forget(qint64 workerId);

    void gather(const ReportHistoryAsk &ask, QObject *context, std::function<void(ReportHistory)> done) override;

private:
    const Clock &m_clock;
    QHash<qint64, QList<TimelinePoint>> m_timelines;
    QList<ClusterAvailabilityPoint> m_cluster;
    QSet<qint64> m_moved;  // workers with a view transition since the monitor's last batch
};

// The share of [fromMs, toMs) each view was up, over the time it was known (a point holds until
// the next one, the last until toMs).
AvailabilityWindow availabilityOf(const QList<TimelinePoint> &timeline, qint64 fromMs, qint64 toMs);

}  // namespace parallax

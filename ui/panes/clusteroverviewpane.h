#pragma once

#include "base/clock.h"
#include "monitor/clustermonitor.h"
#include "timeline/recenthistory.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;

namespace parallax {

class TimelineView;

// The cluster at a glance: how many workers per verdict and per server state, availability
// by both views over time, and the workers in trouble, worst first (a click selects one).
class ClusterOverviewPane : public QWidget {
    Q_OBJECT
public:
    ClusterOverviewPane(
        const ClusterMonitor *monitor, const HistorySource *history, const Clock &clock, QWidget *parent = nullptr);

    // Recomputes now (it otherwise follows the monitor, at most twice a second).
    void refresh();
    QList<qint64> troubleIds() const { return m_trouble; }
    QString countsText() const;

Q_SIGNALS:
    void workerActivated(qint64 workerId);

private:
    const ClusterMonitor *m_monitor;
    const HistorySource *m_history;
    const Clock &m_clock;
    QLabel *m_verdictCounts;
    QLabel *m_stateCounts;
    TimelineView *m_availability;
    QListWidget *m_troubleList;
    QLabel *m_availabilityTitle;
    QList<qint64> m_trouble;
    QTimer m_debounce;
};

}  // namespace parallax

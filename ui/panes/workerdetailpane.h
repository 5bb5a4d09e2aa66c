#pragma once

#include "base/clock.h"
#include "monitor/clustermonitor.h"
#include "timeline/recenthistory.h"
#include "timeline/timelineview.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QTextBrowser;
class QStackedWidget;

namespace parallax {

// The selected worker: its merged timeline and its facts, in words.
class WorkerDetailPane : public QWidget {
    Q_OBJECT
public:
    WorkerDetailPane(const ClusterMonitor *monitor, const HistorySource *history, const Clock &clock,
        const QString &clusterKey, QWidget *parent = nullptr);

    void showWorker(qint64 workerId);  // -1 = none
    qint64 workerId() const { return m_workerId; }
    TimelineView *timeline() const { return m_timeline; }
    QString factsText() const;  // plain text of the facts (tests, copy)
    // With no worker selected: where to start across the cluster (plain text, for tests).
    QString startText() const;

    void setRange(TimelineView::Range range);

Q_SIGNALS:
    void troubleshootRequested(qint64 workerId);
    // A worker named in the "where to start" text was clicked.
    void workerActivated(qint64 workerId);

private:
    void refreshFacts();
    void refreshTimeline();
    QString factsHtml(const WorkerView &view) const;
    void refreshStart();
    QString startHtml() const;

    const ClusterMonitor *m_monitor;
    const HistorySource *m_history;
    const Clock &m_clock;
    QString m_clusterKey;
    qint64 m_workerId = -1;

    QStackedWidget *m_stack;
    QLabel *m_title;
    QLabel *m_summary;
    QButtonGroup *m_ranges;
    TimelineView *m_timeline;
    QTextBrowser *m_facts;
    QString m_factsHtml;  // what m_facts shows, so an unchanged worker costs no new layout
    QTimer m_timelineDebounce;
    QTextBrowser *m_start;  // shown while no worker is selected
    QTimer m_startDebounce;
};

}  // namespace parallax

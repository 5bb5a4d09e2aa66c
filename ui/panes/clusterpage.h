#pragma once

#include "base/clock.h"
#include "monitor/clustermonitor.h"
#include "timeline/recenthistory.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;

namespace parallax {

class ClusterOverviewPane;
class WorkerDetailPane;
class WorkerFilterModel;
class WorkerTableModel;

// Everything about one connected cluster: filter bar, worker table, detail pane and overview.
// MainWindow holds one per cluster (tabs).
class ClusterPage : public QWidget {
    Q_OBJECT
public:
    // `history` may be null: the page then keeps an in-memory RecentHistory of its own.
    ClusterPage(ClusterMonitor *monitor, HistorySource *history, const Clock &clock, QWidget *parent = nullptr);
    ~ClusterPage() override;

    ClusterMonitor *monitor() const { return m_monitor; }
    WorkerTableModel *model() const { return m_model; }
    WorkerFilterModel *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    WorkerDetailPane *detail() const { return m_detail; }
    ClusterOverviewPane *overview() const { return m_overview; }

    qint64 currentWorkerId() const;
    // Selects the worker (clearing filters that hide it) and scrolls to it.
    bool selectWorker(qint64 workerId);
    // Moves the selection to the next / previous worker in trouble, in table order.
    bool selectNextTrouble(bool forward);
    void focusSearch();
    // "12 workers · 3 in trouble · 2 split"
    QString summary() const;

    void saveState() const;
    void restoreState();

    // While the troubleshooting panel is open it takes the detail pane's place: the table
    // keeps its width, the wizard gets the room below it.
    void setDetailShown(bool shown);

    // The overview column on the left. Until the user chooses (View > Overview, or dragging
    // its splitter), it shows when the page is wide enough for it beside the five primary
    // columns, and folds away when not (1920x1080 at 200 %): the verdict and the cause come
    // first, the overview's counts are in the status bar's summary too.
    bool overviewShown() const;
    void setOverviewShown(bool shown);
    // The page width below which the overview folds away by itself.
    int overviewFoldWidth() const;

    // The columns an engineer reads first, in the order shown: name, server state, what
    // you see, verdict, likely cause. The rest follow to the right of the cause.
    static QList<int> primaryColumns();
    // Sizes the columns so the primary ones fit the table's viewport (the cause takes what
    // is left, within bounds), until the user resizes a column by hand.
    void fitColumns();

Q_SIGNALS:
    void currentWorkerChanged(qint64 workerId);
    void summaryChanged(const QString &summary);
    void troubleshootRequested(qint64 workerId);
    void overviewShownChanged(bool shown);

private:
    void buildFilterBar(QWidget *bar);
    void applyVerdictFilter(int index);
    void applyStateFilter(int index);
    void refreshClusterChoices();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void placeOverview(bool shown);

    ClusterMonitor *m_monitor;
    const Clock &m_clock;
    RecentHistory *m_ownHistory = nullptr;
    WorkerTableModel *m_model;
    WorkerFilterModel *m_filter;
    QLineEdit *m_search = nullptr;
    QComboBox *m_verdictCombo = nullptr;
    QComboBox *m_stateCombo = nullptr;
    QComboBox *m_clusterCombo = nullptr;
    QTableView *m_table;
    WorkerDetailPane *m_detail;
    ClusterOverviewPane *m_overview;
    QSplitter *m_mainSplit;
    QWidget *m_overviewBox = nullptr;  // the overview in its scroll area
    int m_overviewWidth = 0;  // the overview's width when shown
    bool m_overviewChosen = false;  // the user showed or hid it: no more folding by width
    QSplitter *m_tableSplit;
    QLabel *m_noMatch;
    QTimer m_ages;
    QTimer m_summaryDue;
    QTimer m_fitLater;
    bool m_fitting = false;  // fitColumns() is resizing: not the user
    bool m_userSized = false;  // the user resized a column: leave the widths alone
    bool m_twoLineRows = false;  // a narrow window needed a second line for a cause
    int m_twoLineWidth = -1;  // the table width that was decided at
};

}  // namespace parallax

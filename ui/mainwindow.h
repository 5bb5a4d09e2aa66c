#pragma once

#include "base/clock.h"
#include "dialogs/settingsdialog.h"
#include "settings/serverprofile.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace parallax {

class ClusterMonitor;
class ClusterPage;
class HistorySource;
class IncidentNotifier;
class MessageBanner;
class TrayNotifier;
class WizardPanel;

// Composes the panes and actions of the main window. It holds no decisions of its own:
// incidents are IncidentNotifier's, verdicts the monitor's, connections the caller's (it
// receives connectRequested / refreshRequested and adds clusters with addCluster()).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a tab for the monitor (not owned). `history` may be null: the page then keeps
    // an in-memory history from now on.
    ClusterPage *addCluster(ClusterMonitor *monitor, HistorySource *history = nullptr);
    void removeCluster(ClusterMonitor *monitor);
    QList<ClusterPage *> pages() const;
    ClusterPage *currentPage() const;
    bool openWorker(const QString &cluster, qint64 workerId);
    // Brings the cluster's tab to the front; false when no cluster has that name.
    bool showCluster(const QString &cluster);

    MessageBanner *banner() const { return m_banner; }
    IncidentNotifier *notifier() const { return m_notifier; }
    TrayNotifier *tray() const { return m_tray; }

    // The troubleshooting wizard lives in this dock; Ctrl+T shows it for the selected worker.
    WizardPanel *wizardPanel() const { return m_wizard; }
    void setTroubleshootPanel(QWidget *panel);
    QDockWidget *troubleshootDock() const { return m_troubleshootDock; }

    void applyPreferences(const Preferences &prefs);
    // Every action with its shortcut, for the Help list and tests.
    QList<QAction *> shortcutActions() const { return m_shortcutActions; }

Q_SIGNALS:
    void connectRequested(const parallax::ServerProfile &profile, const QString &secret);
    void refreshRequested(parallax::ClusterMonitor *monitor);
    void troubleshootRequested(parallax::ClusterMonitor *monitor, qint64 workerId);
    void exportRequested(parallax::ClusterMonitor *monitor);
    void preferencesChanged(const parallax::Preferences &prefs);
    // The user wants to see or change the probe settings of this cluster.
    void probeSettingsRequested(parallax::ClusterMonitor *monitor);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    QAction *addShortcutAction(
        QMenu *menu, const QString &text, const QList<QKeySequence> &keys, const QString &icon = {});
    void updateState();
    void showConnectDialog();
    void showSettings();
    void showShortcuts();
    void troubleshoot();
    void exportCurrent();
    void switchCluster(int delta);
    void placeDetails();

    const Clock &m_clock;
    MessageBanner *m_banner;
    QStackedWidget *m_stack;
    QTabWidget *m_tabs;
    QDockWidget *m_troubleshootDock;
    QLabel *m_summary;
    IncidentNotifier *m_notifier;
    TrayNotifier *m_tray;
    WizardPanel *m_wizard;
    QList<QAction *> m_shortcutActions;
    QList<QAction *> m_clusterActions;  // enabled only with a cluster open
    QAction *m_overviewAction = nullptr;  // View > Overview, for the current page
};

}  // namespace parallax

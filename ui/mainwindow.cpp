#include "mainwindow.h"

#include "base/buildinfo.h"
#include "dialogs/connectdialog.h"
#include "dialogs/shortcutsdialog.h"
#include "models/workerfiltermodel.h"
#include "models/workertablemodel.h"
#include "monitor/incidentnotifier.h"
#include "panes/clusterpage.h"
#include "traynotifier.h"
#include "widgets/messagebanner.h"
#include "wizard/wizardpanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kWindowStateVersion = 1;

// The wall clock for windows built without an injected one. Not a member: the delegating
// constructor used to bind the target's `clock` to the member m_systemClock before that
// member existed (undefined behaviour, UBSan: dynamic-type-mismatch in tst_mainwindow).
const Clock &wallClock()
{
    static const SystemClock clock;
    return clock;
}
}  // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(wallClock(), parent)
{
}

MainWindow::MainWindow(const Clock &clock, QWidget *parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_banner(new MessageBanner(this))
    , m_stack(new QStackedWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_troubleshootDock(new QDockWidget(tr("Troubleshoot"), this))
    , m_summary(new QLabel(this))
    , m_notifier(new IncidentNotifier(clock, this))
    , m_tray(new TrayNotifier(this, this))
    , m_wizard(new WizardPanel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Parallax"));
    setWindowIcon(QIcon(u":/icons/parallax.svg"_s));

    // Empty state: what a new user does first.
    auto *emptyPage = new QWidget(this);
    auto *empty = new QLabel(tr("<h2>No cluster connected yet</h2>"
                                "<p>Parallax compares what your GPUStack server says about each worker with what this "
                                "machine sees when it probes the worker, and explains the difference.</p>"
                                "<p>Connect to a server with <b>File → Connect</b> (Ctrl+N), "
                                "or start Parallax with <tt>--demo</tt> to explore a simulated cluster.</p>"),
        emptyPage);
    empty->setObjectName(u"emptyState"_s);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setMaximumWidth(620);
    auto *connectButton = new QPushButton(QIcon(u":/icons/connect.svg"_s), tr("Connect to a server…"), emptyPage);
    connectButton->setObjectName(u"emptyConnectButton"_s);
    // Centred by stretches, not by an alignment flag: an aligned label is given its own size
    // hint, narrower than the width its height was computed for, and the last line fell off
    // ("…and explains the").
    auto *emptyRow = new QHBoxLayout;
    emptyRow->addStretch(1);
    emptyRow->addWidget(empty, 100);
    emptyRow->addStretch(1);
    auto *emptyLayout = new QVBoxLayout(emptyPage);
    emptyLayout->addStretch(1);
    emptyLayout->addLayout(emptyRow);
    emptyLayout->addWidget(connectButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    connect(connectButton, &QPushButton::clicked, this, &MainWindow::showConnectDialog);

    m_tabs->setObjectName(u"clusterTabs"_s);
    m_tabs->setAccessibleName(tr("Clusters"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabBarAutoHide(false);
    m_stack->addWidget(emptyPage);
    m_stack->addWidget(m_tabs);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_troubleshootDock->setObjectName(u"troubleshootDock"_s);
    m_troubleshootDock->setAllowedAreas(Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);
    m_troubleshootDock->setWidget(m_wizard);
    m_wizard->setAccessibleName(tr("Troubleshooting steps"));
    // The wizard's requests for a fresh probe go to the session that owns the prober (the
    // composition root connects WizardPanel::probeRequested): one worker, not a refresh.
    // Below the table, where the worker's details were: beside it, the wizard squeezed the
    // table to name, cluster and address on a laptop screen.
    addDockWidget(Qt::BottomDockWidgetArea, m_troubleshootDock);
    m_troubleshootDock->hide();
    connect(m_troubleshootDock, &QDockWidget::visibilityChanged, this, &MainWindow::placeDetails);
    connect(m_troubleshootDock, &QDockWidget::topLevelChanged, this, &MainWindow::placeDetails);
    connect(m_troubleshootDock, &QDockWidget::dockLocationChanged, this, &MainWindow::placeDetails);

    m_summary->setObjectName(u"clusterSummary"_s);
    statusBar()->addPermanentWidget(m_summary);

    createActions();
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateState);
    connect(m_notifier, &IncidentNotifier::notice, m_tray, &TrayNotifier::show);
    connect(m_tray, &TrayNotifier::noticeShown, this,
        [this](const IncidentNotice &n) { statusBar()->showMessage(n.title, 15000); });
    connect(m_tray, &TrayNotifier::openWorker, this, [this](const QString &cluster, qint64 id) {
        showNormal();
        raise();
        activateWindow();
        openWorker(cluster, id);
    });
    connect(m_tray, &TrayNotifier::toggleWindowRequested, this, [this] { setVisible(!isVisible()); });
    connect(m_tray, &TrayNotifier::quitRequested, qApp, &QApplication::quit);
    connect(m_tray->quietAction(), &QAction::toggled, m_notifier, &IncidentNotifier::setQuiet);

    applyPreferences(Preferences::load());
    // First run: the whole available screen (a laptop's 1366×768 has no width to spare for the
    // verdict and cause columns); later runs restore what the user chose.
    const QSettings s;
    if (!restoreGeometry(s.value(u"ui/window/geometry"_s).toByteArray())) {
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1366, 768);
        resize(avail.size());
        move(avail.topLeft());
        setWindowState(windowState() | Qt::WindowMaximized);
    }
    // Version 1: the troubleshooting dock moved below the table; a state saved with it on the
    // right is not restored.
    restoreState(s.value(u"ui/window/state"_s).toByteArray(), kWindowStateVersion);
    m_troubleshootDock->hide();
    updateState();
}

MainWindow::~MainWindow()
{
    // The dock outlives this destructor's body (QWidget deletes its children later) and says it
    // was hidden then: placeDetails() must not be called on a window that is no longer one.
    m_troubleshootDock->disconnect(this);
}

QAction *MainWindow::addShortcutAction(
    QMenu *menu, const QString &text, const QList<QKeySequence> &keys, const QString &icon)
{
    auto *a = menu->addAction(text);
    QList<QKeySequence> shortcuts;
    for (const QKeySequence &k : keys) {
        if (!k.isEmpty())
            shortcuts.append(k);
    }
    a->setShortcuts(shortcuts);
    if (!icon.isEmpty())
        a->setIcon(QIcon(u":/icons/%1.svg"_s.arg(icon)));
    addAction(a);  // shortcuts work while the menu bar is hidden too
    m_shortcutActions.append(a);
    return a;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto *connectAction =
        addShortcutAction(file, tr("&Connect to a server…"), {QKeySequence(u"Ctrl+N"_s)}, u"connect"_s);
    connect(connectAction, &QAction::triggered, this, &MainWindow::showConnectDialog);
    auto *exportAction = addShortcutAction(file, tr("&Export table…"), {QKeySequence(u"Ctrl+E"_s)}, u"export"_s);
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportCurrent);
    file->addSeparator();
    auto *settings = addShortcutAction(
        file, tr("&Settings…"), {QKeySequence::Preferences, QKeySequence(u"Ctrl+,"_s)}, u"settings"_s);
    connect(settings, &QAction::triggered, this, &MainWindow::showSettings);
    auto *clusterProbes =
        addShortcutAction(file, tr("&Probe settings for this cluster…"), {QKeySequence(u"Ctrl+Shift+P"_s)});
    connect(clusterProbes, &QAction::triggered, this, [this] {
        if (auto *p = currentPage())
            Q_EMIT probeSettingsRequested(p->monitor());
    });
    file->addSeparator();
    auto *quit = addShortcutAction(file, tr("&Quit"), {QKeySequence(u"Ctrl+Q"_s)});
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    auto *find =
        addShortcutAction(view, tr("&Search workers"), {QKeySequence::Find, QKeySequence(u"/"_s)}, u"search"_s);
    connect(find, &QAction::triggered, this, [this] {
        if (auto *p = currentPage())
            p->focusSearch();
    });
    auto *next = addShortcutAction(view, tr("&Next worker in trouble"), {QKeySequence(u"F8"_s)}, u"next-trouble"_s);
    connect(next, &QAction::triggered, this, [this] {
        if (auto *p = currentPage(); p && !p->selectNextTrouble(true))
            statusBar()->showMessage(tr("No worker in trouble."), 4000);
    });
    auto *previous = addShortcutAction(
        view, tr("&Previous worker in trouble"), {QKeySequence(u"Shift+F8"_s)}, u"previous-trouble"_s);
    connect(previous, &QAction::triggered, this, [this] {
        if (auto *p = currentPage(); p && !p->selectNextTrouble(false))
            statusBar()->showMessage(tr("No worker in trouble."), 4000);
    });
    view->addSeparator();
    auto *refresh =
        addShortcutAction(view, tr("&Refresh now"), {QKeySequence::Refresh, QKeySequence(u"F5"_s)}, u"refresh"_s);
    connect(refresh, &QAction::triggered, this, [this] {
        if (auto *p = currentPage()) {
            Q_EMIT refreshRequested(p->monitor());
            statusBar()->showMessage(tr("Refreshing %1…").arg(p->monitor()->name()), 3000);
        }
    });
    auto *nextCluster =
        addShortcutAction(view, tr("Next c&luster"), {QKeySequence(u"Ctrl+PgDown"_s), QKeySequence(u"Ctrl+Tab"_s)});
    connect(nextCluster, &QAction::triggered, this, [this] { switchCluster(1); });
    auto *prevCluster = addShortcutAction(
        view, tr("Previous cl&uster"), {QKeySequence(u"Ctrl+PgUp"_s), QKeySequence(u"Ctrl+Shift+Tab"_s)});
    connect(prevCluster, &QAction::triggered, this, [this] { switchCluster(-1); });
    view->addSeparator();
    m_overviewAction = addShortcutAction(view, tr("&Overview"), {QKeySequence(u"Ctrl+Shift+O"_s)});
    m_overviewAction->setObjectName(u"overviewAction"_s);
    m_overviewAction->setCheckable(true);
    m_overviewAction->setChecked(true);
    connect(m_overviewAction, &QAction::triggered, this, [this](bool shown) {
        if (auto *p = currentPage())
            p->setOverviewShown(shown);
    });
    view->addAction(m_troubleshootDock->toggleViewAction());

    QMenu *worker = menuBar()->addMenu(tr("&Worker"));
    auto *troubleshootAction =
        addShortcutAction(worker, tr("&Troubleshoot…"), {QKeySequence(u"Ctrl+T"_s)}, u"troubleshoot"_s);
    connect(troubleshootAction, &QAction::triggered, this, &MainWindow::troubleshoot);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    auto *shortcuts =
        addShortcutAction(help, tr("&Keyboard shortcuts"), {QKeySequence::HelpContents, QKeySequence(u"Ctrl+/"_s)});
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    auto *about = help->addAction(tr("&About Parallax"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Parallax"),
            tr("<p><b>Parallax %1</b></p><p>Monitor and reachability doctor for GPUStack clusters.</p>")
                .arg(buildinfo::versionLine().toHtmlEscaped()));
    });

    m_clusterActions = {exportAction, clusterProbes, find, next, previous, refresh, nextCluster, prevCluster,
        troubleshootAction, m_overviewAction};
}

ClusterPage *MainWindow::addCluster(ClusterMonitor *monitor, HistorySource *history)
{
    auto *page = new ClusterPage(monitor, history, m_clock, m_tabs);
    const int index = m_tabs->addTab(page, monitor->name().isEmpty() ? tr("Cluster") : monitor->name());
    m_tabs->setTabToolTip(index, tr("Cluster %1 (Ctrl+PgDown / Ctrl+PgUp to switch)").arg(monitor->name()));
    m_notifier->watch(monitor);
    connect(page, &ClusterPage::summaryChanged, this, [this, page](const QString &text) {
        if (page == currentPage())
            m_summary->setText(text);
    });
    connect(page, &ClusterPage::overviewShownChanged, this, [this, page](bool shown) {
        if (page == currentPage())
            m_overviewAction->setChecked(shown);
    });
    connect(page, &ClusterPage::troubleshootRequested, this, [this, page](qint64 id) {
        page->selectWorker(id);
        troubleshoot();
    });
    connect(monitor, &QObject::destroyed, this, [this, page] {
        m_tabs->removeTab(m_tabs->indexOf(page));
        page->deleteLater();
        updateState();
    });
    m_tabs->setCurrentWidget(page);
    updateState();
    placeDetails();
    return page;
}

void MainWindow::removeCluster(ClusterMonitor *monitor)
{
    for (ClusterPage *p : pages()) {
        if (p->monitor() == monitor) {
            m_tabs->removeTab(m_tabs->indexOf(p));
            delete p;
        }
    }
    updateState();
}

QList<ClusterPage *> MainWindow::pages() const
{
    QList<ClusterPage *> out;
    for (int i = 0; i < m_tabs->count(); ++i)
        out.append(qobject_cast<ClusterPage *>(m_tabs->widget(i)));
    return out;
}

ClusterPage *MainWindow::currentPage() const
{
    return qobject_cast<ClusterPage *>(m_tabs->currentWidget());
}

bool MainWindow::showCluster(const QString &cluster)
{
    for (ClusterPage *p : pages()) {
        if (p->monitor()->name() == cluster) {
            m_tabs->setCurrentWidget(p);
            return true;
        }
    }
    return false;
}

bool MainWindow::openWorker(const QString &cluster, qint64 workerId)
{
    for (ClusterPage *p : pages()) {
        if (p->monitor()->name() == cluster) {
            m_tabs->setCurrentWidget(p);
            return p->selectWorker(workerId);
        }
    }
    return false;
}

void MainWindow::setTroubleshootPanel(QWidget *panel)
{
    QWidget *old = m_troubleshootDock->widget();
    m_troubleshootDock->setWidget(panel);
    if (old && old != panel)
        old->deleteLater();
}

void MainWindow::updateState()
{
    const bool any = m_tabs->count() > 0;
    m_stack->setCurrentIndex(any ? 1 : 0);
    for (QAction *a : std::as_const(m_clusterActions))
        a->setEnabled(any);
    ClusterPage *p = currentPage();
    m_summary->setText(p ? p->summary() : QString());
    m_overviewAction->setChecked(p && p->overviewShown());
    setWindowTitle(p ? tr("%1 — Parallax").arg(p->monitor()->name()) : tr("Parallax"));
}

void MainWindow::placeDetails()
{
    // The wizard in the window takes the detail pane's place; floating, it leaves it there.
    const bool wizardInside = !m_troubleshootDock->isHidden() && !m_troubleshootDock->isFloating();
    for (ClusterPage *p : pages())
        p->setDetailShown(!wizardInside);
}

void MainWindow::switchCluster(int delta)
{
    const int n = m_tabs->count();
    if (n > 1)
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + delta + n) % n);
}

void MainWindow::troubleshoot()
{
    ClusterPage *p = currentPage();
    if (!p)
        return;
    const qint64 id = p->currentWorkerId();
    if (id < 0) {
        m_banner->showMessage(tr("Select a worker first: troubleshooting walks through the checks for one worker."),
            MessageBanner::Kind::Information);
        return;
    }
    m_wizard->showWorker(p->monitor(), id);
    if (const WorkerView *view = p->monitor()->view(id))
        m_troubleshootDock->setWindowTitle(tr("Troubleshoot %1").arg(view->server.name));
    const bool opening = m_troubleshootDock->isHidden();
    m_troubleshootDock->show();
    if (opening && !m_troubleshootDock->isFloating()
        && dockWidgetArea(m_troubleshootDock) == Qt::BottomDockWidgetArea) {
        // The wizard takes most of the height; the table above keeps a few rows of context.
        const int room = m_stack->height() + m_troubleshootDock->height();
        resizeDocks({m_troubleshootDock}, {room * 58 / 100}, Qt::Vertical);
    }
    m_troubleshootDock->raise();
    if (QWidget *w = m_troubleshootDock->widget())
        w->setFocus(Qt::OtherFocusReason);
    Q_EMIT troubleshootRequested(p->monitor(), id);
}

void MainWindow::showConnectDialog()
{
    auto *dialog = new ConnectDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setProbeDefaults(Preferences::load().probe);
    connect(dialog, &QDialog::accepted, this,
        [this, dialog] { Q_EMIT connectRequested(dialog->profile(), dialog->secret()); });
    dialog->open();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(Preferences::load(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Preferences before = Preferences::load();
        const Preferences prefs = dialog->preferences();
        prefs.save();
        applyPreferences(prefs);
        if (prefs.language != before.language)
            m_banner->showMessage(
                tr("The new language takes effect when Parallax restarts."), MessageBanner::Kind::Information);
        Q_EMIT preferencesChanged(prefs);
    });
    dialog->open();
}

void MainWindow::applyPreferences(const Preferences &prefs)
{
    m_tray->setEnabled(prefs.notifications);
    m_notifier->setQuiet(prefs.quiet || !prefs.notifications);
    QSignalBlocker block(m_tray->quietAction());
    m_tray->quietAction()->setChecked(prefs.quiet);
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(m_shortcutActions, this);
    dialog.exec();
}

void MainWindow::exportCurrent()
{
    ClusterPage *p = currentPage();
    if (!p)
        return;
    // The report dialog and writers are the composition root's (DesktopApp).
    Q_EMIT exportRequested(p->monitor());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(u"ui/window/geometry"_s, saveGeometry());
    s.setValue(u"ui/window/state"_s, saveState(kWindowStateVersion));
    for (ClusterPage *p : pages())
        p->saveState();
    QMainWindow::closeEvent(event);
}

}  // namespace parallax

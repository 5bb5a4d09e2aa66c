#include "clusterpage.h"

#include "clusteroverviewpane.h"
#include "models/workerfiltermodel.h"
#include "models/workerformat.h"
#include "models/workertablemodel.h"
#include "widgets/badgedelegate.h"
#include "widgets/twolinedelegate.h"
#include "workerdetailpane.h"

#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kAgeRefreshMs = 5000;
}

ClusterPage::ClusterPage(ClusterMonitor *monitor, HistorySource *history, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_clock(clock)
    , m_model(new WorkerTableModel(monitor, clock, this))
    , m_filter(new WorkerFilterModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(u"clusterPage"_s);
    if (!history) {
        m_ownHistory = new RecentHistory(monitor, clock, this);
        history = m_ownHistory;
    }
    m_filter->setSourceModel(m_model);

    auto *bar = new QWidget(this);
    buildFilterBar(bar);

    m_table->setObjectName(u"workerTable"_s);
    m_table->setAccessibleName(tr("Workers"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(WorkerTableModel::VerdictColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // The rows shown decide a column's width (fitColumns): Qt's default also measures up to
    // 1,000 rows around them: 17-45 ms of CPU per fit at 10,000 workers (e2e_bench).
    m_table->horizontalHeader()->setResizeContentsPrecision(0);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    auto *badges = new BadgeDelegate(m_table);
    m_table->setItemDelegateForColumn(WorkerTableModel::ServerStateColumn, badges);
    m_table->setItemDelegateForColumn(WorkerTableModel::VerdictColumn, badges);
    m_table->setItemDelegateForColumn(WorkerTableModel::TopCauseColumn, new TwoLineDelegate(m_table));
    const QList<int> widths{170, 120, 190, 120, 80, 170, 210, 230, 190, 160};
    for (int c = 0; c < widths.size(); ++c)
        m_table->setColumnWidth(c, widths.at(c));
    // What the engineer came for first, then the rest: on a laptop the cause must not sit
    // beyond the right edge behind a horizontal scroll.
    const QList<int> order = primaryColumns();
    for (int visual = 0; visual < order.size(); ++visual)
        m_table->horizontalHeader()->moveSection(m_table->horizontalHeader()->visualIndex(order.at(visual)), visual);
    m_table->viewport()->installEventFilter(this);
    // A width set outside fitColumns() is the user's choice, except the stretched last
    // section's: the header resizes that one with the viewport, and taking it for the user's
    // stopped the fitting for good.
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int logical) {
        const QHeaderView *h = m_table->horizontalHeader();
        if (!m_fitting && logical != h->logicalIndex(h->count() - 1))
            m_userSized = true;
    });

    m_noMatch = new QLabel(tr("No worker matches the filters. Press Esc in the search box to clear it."), this);
    m_noMatch->setObjectName(u"noMatchLabel"_s);
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->hide();

    m_detail = new WorkerDetailPane(monitor, history, clock, monitor->name(), this);
    m_overview = new ClusterOverviewPane(monitor, history, clock, this);

    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table);
    tableLayout->addWidget(m_noMatch);

    m_tableSplit = new QSplitter(Qt::Vertical, this);
    m_tableSplit->setObjectName(u"tableSplitter"_s);
    m_tableSplit->addWidget(tableBox);
    m_tableSplit->addWidget(m_detail);
    m_tableSplit->setStretchFactor(0, 3);
    m_tableSplit->setStretchFactor(1, 2);
    m_tableSplit->setChildrenCollapsible(false);

    m_mainSplit = new QSplitter(Qt::Horizontal, this);
    m_mainSplit->setObjectName(u"mainSplitter"_s);
    // The overview keeps its chart readable and scrolls when the window is short (the
    // troubleshooting panel below takes half of a laptop's height).
    auto *overviewScroll = new QScrollArea(this);
    overviewScroll->setObjectName(u"overviewScroll"_s);
    overviewScroll->setWidgetResizable(true);
    overviewScroll->setFrameShape(QFrame::NoFrame);
    overviewScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    overviewScroll->setWidget(m_overview);
    m_mainSplit->addWidget(overviewScroll);
    m_mainSplit->addWidget(m_tableSplit);
    m_mainSplit->setStretchFactor(0, 0);
    m_mainSplit->setStretchFactor(1, 1);
    m_mainSplit->setCollapsible(0, true);
    m_mainSplit->setCollapsible(1, false);
    m_overviewBox = overviewScroll;
    // The overview is context; the table's columns are the point: a narrow column by default.
    const int em = fontMetrics().horizontalAdvance(u'0');  // a digit: CJK fonts report a wide average
    m_overviewWidth = 36 * em;
    m_mainSplit->setSizes({m_overviewWidth, 160 * em});
    // Dragging the splitter is a choice: shown (at the width dragged to) or folded away.
    connect(m_mainSplit, &QSplitter::splitterMoved, this, [this] {
        const int width = m_mainSplit->sizes().constFirst();
        m_overviewChosen = true;
        if (width > 0)
            m_overviewWidth = width;
        else
            placeOverview(false);  // hidden, not a zero-width column with a handle
        Q_EMIT overviewShownChanged(width > 0);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(bar);
    layout->addWidget(m_mainSplit, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const qint64 id = currentWorkerId();
        m_detail->showWorker(id);
        Q_EMIT currentWorkerChanged(id);
    });
    connect(m_overview, &ClusterOverviewPane::workerActivated, this, &ClusterPage::selectWorker);
    connect(m_detail, &WorkerDetailPane::troubleshootRequested, this, &ClusterPage::troubleshootRequested);
    // The summary counts every worker: once per burst of changes, not once per signal of it
    // (a 10,000-worker batch raises several).
    m_summaryDue.setObjectName(u"summary due"_s);
    m_summaryDue.setSingleShot(true);
    m_summaryDue.setInterval(0);
    connect(&m_summaryDue, &QTimer::timeout, this, [this] { Q_EMIT summaryChanged(summary()); });
    connect(m_detail, &WorkerDetailPane::workerActivated, this, &ClusterPage::selectWorker);
    const auto changed = [this] {
        m_noMatch->setVisible(m_filter->rowCount() == 0 && m_model->rowCount() > 0);
        m_summaryDue.start();
    };
    // Content widths change as verdicts and causes arrive: fit again, at most a few times a second.
    m_fitLater.setObjectName(u"fit columns"_s);
    m_fitLater.setSingleShot(true);
    m_fitLater.setInterval(250);
    connect(&m_fitLater, &QTimer::timeout, this, &ClusterPage::fitColumns);
    const auto fitLater = [this] {
        if (!m_fitLater.isActive())
            m_fitLater.start();
    };
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, fitLater);
    connect(m_filter, &QAbstractItemModel::modelReset, this, fitLater);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, fitLater);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, fitLater);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, changed);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(m_filter, &QAbstractItemModel::modelReset, this, changed);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, changed);
    connect(monitor, &ClusterMonitor::workersChanged, this, changed);
    connect(monitor, &ClusterMonitor::workersAdded, this, &ClusterPage::refreshClusterChoices);
    connect(monitor, &ClusterMonitor::clusterNamesChanged, this, &ClusterPage::refreshClusterChoices);

    m_ages.setObjectName(u"ages"_s);
    m_ages.setInterval(kAgeRefreshMs);
    connect(&m_ages, &QTimer::timeout, m_model, &WorkerTableModel::refreshAges);
    m_ages.start();

    setTabOrder(m_search, m_verdictCombo);
    setTabOrder(m_verdictCombo, m_stateCombo);
    setTabOrder(m_stateCombo, m_clusterCombo);
    setTabOrder(m_clusterCombo, m_table);
    setTabOrder(m_table, m_detail);
    refreshClusterChoices();
    restoreState();
}

ClusterPage::~ClusterPage()
{
    saveState();
}

void ClusterPage::buildFilterBar(QWidget *bar)
{
    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"searchBox"_s);
    m_search->setPlaceholderText(tr("Search workers: name, address, label…  ( / or Ctrl+F )"));
    m_search->setAccessibleName(tr("Search workers"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter, &WorkerFilterModel::setSearchText);

    m_verdictCombo = new QComboBox(bar);
    m_verdictCombo->setObjectName(u"verdictFilter"_s);
    m_verdictCombo->setAccessibleName(tr("Filter by verdict"));
    m_verdictCombo->addItems({tr("All verdicts"), tr("In trouble"), tr("Views disagree (split)"),
        verdictLabel(Verdict::SplitServerDown), verdictLabel(Verdict::SplitLocalDown), verdictLabel(Verdict::AgreeDown),
        verdictLabel(Verdict::AgreeUp), verdictLabel(Verdict::Unknown)});
    connect(m_verdictCombo, &QComboBox::currentIndexChanged, this, &ClusterPage::applyVerdictFilter);

    m_stateCombo = new QComboBox(bar);
    m_stateCombo->setObjectName(u"stateFilter"_s);
    m_stateCombo->setAccessibleName(tr("Filter by server state"));
    m_stateCombo->addItems({tr("All server states"), tr("Not ready or unreachable"), stateLabel(WorkerState::Ready),
        stateLabel(WorkerState::NotReady), stateLabel(WorkerState::Unreachable), stateLabel(WorkerState::Maintenance),
        tr("Provisioning or error")});
    connect(m_stateCombo, &QComboBox::currentIndexChanged, this, &ClusterPage::applyStateFilter);

    m_clusterCombo = new QComboBox(bar);
    m_clusterCombo->setObjectName(u"clusterFilter"_s);
    m_clusterCombo->setAccessibleName(tr("Filter by cluster"));
    m_clusterCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_clusterCombo, &QComboBox::currentIndexChanged, this,
        [this](int i) { m_filter->setCluster(i <= 0 ? QString() : m_clusterCombo->itemText(i)); });

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_verdictCombo);
    layout->addWidget(m_stateCombo);
    layout->addWidget(m_clusterCombo);

    // Esc in the search box clears it and returns to the table.
    auto *clear = new QAction(m_search);
    clear->setShortcut(Qt::Key_Escape);
    clear->setShortcutContext(Qt::WidgetShortcut);
    m_search->addAction(clear);
    connect(clear, &QAction::triggered, this, [this] {
        m_search->clear();
        m_table->setFocus();
    });
}

void ClusterPage::applyVerdictFilter(int index)
{
    static const QList<QSet<Verdict>> sets{
        {},
        {Verdict::SplitServerDown, Verdict::SplitLocalDown, Verdict::AgreeDown},
        {Verdict::SplitServerDown, Verdict::SplitLocalDown},
        {Verdict::SplitServerDown},
        {Verdict::SplitLocalDown},
        {Verdict::AgreeDown},
        {Verdict::AgreeUp},
        {Verdict::Unknown},
    };
    m_filter->setVerdicts(sets.value(index));
}

void ClusterPage::applyStateFilter(int index)
{
    static const QList<QSet<WorkerState>> sets{
        {},
        {WorkerState::NotReady, WorkerState::Unreachable},
        {WorkerState::Ready},
        {WorkerState::NotReady},
        {WorkerState::Unreachable},
        {WorkerState::Maintenance},
        {WorkerState::Pending, WorkerState::Provisioning, WorkerState::Initializing, WorkerState::Deleting,
            WorkerState::Error},
    };
    m_filter->setStates(sets.value(index));
}

void ClusterPage::refreshClusterChoices()
{
    QStringList names;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QString n = m_model->index(r, 0).data(WorkerTableModel::ClusterRole).toString();
        if (!names.contains(n))
            names.append(n);
        if (names.size() > 50)
            break;
    }
    names.sort();
    const QString current = m_clusterCombo->currentIndex() > 0 ? m_clusterCombo->currentText() : QString();
    QSignalBlocker block(m_clusterCombo);
    m_clusterCombo->clear();
    m_clusterCombo->addItem(tr("All clusters"));
    m_clusterCombo->addItems(names);
    m_clusterCombo->setCurrentIndex(qMax(0, m_clusterCombo->findText(current)));
    // One cluster needs no filter.
    m_clusterCombo->setVisible(names.size() > 1);
}

qint64 ClusterPage::currentWorkerId() const
{
    const QModelIndex idx = m_table->currentIndex();
    return idx.isValid() ? idx.data(WorkerTableModel::WorkerIdRole).toLongLong() : -1;
}

bool ClusterPage::selectWorker(qint64 workerId)
{
    const int sourceRow = m_model->rowOf(workerId);
    if (sourceRow < 0)
        return false;
    QModelIndex idx = m_filter->mapFromSource(m_model->index(sourceRow, 0));
    if (!idx.isValid()) {
        m_search->clear();
        m_verdictCombo->setCurrentIndex(0);
        m_stateCombo->setCurrentIndex(0);
        m_clusterCombo->setCurrentIndex(0);
        idx = m_filter->mapFromSource(m_model->index(sourceRow, 0));
    }
    m_table->setCurrentIndex(idx);
    m_table->scrollTo(idx);
    return true;
}

bool ClusterPage::selectNextTrouble(bool forward)
{
    const int rows = m_filter->rowCount();
    if (rows == 0)
        return false;
    const int start = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : (forward ? -1 : rows);
    for (int step = 1; step <= rows; ++step) {
        const int r = ((start + (forward ? step : -step)) % rows + rows) % rows;
        const QModelIndex idx = m_filter->index(r, 0);
        if (isTrouble(Verdict(idx.data(WorkerTableModel::VerdictRole).toInt()))) {
            m_table->setCurrentIndex(idx);
            m_table->scrollTo(idx);
            return true;
        }
    }
    return false;
}

void ClusterPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString ClusterPage::summary() const
{
    int trouble = 0, split = 0;
    for (qint64 id : m_monitor->workerIds()) {
        const Verdict v = m_monitor->view(id)->verdict;
        trouble += isTrouble(v);
        split += isSplit(v);
    }
    // English source strings read right without an English translation loaded.
    QString s = m_monitor->size() == 1 ? tr("1 worker") : tr("%n workers", nullptr, m_monitor->size());
    s +=
        u" · "_s + tr("%n in trouble", nullptr, trouble) + u" · "_s + tr("%n with views that disagree", nullptr, split);
    if (m_filter->rowCount() != m_model->rowCount())
        s += u" · "_s + tr("%n shown", nullptr, m_filter->rowCount());
    return s;
}

QList<int> ClusterPage::primaryColumns()
{
    return {WorkerTableModel::NameColumn, WorkerTableModel::ServerStateColumn, WorkerTableModel::YourViewColumn,
        WorkerTableModel::VerdictColumn, WorkerTableModel::TopCauseColumn, WorkerTableModel::ClusterColumn,
        WorkerTableModel::AddressColumn, WorkerTableModel::HeartbeatColumn, WorkerTableModel::GpusColumn,
        WorkerTableModel::LabelsColumn};
}

bool ClusterPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ClusterPage::fitColumns()
{
    m_fitLater.stop();
    const int avail = m_table->viewport()->width();
    if (m_userSized || avail < 100)
        return;
    QHeaderView *header = m_table->horizontalHeader();
    struct Bounds {
        int column;
        int min;
        int max;
    };
    // Bounds in character widths, so they follow the font and the scale factor.
    const int em = m_table->fontMetrics().horizontalAdvance(u'0');  // a digit: CJK fonts report a wide average
    // The maxima only keep one freak value (a 300-character server message) from taking the
    // table; the content decides below them.
    const QList<Bounds> fixed{{WorkerTableModel::NameColumn, 10 * em, 40 * em},
        {WorkerTableModel::ServerStateColumn, 9 * em, 30 * em}, {WorkerTableModel::YourViewColumn, 12 * em, 50 * em},
        {WorkerTableModel::VerdictColumn, 11 * em, 50 * em}};
    const Bounds cause{WorkerTableModel::TopCauseColumn, 26 * em, 100 * em};
    QHash<int, int> measured;
    const auto whole = [&](int column) {
        // The widest of the rows shown now and the heading. Not the widest ever seen: a long
        // "what you see" from minutes ago kept its column wide and cut "(flapping)" off the
        // verdict next to it.
        if (const auto it = measured.constFind(column); it != measured.cend())
            return *it;
        const QAbstractItemView *view = m_table;  // QTableView hides it as protected
        return measured[column] = qMax(view->sizeHintForColumn(column), header->sectionSizeHint(column));
    };
    QList<Bounds> primary = fixed;
    primary.append(cause);
    QHash<int, int> width;
    int used = 0;
    for (const Bounds &b : std::as_const(primary)) {
        width[b.column] = qBound(b.min, whole(b.column) + em / 2, b.max);
        used += width[b.column];
    }
    // A little air beside each text, while there is room for it: tight, it goes first.
    for (const Bounds &b : std::as_const(primary)) {
        if (used <= avail)
            break;
        const int give = qMin(used - avail, qMax(0, width[b.column] - qMax(b.min, whole(b.column))));
        width[b.column] -= give;
        used -= give;
    }
    // Still too narrow in a narrow window (1920x1080 at 200 %, where the overview folded):
    // the cause takes two lines rather than cut the verdict beside it. Rows grow to two lines
    // only then, and stay so while the window is narrow: which rows are visible decides the
    // widths, so switching back and forth would make the table jump. A wide window keeps
    // one-line rows.
    const bool narrow = this->width() < overviewFoldWidth();
    const int line = m_table->fontMetrics().height();
    const int causeWhole = whole(cause.column);
    const int causeTwoLines = qMax(cause.min, causeWhole / 2 + 6 * em);
    if (narrow && used > avail && width[cause.column] > causeTwoLines) {
        const int give = qMin(used - avail, width[cause.column] - causeTwoLines);
        width[cause.column] -= give;
        used -= give;
    }
    // Held while the table keeps its width (rows scrolled into view must not make it jump);
    // a new width (a resize, the overview folding) decides afresh.
    if (avail != m_twoLineWidth) {
        m_twoLineWidth = avail;
        m_twoLineRows = false;
    }
    m_twoLineRows = narrow && (m_twoLineRows || width[cause.column] < causeWhole);
    const int rowHeight = (m_twoLineRows ? 2 * line : line) + 8;
    if (m_table->verticalHeader()->defaultSectionSize() != rowHeight)
        m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    // Too narrow for all of it: each column gives up width in proportion to what it has
    // above its minimum (a long cause gives most), so all five stay on screen.
    for (int round = 0; used > avail && round < 8; ++round) {
        const int deficit = used - avail;
        int slack = 0;
        for (const Bounds &b : std::as_const(primary))
            slack += width[b.column] - b.min;
        if (slack <= 0)
            break;
        for (const Bounds &b : std::as_const(primary)) {
            const int give = qMin(width[b.column] - b.min, (deficit * (width[b.column] - b.min) + slack - 1) / slack);
            width[b.column] -= give;
            used -= give;
        }
    }
    // Room to spare: the next columns (cluster, address…) show as far as they fit whole; the
    // cause takes what is left, so no column is cut at the right edge.
    int spare = avail - used;
    const QList<int> order = primaryColumns();
    // (The last, stretched column is left out: it takes whatever remains by itself.)
    qsizetype next = primary.size();
    for (; next < order.size() - 1 && spare >= header->sectionSize(order.at(next)); ++next)
        spare -= header->sectionSize(order.at(next));
    if (spare > 0 && next < order.size() - 1)
        width[cause.column] += spare;
    m_fitting = true;
    for (auto it = width.cbegin(); it != width.cend(); ++it) {
        if (header->sectionSize(it.key()) != it.value())
            header->resizeSection(it.key(), it.value());
    }
    m_fitting = false;
}

bool ClusterPage::overviewShown() const
{
    return !m_overviewBox->isHidden();
}

void ClusterPage::setOverviewShown(bool shown)
{
    m_overviewChosen = true;
    placeOverview(shown);
}

int ClusterPage::overviewFoldWidth() const
{
    // The overview's own width beside the primary columns at their widths when the demo's
    // longest cells are in view together (a 13-character name, "not probed (outside allowed
    // networks)", "Split: unreachable from here (flapping)", a 58-character cause): about
    // 1,450 px at 100 %. So 1366x768 and 1920x1080 at 200 % open with it folded (View >
    // Overview brings it back, and causes then wrap to two lines), 1536 px and wider keep it.
    const int em = fontMetrics().horizontalAdvance(u'0');
    return 210 * em;
}

void ClusterPage::placeOverview(bool shown)
{
    const bool was = overviewShown();
    // Hidden rather than collapsed: a collapsed column keeps its splitter handle, and the
    // table needs those pixels at 200 %.
    m_overviewBox->setVisible(shown);
    // Its width once the splitter has taken the shown widget back in (it does so on an event
    // of its own, with the width the column had when it was hidden, possibly squeezed).
    if (shown) {
        QTimer::singleShot(0, this, [this] {
            if (overviewShown() && m_mainSplit->width() > m_overviewWidth)
                m_mainSplit->setSizes({m_overviewWidth, m_mainSplit->width() - m_overviewWidth});
        });
    }
    if (was != shown)
        Q_EMIT overviewShownChanged(shown);
}

void ClusterPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_overviewChosen && overviewShown() != (width() >= overviewFoldWidth()))
        placeOverview(width() >= overviewFoldWidth());
}

void ClusterPage::setDetailShown(bool shown)
{
    m_detail->setVisible(shown);
}

void ClusterPage::saveState() const
{
    QSettings s;
    s.setValue(u"ui/table/columns"_s, m_table->horizontalHeader()->saveState());
    s.setValue(u"ui/table/userSized"_s, m_userSized);
    s.setValue(u"ui/page/mainSplitter"_s, m_mainSplit->saveState());
    s.setValue(u"ui/page/tableSplitter"_s, m_tableSplit->saveState());
    if (m_overviewChosen)
        s.setValue(u"ui/page/overviewShown"_s, overviewShown());
    else
        s.remove(u"ui/page/overviewShown"_s);
}

void ClusterPage::restoreState()
{
    const QSettings s;
    // A new key: the state saved before the primary columns came first would bring the cause
    // back behind the right edge. Widths the user chose are kept; widths fitColumns() chose
    // for another window size are fitted again.
    if (s.contains(u"ui/table/columns"_s)) {
        m_fitting = true;
        m_table->horizontalHeader()->restoreState(s.value(u"ui/table/columns"_s).toByteArray());
        m_fitting = false;
        m_userSized = s.value(u"ui/table/userSized"_s).toBool();
        m_table->sortByColumn(
            m_table->horizontalHeader()->sortIndicatorSection(), m_table->horizontalHeader()->sortIndicatorOrder());
    }
    if (s.contains(u"ui/page/mainSplitter"_s)) {
        m_mainSplit->restoreState(s.value(u"ui/page/mainSplitter"_s).toByteArray());
        // The width the user last gave the overview (not before a restore: sizes() is then
        // whatever share of a not yet laid out splitter it got).
        if (const int width = m_mainSplit->sizes().constFirst(); width > 0)
            m_overviewWidth = width;
    }
    if (s.contains(u"ui/page/tableSplitter"_s))
        m_tableSplit->restoreState(s.value(u"ui/page/tableSplitter"_s).toByteArray());
    // Shown or hidden by the user last time: so it stays. Otherwise the width decides.
    m_overviewChosen = s.contains(u"ui/page/overviewShown"_s);
    if (m_overviewChosen)
        placeOverview(s.value(u"ui/page/overviewShown"_s).toBool());
}

}  // namespace parallax

#include "clusteroverviewpane.h"

#include "models/workerformat.h"
#include "monitor/incidentnotifier.h"
#include "timeline/storedhistory.h"
#include "timeline/timelinebuilder.h"
#include "timeline/timelineview.h"

#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMap>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr int kTroubleListMax = 200;  // more than that is a filter's job, not a list's
}

ClusterOverviewPane::ClusterOverviewPane(
    const ClusterMonitor *monitor, const HistorySource *history, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_history(history)
    , m_clock(clock)
    , m_verdictCounts(new QLabel(this))
    , m_stateCounts(new QLabel(this))
    , m_availability(new TimelineView(this))
    , m_troubleList(new QListWidget(this))
    , m_availabilityTitle(new QLabel(this))
{
    setObjectName(u"clusterOverview"_s);
    setAccessibleName(tr("Cluster overview"));
    for (QLabel *l : {m_verdictCounts, m_stateCounts}) {
        l->setTextFormat(Qt::RichText);
        l->setWordWrap(true);
    }
    m_verdictCounts->setObjectName(u"verdictCounts"_s);
    m_stateCounts->setObjectName(u"stateCounts"_s);
    m_availability->setObjectName(u"availabilityTimeline"_s);
    m_availability->setMinimumHeight(160);
    m_availability->setRange(TimelineView::Range::Hour1);
    m_availability->setEmptyText(tr("Availability appears after the first probes."));
    m_troubleList->setObjectName(u"troubleList"_s);
    m_troubleList->setAccessibleName(tr("Workers in trouble"));
    // A narrow column: the lines wrap rather than run on behind a horizontal scroll bar.
    m_troubleList->setWordWrap(true);
    m_troubleList->setResizeMode(QListView::Adjust);
    m_troubleList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_troubleList->setMinimumHeight(5 * m_troubleList->fontMetrics().height() + 12);

    auto *troubleTitle = new QLabel(tr("<b>In trouble, worst first</b>"), this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(new QLabel(tr("<b>Verdicts</b>"), this));
    layout->addWidget(m_verdictCounts);
    layout->addWidget(new QLabel(tr("<b>Server says</b>"), this));
    layout->addWidget(m_stateCounts);
    m_availabilityTitle->setObjectName(u"availabilityTitle"_s);
    layout->addWidget(m_availabilityTitle);
    layout->addWidget(m_availability, 1);
    layout->addWidget(troubleTitle);
    layout->addWidget(m_troubleList, 2);

    m_debounce.setObjectName(u"overview refresh"_s);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(500);
    connect(&m_debounce, &QTimer::timeout, this, &ClusterOverviewPane::refresh);
    const auto later = [this] {
        if (!m_debounce.isActive())
            m_debounce.start();
    };
    connect(monitor, &ClusterMonitor::workersAdded, this, later);
    connect(monitor, &ClusterMonitor::workersRemoved, this, later);
    connect(monitor, &ClusterMonitor::workersChanged, this, later);
    // After a restart the hour before comes from the store, a little later than the rest.
    if (const auto *stored = dynamic_cast<const StoredHistory *>(history))
        connect(stored, &StoredHistory::clusterAvailabilityArrived, this, later);
    const auto activate = [this](QListWidgetItem *item) {
        if (item->data(Qt::UserRole).isValid())
            Q_EMIT workerActivated(item->data(Qt::UserRole).toLongLong());
    };
    connect(m_troubleList, &QListWidget::itemActivated, this, activate);
    connect(m_troubleList, &QListWidget::itemClicked, this, activate);
    refresh();
}

QString ClusterOverviewPane::countsText() const
{
    return m_verdictCounts->text() + u'\n' + m_stateCounts->text();
}

void ClusterOverviewPane::refresh()
{
    m_debounce.stop();
    QMap<int, int> verdicts;  // by severity
    QMap<int, QPair<WorkerState, int>> states;
    struct Trouble {
        qint64 id;
        int severity;
        QString name;
        Verdict verdict;
        QString cause;
    };
    QList<Trouble> trouble;
    for (qint64 id : m_monitor->workerIds()) {
        const WorkerView *v = m_monitor->view(id);
        ++verdicts[verdictSeverity(v->verdict)];
        auto &s = states[stateSeverity(v->server.state)];
        s.first = v->server.state;
        ++s.second;
        if (isTrouble(v->verdict))
            trouble.append({id, verdictSeverity(v->verdict), v->server.name, v->verdict,
                v->causes.isEmpty() ? QString() : v->causes.constFirst().title});
    }
    QStringList vparts;
    for (Verdict verdict :
        {Verdict::SplitLocalDown, Verdict::SplitServerDown, Verdict::AgreeDown, Verdict::Unknown, Verdict::AgreeUp}) {
        const int n = verdicts.value(verdictSeverity(verdict));
        vparts.append(u"<span style='color:%1'>●</span>&nbsp;%2&nbsp;<b>%3</b>"_s.arg(
            verdictColor(verdict).name(), verdictLabel(verdict).toHtmlEscaped(), QString::number(n)));
    }
    m_verdictCounts->setText(vparts.join(u"<br>"_s));
    QStringList sparts;
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        sparts.append(u"<span style='color:%1'>●</span>&nbsp;%2&nbsp;<b>%3</b>"_s.arg(
            stateColor(it->first).name(), stateLabel(it->first).toHtmlEscaped(), QString::number(it->second)));
    }
    m_stateCounts->setText(sparts.isEmpty() ? tr("no workers") : sparts.join(u" &nbsp; "_s));

    std::stable_sort(trouble.begin(), trouble.end(), [](const Trouble &a, const Trouble &b) {
        return a.severity != b.severity ? a.severity < b.severity : a.name < b.name;
    });
    m_trouble.clear();
    const qint64 current =
        m_troubleList->currentItem() ? m_troubleList->currentItem()->data(Qt::UserRole).toLongLong() : -1;
    m_troubleList->clear();
    for (const Trouble &t : std::as_const(trouble)) {
        m_trouble.append(t.id);
        if (m_troubleList->count() >= kTroubleListMax)
            continue;
        auto *item =
            new QListWidgetItem(t.cause.isEmpty() ? tr("%1 — %2").arg(t.name, verdictLabel(t.verdict))
                                                  : tr("%1 — %2: %3").arg(t.name, verdictLabel(t.verdict), t.cause));
        item->setData(Qt::UserRole, t.id);
        item->setForeground(verdictColor(t.verdict));
        item->setToolTip(verdictTitle(t.verdict));
        m_troubleList->addItem(item);
        if (t.id == current)
            m_troubleList->setCurrentItem(item);
    }
    if (trouble.size() > kTroubleListMax)
        m_troubleList->addItem(
            tr("… and %n more (filter the table by verdict)", nullptr, int(trouble.size() - kTroubleListMax)));
    if (trouble.isEmpty())
        m_troubleList->addItem(tr("No worker in trouble."));

    if (m_history) {
        const qint64 now = m_clock.nowMs();
        m_availability->setData(
            availabilityTimeline(m_history->clusterAvailability(now - 7 * 24 * 3600LL * 1000, now + 1), now));
    }
    // The chart spans what was observed until there is an hour of it: the title says which.
    m_availabilityTitle->setText(m_availability->showsObservedOnly()
            ? tr("<b>Availability since %1</b>")
                  .arg(QLocale().toString(
                      QDateTime::fromMSecsSinceEpoch(m_availability->windowFrom()).time(), QLocale::ShortFormat))
            : tr("<b>Availability, last hour</b>"));
}

}  // namespace parallax

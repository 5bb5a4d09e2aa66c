#include "workerdetailpane.h"

#include "models/workerformat.h"
#include "monitor/incidentnotifier.h"
#include "timeline/storedhistory.h"
#include "timeline/timelinebuilder.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTextBrowser>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}
QString row(const QString &key, const QString &value)
{
    return u"<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>"_s.arg(esc(key), value);
}
}  // namespace

WorkerDetailPane::WorkerDetailPane(const ClusterMonitor *monitor, const HistorySource *history, const Clock &clock,
    const QString &clusterKey, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_history(history)
    , m_clock(clock)
    , m_clusterKey(clusterKey)
    , m_stack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_ranges(new QButtonGroup(this))
    , m_timeline(new TimelineView(this))
    , m_facts(new QTextBrowser(this))
{
    setObjectName(u"workerDetailPane"_s);
    setAccessibleName(tr("Worker details"));

    auto *empty = new QLabel(tr("Select a worker to see its timeline and facts.\n"
                                "Workers whose views disagree (“Split”) are listed first in the overview."),
        this);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setObjectName(u"detailEmptyState"_s);

    auto *page = new QWidget(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setObjectName(u"detailTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(u"detailSummary"_s);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);

    auto *rangeBar = new QHBoxLayout;
    rangeBar->setSpacing(2);
    auto *rangeLabel = new QLabel(tr("Range:"), this);
    rangeBar->addWidget(rangeLabel);
    int id = 0;
    for (TimelineView::Range r : {TimelineView::Range::Minutes15, TimelineView::Range::Hour1, TimelineView::Range::Hours6,
             TimelineView::Range::Hours24, TimelineView::Range::Days7}) {
        auto *b = new QToolButton(this);
        b->setText(TimelineView::rangeLabel(r));
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setAccessibleName(tr("Show the last %1").arg(TimelineView::rangeLabel(r)));
        m_ranges->addButton(b, id++);
        rangeBar->addWidget(b);
    }
    m_ranges->button(1)->setChecked(true);
    auto *reset = new QToolButton(this);
    reset->setText(tr("Reset zoom"));
    reset->setAutoRaise(true);
    rangeBar->addWidget(reset);
    rangeBar->addStretch(1);
    auto *troubleshoot = new QPushButton(QIcon(u":/icons/troubleshoot.svg"_s), tr("Troubleshoot…"), this);
    troubleshoot->setObjectName(u"troubleshootButton"_s);
    troubleshoot->setToolTip(tr("Walk through the checks that decide why the views disagree (Ctrl+T)"));
    rangeBar->addWidget(troubleshoot);

    m_timeline->setObjectName(u"workerTimeline"_s);
    m_facts->setObjectName(u"workerFacts"_s);
    // A text browser, not a word-wrapped QLabel in a scroll area: the label laid its rich text
    // out again for every height-for-width question, 28-46 ms per update of the selected
    // worker (ui_bench), the longest stall of the window. Our own markup only: every value is
    // escaped; no link is followed, nothing is loaded.
    m_facts->setOpenLinks(false);
    m_facts->setOpenExternalLinks(false);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_facts->setFrameShape(QFrame::NoFrame);
    m_facts->viewport()->setAutoFillBackground(false);
    m_facts->setAccessibleName(tr("Worker facts"));
    auto *scroll = m_facts;

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(u"detailSplitter"_s);
    split->addWidget(m_timeline);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({640, 420});

    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(6, 4, 6, 4);
    pageLayout->addWidget(m_title);
    pageLayout->addWidget(m_summary);
    pageLayout->addLayout(rangeBar);
    pageLayout->addWidget(split, 1);

    m_stack->addWidget(empty);
    m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_timelineDebounce.setSingleShot(true);
    m_timelineDebounce.setInterval(150);
    connect(&m_timelineDebounce, &QTimer::timeout, this, &WorkerDetailPane::refreshTimeline);
    connect(m_ranges, &QButtonGroup::idClicked, this, [this](int i) { setRange(TimelineView::Range(i)); });
    connect(reset, &QToolButton::clicked, m_timeline, &TimelineView::resetZoom);
    connect(troubleshoot, &QPushButton::clicked, this, [this] { Q_EMIT troubleshootRequested(m_workerId); });
    connect(m_timeline, &TimelineView::windowChanged, this, [this] {
        if (!m_timeline->followsPresent())
            m_timelineDebounce.start();
    });
    connect(monitor, &ClusterMonitor::workersChanged, this, [this](const QList<qint64> &ids) {
        if (m_workerId >= 0 && std::binary_search(ids.cbegin(), ids.cend(), m_workerId)) {
            refreshFacts();
            if (!m_timelineDebounce.isActive())
                m_timelineDebounce.start();
        }
    });
    connect(monitor, &ClusterMonitor::workersRemoved, this, [this](const QList<qint64> &ids) {
        if (ids.contains(m_workerId))
            showWorker(-1);
    });    // Persisted history arrives later than the recent part: draw again when it does.
    if (const auto *stored = dynamic_cast<const StoredHistory *>(history)) {
        connect(stored, &StoredHistory::seriesArrived, this, [this](qint64 id) {
            if (id == m_workerId)
                refreshTimeline();
        });
    }
}

void WorkerDetailPane::setRange(TimelineView::Range range)
{
    if (auto *b = m_ranges->button(int(range)))
        b->setChecked(true);
    m_timeline->setRange(range);
    refreshTimeline();
}

void WorkerDetailPane::showWorker(qint64 workerId)
{
    m_workerId = m_monitor->view(workerId) ? workerId : -1;
    m_stack->setCurrentIndex(m_workerId >= 0 ? 1 : 0);
    if (m_workerId < 0)
        return;
    refreshFacts();
    m_timeline->resetZoom();
    refreshTimeline();
}

void WorkerDetailPane::refreshTimeline()
{
    if (m_workerId < 0 || !m_history)
        return;
    const qint64 now = m_clock.nowMs();
    HistoryQuery q;
    q.key = {m_clusterKey, m_workerId};
    const bool follow = m_timeline->followsPresent();
    const qint64 span = follow ? TimelineView::rangeMs(m_timeline->range()) : m_timeline->windowTo() - m_timeline->windowFrom();
    const qint64 to = follow ? now : m_timeline->windowTo();
    // A window's worth on each side, so panning shows data before the next query lands.
    q.fromMs = to - 2 * span;
    q.toMs = follow ? now + 1 : to + span;
    q.maxPoints = 3 * qMax(200, m_timeline->width());
    m_timeline->setData(workerTimeline(m_history->workerSeries(q), now));
}

void WorkerDetailPane::refreshFacts()
{
    const WorkerView *v = m_monitor->view(m_workerId);
    if (!v)
        return;
    m_title->setText(v->server.name);
    const QColor vc = verdictColor(v->verdict);
    m_summary->setText(u"<span style='color:%1'>●</span> <b>%2</b> — %3"_s.arg(vc.name(), esc(verdictTitle(v->verdict)),
        esc(tr("since %1").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(v->verdictSinceMs), QLocale::ShortFormat)))));
    QString html = factsHtml(*v);
    if (html != m_factsHtml) {
        m_factsHtml = std::move(html);
        m_facts->setHtml(m_factsHtml);
    }
}

QString WorkerDetailPane::factsText() const
{
    QTextDocument doc;
    doc.setHtml(m_factsHtml);
    return m_title->text() + u'\n' + doc.toPlainText();
}

QString WorkerDetailPane::factsHtml(const WorkerView &v) const
{
    const Worker &w = v.server;
    QString html = u"<table cellspacing='2'>"_s;
    const auto add = [&html](const QString &k, const QString &plain) {
        if (!plain.isEmpty())
            html += row(k, esc(plain));
    };
    const QString none = tr("unknown");

    // Likely cause first: it is what the engineer came for.
    if (!v.causes.isEmpty()) {
        const Cause &c = v.causes.constFirst();
        html += row(tr("Likely cause"), u"<b>"_s + esc(c.title) + u"</b><br>"_s + esc(c.evidence)
                + (c.fix.isEmpty() ? QString() : u"<br><i>"_s + esc(c.fix) + u"</i>"_s));
    }
    QString serverState = u"<span style='color:%1'>●</span> %2"_s.arg(stateColor(w.state).name(), esc(stateLabel(w.state, w.stateText)));
    const QString message = plainTextFromServerHtml(w.state == WorkerState::Maintenance && !w.maintenanceMessage.isEmpty()
            ? w.maintenanceMessage : w.stateMessage);
    if (!message.isEmpty())
        serverState += u"<br>"_s + esc(message);
    html += row(tr("Server says"), serverState);
    if (v.lastProbe) {
        const ProbeResult &p = *v.lastProbe;
        QString mine = esc(tr("%1 — %2:%3, %4").arg(localStateLabel(v.local), p.host, QString::number(p.port), probeSummary(p)));
        const ProbeError e = p.firstError();
        if (e != ProbeError::None) {
            const QString detail = p.tcp.attempted && !p.tcp.ok ? p.tcp.detail : p.http.detail;
            mine += u"<br>"_s + esc(tr("Last error: %1").arg(probeErrorLabel(e)))
                + (detail.isEmpty() ? QString() : esc(u" ("_s + detail + u')'));
        }
        mine += u"<br>"_s + esc(tr("probed %1 ago").arg(formatAge(m_clock.nowMs() - p.startedMs)));
        html += row(tr("You see"), mine);
    } else {
        html += row(tr("You see"), esc(tr("not probed yet")));
    }
    if (v.flapping)
        html += row(tr("Stability"), esc(tr("flapping: the verdict changed several times in a few minutes")));
    const auto age = w.heartbeatAgeMs(m_clock.nowMs());
    add(tr("Heartbeat"), age ? tr("%1 ago (%2 UTC)").arg(formatAge(*age), w.heartbeatTime.toString(u"yyyy-MM-dd HH:mm:ss"_s)) : none);

    add(tr("Hostname"), w.hostname);
    add(tr("IP"), w.ip);
    if (w.advertiseAddress && *w.advertiseAddress != w.ip)
        add(tr("Advertised address"), tr("%1 (the server probes this one)").arg(*w.advertiseAddress));
    add(tr("Interface"), w.ifname);
    add(tr("Health check"), w.healthUrl().toString());
    add(tr("Ports"), tr("API %1 · metrics %2")
                         .arg(w.port ? QString::number(*w.port) : none,
                             w.metricsPort ? (*w.metricsPort < 0 ? tr("disabled") : QString::number(*w.metricsPort)) : none));
    add(tr("Worker version"), w.workerVersion);
    if (w.status) {
        const WorkerStatus &s = *w.status;
        add(tr("OS"), QStringList{s.osName, s.osVersion, s.kernelRelease, s.architecture}.join(u' ').simplified());
        if (s.cpuCores)
            add(tr("CPU"), tr("%1 cores · %2 %").arg(*s.cpuCores).arg(qRound(s.cpuUtilization.value_or(0))));
        if (s.memoryTotal)
            add(tr("Memory"), tr("%1 of %2").arg(formatBytes(s.memoryUsed.value_or(0)), formatBytes(*s.memoryTotal)));
        QStringList gpus;
        for (const GpuDevice &g : s.gpus) {
            QString line = u"[%1] %2"_s.arg(g.index).arg(g.name);
            if (g.coreUtilization)
                line += tr(" · %1 %").arg(qRound(*g.coreUtilization));
            if (g.memoryTotal)
                line += tr(" · VRAM %1/%2").arg(formatBytes(g.memoryUsed.value_or(0)), formatBytes(*g.memoryTotal));
            if (g.temperature)
                line += tr(" · %1 °C").arg(qRound(*g.temperature));
            gpus.append(esc(line));
        }
        if (!gpus.isEmpty())
            html += row(tr("GPUs"), gpus.join(u"<br>"_s));
        if (!s.gpus.isEmpty() && !s.gpus.constFirst().driverVersion.isEmpty())
            add(tr("GPU driver"), s.gpus.constFirst().driverVersion);
    }
    add(tr("Labels"), formatLabels(w.labels));
    if (w.proxyMode.size())
        add(tr("Server proxy"), w.proxyAddress.isEmpty() ? w.proxyMode : tr("%1 via %2").arg(w.proxyMode, w.proxyAddress));
    for (int i = 1; i < v.causes.size(); ++i)
        html += row(tr("Also possible"), esc(v.causes.at(i).title));
    html += u"</table>"_s;
    return html;
}

}  // namespace parallax

#include "workerdetailpane.h"

#include "models/workerformat.h"
#include "monitor/incidentnotifier.h"
#include "timeline/storedhistory.h"
#include "timeline/timelinebuilder.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
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

    // Nothing selected: not a blank half-window but where to start, from the monitor's own
    // verdicts and causes (nothing is diagnosed here).
    m_start = new QTextBrowser(this);
    m_start->setObjectName(u"detailEmptyState"_s);
    m_start->setAccessibleName(tr("Where to start"));
    m_start->setOpenLinks(false);
    m_start->setOpenExternalLinks(false);
    m_start->setFrameShape(QFrame::NoFrame);
    m_start->viewport()->setAutoFillBackground(false);
    connect(m_start, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"worker"_s)
            Q_EMIT workerActivated(url.path().toLongLong());
    });
    m_startDebounce.setObjectName(u"detail start"_s);
    m_startDebounce.setSingleShot(true);
    m_startDebounce.setInterval(1000);
    connect(&m_startDebounce, &QTimer::timeout, this, &WorkerDetailPane::refreshStart);

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
    for (TimelineView::Range r : {TimelineView::Range::Minutes15, TimelineView::Range::Hour1,
             TimelineView::Range::Hours6, TimelineView::Range::Hours24, TimelineView::Range::Days7}) {
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

    m_stack->addWidget(m_start);
    m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_timelineDebounce.setObjectName(u"detail timeline"_s);
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
    const auto startLater = [this] {
        if (m_workerId < 0 && !m_startDebounce.isActive())
            m_startDebounce.start();
    };
    connect(monitor, &ClusterMonitor::workersAdded, this, startLater);
    connect(monitor, &ClusterMonitor::workersRemoved, this, startLater);
    connect(monitor, &ClusterMonitor::workersChanged, this, startLater);
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
    });
    refreshStart();
    // Persisted history arrives later than the recent part: draw again when it does.
    if (const auto *stored = dynamic_cast<const StoredHistory *>(history)) {
        connect(stored, &StoredHistory::seriesArrived, this, [this](qint64 workerId) {
            if (workerId == m_workerId)
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
    if (m_workerId < 0) {
        refreshStart();
        return;
    }
    // Hidden behind the worker's page: nothing to keep current (or to lay out) meanwhile.
    m_startDebounce.stop();
    m_start->clear();
    m_start->setProperty("html", QString());
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
    const qint64 span =
        follow ? TimelineView::rangeMs(m_timeline->range()) : m_timeline->windowTo() - m_timeline->windowFrom();
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
        esc(tr("since %1")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(v->verdictSinceMs), QLocale::ShortFormat)))));
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
        html += row(tr("Likely cause"),
            u"<b>"_s + esc(c.title) + u"</b><br>"_s + esc(c.evidence)
                + (c.fix.isEmpty() ? QString() : u"<br><i>"_s + esc(c.fix) + u"</i>"_s));
    }
    QString serverState =
        u"<span style='color:%1'>●</span> %2"_s.arg(stateColor(w.state).name(), esc(stateLabel(w.state, w.stateText)));
    const QString message = plainTextFromServerHtml(
        w.state == WorkerState::Maintenance && !w.maintenanceMessage.isEmpty() ? w.maintenanceMessage : w.stateMessage);
    if (!message.isEmpty())
        serverState += u"<br>"_s + esc(message);
    html += row(tr("Server says"), serverState);
    if (v.lastProbe) {
        const ProbeResult &p = *v.lastProbe;
        QString mine =
            esc(tr("%1 — %2:%3, %4").arg(localStateLabel(v.local), p.host, QString::number(p.port), probeSummary(p)));
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
    add(tr("Heartbeat"),
        age ? tr("%1 ago (%2 UTC)").arg(formatAge(*age), w.heartbeatTime.toString(u"yyyy-MM-dd HH:mm:ss"_s)) : none);

    add(tr("Hostname"), w.hostname);
    add(tr("IP"), w.ip);
    if (w.advertiseAddress && *w.advertiseAddress != w.ip)
        add(tr("Advertised address"), tr("%1 (the server probes this one)").arg(*w.advertiseAddress));
    add(tr("Interface"), w.ifname);
    add(tr("Health check"), w.healthUrl().toString());
    add(tr("Ports"),
        tr("API %1 · metrics %2")
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
        add(tr("Server proxy"),
            w.proxyAddress.isEmpty() ? w.proxyMode : tr("%1 via %2").arg(w.proxyMode, w.proxyAddress));
    for (int i = 1; i < v.causes.size(); ++i)
        html += row(tr("Also possible"), esc(v.causes.at(i).title));
    html += u"</table>"_s;
    return html;
}

void WorkerDetailPane::refreshStart()
{
    m_startDebounce.stop();
    const QString html = startHtml();
    if (html != m_start->property("html").toString()) {
        m_start->setProperty("html", html);
        m_start->setHtml(html);
    }
}

QString WorkerDetailPane::startText() const
{
    return m_start->toPlainText();
}

QString WorkerDetailPane::startHtml() const
{
    // The workers in trouble, grouped by the cause the monitor named first, worst verdict first.
    struct Group {
        int severity = 99;
        QString title;
        QString evidence;
        QString fix;
        QColor color;
        QList<QPair<qint64, QString>> workers;
    };
    QHash<QString, Group> groups;
    int trouble = 0, total = 0, undecided = 0;
    for (qint64 id : m_monitor->workerIds()) {
        const WorkerView *v = m_monitor->view(id);
        ++total;
        undecided += v->verdict == Verdict::Unknown;
        if (!isTrouble(v->verdict))
            continue;
        ++trouble;
        const Cause *c = v->causes.isEmpty() ? nullptr : &v->causes.constFirst();
        const QString key = c ? causeIdString(c->id) : u"verdict:"_s + verdictId(v->verdict);
        Group &g = groups[key];
        const int severity = verdictSeverity(v->verdict);
        if (g.workers.isEmpty() || severity < g.severity) {
            g.severity = severity;
            g.color = verdictColor(v->verdict);
            g.title = c ? c->title : tr("%1, no cause named yet").arg(verdictLabel(v->verdict));
            g.evidence = c ? c->evidence : verdictTitle(v->verdict);
            g.fix = c ? c->fix : QString();
        }
        g.workers.append({id, v->server.name});
    }
    QList<Group> ordered = groups.values();
    std::sort(ordered.begin(), ordered.end(), [](const Group &a, const Group &b) {
        if (a.severity != b.severity)
            return a.severity < b.severity;
        if (a.workers.size() != b.workers.size())
            return a.workers.size() > b.workers.size();
        return a.title < b.title;
    });

    QString html = u"<h3>%1</h3>"_s.arg(esc(tr("Where to start")));
    if (total == 0)
        return html + u"<p>%1</p>"_s.arg(esc(tr("No workers yet: they appear when the server lists them.")));
    if (trouble == 0 && undecided > 0)
        return html
            + u"<p>%1</p>"_s.arg(esc(tr(
                "No worker is in trouble so far; %n have no verdict yet (not probed yet, or no answer from the server yet).",
                nullptr, undecided)));
    if (trouble == 0)
        return html
            + u"<p>%1</p>"_s.arg(esc(tr(
                "Both views agree on every worker: nothing to fix. Select a worker to see its timeline and facts.")));
    html += u"<p>%1</p>"_s.arg(esc(tr(
        "Workers in trouble: %n. The likely causes below come first by verdict (views that disagree first); click a name to see its timeline and facts, then press Ctrl+T to walk through the checks.",
        nullptr, trouble)));
    constexpr int kGroupsShown = 8;
    constexpr int kNamesShown = 6;
    for (int i = 0; i < ordered.size() && i < kGroupsShown; ++i) {
        const Group &g = ordered.at(i);
        QStringList names;
        for (int n = 0; n < g.workers.size() && n < kNamesShown; ++n)
            names.append(u"<a href='worker:%1'>%2</a>"_s.arg(g.workers.at(n).first).arg(esc(g.workers.at(n).second)));
        if (g.workers.size() > kNamesShown)
            names.append(esc(tr("%n more", nullptr, int(g.workers.size() - kNamesShown))));
        html += u"<p><span style='color:%1'>●</span> <b>%2</b> — %3<br>%4"_s.arg(
            g.color.name(), esc(g.title), names.join(u", "_s), esc(g.evidence));
        if (!g.fix.isEmpty())
            html += u"<br><i>%1</i>"_s.arg(esc(g.fix));
        html += u"</p>"_s;
    }
    if (ordered.size() > kGroupsShown)
        html += u"<p>%1</p>"_s.arg(esc(tr("Other causes: %n more. Filter the table by verdict to see them.", nullptr,
            int(ordered.size() - kGroupsShown))));
    return html;
}

}  // namespace parallax

#include "timelineview.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
constexpr qint64 kMinSpanMs = 60 * 1000;
constexpr qint64 kMaxSpanMs = 30LL * 24 * 3600 * 1000;
}  // namespace

// The Qt Charts part: series and axes, with bands and annotations painted directly.
class TimelineChartView : public QChartView {
public:
    explicit TimelineChartView(TimelineView *owner)
        : QChartView(new QChart, owner)
        , m_owner(owner)
    {
        setRenderHint(QPainter::Antialiasing, false);
        setMouseTracking(true);
        setFocusPolicy(Qt::NoFocus);
        chart()->setBackgroundVisible(false);
        chart()->setPlotAreaBackgroundVisible(false);
        chart()->setMargins(QMargins(4, 4, 4, 4));
        chart()->legend()->setAlignment(Qt::AlignBottom);
        chart()->setAnimationOptions(QChart::NoAnimation);
        m_x = new QDateTimeAxis(chart());
        m_left = new QValueAxis(chart());
        m_right = new QValueAxis(chart());
        m_left->setLabelFormat(u"%.0f"_s);
        m_right->setLabelFormat(u"%.0f"_s);
        chart()->addAxis(m_x, Qt::AlignBottom);
        chart()->addAxis(m_left, Qt::AlignLeft);
        chart()->addAxis(m_right, Qt::AlignRight);
    }

    QList<QXYSeries *> series;
    QDateTimeAxis *m_x;
    QValueAxis *m_left;
    QValueAxis *m_right;

    double xToPixel(qint64 t) const
    {
        const QRectF plot = chart()->plotArea();
        const double span = double(qMax<qint64>(1, m_owner->m_to - m_owner->m_from));
        return plot.left() + (t - m_owner->m_from) / span * plot.width();
    }
    qint64 pixelToX(double x) const
    {
        const QRectF plot = chart()->plotArea();
        const double span = double(m_owner->m_to - m_owner->m_from);
        return m_owner->m_from + qint64((x - plot.left()) / qMax(1.0, plot.width()) * span);
    }

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override
    {
        painter->fillRect(rect, palette().color(QPalette::Base));
        const QRectF plot = chart()->plotArea();
        for (const TimelineBand &b : m_owner->m_data.bands) {
            if (b.toMs < m_owner->m_from || b.fromMs > m_owner->m_to)
                continue;
            const double x0 = std::max(plot.left(), xToPixel(b.fromMs));
            const double x1 = std::min(plot.right(), xToPixel(b.toMs));
            if (x1 <= x0)
                continue;
            QColor c = b.color;
            c.setAlpha(48);
            painter->fillRect(QRectF(x0, plot.top(), std::max(1.0, x1 - x0), plot.height()), c);
            // A solid strip at the bottom keeps the state readable under dense lines.
            QColor strip = b.color;
            strip.setAlpha(200);
            painter->fillRect(QRectF(x0, plot.bottom() - 5, std::max(1.0, x1 - x0), 5), strip);
        }
    }

    void drawForeground(QPainter *painter, const QRectF &) override
    {
        const QRectF plot = chart()->plotArea();
        const TimelineData &d = m_owner->m_data;
        painter->save();
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        painter->setFont(small);
        const QFontMetrics fm(small);
        const double lmin = m_left->min(), lmax = m_left->max();
        for (const TimelineReference &r : d.references) {
            if (lmax <= lmin || r.value > lmax)
                continue;
            const double y = plot.bottom() - (r.value - lmin) / (lmax - lmin) * plot.height();
            painter->setPen(QPen(r.color, 1, Qt::DashLine));
            painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            painter->setPen(r.color);
            painter->drawText(QPointF(plot.right() - fm.horizontalAdvance(r.label) - 4, y - 3), r.label);
        }
        int slot = 0;
        double lastX = -1e9;
        for (const TimelineAnnotation &a : d.annotations) {
            if (a.atMs < m_owner->m_from || a.atMs > m_owner->m_to)
                continue;
            const double x = xToPixel(a.atMs);
            painter->setPen(QPen(a.color, 1, Qt::DotLine));
            painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            // Stagger labels that would overlap.
            slot = (x - lastX < 120) ? (slot + 1) % 3 : 0;
            lastX = x;
            const QString text = fm.elidedText(a.text, Qt::ElideRight, 220);
            const QRectF box(
                x + 3, plot.top() + 2 + slot * (fm.height() + 2), fm.horizontalAdvance(text) + 6, fm.height());
            QColor bg = palette().color(QPalette::Base);
            bg.setAlpha(220);
            painter->fillRect(box, bg);
            painter->setPen(a.color);
            painter->drawText(box.adjusted(3, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
        if (m_owner->drawnPointCount() == 0 && d.bands.isEmpty()) {
            painter->setPen(palette().color(QPalette::PlaceholderText));
            painter->drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_owner->m_emptyText);
        }
        painter->restore();
    }

    void mousePressEvent(QMouseEvent *e) override
    {
        if (e->button() == Qt::LeftButton) {
            m_dragX = e->position().x();
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
    }
    void mouseReleaseEvent(QMouseEvent *e) override
    {
        if (e->button() == Qt::LeftButton) {
            m_dragging = false;
            unsetCursor();
        }
    }
    void mouseDoubleClickEvent(QMouseEvent *) override { m_owner->resetZoom(); }
    void mouseMoveEvent(QMouseEvent *e) override
    {
        const QRectF plot = chart()->plotArea();
        if (m_dragging) {
            const double dx = e->position().x() - m_dragX;
            m_dragX = e->position().x();
            const double span = double(m_owner->m_to - m_owner->m_from);
            m_owner->pan(qint64(-dx / qMax(1.0, plot.width()) * span));
            return;
        }
        if (!plot.contains(e->position())) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(e->globalPosition().toPoint(), m_owner->describeAt(pixelToX(e->position().x())), this);
    }
    void wheelEvent(QWheelEvent *e) override
    {
        const double steps = e->angleDelta().y() / 120.0;
        if (steps == 0)
            return;
        m_owner->zoom(std::pow(0.8, steps), pixelToX(e->position().x()));
        e->accept();
    }

private:
    TimelineView *m_owner;
    double m_dragX = 0;
    bool m_dragging = false;
};

qint64 TimelineView::rangeMs(Range range)
{
    switch (range) {
    case Range::Minutes15: return 15LL * 60 * 1000;
    case Range::Hour1: return 3600LL * 1000;
    case Range::Hours6: return 6 * 3600LL * 1000;
    case Range::Hours24: return 24 * 3600LL * 1000;
    case Range::Days7: return 7 * 24 * 3600LL * 1000;
    }
    return 3600LL * 1000;
}

QString TimelineView::rangeLabel(Range range)
{
    switch (range) {
    case Range::Minutes15: return tr("15 min");
    case Range::Hour1: return tr("1 h");
    case Range::Hours6: return tr("6 h");
    case Range::Hours24: return tr("24 h");
    case Range::Days7: return tr("7 d");
    }
    return {};
}

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
    , m_view(new TimelineChartView(this))
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Timeline"));
    setAccessibleDescription(tr("Wheel or +/- to zoom, drag or arrow keys to pan, 0 to reset."));
    m_emptyText = tr("No history yet for this time range.");
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setMinimumHeight(180);
    applyPalette();
}

TimelineView::~TimelineView() = default;

void TimelineView::setEmptyText(const QString &text)
{
    m_emptyText = text;
    m_view->viewport()->update();
}

void TimelineView::setData(const TimelineData &data)
{
    const bool sameShape = data.lines.size() == m_data.lines.size()
        && std::equal(data.lines.cbegin(), data.lines.cend(), m_data.lines.cbegin(),
            [](const TimelineLine &a, const TimelineLine &b) {
                return a.name == b.name && a.markersOnly == b.markersOnly && a.rightAxis == b.rightAxis
                    && a.color == b.color;
            });
    m_data = data;
    if (!sameShape)
        rebuildSeries();
    if (m_follow || m_to <= m_from)
        followPresent();
    m_view->m_left->setTitleText(m_data.leftTitle);
    m_view->m_right->setTitleText(m_data.rightTitle);
    refresh();
}

void TimelineView::rebuildSeries()
{
    QChart *chart = m_view->chart();
    for (QXYSeries *s : std::as_const(m_view->series)) {
        chart->removeSeries(s);
        delete s;
    }
    m_view->series.clear();
    bool anyRight = false;
    for (const TimelineLine &line : std::as_const(m_data.lines)) {
        QXYSeries *s = nullptr;
        if (line.markersOnly) {
            auto *scatter = new QScatterSeries;
            scatter->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
            scatter->setMarkerSize(7);
            scatter->setBorderColor(line.color);
            s = scatter;
        } else {
            s = new QLineSeries;
            QPen pen(line.color);
            pen.setWidthF(1.5);
            s->setPen(pen);
        }
        s->setName(line.name);
        s->setColor(line.color);
        if (!line.markersOnly)
            s->setPointsVisible(false);  // on a scatter series this would hide the marks
        chart->addSeries(s);
        s->attachAxis(m_view->m_x);
        s->attachAxis(line.rightAxis ? m_view->m_right : m_view->m_left);
        anyRight = anyRight || line.rightAxis;
        m_view->series.append(s);
    }
    m_view->m_right->setVisible(anyRight);
    chart->legend()->setVisible(!m_data.lines.isEmpty());
    applyPalette();
}

int TimelineView::columns() const
{
    const int w = int(m_view->chart()->plotArea().width());
    return w > 10 ? w : qMax(100, width() - 80);
}

double TimelineView::leftAxisMax() const
{
    return m_view->m_left->max();
}

void TimelineView::refresh()
{
    const int cols = columns();
    double leftMax = m_data.leftMaxAtLeast;
    double rightMax = m_data.rightMaxAtLeast;
    for (const TimelineReference &r : std::as_const(m_data.references))
        leftMax = std::max(leftMax, r.value * 1.15);
    QList<QList<TimelinePoint>> sampled;
    sampled.reserve(m_data.lines.size());
    for (const TimelineLine &line : std::as_const(m_data.lines)) {
        sampled.append(downsampleMinMax(line.points, m_from, m_to, cols));
        if (line.markersOnly)
            continue;
        for (const TimelinePoint &p : std::as_const(sampled.constLast())) {
            if (p.atMs < m_from || p.atMs > m_to)
                continue;
            double &max = line.rightAxis ? rightMax : leftMax;
            max = std::max(max, p.value * 1.1);
        }
    }
    if (leftMax <= 0)
        leftMax = 1;
    if (rightMax <= 0)
        rightMax = 1;
    // Round up to a step of the axis' own size, not to Qt's "nice" doubling (2,300 → 4,000
    // would squash a 5 ms latency line and the 2 s limit into the bottom half).
    const double step = leftMax > 1000 ? 500 : leftMax > 100 ? 50 : leftMax > 10 ? 5 : 1;
    double leftTop = std::ceil(leftMax / step) * step;
    if (m_data.leftMaxCap > 0)
        leftTop = std::min(leftTop, m_data.leftMaxCap);
    m_view->m_left->setRange(0, leftTop);
    m_view->m_left->setTickCount(qBound(3, height() / 55, 6));
    m_view->m_right->setRange(0, rightMax);
    m_view->m_right->applyNiceNumbers();
    const double markerY = m_view->m_left->max() * 0.96;
    for (int i = 0; i < m_view->series.size() && i < sampled.size(); ++i) {
        const bool markers = m_data.lines.at(i).markersOnly;
        QList<QPointF> pts;
        pts.reserve(sampled.at(i).size());
        for (const TimelinePoint &p : sampled.at(i))
            pts.append(QPointF(double(p.atMs), markers ? markerY : p.value));
        m_view->series.at(i)->replace(pts);
    }
    const qint64 span = m_to - m_from;
    if (span <= 0) {
        // No window yet (no data): an empty range left Qt Charts' time axis without labels or
        // grid until its format changed, so every chart shorter than 5 minutes drew none.
        m_view->viewport()->update();
        return;
    }
    m_view->m_x->setFormat(span > 36 * 3600LL * 1000 ? u"MM-dd HH:mm"_s
            : span > 5 * 60LL * 1000                 ? u"HH:mm"_s
                                                     : u"HH:mm:ss"_s);
    // One label per ~120 px: a narrow overview fits two whole "HH:mm:ss" labels, not three cut ones.
    m_view->m_x->setTickCount(qBound(2, width() / 120, 9));
    m_view->m_x->setRange(QDateTime::fromMSecsSinceEpoch(m_from), QDateTime::fromMSecsSinceEpoch(m_to));
    m_view->viewport()->update();
}

int TimelineView::drawnPointCount() const
{
    int n = 0;
    for (const QXYSeries *s : std::as_const(m_view->series))
        n += int(s->count());
    return n;
}

qint64 TimelineView::observedFromMs() const
{
    qint64 first = m_data.endMs;
    for (const TimelineLine &line : std::as_const(m_data.lines)) {
        if (!line.points.isEmpty())
            first = std::min(first, line.points.constFirst().atMs);
    }
    for (const TimelineBand &b : std::as_const(m_data.bands))
        first = std::min(first, b.fromMs);
    return first;
}

void TimelineView::followPresent()
{
    m_to = m_data.endMs;
    // Until a whole range has been observed, the axis spans what was: an hour's axis with ten
    // minutes of data drew an empty plot with a spike at its right edge.
    const qint64 observed = m_to - observedFromMs();
    m_from = m_to - std::clamp(observed, kMinSpanMs, rangeMs(m_range));
}

void TimelineView::setRange(Range range)
{
    m_range = range;
    m_follow = true;
    followPresent();
    refresh();
    Q_EMIT windowChanged(m_from, m_to);
}

void TimelineView::setWindow(qint64 fromMs, qint64 toMs)
{
    if (toMs - fromMs < kMinSpanMs) {
        const qint64 mid = (fromMs + toMs) / 2;
        fromMs = mid - kMinSpanMs / 2;
        toMs = fromMs + kMinSpanMs;
    }
    if (toMs - fromMs > kMaxSpanMs)
        fromMs = toMs - kMaxSpanMs;
    m_from = fromMs;
    m_to = toMs;
    m_follow = false;
    refresh();
    Q_EMIT windowChanged(m_from, m_to);
}

void TimelineView::zoom(double factor, qint64 anchorMs)
{
    const double from = anchorMs - (anchorMs - m_from) * factor;
    const double to = anchorMs + (m_to - anchorMs) * factor;
    setWindow(qint64(from), qint64(to));
}

void TimelineView::pan(qint64 deltaMs)
{
    setWindow(m_from + deltaMs, m_to + deltaMs);
}

void TimelineView::resetZoom()
{
    setRange(m_range);
}

QString TimelineView::describeAt(qint64 atMs) const
{
    QStringList lines;
    lines.append(QLocale().toString(QDateTime::fromMSecsSinceEpoch(atMs), QLocale::ShortFormat)
        + QDateTime::fromMSecsSinceEpoch(atMs).toString(u":ss"_s));
    for (const TimelineBand &b : m_data.bands) {
        if (b.fromMs <= atMs && atMs < b.toMs) {
            lines.append(b.label);
            break;
        }
    }
    // Nearest point within a few pixels of the pointer.
    const qint64 tolerance = qMax<qint64>(1000, (m_to - m_from) / qMax(1, columns()) * 4);
    for (const TimelineLine &line : m_data.lines) {
        const auto it = std::lower_bound(line.points.cbegin(), line.points.cend(), atMs - tolerance,
            [](const TimelinePoint &p, qint64 t) { return p.atMs < t; });
        const TimelinePoint *best = nullptr;
        for (auto p = it; p != line.points.cend() && p->atMs <= atMs + tolerance; ++p) {
            if (!best || std::abs(p->atMs - atMs) < std::abs(best->atMs - atMs))
                best = &*p;
        }
        if (best) {
            lines.append(line.markersOnly
                    ? line.name
                    : tr("%1: %2 %3")
                          .arg(line.name, QLocale().toString(best->value, 'f', best->value < 10 ? 1 : 0), line.unit));
        }
    }
    for (const TimelineAnnotation &a : m_data.annotations) {
        if (std::abs(a.atMs - atMs) <= tolerance)
            lines.append(a.text);
    }
    return lines.join(u'\n');
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const qint64 span = m_to - m_from;
    const qint64 mid = m_from + span / 2;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoom(0.5, mid); return;
    case Qt::Key_Minus: zoom(2.0, mid); return;
    case Qt::Key_Left: pan(-span / 4); return;
    case Qt::Key_Right: pan(span / 4); return;
    case Qt::Key_0: resetZoom(); return;
    default: QWidget::keyPressEvent(event);
    }
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    refresh();
}

void TimelineView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void TimelineView::applyPalette()
{
    const QPalette pal = palette();
    QChart *chart = m_view->chart();
    const QColor text = pal.color(QPalette::WindowText);
    QColor grid = pal.color(QPalette::WindowText);
    grid.setAlpha(40);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_view->m_x), static_cast<QAbstractAxis *>(m_view->m_left),
             static_cast<QAbstractAxis *>(m_view->m_right)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    chart->legend()->setLabelColor(text);
    m_view->setBackgroundBrush(pal.color(QPalette::Base));
    m_view->viewport()->update();
}

}  // namespace parallax

#include "svgchart.h"
#include "base/trcontexts.h"

#include "report/redactor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax::svgchart {

namespace {

constexpr int kWidth = 760;
constexpr int kLeft = 110;  // room for the row labels
constexpr int kRight = 10;
constexpr int kPlot = kWidth - kLeft - kRight;

const QString kUp = u"#3a9d5d"_s;
const QString kDown = u"#d64545"_s;
const QString kUnknown = u"#c9ced6"_s;
const QString kServerLine = u"#2861b4"_s;
const QString kLocalLine = u"#e07b16"_s;

QString num(double v)
{
    return QLocale::c().toString(v, 'f', 1);
}

double xFor(qint64 ms, qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        return kLeft;
    const double f = std::clamp(double(ms - fromMs) / double(toMs - fromMs), 0.0, 1.0);
    return kLeft + f * kPlot;
}

QString stateColor(ViewState s)
{
    return s == ViewState::Up ? kUp : s == ViewState::Down ? kDown : kUnknown;
}

// Time ticks along the bottom, in UTC: five, labelled HH:mm (or MM-dd HH:mm over a day).
QString timeAxis(qint64 fromMs, qint64 toMs, int y, int gridTop)
{
    QString out;
    const bool days = toMs - fromMs > 86'400'000 + 60'000;
    for (int i = 0; i <= 4; ++i) {
        const qint64 t = fromMs + (toMs - fromMs) * i / 4;
        const double x = xFor(t, fromMs, toMs);
        const QString label = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(days ? u"MM-dd HH:mm"_s : u"HH:mm"_s);
        const QString anchor = i == 0 ? u"start"_s : i == 4 ? u"end"_s : u"middle"_s;
        out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" class=\"grid\"/>"_s.arg(num(x)).arg(gridTop).arg(y - 12);
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"%3\" class=\"tick\">%4</text>"_s.arg(num(x)).arg(y).arg(
            anchor, escape(label));
    }
    out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"tick\">UTC</text>"_s.arg(kLeft - 6).arg(y);
    return out;
}

// One band of state rectangles; consecutive points in the same state become one rectangle.
QString band(const QList<TimelinePoint> &points, qint64 fromMs, qint64 toMs, int y, int h, bool server)
{
    QString out;
    if (points.isEmpty()) {
        out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>"_s.arg(kLeft)
                   .arg(y)
                   .arg(kPlot)
                   .arg(h)
                   .arg(kUnknown);
        return out;
    }
    // Before the first point nothing is known.
    if (points.constFirst().atMs > fromMs) {
        const double x1 = xFor(points.constFirst().atMs, fromMs, toMs);
        out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>"_s.arg(kLeft)
                   .arg(y)
                   .arg(num(x1 - kLeft))
                   .arg(h)
                   .arg(kUnknown);
    }
    qsizetype i = 0;
    while (i < points.size()) {
        const ViewState s = server ? points.at(i).server : points.at(i).local;
        qsizetype j = i + 1;
        while (j < points.size() && (server ? points.at(j).server : points.at(j).local) == s)
            ++j;
        const qint64 start = std::max(points.at(i).atMs, fromMs);
        const qint64 end = j < points.size() ? points.at(j).atMs : toMs;
        const double x1 = xFor(start, fromMs, toMs);
        const double x2 = xFor(end, fromMs, toMs);
        if (x2 > x1) {
            out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"><title>%6</title></rect>"_s
                       .arg(num(x1))
                       .arg(y)
                       .arg(num(std::max(x2 - x1, 0.5)))
                       .arg(h)
                       .arg(stateColor(s),
                           escape(viewStateId(s) + u", "_s
                               + QDateTime::fromMSecsSinceEpoch(start, Qt::UTC).toString(u"HH:mm:ss"_s) + u"–"_s
                               + QDateTime::fromMSecsSinceEpoch(end, Qt::UTC).toString(u"HH:mm:ss"_s)));
        }
        i = j;
    }
    return out;
}

// A polyline through (x, value) pairs with at most one point per horizontal pixel (mean).
QString polyline(const QList<std::pair<double, double>> &xy, const QString &color, const QString &dash = QString())
{
    if (xy.isEmpty())
        return {};
    QString pts;
    double bucketX = -1;
    double sum = 0;
    int count = 0;
    const auto flush = [&] {
        if (count > 0)
            pts += num(bucketX) + u',' + num(sum / count) + u' ';
    };
    for (const auto &[x, y] : xy) {
        const double bx = std::floor(x);
        if (bx != bucketX) {
            flush();
            bucketX = bx;
            sum = 0;
            count = 0;
        }
        sum += y;
        ++count;
    }
    flush();
    return u"<polyline fill=\"none\" stroke=\"%1\" stroke-width=\"1.6\"%2 points=\"%3\"/>"_s.arg(
        color, dash.isEmpty() ? QString() : u" stroke-dasharray=\"%1\""_s.arg(dash), pts.trimmed());
}

QString legendItem(double x, double y, const QString &color, const QString &label)
{
    return u"<rect x=\"%1\" y=\"%2\" width=\"10\" height=\"10\" fill=\"%3\"/><text x=\"%4\" y=\"%5\" class=\"legend\">%6</text>"_s
        .arg(num(x))
        .arg(num(y - 9))
        .arg(color)
        .arg(num(x + 14))
        .arg(num(y))
        .arg(escape(label));
}

QString svgOpen(int height, const QString &title)
{
    return u"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %2\" width=\"100%\" role=\"img\" aria-label=\"%3\" class=\"chart\"><title>%3</title>"_s
        .arg(kWidth)
        .arg(height)
        .arg(escape(title));
}

}  // namespace

QString escape(const QString &raw)
{
    const QString text = Redactor::clean(raw);
    QString out;
    out.reserve(text.size() + 16);
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'&': out += u"&amp;"_s; break;
        case u'<': out += u"&lt;"_s; break;
        case u'>': out += u"&gt;"_s; break;
        case u'"': out += u"&quot;"_s; break;
        case u'\'': out += u"&#39;"_s; break;
        default: out += c;
        }
    }
    return out;
}

QString verdictColor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::AgreeUp: return kUp;
    case Verdict::AgreeDown: return kDown;
    case Verdict::SplitServerDown: return u"#8a5cc7"_s;
    case Verdict::SplitLocalDown: return u"#e0a100"_s;
    case Verdict::Unknown: return kUnknown;
    }
    return kUnknown;
}

QString timeline(const QList<TimelinePoint> &points, qint64 fromMs, qint64 toMs, const QString &title)
{
    bool hasLatency = false;
    double maxLatency = 0;
    for (const TimelinePoint &p : points) {
        if (p.latencyMs) {
            hasLatency = true;
            maxLatency = std::max(maxLatency, *p.latencyMs);
        }
    }
    const int bandH = 18;
    const int latencyTop = 62;
    const int latencyH = hasLatency ? 50 : 0;
    const int axisY = hasLatency ? latencyTop + latencyH + 20 : 70;
    const int height = axisY + 22;
    QString out = svgOpen(height, title);
    out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"label\">%3</text>"_s.arg(kLeft - 6).arg(8 + 13).arg(
        escape(Report::tr("Server")));
    out += band(points, fromMs, toMs, 8, bandH, true);
    out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"label\">%3</text>"_s.arg(kLeft - 6).arg(32 + 13).arg(
        escape(Report::tr("This machine")));
    out += band(points, fromMs, toMs, 32, bandH, false);
    if (hasLatency) {
        // Scale to at least GPUStack's 2 s per-attempt limit (gpustack/server/worker_request.py),
        // drawn as a dashed line: latency above it is what makes the server flag a worker.
        const double top = std::max(maxLatency * 1.1, 2200.0);
        const auto yFor = [&](double ms) { return latencyTop + latencyH - ms / top * latencyH; };
        QList<std::pair<double, double>> xy;
        xy.reserve(points.size());
        for (const TimelinePoint &p : points) {
            if (p.latencyMs)
                xy.append({xFor(p.atMs, fromMs, toMs), yFor(*p.latencyMs)});
        }
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"label\">%3</text>"_s.arg(kLeft - 6)
                   .arg(latencyTop + 20)
                   .arg(escape(Report::tr("Latency")));
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"tick\">%3</text>"_s.arg(kLeft - 6)
                   .arg(latencyTop + 34)
                   .arg(escape(Report::tr("max %1 ms").arg(num(maxLatency))));
        out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" class=\"plot\"/>"_s.arg(kLeft)
                   .arg(latencyTop)
                   .arg(kPlot)
                   .arg(latencyH);
        out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" class=\"limit\"/>"_s.arg(kLeft)
                   .arg(num(yFor(2000)))
                   .arg(kLeft + kPlot);
        out += polyline(xy, kLocalLine);
    }
    out += timeAxis(fromMs, toMs, axisY + 12, 8);
    out += u"</svg>"_s;
    return out;
}

QString clusterAvailability(
    const QList<ClusterAvailabilityPoint> &points, qint64 fromMs, qint64 toMs, const QString &title)
{
    const int top = 24;
    const int plotH = 140;
    const int axisY = top + plotH + 24;
    QString out = svgOpen(axisY + 8, title);
    out += legendItem(kLeft, 14, kServerLine, Report::tr("Server's view: workers ready"));
    out += legendItem(kLeft + 260, 14, kLocalLine, Report::tr("This machine's view: workers reached"));
    out += u"<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" class=\"plot\"/>"_s.arg(kLeft).arg(top).arg(kPlot).arg(
        plotH);
    for (int pct : {0, 50, 100}) {
        const double y = top + plotH - pct / 100.0 * plotH;
        out += u"<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" class=\"grid\"/>"_s.arg(kLeft).arg(num(y)).arg(
            kLeft + kPlot);
        out += u"<text x=\"%1\" y=\"%2\" text-anchor=\"end\" class=\"tick\">%3 %</text>"_s.arg(kLeft - 6)
                   .arg(num(y + 4))
                   .arg(pct);
    }
    QList<std::pair<double, double>> server;
    QList<std::pair<double, double>> local;
    server.reserve(points.size());
    local.reserve(points.size());
    for (const ClusterAvailabilityPoint &p : points) {
        const double x = xFor(p.atMs, fromMs, toMs);
        if (p.server)
            server.append({x, top + plotH - *p.server * plotH});
        if (p.local)
            local.append({x, top + plotH - *p.local * plotH});
    }
    out += polyline(server, kServerLine);
    out += polyline(local, kLocalLine, u"5 3"_s);
    out += timeAxis(fromMs, toMs, axisY, top);
    out += u"</svg>"_s;
    return out;
}

QString verdictBar(const ReportSummary &summary, const QString &title)
{
    QString out = svgOpen(64, title);
    const int total = std::max(summary.workers, 1);
    double x = 0;
    const double w = kWidth - 2;
    for (Verdict v : reportVerdictOrder()) {
        const int count = summary.byVerdict.value(v);
        if (count == 0)
            continue;
        const double width = w * count / total;
        out +=
            u"<rect x=\"%1\" y=\"4\" width=\"%2\" height=\"24\" fill=\"%3\"><title>%4</title></rect>"_s.arg(num(x + 1))
                .arg(num(width))
                .arg(verdictColor(v), escape(verdictId(v) + u": "_s + QString::number(count)));
        x += width;
    }
    double lx = 1;
    for (Verdict v : reportVerdictOrder()) {
        out += legendItem(
            lx, 52, verdictColor(v), verdictId(v) + u" (" + QString::number(summary.byVerdict.value(v)) + u')');
        lx += 152;
    }
    out += u"</svg>"_s;
    return out;
}

}  // namespace parallax::svgchart

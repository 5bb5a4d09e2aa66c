#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace parallax {

// What one TimelineView draws: plain values, no chart types, so the chart library behind
// TimelineView (Qt Charts today, deprecated from Qt 6.10) can change without touching callers.
// In its own inline namespace: core/report/reportinput.h has another parallax::TimelinePoint
// (a state sample, 32 bytes). The GUI links both, and with one mangled name the linker merged
// their QList<TimelinePoint> code: appending a chart point copied 32 bytes out of a 16-byte one
// (AddressSanitizer: stack-buffer-overflow in tst_desktopapp). Callers keep writing TimelinePoint.
inline namespace chart {
struct TimelinePoint {
    qint64 atMs = 0;  // epoch ms
    double value = 0;
};
}  // namespace chart

struct TimelineLine {
    QString name;  // translated, shown in the legend and hover tooltip
    QString unit;  // "ms", "s", "%"
    QColor color;
    QList<TimelinePoint> points;  // ascending atMs
    bool rightAxis = false;
    bool markersOnly = false;  // drawn as marks (probe failures), not as a line
};

// A coloured stretch of time: the server's state.
struct TimelineBand {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QColor color;
    QString label;
};

// A vertical mark with a short text: address changes, maintenance switches.
struct TimelineAnnotation {
    qint64 atMs = 0;
    QString text;
    QColor color;
};

// A horizontal line on the left axis: GPUStack's 2 s health-check limit.
struct TimelineReference {
    double value = 0;
    QString label;
    QColor color;
};

struct TimelineData {
    QString leftTitle;
    QString rightTitle;
    double leftMaxAtLeast = 0;  // the left axis shows at least 0 … this
    double leftMaxCap = 0;  // > 0: the left axis never goes beyond (percentages stop at 100)
    double rightMaxAtLeast = 0;
    qint64 endMs = 0;  // "now": the right edge of a range that follows the present
    QList<TimelineBand> bands;
    QList<TimelineLine> lines;
    QList<TimelineAnnotation> annotations;
    QList<TimelineReference> references;
};

// Min/max per pixel column: at most 2 points per column (in time order) plus the neighbours
// just outside [fromMs, toMs] so lines run to the edges. Input ascending by atMs.
QList<TimelinePoint> downsampleMinMax(const QList<TimelinePoint> &points, qint64 fromMs, qint64 toMs, int columns);

}  // namespace parallax

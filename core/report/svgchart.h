#pragma once

#include "report/reportinput.h"

#include <QString>

// Charts for the HTML report as inline SVG strings: no QtGui, no scripts, readable on paper.
// Every text placed in a chart is escaped by the chart itself.
namespace parallax::svgchart {

// Two bands (server's view, this machine's view) from fromMs to toMs, plus a latency trace
// when the timeline has latencies. `title` labels the chart for screen readers.
QString timeline(const QList<TimelinePoint> &points, qint64 fromMs, qint64 toMs, const QString &title);

// Fraction of workers up in each view over time, 0–100 %.
QString clusterAvailability(
    const QList<ClusterAvailabilityPoint> &points, qint64 fromMs, qint64 toMs, const QString &title);

// One horizontal bar split by verdict, with a legend: the cluster right now.
QString verdictBar(const ReportSummary &summary, const QString &title);

// Escapes text for HTML and SVG content and double- or single-quoted attributes.
QString escape(const QString &text);

// The colour a verdict is drawn in (always shown with its name: colour is never the only cue).
QString verdictColor(Verdict verdict);

}  // namespace parallax::svgchart

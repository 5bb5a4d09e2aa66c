#pragma once

#include "timelinedata.h"

#include <QWidget>

namespace parallax {

class TimelineChartView;

// The one place Parallax draws time series. Qt Charts stays inside this class (it is
// deprecated from Qt 6.10), callers only hand over TimelineData.
//
// Bands and annotations are painted behind/over the plot directly, lines are downsampled to
// the pixel columns shown (min/max per column) and pushed with QXYSeries::replace(), so a
// 24 h series of 86,400 points costs about as much as one of 2,000.
// Mouse: wheel zooms around the pointer, drag pans, double-click returns to the range;
// keys: + / - zoom, ← / → pan, 0 resets. Hovering shows the values under the pointer.
class TimelineView : public QWidget {
    Q_OBJECT
public:
    enum class Range { Minutes15, Hour1, Hours6, Hours24, Days7 };
    Q_ENUM(Range)
    static qint64 rangeMs(Range range);
    static QString rangeLabel(Range range);

    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    void setData(const TimelineData &data);
    const TimelineData &data() const { return m_data; }

    // Shows the last `range` up to data().endMs and follows the present on new data.
    void setRange(Range range);
    Range range() const { return m_range; }
    // Shows [fromMs, toMs] and stops following the present (zoom and pan do this).
    void setWindow(qint64 fromMs, qint64 toMs);
    qint64 windowFrom() const { return m_from; }
    qint64 windowTo() const { return m_to; }
    bool followsPresent() const { return m_follow; }
    // The earliest moment the data holds (a point or a band); data().endMs when there is none.
    qint64 observedFromMs() const;
    // Whether the window shows less than the range because less has been observed yet.
    bool showsObservedOnly() const { return m_follow && m_to - m_from < rangeMs(m_range); }
    // The top of the left axis as drawn (for tests).
    double leftAxisMax() const;
    void zoom(double factor, qint64 anchorMs);
    void pan(qint64 deltaMs);
    void resetZoom();

    // What hovering at `atMs` shows (plain text, translated).
    QString describeAt(qint64 atMs) const;
    // Points currently handed to the chart, all series together (downsampling is visible here).
    int drawnPointCount() const;
    // Placeholder shown when there is nothing to draw.
    void setEmptyText(const QString &text);

Q_SIGNALS:
    void windowChanged(qint64 fromMs, qint64 toMs);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class TimelineChartView;
    void rebuildSeries();
    void followPresent();
    void refresh();
    void applyPalette();
    int columns() const;

    TimelineChartView *m_view = nullptr;
    TimelineData m_data;
    Range m_range = Range::Hour1;
    qint64 m_from = 0;
    qint64 m_to = 0;
    bool m_follow = true;
    QString m_emptyText;
};

}  // namespace parallax

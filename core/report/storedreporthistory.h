#pragma once

#include "report/reportassembler.h"

namespace parallax {

class HistoryStore;
struct HistorySeries;

// A report's history read from the history store (the window's): each worker's availability
// over the last hour and day, the timelines asked for, and the cluster's availability over the
// report's range. The store answers on its own thread; done runs when the last answer is in.
class StoredReportHistory final : public ReportHistorySource {
public:
    // `cluster` is the monitor's history key; the store must outlive the gathering.
    StoredReportHistory(HistoryStore &store, QString cluster);
    void gather(const ReportHistoryAsk &ask, QObject *context, std::function<void(ReportHistory)> done) override;

private:
    HistoryStore &m_store;
    QString m_cluster;
};

// A stored series as the report's timeline: a point at every state change and every bucket.
QList<TimelinePoint> reportTimeline(const HistorySeries &series);

}  // namespace parallax

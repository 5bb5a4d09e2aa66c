#pragma once

#include "base/clock.h"
#include "history/historytypes.h"
#include "monitor/clustermonitor.h"

#include <QHash>
#include <QObject>

namespace parallax {

// Where the window gets a worker's past. HistoryStore (core/history) answers these from
// SQLite; RecentHistory below answers them from memory for sessions without a store.
class HistorySource {
public:
    virtual ~HistorySource() = default;
    virtual HistorySeries workerSeries(const HistoryQuery &query) const = 0;

    // Share of workers up, by both views, over time (the cluster overview's chart).
    struct AvailabilityPoint {
        qint64 atMs = 0;
        int workers = 0;
        int serverReady = 0;  // the server says ready
        int reachable = 0;  // the last probe from here passed
    };
    virtual QList<AvailabilityPoint> clusterAvailability(qint64 fromMs, qint64 toMs) const = 0;
};

// An in-memory history of one ClusterMonitor since the window opened, bounded per worker.
// It keeps the transitions the monitor publishes (server state, address and maintenance
// changes: ClusterMonitor::transitionsDetected, the same ones the history store records) and
// what the monitor's coalesced batches show (probes, heartbeat ages), in the shapes of
// core/history/historytypes.h.
class RecentHistory : public QObject, public HistorySource {
    Q_OBJECT
public:
    RecentHistory(const ClusterMonitor *monitor, const Clock &clock, QObject *parent = nullptr);

    void setCapacityPerWorker(int samples) { m_capacity = qMax(16, samples); }
    // Records the monitor's current probes and heartbeat ages of these workers (every batch).
    void record(const QList<qint64> &ids);
    // Keeps a worker's transitions, as the monitor published them.
    void recordTransitions(qint64 workerId, const QList<HistoryEvent> &transitions);

    HistorySeries workerSeries(const HistoryQuery &query) const override;
    QList<AvailabilityPoint> clusterAvailability(qint64 fromMs, qint64 toMs) const override;

private:
    struct Track {
        QList<ProbeSample> probes;
        QList<HeartbeatSample> heartbeats;
        QList<HistoryEvent> events;  // server state, maintenance, address
        qint64 lastProbeMs = -1;
    };
    template<typename T> void trim(QList<T> &list) const;
    void recordAvailability();

    const ClusterMonitor *m_monitor;
    const Clock &m_clock;
    QHash<qint64, Track> m_tracks;
    QList<AvailabilityPoint> m_availability;
    int m_capacity = 2048;
};

}  // namespace parallax

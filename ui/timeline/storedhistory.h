#pragma once

#include "base/clock.h"
#include "history/historystore.h"
#include "monitor/clustermonitor.h"
#include "recenthistory.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace parallax {

// A worker's past as the window shows it: what the HistoryStore kept on disk (earlier runs
// included) up to the moment this session started watching, then the in-memory
// RecentHistory from there on.
//
// The store answers asynchronously (SQLite runs on its own thread), HistorySource is
// synchronous: workerSeries() answers at once with what it has and, when the stored part
// does not cover the query yet, asks the store; seriesArrived() says when to ask again.
class StoredHistory : public QObject, public HistorySource {
    Q_OBJECT
public:
    // `store` may be null (then this is just the recent history). `historyKey` is the cluster
    // part of the store's WorkerKey; empty = the monitor's ClusterMonitor::historyKey().
    StoredHistory(const ClusterMonitor *monitor, HistoryStore *store, const QString &historyKey, const Clock &clock,
        QObject *parent = nullptr);

    RecentHistory *recent() const { return m_recent; }

    HistorySeries workerSeries(const HistoryQuery &query) const override;
    QList<AvailabilityPoint> clusterAvailability(qint64 fromMs, qint64 toMs) const override;

    // The hour before this session began, from the store (fetched once), then the recent
    // points: after a restart the overview's chart is not empty.
    static constexpr qint64 kStoredAvailabilitySpanMs = 3600'000;

    // The merge, for tests: stored buckets, bands and annotations before `cutoffMs`,
    // recent ones from there on.
    static HistorySeries merge(const HistorySeries &stored, const HistorySeries &recent, qint64 cutoffMs);

Q_SIGNALS:
    // The stored part of this worker's series arrived: workerSeries() now returns more.
    void seriesArrived(qint64 workerId);
    // The stored part of the cluster's availability arrived: clusterAvailability() returns more.
    void clusterAvailabilityArrived();

private:
    struct Stored {
        qint64 fromMs = 0;  // the range asked of the store
        qint64 spanMs = 0;
        HistorySeries series;
        bool answered = false;
        quint64 pending = 0;  // the request whose answer is awaited (0 = none)
        qint64 pendingFromMs = 0;
        qint64 pendingSpanMs = 0;
    };
    QString storeKey() const;
    static bool covers(qint64 fromMs, qint64 spanMs, const HistoryQuery &query);
    void fetch(const HistoryQuery &query) const;
    void fetchClusterAvailability() const;

    const ClusterMonitor *m_monitor;
    QPointer<HistoryStore> m_store;
    QString m_historyKey;
    RecentHistory *m_recent;
    mutable QHash<qint64, Stored> m_stored;  // by worker id
    mutable quint64 m_nextRequest = 1;
    const qint64 m_sinceMs;  // when this session began watching
    mutable bool m_clusterFetched = false;
    mutable QList<AvailabilityPoint> m_storedAvailability;
};

}  // namespace parallax

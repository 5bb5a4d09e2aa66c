#pragma once

#include "base/clock.h"
#include "monitor/workerview.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace parallax {

// A change of verdict for one worker, as an event with its time.
struct VerdictTransition {
    qint64 workerId = -1;
    QString workerName;
    Verdict from = Verdict::Unknown;
    Verdict to = Verdict::Unknown;
    qint64 atMs = 0;
};

// The state of one cluster as Parallax sees it, fed by events and read by views and reports.
//
// Inputs (from the GPUStack client and the probe scheduler, wired in app/ or a session):
//   setServerSnapshot()  a full list after (re)sync: workers not in it are removed
//   upsertServerWorker() one CREATED/UPDATED watch event
//   removeServerWorker() one DELETED watch event
//   addProbeResult()     one probe of one worker from this machine
// Outputs: views() / view(id), and coalesced signals: a burst of 10,000 updates is one
// workersChanged() batch, not 10,000.
class ClusterMonitor : public QObject {
    Q_OBJECT
public:
    explicit ClusterMonitor(const Clock &clock, QObject *parent = nullptr);

    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }

    QList<qint64> workerIds() const;
    const WorkerView *view(qint64 workerId) const;
    QList<WorkerView> views() const;
    int size() const { return int(m_views.size()); }

    void setServerSnapshot(const QList<Worker> &workers);
    void upsertServerWorker(const Worker &worker);
    void removeServerWorker(qint64 workerId);
    void addProbeResult(const ProbeResult &result);

    // Delivers pending change signals now instead of at the next coalescing tick.
    void flush();

Q_SIGNALS:
    void workersAdded(const QList<qint64> &ids);
    void workersRemoved(const QList<qint64> &ids);
    void workersChanged(const QList<qint64> &ids);
    void verdictChanged(const parallax::VerdictTransition &transition);

private:
    void touch(qint64 id);
    void recompute(WorkerView &view);

    const Clock &m_clock;
    QString m_name;
    QHash<qint64, WorkerView> m_views;
    QSet<qint64> m_added;
    QSet<qint64> m_changed;
    QList<qint64> m_removed;
    QTimer m_coalesce;
};

}  // namespace parallax

#pragma once

#include "base/clock.h"
#include "diagnosis/verdict.h"
#include "monitor/clustermonitor.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace parallax {

// One thing worth telling a person about, already decided and worded. The tray only shows it.
struct IncidentNotice {
    enum class Kind { Incident, Recovery, Flapping };
    Kind kind = Kind::Incident;
    QString cluster;
    QList<qint64> workerIds;  // the first one is what a click opens
    QStringList workerNames;
    Verdict verdict = Verdict::Unknown;  // the shared verdict, or Unknown when mixed
    QString title;  // translated
    QString body;  // translated
};

// Decides which verdict transitions become desktop notices:
//  - one notice per incident: a worker that moves between trouble verdicts (split → agree_down)
//    stays in the same incident and is not announced again;
//  - workers that fail within one grouping window are announced together ("12 workers
//    unreachable in cluster prod") when there are at least groupThreshold of them;
//  - a recovery of an announced incident is announced (grouped the same way); a blip that
//    recovers inside the window is never announced;
//  - a worker that opens flapLimit incidents inside flapWindow is announced once as flapping
//    and then kept quiet until it has been stable for a whole flapWindow;
//  - quiet mode keeps track of incidents but announces nothing.
// A worker the server removed is forgotten; at most maxTrackedWorkers are tracked, those
// without an open incident go first, then the longest quiet.
// Plain QObject on the event loop; tests drive it with a ManualClock and flush().
class IncidentNotifier : public QObject {
    Q_OBJECT
public:
    explicit IncidentNotifier(const Clock &clock, QObject *parent = nullptr);

    void setGroupingWindowMs(int ms);
    int groupingWindowMs() const { return m_window.interval(); }
    void setGroupThreshold(int workers) { m_groupThreshold = qMax(2, workers); }
    void setFlapLimit(int incidents, qint64 windowMs);
    void setQuiet(bool quiet) { m_quiet = quiet; }
    bool isQuiet() const { return m_quiet; }

    // Feed every transition of a cluster here (ClusterMonitor::verdictChanged).
    void addTransition(const QString &cluster, const VerdictTransition &transition);
    // Connects a monitor's verdictChanged to addTransition and its workersRemoved to
    // forgetWorkers, named after monitor->name().
    void watch(ClusterMonitor *monitor);
    // The server removed these workers: nothing more is said about them.
    void forgetWorkers(const QString &cluster, const QList<qint64> &workerIds);
    void setMaxTrackedWorkers(int workers) { m_maxTracked = qMax(1, workers); }
    qsizetype trackedWorkers() const { return m_trackedCount; }

    // Decides the pending transitions now instead of when the grouping window closes.
    void flush();

    // Whether the worker has an announced, unrecovered incident.
    bool hasOpenIncident(const QString &cluster, qint64 workerId) const;

Q_SIGNALS:
    void notice(const parallax::IncidentNotice &notice);

private:
    struct WorkerTrack {
        QString name;
        bool open = false;  // in an incident (announced or pending)
        bool announced = false;  // its start was announced
        Verdict verdict = Verdict::Unknown;
        QList<qint64> incidentStartsMs;
        bool flapping = false;
        qint64 lastTransitionMs = 0;
        // Whether m_pending holds a live entry for this worker. Cancelling clears the flag and
        // leaves the entry for flush() to skip: a list search per transition was quadratic when
        // thousands of workers changed at once.
        bool pendingIncident = false;
        bool pendingRecovery = false;
    };
    struct Pending {
        QString cluster;
        qint64 workerId = -1;
        bool recovery = false;
    };

    void emitGrouped(const QString &cluster, const QList<Pending> &items, bool recovery);
    bool updateFlapping(WorkerTrack &track, qint64 nowMs);
    WorkerTrack &track(const QString &cluster, qint64 workerId);
    void evictTracks();

    const Clock &m_clock;
    QTimer m_window;
    int m_groupThreshold = 3;
    int m_flapLimit = 3;
    qint64 m_flapWindowMs = 10 * 60 * 1000;
    bool m_quiet = false;
    QHash<QString, QHash<qint64, WorkerTrack>> m_tracks;  // cluster → worker → track
    qsizetype m_trackedCount = 0;  // tracks in m_tracks
    int m_maxTracked = 50'000;
    QList<Pending> m_pending;
};

// Words for a verdict in notices and the table ("Views disagree: server says down").
QString verdictTitle(Verdict verdict);

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::IncidentNotice)

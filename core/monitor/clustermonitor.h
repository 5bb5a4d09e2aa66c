#pragma once

#include "base/clock.h"
#include "diagnosis/diagnosisinput.h"
#include "diagnosis/verdictrules.h"
#include "history/workertransitions.h"
#include "monitor/workerview.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace parallax {

class HistoryStore;

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
// Inputs (ClusterSession wires them to the GPUStack client and the probe scheduler):
//   setServerSnapshot()  a full list after (re)sync: workers not in it are removed
//   upsertServerWorker() one CREATED/UPDATED watch event
//   removeServerWorker() one DELETED watch event
//   addProbeResult()     one probe of one worker from this machine
//   setLocalState()      your view after the scheduler's hysteresis
// For every change it recomputes the verdict (diagnosis/verdictrules.h), flapping and the
// ranked causes (diagnosis/diagnosisinput.h diagnose()), and detects the worker's transitions
// once, through WorkerTransitions: the history store (when one is set) records exactly those,
// and transitionsDetected() publishes them to the timeline and the reports.
// Outputs: views() / view(id), transitionsDetected() and verdictChanged() as they happen, and
// coalesced signals: a burst of 10,000 updates is one workersChanged() batch, not 10,000.
class ClusterMonitor : public QObject {
    Q_OBJECT
public:
    explicit ClusterMonitor(const Clock &clock, QObject *parent = nullptr);

    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }
    // History is optional; `clusterKey` names this cluster's rows in the store.
    void setHistory(HistoryStore *history, const QString &clusterKey);
    HistoryStore *history() const { return m_history; }
    QString historyKey() const { return m_historyKey; }

    QList<qint64> workerIds() const;
    const WorkerView *view(qint64 workerId) const;
    QList<WorkerView> views() const;
    int size() const { return int(m_views.size()); }

    // The address history and recent latencies the diagnosis saw for a worker.
    QList<AddressRecord> addressHistory(qint64 workerId) const;
    // The one DiagnosisInput of a worker, as of its latest diagnosis: its view, address history,
    // latencies, loss, clock skew, the cluster's facts and the wizard's findings. The view's
    // causes are rankedCauses() of exactly this, so whatever reads it (the wizard) agrees with
    // the table, the tray and the reports. nullopt for an unknown worker.
    std::optional<DiagnosisInput> diagnosisInput(qint64 workerId) const;

    // Cluster-wide facts the diagnosis needs.
    void setClusterSize(int workers);
    void setServerVersion(const QString &version);
    // The server's URL: the diagnosis knows loopback workers of a server on this host are fine.
    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    QString serverVersion() const { return m_serverVersion; }
    // The server's clock − this machine's (GpuStackClient::serverClockOffsetMs). A v2 server
    // stamps heartbeat_time with its own clock, so the views' heartbeat times are moved onto
    // this machine's clock by it: every heartbeat age shown is then the real one.
    void setServerClockOffset(qint64 offsetMs);
    std::optional<qint64> serverClockOffsetMs() const { return m_serverClockOffsetMs; }
    // False while the server's stream is down: our copy of its view ages and turns unknown.
    void setServerReachable(bool reachable);
    bool serverReachable() const { return m_serverReachable; }
    void setVerdictSettings(const VerdictSettings &settings) { m_verdictSettings = settings; }
    // The server's clusters (GPUStack v2), so workers can be shown by their cluster's name.
    void setClusterNames(const QHash<qint64, QString> &names);
    const QHash<qint64, QString> &clusterNames() const { return m_clusterNames; }

    void setServerSnapshot(const QList<Worker> &workers);
    void upsertServerWorker(const Worker &worker);
    void removeServerWorker(qint64 workerId);
    void addProbeResult(const parallax::ProbeResult &result);
    void setLocalState(qint64 workerId, parallax::LocalState state);
    void setLocalNetworkSuspect(bool suspect);
    // Wizard findings for one worker (pasted outputs): they feed the diagnosis.
    void setWizardFindings(qint64 workerId, const WizardFindings &findings);

    // Re-evaluates every worker with time passing (stale views, flapping that ages out).
    void reevaluate();
    // How often the cause classifier path ran (rankedCauses), for tests and benches: a worker's
    // probe, its local state and its server row arriving together are one diagnosis, not three.
    qint64 diagnosisRuns() const { return m_diagnosisRuns; }
    // Delivers pending change signals now instead of at the next coalescing tick.
    void flush();

Q_SIGNALS:
    void workersAdded(const QList<qint64> &ids);
    void workersRemoved(const QList<qint64> &ids);
    void workersChanged(const QList<qint64> &ids);
    void verdictChanged(const parallax::VerdictTransition &transition);
    // A worker's transitions of one change, in WorkerTransitions' order; the first sighting
    // of a worker included.
    void transitionsDetected(qint64 workerId, const QList<parallax::HistoryEvent> &transitions);
    void clusterNamesChanged();

private:
    struct Evidence {
        QList<AddressRecord> addresses;  // oldest first, bounded
        QList<double> latencyMs;  // recent health answers, bounded
        int probes = 0;
        int lost = 0;
        std::optional<qint64> skewMs;
        // Rare (pasted by a person) and large: held apart, so 10,000 workers without any
        // do not carry 10,000 empty copies (8 MB). Null when there are none.
        std::shared_ptr<const WizardFindings> findings;
        qint64 diagnosedAtMs = 0;  // the clock of the view's causes
        QDateTime serverHeartbeat;  // heartbeat_time as the server sent it (its clock)
        std::optional<ProbeResult> confirmedProbe;  // the latest one the hysteresis agreed with
        bool unknownForLocalNetwork = false;  // the verdict is unknown because our network is the suspect
        bool diagnosisDue = false;  // the view's causes are those of diagnosedAtMs, not computed yet
    };

    void touch(qint64 id);
    enum class Diagnose { Now, Later };
    void recompute(WorkerView &view, Diagnose when = Diagnose::Later);
    void diagnoseView(WorkerView &view, Evidence &evidence);
    // Brings a worker's causes (or every pending one's) up to date before anyone reads them.
    void settle(qint64 workerId) const;
    void settleAll() const;
    DiagnosisInput inputFor(const WorkerView &view, const Evidence &evidence, qint64 nowMs) const;
    static double lossRate(const Evidence &evidence);
    void noteAddress(Evidence &evidence, const Worker &worker, qint64 nowMs);
    void placeHeartbeat(WorkerView &view, const Evidence &evidence) const;

    const Clock &m_clock;
    QString m_name;
    HistoryStore *m_history = nullptr;
    QString m_historyKey;
    QHash<qint64, WorkerView> m_views;
    // workerIds() is asked for on every batch by several panes; sorting 10,000 keys each time
    // showed up in ui_bench, so the sorted list is kept until a worker comes or goes.
    mutable QList<qint64> m_sortedIds;
    mutable bool m_sortedIdsValid = false;
    QHash<qint64, QString> m_clusterNames;
    QHash<qint64, Evidence> m_evidence;
    FlapDetector m_flaps;
    WorkerTransitions m_transitions;
    VerdictSettings m_verdictSettings;
    int m_clusterSize = 0;
    QString m_serverVersion;
    QUrl m_serverUrl;
    std::optional<qint64> m_serverClockOffsetMs;
    bool m_serverReachable = true;
    bool m_localNetworkSuspect = false;
    // Workers whose causes are due: the classifier runs once when they are read or published,
    // however many of a worker's inputs changed since (server row, probe, local state).
    mutable QList<qint64> m_diagnosisDue;
    mutable qint64 m_diagnosisRuns = 0;
    QSet<qint64> m_added;
    QSet<qint64> m_changed;
    QList<qint64> m_removed;
    QTimer m_coalesce;
    QTimer m_reevaluate;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::VerdictTransition)

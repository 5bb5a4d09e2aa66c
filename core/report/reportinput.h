#pragma once

#include "base/result.h"
#include "monitor/workerview.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <QVariantMap>

#include <optional>

namespace parallax {

class Clock;

// What a report says about the GPUStack server itself.
struct ReportServer {
    QUrl url;  // credentials are stripped when the report is written
    QString version;  // GPUStack's /version, empty when unknown
    bool reachable = false;
    std::optional<Error> error;  // why the server could not be read, when it could not
};

// Where the report was made: the vantage point of "your view".
struct ReportEnvironment {
    QString generatorVersion;  // Parallax version
    QString qtVersion;
    QString os;  // QSysInfo::prettyProductName()
    QString vantageHost;  // this machine's host name (redactable like any host)
};

// The state of one view at one moment. A history timeline is a list of these; each point
// holds until the next one (or the end of the report's range).
enum class ViewState { Unknown, Up, Down };
QString viewStateId(ViewState state);  // "unknown", "up", "down"
// The server's state as a report's timeline shows it, however the report's history was kept:
// ready is up; unreachable, not_ready and error are down; anything else says neither.
ViewState serverViewState(WorkerState state);

struct TimelinePoint {
    qint64 atMs = 0;
    ViewState server = ViewState::Unknown;
    ViewState local = ViewState::Unknown;
    std::optional<double> latencyMs;  // local health check, when it answered
};

// Availability of each view over a window, as the fraction of the window it was up
// (nullopt when there is no data for that window). Filled from the history store; the report
// does not depend on how the store keeps it.
struct AvailabilityWindow {
    std::optional<double> server;
    std::optional<double> local;
};

struct WorkerHistory {
    AvailabilityWindow lastHour;
    AvailabilityWindow lastDay;
    QList<TimelinePoint> timeline;  // oldest first; usually only for workers in trouble
};

// The timeline without the points that add nothing at the scale of a report: a point is kept
// when either view changes, and otherwise at most one per `sampleMs` (for the latency trace).
QList<TimelinePoint> compactTimeline(const QList<TimelinePoint> &timeline, qint64 sampleMs = 300'000);

// One troubleshooting-wizard step as the user ran it.
struct WizardFinding {
    QString stepId;  // stable id of the step (diagnosis's step vocabulary)
    QString outcome;  // "passed", "failed", "skipped", … (stable id)
    QString explanation;  // translated sentence
};

struct ReportWorker {
    WorkerView view;
    std::optional<WorkerHistory> history;
    QList<WizardFinding> wizard;
};

// The whole cluster's availability over time: fractions of workers up in each view.
struct ClusterAvailabilityPoint {
    qint64 atMs = 0;
    std::optional<double> server;  // 0–1
    std::optional<double> local;  // 0–1
};

// Everything a report says, gathered once and written in any format. Writers only read it.
struct ReportInput {
    qint64 generatedAtMs = 0;
    qint64 rangeFromMs = 0;  // the history range the report covers (0 = none)
    ReportEnvironment environment;
    ReportServer server;
    std::optional<qint64> clusterId;  // when the report covers one cluster only
    // The settings the run used, by name. Values whose name says they are secret are
    // replaced by the redactor, whatever they contain.
    QVariantMap settings;
    QList<ReportWorker> workers;
    QList<ClusterAvailabilityPoint> clusterAvailability;  // oldest first, may be empty
};

// The environment of this process (Parallax version, Qt, OS, host name).
ReportEnvironment currentEnvironment();

// A report input from the monitor's views at the clock's time: workers sorted by id, no
// history or wizard findings yet (callers add those from the history store and the wizard).
ReportInput reportInputFromViews(QList<WorkerView> views, const ReportServer &server, const Clock &clock);

// How many workers are in each verdict / have each cause as their best cause.
struct ReportSummary {
    int workers = 0;
    QMap<Verdict, int> byVerdict;  // every verdict present, zero when none
    QMap<CauseId, int> byCause;  // best cause per worker; only causes that occur
};
ReportSummary summarize(const ReportInput &input);
// The order reports list verdicts in: healthy first, then the disagreements, then outages.
QList<Verdict> reportVerdictOrder();

// The workers a reader should look at first: disagreements and agreed outages.
bool inTrouble(const ReportWorker &worker);

}  // namespace parallax

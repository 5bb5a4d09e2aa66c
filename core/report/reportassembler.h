#pragma once

#include "report/redactor.h"
#include "report/reportinput.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace parallax {

class ClusterSession;
struct WizardSession;

// What the history says for one report, however it was kept: the history store for the
// window, the run's own observation for `parallax-cli check --observe`.
struct ReportHistory {
    QHash<qint64, WorkerHistory> workers;  // by worker id
    QList<ClusterAvailabilityPoint> cluster;  // oldest first
};

// What a report asks of its history: every worker's availability, and the timeline of those
// in trouble (the report draws only those), over [fromMs, toMs).
struct ReportHistoryAsk {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    QList<qint64> workers;
    QList<qint64> timelines;  // a subset of workers
};

// Where a report's history comes from. Answers through done, once, on the caller's thread,
// unless context is destroyed first.
class ReportHistorySource {
public:
    virtual ~ReportHistorySource() = default;
    virtual void gather(const ReportHistoryAsk &ask, QObject *context, std::function<void(ReportHistory)> done) = 0;
};

// Which workers a report covers, the history range it reads and what the run adds.
struct ReportRequest {
    enum class Scope { All, InTrouble, One };
    Scope scope = Scope::All;
    qint64 workerId = -1;  // Scope::One
    qint64 rangeFromMs = 0;  // the history the report covers, up to now (0 = none)
    std::optional<qint64> clusterId;  // when the run watched one cluster only
    QVariantMap settings;  // the run's own options, by name (the session's are added)
    QHash<qint64, QList<WizardFinding>> wizard;  // by worker id
};

// The one place a report's contents are put together, for the window and the CLI alike:
// the monitor's views (verdicts, causes), the server, the settings the session runs with, the
// history from `history` (when given: availability of every worker, timelines of those in
// trouble, the cluster's availability) and the wizard's findings, at the clock's time.
// done(input) runs once; at once when there is no history to wait for.
void assembleReport(const ClusterSession &session, ReportRequest request, ReportHistorySource *history,
    const Clock &clock, QObject *context, std::function<void(ReportInput)> done);

// The same from parts (tests, and the session-less callers): views are moved in.
void assembleReport(QList<WorkerView> views, ReportServer server, const QVariantMap &sessionSettings,
    ReportRequest request, ReportHistorySource *history, const Clock &clock, QObject *context,
    std::function<void(ReportInput)> done);

// The server as a report describes it: URL, version, whether it is reachable, the last error.
ReportServer reportServer(const ClusterSession &session);
// The settings of the session a report names: server, auth mode, probe interval, timeout, thresholds.
QVariantMap reportSessionSettings(const ClusterSession &session);
// The redactor every report of this session is written through: its secret always removed,
// host names and addresses pseudonymised when asked.
Redactor reportRedactor(const ClusterSession &session, bool pseudonymizeHosts);
// The wizard's results for one worker, as a report lists them.
QList<WizardFinding> wizardFindings(const WizardSession &session);

}  // namespace parallax

#pragma once

#include "connectfinding.h"
#include "diagnosis/cause.h"
#include "diagnosis/verdict.h"
#include "dockerfinding.h"
#include "firewallfinding.h"
#include "gpustack/worker.h"
#include "hostfinding.h"
#include "probe/proberesult.h"

#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

namespace parallax {

// One registered address the server reported for a worker, and when.
struct AddressRecord {
    qint64 timeMs = 0;
    QString ip;
    QString advertiseAddress;

    QString probeHost() const { return advertiseAddress.isEmpty() ? ip : advertiseAddress; }
    bool operator==(const AddressRecord &) const = default;
};

// GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE (ref §6.5): `auto` switches the check off above 50 workers (v2.1.0+).
enum class UnreachableCheckMode { Auto, Enabled, Disabled };

// What the wizard learned from outputs the engineer pasted (all optional).
struct WizardFindings {
    std::optional<ConnectFinding> serverVantage;  // curl / nc run on the server host or in its container
    std::optional<ProxyEnvFinding> serverProxy;  // env | grep -i proxy there
    std::optional<FirewallFinding> workerFirewall;
    std::optional<DockerFinding> workerDocker;
    std::optional<IpFinding> workerAddresses;
    std::optional<ClockFinding> workerClock;

    bool isEmpty() const
    {
        return !serverVantage && !serverProxy && !workerFirewall && !workerDocker && !workerAddresses && !workerClock;
    }
};

// Everything the cause classifier looks at for one worker. Fill what is known; the
// classifier says what would decide the rest.
struct DiagnosisInput {
    Worker worker;
    std::optional<ProbeResult> probe;  // the latest probe from here (with the metrics witness after a failure)
    // The latest probe whose outcome the hysteresis has confirmed (healthy while `local` is Up,
    // failed while Down). Causes are named from it while a newer probe disagrees (one failure of
    // an up worker, or every worker's in the first seconds of our own network's outage).
    std::optional<ProbeResult> confirmedProbe;
    LocalState local = LocalState::Unknown;
    Verdict verdict = Verdict::Unknown;
    bool flapping = false;  // the verdict changed often lately (FlapDetector)
    qint64 nowMs = 0;  // the clock the heartbeat age is measured against

    QList<AddressRecord> addressHistory;  // oldest first

    QList<double> latencyMs;  // recent health-check answer times
    double lossRate = 0.0;  // share of recent probes with no answer

    std::optional<qint64> clockSkewMs;  // the worker's Date header − local clock (positive: worker ahead)
    // The GPUStack server's clock − this machine's, from its API replies' Date header. When set,
    // worker.heartbeatTime is already on this machine's clock (ClusterMonitor moves it).
    std::optional<qint64> serverClockOffsetMs;

    int clusterSize = 0;  // workers in the cluster
    QString serverVersion;  // as GET /version spelled it ("v2.1.0", "0.7.1"), read through ServerVersion
    UnreachableCheckMode checkMode = UnreachableCheckMode::Auto;

    // Every probe of this round failed the same way at once (local_network).
    bool allProbesFailSame = false;
    int sameFailureCount = 0;
    ProbeError sameFailureError = ProbeError::None;

    QString serverContainer;  // name of the server's container, when the user told us
    // The GPUStack server's URL as this machine reaches it. When it is on loopback the server
    // runs here, and a worker registered at a loopback address is reachable for it.
    QUrl serverUrl;
    WizardFindings findings;
};

// Ranked causes, best first. Texts are translated; commands quote server-provided values.
QList<Cause> diagnose(const DiagnosisInput &input);

// A worker both views see up, answering fast, with one address, a sane clock, no lost probe
// and nothing pasted: there is no cause to name.
bool plainlyHealthy(const DiagnosisInput &input);
// The same decision from the facts alone, for a caller that holds them apart and would
// otherwise build a DiagnosisInput (copies of the worker and its probes) to be told "none".
struct HealthFacts {
    Verdict verdict = Verdict::Unknown;
    bool flapping = false;
    const ProbeResult *probe = nullptr;
    qsizetype addresses = 0;
    std::optional<qint64> clockSkewMs;
    double lossRate = 0.0;
    bool findingsEmpty = true;
    std::optional<qint64> serverClockOffsetMs;
};
bool plainlyHealthy(const HealthFacts &facts);
// The causes Parallax names for a worker, wherever they are shown (table, detail pane, wizard,
// tray, reports, CLI): none for a plainly healthy worker — the classifier is skipped there, which
// is most of the monitor's cost per probe at 10,000 workers — else diagnose().
QList<Cause> rankedCauses(const DiagnosisInput &input);

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::WizardFindings)

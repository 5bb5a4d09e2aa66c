#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <optional>

namespace parallax {

// GPUStack's WorkerStateEnum (gpustack/schemas/workers.py). Values the client does not know
// are kept verbatim in Worker::stateText and mapped to Other: never silently to a known state.
enum class WorkerState {
    Unknown,  // no state in the reply at all
    Ready,
    NotReady,
    Unreachable,
    Maintenance,
    Pending,
    Provisioning,
    Initializing,
    Deleting,
    Error,
    Other,  // a value this version of Parallax does not know (see stateText)
};

WorkerState workerStateFromString(const QString &text);
QString workerStateId(WorkerState state);  // GPUStack's own spelling: "not_ready"
bool isProvisioningState(WorkerState state);

struct GpuDevice {
    int index = -1;
    QString name;
    QString vendor;
    QString type;
    QString uuid;
    QString driverVersion;
    std::optional<double> coreUtilization;    // percent 0–100
    std::optional<double> memoryUtilization;  // percent 0–100
    std::optional<qint64> memoryTotal;        // bytes
    std::optional<qint64> memoryUsed;         // bytes
    std::optional<double> temperature;        // °C
};

// The facts of WorkerPublic.status that Parallax shows; everything optional because v0.x,
// freshly registered and provisioning workers leave parts out.
struct WorkerStatus {
    std::optional<int> cpuCores;
    std::optional<double> cpuUtilization;
    std::optional<qint64> memoryTotal;
    std::optional<qint64> memoryUsed;
    std::optional<double> memoryUtilization;
    QString osName;
    QString osVersion;
    QString kernelRelease;
    QString architecture;
    std::optional<double> uptimeSeconds;
    QList<GpuDevice> gpus;
};

// One worker as the GPUStack server reports it (WorkerPublic, ref/gpustack-api.md §4).
// Optional members are "unknown" when the server did not send them: never a default that
// looks like data.
struct Worker {
    qint64 id = -1;
    QString name;
    QString hostname;
    QString ip;                               // detected or --worker-ip
    std::optional<QString> advertiseAddress;  // v2.0.2+, what the server probes when set
    QString ifname;
    std::optional<int> port;         // worker API port (10150 by default)
    std::optional<int> metricsPort;  // 10151 by default, -1 when disabled
    std::optional<qint64> clusterId;
    QMap<QString, QString> labels;

    WorkerState state = WorkerState::Unknown;
    QString stateText;     // the state as the server spelled it
    QString stateMessage;  // HTML-ish text from the server: untrusted
    std::optional<bool> unreachable;
    std::optional<bool> maintenanceEnabled;
    QString maintenanceMessage;

    QDateTime heartbeatTime;  // invalid = unknown; UTC
    QDateTime createdAt;
    QDateTime updatedAt;

    QString proxyMode;
    QString proxyAddress;
    QString provider;
    QString workerVersion;
    std::optional<WorkerStatus> status;

    // Fields the mapping did not understand (wrong type, unknown key), kept for the report.
    QStringList mappingNotes;

    // The host GPUStack's server probes: advertise_address when set, else ip
    // (gpustack/server/worker_request.py _build_url).
    QString probeHost() const;
    // http://{probeHost}:{port}/healthz, exactly as the server builds it; invalid if unknown.
    QUrl healthUrl() const;
    // Heartbeat age at `nowMs`, or nullopt when the heartbeat time is unknown.
    std::optional<qint64> heartbeatAgeMs(qint64 nowMs) const;

    bool operator==(const Worker &) const = default;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::Worker)

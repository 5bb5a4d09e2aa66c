#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
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
    QString vendor;  // v2 lower-case ("nvidia"), v0.x mixed ("NVIDIA", "Moore Threads"): kept verbatim
    QString type;
    QString uuid;
    QString driverVersion;
    std::optional<double> coreUtilization;  // percent 0–100
    std::optional<double> memoryUtilization;  // percent 0–100
    std::optional<qint64> memoryTotal;  // bytes
    std::optional<qint64> memoryUsed;  // bytes
    std::optional<double> temperature;  // °C

    // The rest of GPUDeviceInfo (ref/gpustack-api.md §4.1); unknown when not sent.
    std::optional<int> deviceIndex;
    std::optional<int> deviceChipIndex;
    QString archFamily;
    QString runtimeVersion;
    QString computeCapability;
    std::optional<qint64> coreTotal;
    std::optional<qint64> memoryAllocated;  // bytes
    std::optional<bool> memoryIsUnified;
    QString networkStatus;  // Ascend only: "up" / "down"
    QString networkInet;  // Ascend only
    std::optional<double> power;  // W, main after v2.2.3
    std::optional<double> powerUsed;  // W

    bool operator==(const GpuDevice &) const = default;
};

// One entry of WorkerStatus.filesystem (bytes).
struct WorkerFilesystem {
    QString name;
    QString mountPoint;
    QString mountFrom;
    std::optional<qint64> total;
    std::optional<qint64> used;
    std::optional<qint64> free;
    std::optional<qint64> available;

    bool operator==(const WorkerFilesystem &) const = default;
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

    std::optional<qint64> memoryAllocated;  // v2.2+: computed by the server from instance bindings
    std::optional<bool> memoryIsUnified;
    std::optional<qint64> swapTotal;
    std::optional<qint64> swapUsed;
    std::optional<double> swapUtilization;
    QList<WorkerFilesystem> filesystems;
    QString kernelName;
    QString kernelVersion;
    QString bootTime;  // as sent (often empty); informational only

    bool operator==(const WorkerStatus &) const = default;
};

// One worker as the GPUStack server reports it (WorkerPublic, ref/gpustack-api.md §4).
// Optional members are "unknown" when the server did not send them: never a default that
// looks like data.
struct Worker {
    qint64 id = -1;
    QString name;
    QString hostname;
    QString ip;  // detected or --worker-ip
    std::optional<QString> advertiseAddress;  // v2.0.2+, what the server probes when set
    QString ifname;
    std::optional<int> port;  // worker API port (10150 by default)
    std::optional<int> metricsPort;  // 10151 by default, -1 when disabled
    std::optional<qint64> clusterId;
    QMap<QString, QString> labels;

    WorkerState state = WorkerState::Unknown;
    QString stateText;  // the state as the server spelled it
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

    // The remaining WorkerPublic fields (ref/gpustack-api.md §4); unknown when not sent.
    std::optional<qint64> systemReservedRam;  // bytes; v0.x key "memory"
    std::optional<qint64> systemReservedVram;  // bytes; v0.x key "gpu_memory"
    std::optional<qint64> ownerPrincipalId;  // v2.2+
    std::optional<qint64> systemPrincipalId;  // v2.2+
    std::optional<qint64> workerPoolId;
    std::optional<qint64> sshKeyId;
    QString externalId;
    QJsonObject providerConfig;
    std::optional<bool> me;
    QString provisionProgress;  // "3/5" while provisioning
    QString workerUuid;  // v0.7.x only

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

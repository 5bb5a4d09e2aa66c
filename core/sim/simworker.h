#pragma once

#include "scenario.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace parallax::sim {

struct SimGpu {
    ScenarioGpu spec;
    int index = 0;
    QString uuid;
    double coreUtilization = 0.0;
    qint64 memoryUsed = 0;
    double temperature = 35.0;
};

// One worker row as the simulated server stores it: what the worker registered and reported,
// and what the server computed (state, state_message, unreachable).
struct SimWorker {
    qint64 id = 0;
    ScenarioWorker spec;
    qint64 clusterId = 1;
    QString workerVersion;

    // Registration (WorkerStatusStored): what the server probes.
    QString ip;
    std::optional<QString> advertiseAddress;
    int port = 10150;
    int metricsPort = 10151;

    // Server-side view.
    QString state = QStringLiteral("not_ready");
    std::optional<QString> stateMessage;
    bool unreachable = false;
    bool maintenance = false;
    QString maintenanceMessage;
    std::optional<qint64> heartbeatMs;  // as stored: server clock in v2, worker clock in v0.x
    qint64 lastReportMs = 0;  // true time of the last heartbeat/status post (server clock)
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    qint64 systemPrincipalId = 0;

    // Reported status (moves over time so the demo looks alive).
    double cpuUtilization = 5.0;
    qint64 memoryUsed = 0;
    qint64 bootMs = 0;
    QList<SimGpu> gpus;

    WorkerFaults faults;
    QByteArray jsonCache;  // compact WorkerPublic, rebuilt after any change

    QString probeHost() const { return advertiseAddress && !advertiseAddress->isEmpty() ? *advertiseAddress : ip; }
};

struct StateRuleTimings {
    qint64 heartbeatGraceMs = 150'000;  // GPUSTACK_WORKER_HEARTBEAT_GRACE_PERIOD
};

// WorkerBase.compute_state (gpustack/schemas/workers.py, ref §6.2), in its priority order:
// maintenance → provisioning unchanged → sticky not_ready → heartbeat age → unreachable → ready.
// Returns true when state or state_message changed.
bool computeWorkerState(SimWorker &worker, qint64 nowMs, const StateRuleTimings &timings);

QString heartbeatLostMessage(const std::optional<qint64> &heartbeatMs);
QString unreachableMessage(const SimWorker &worker);

}  // namespace parallax::sim

#pragma once

#include "scenario.h"
#include "simworker.h"

#include <QJsonObject>

namespace parallax::sim {

struct SimModelInstance {
    qint64 id = 0;
    QString name;
    qint64 modelId = 0;
    QString modelName;
    qint64 workerId = 0;
    qint64 clusterId = 1;
    int port = 40000;
    QList<int> gpuIndexes;
    QString state = QStringLiteral("running");
    std::optional<QString> stateMessage;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
};

struct SimClusterRow {
    ScenarioCluster spec;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    int workers = 0;
    int readyWorkers = 0;
    int gpus = 0;
    int models = 0;
};

// ISO-8601 UTC with Z and whole seconds, as GPUStack stores heartbeat_time (ref §3.3).
QString isoTime(qint64 msecsSinceEpoch);

// The worker_uuid the worker reported: serialized in v0.7.x only, a filter (`?uuid=`) in v2.
QString workerUuid(const SimWorker &worker);

// WorkerPublic (ref §4, v2.2 shape) or the v0.x field set (ref §4.3).
QJsonObject workerJson(const SimWorker &worker, ApiVersion api);
// GPUDevicePublic: id "<worker_name>:<type>:<index>" (ref §5).
QJsonObject gpuDeviceJson(const SimWorker &worker, const SimGpu &gpu, ApiVersion api);
QString gpuDeviceId(const SimWorker &worker, const SimGpu &gpu);
// ClusterPublic, null fields omitted (response_model_exclude_none).
QJsonObject clusterJson(const SimClusterRow &cluster);
QJsonObject modelInstanceJson(const SimModelInstance &instance, const SimWorker *worker);

// Prometheus text of the worker exporter (ref §8; v2 names carry the gpustack: prefix).
QByteArray workerMetricsText(const SimWorker &worker, ApiVersion api);

}  // namespace parallax::sim

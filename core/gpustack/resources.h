#pragma once

#include "base/result.h"
#include "gpustack/worker.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace parallax {

// ClusterPublic (ref/gpustack-api.md §5). The server omits null fields for clusters.
struct Cluster {
    qint64 id = -1;
    QString name;
    QString description;
    QString provider;
    QString stateText;  // "pending" | "provisioning" | "provisioned" | "ready" | other, verbatim
    QString stateMessage;
    QString serverUrl;
    std::optional<bool> isDefault;
    std::optional<int> workers;
    std::optional<int> readyWorkers;
    std::optional<int> gpus;
    std::optional<int> models;
    QDateTime createdAt;
    QDateTime updatedAt;
    QStringList mappingNotes;

    bool operator==(const Cluster &) const = default;
};

// One row of GET /v2/gpu-devices (GPUDevicePublic): the GPU fields plus where it lives.
struct GpuDeviceRow {
    QString id;  // "<worker_name>:<type>:<index>"
    std::optional<qint64> workerId;
    QString workerName;
    QString workerIp;
    QString workerIfname;
    std::optional<qint64> clusterId;
    GpuDevice device;
    QStringList mappingNotes;

    bool operator==(const GpuDeviceRow &) const = default;
};

// The fields of ModelInstancePublic a monitor needs (which instance runs where, and its state).
struct ModelInstance {
    qint64 id = -1;
    QString name;
    std::optional<qint64> modelId;
    QString modelName;
    std::optional<qint64> workerId;
    QString workerName;
    QString workerIp;
    std::optional<qint64> clusterId;
    std::optional<int> port;
    QString stateText;  // pending, analyzing, scheduled, …, running, error, unreachable
    QString stateMessage;
    QList<int> gpuIndexes;
    QDateTime createdAt;
    QDateTime updatedAt;
    QStringList mappingNotes;

    bool operator==(const ModelInstance &) const = default;
};

Result<Cluster> clusterFromJson(const QJsonObject &object);
Result<GpuDeviceRow> gpuDeviceRowFromJson(const QJsonObject &object);
Result<ModelInstance> modelInstanceFromJson(const QJsonObject &object);

// One page of a list endpoint: {"items":[…],"pagination":{"page","perPage","total","totalPage"}}
// (gpustack/schemas/common.py Pagination). A bare JSON array is accepted as a single page.
struct ListPage {
    QJsonArray items;
    int page = 1;
    int perPage = 0;
    qint64 total = -1;  // -1 = the server did not say
    int totalPage = 1;
};

Result<ListPage> listPageFromJson(const QJsonDocument &document);

}  // namespace parallax

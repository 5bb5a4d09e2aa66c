#pragma once

#include "base/result.h"
#include "gpustack/worker.h"

#include <QJsonObject>

namespace parallax {

// Maps one WorkerPublic object (ref/gpustack-api.md §4, v0.x §4.3) to a Worker, tolerantly:
// missing fields stay unknown, naive timestamps are UTC, unknown `state` values are kept in
// stateText with WorkerState::Other, and fields of the wrong type are recorded in
// Worker::mappingNotes instead of failing. The only error is an object without a usable `id`
// (MalformedReply): without it a worker cannot be tracked across watch events.
Result<Worker> workerFromJson(const QJsonObject &object);

GpuDevice gpuDeviceFromJson(const QJsonObject &object, QStringList *notes, const QString &path = {});

}  // namespace parallax

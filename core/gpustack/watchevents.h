#pragma once

#include "gpustack/jsonread.h"

#include <QJsonObject>

#include <optional>

namespace parallax::watchevents {

// Watch event types are the enum values of gpustack/server/coordinator/base.py EventType.
constexpr int Created = 1;
constexpr int Updated = 2;
constexpr int Deleted = 3;

// The id a DELETED event names: its data may carry only {"id": n}; v2.1+ also sends the id
// beside data (ref/gpustack-api.md §3.2).
inline std::optional<qint64> deletedId(const QJsonObject &event)
{
    const QJsonObject data = event.value(QLatin1StringView("data")).toObject();
    const QJsonValue id = data.contains(QLatin1StringView("id")) ? data.value(QLatin1StringView("id"))
                                                                 : event.value(QLatin1StringView("id"));
    if (!id.isDouble())
        return std::nullopt;
    return jsonInteger(id.toDouble());  // 1e300 is no id (and qint64(1e300) undefined behaviour)
}

}  // namespace parallax::watchevents

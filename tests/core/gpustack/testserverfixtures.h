#pragma once

// Canned GPUStack answers for the scripted test server (shapes from ref/gpustack-api.md).

#include "scriptedhttpserver.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace parallax::test {

inline QJsonObject fakeWorker(qint64 id, const QString &state = QStringLiteral("ready"))
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), QStringLiteral("gpu-node-%1").arg(id)},
        {QStringLiteral("hostname"), QStringLiteral("gpu-node-%1").arg(id)},
        {QStringLiteral("ip"), QStringLiteral("192.168.50.%1").arg(id % 250)},
        {QStringLiteral("advertise_address"), QStringLiteral("192.168.50.%1").arg(id % 250)},
        {QStringLiteral("port"), 10150},
        {QStringLiteral("cluster_id"), 1},
        {QStringLiteral("state"), state},
        {QStringLiteral("unreachable"), state == QStringLiteral("unreachable")},
        {QStringLiteral("heartbeat_time"), QStringLiteral("2026-08-21T07:53:25Z")},
        {QStringLiteral("created_at"), QStringLiteral("2026-08-01T02:17:42Z")},
        {QStringLiteral("updated_at"), QStringLiteral("2026-08-21T07:53:30Z")},
    };
}

// One page of `total` workers (ids 1..total), GPUStack's envelope (gpustack/schemas/common.py).
inline QByteArray workerPage(const QList<qint64> &ids, int page, int perPage)
{
    QJsonArray items;
    const int first = (page - 1) * perPage;
    for (int i = first; i < qMin<int>(int(ids.size()), first + perPage); ++i)
        items.append(fakeWorker(ids[i]));
    const int total = int(ids.size());
    const int totalPage = perPage > 0 ? (total + perPage - 1) / perPage : 0;
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), items},
                                     {QStringLiteral("pagination"),
                                      QJsonObject{{QStringLiteral("page"), page},
                                                  {QStringLiteral("perPage"), perPage},
                                                  {QStringLiteral("total"), total},
                                                  {QStringLiteral("totalPage"), totalPage}}}})
        .toJson(QJsonDocument::Compact);
}

inline QByteArray watchEvent(int type, const QJsonObject &data)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), type},
                                     {QStringLiteral("data"), data},
                                     {QStringLiteral("changed_fields"), QJsonObject()},
                                     {QStringLiteral("id"), data.value(QStringLiteral("id"))}})
               .toJson(QJsonDocument::Compact)
        + "\n\n";
}

inline Script versionReply(const QByteArray &version = "v2.2.3")
{
    return Script::json(200, R"({"version":")" + version + R"(","git_commit":"1a2b3c4"})");
}

inline Script unauthorized()
{
    return Script::reply(401, R"({"code":401,"reason":"Unauthorized","message":"Invalid authentication credentials"})",
                         "application/json", {"WWW-Authenticate: Basic"});
}

}  // namespace parallax::test

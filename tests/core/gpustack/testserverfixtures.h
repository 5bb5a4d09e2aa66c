#pragma once

// Canned GPUStack answers for the scripted test server (shapes from ref/gpustack-api.md).

#include "scriptedhttpserver.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <functional>

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
                                 QJsonObject{{QStringLiteral("page"), page}, {QStringLiteral("perPage"), perPage},
                                     {QStringLiteral("total"), total}, {QStringLiteral("totalPage"), totalPage}}}})
        .toJson(QJsonDocument::Compact);
}

inline QByteArray watchEvent(int type, const QJsonObject &data)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("data"), data},
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

// The API key the fake servers accept.
inline QString testApiKey()
{
    return QStringLiteral("gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef");
}

// A GPUStack v2 whose table of one resource (workers or clusters) the test edits. Every watch
// connection replays the table as CREATED events (replay_existing=True), then runs
// `live(connectionIndex)`; a list answers one page (pagination is tst_gpustackclient's).
struct FakeWatchServer {
    QString path;  // "/v2/workers"
    std::function<QJsonObject(qint64, const QString &)> row;  // a row of the table
    QByteArray version = "v2.2.3";
    QMap<qint64, QString> table;  // id -> state
    int watchConnections = 0;
    int listRequests = 0;
    int requests = 0;  // every authorised request for this resource
    bool watchAvailable = true;
    std::function<Script(int)> live = [](int) { return Script().stall(); };

    Script handle(const HttpRequest &r)
    {
        if (r.path() == QStringLiteral("/version"))
            return versionReply(version);
        if (r.header("authorization") != "Bearer " + testApiKey().toUtf8())
            return unauthorized();
        const QString resource = path.mid(path.lastIndexOf(QLatin1Char('/')));
        if (r.path().endsWith(resource))
            ++requests;
        if (r.path() != path)
            return Script::json(404, R"({"detail":"Not Found"})");
        if (r.query().queryItemValue(QStringLiteral("watch")) == QStringLiteral("true")) {
            if (!watchAvailable)
                return Script::reply(405, R"({"detail":"Method Not Allowed"})");
            const int index = watchConnections++;
            QByteArray replay;
            for (auto it = table.cbegin(); it != table.cend(); ++it)
                replay += watchEvent(1, row(it.key(), it.value()));
            Script s;
            s.send(Script::head(200, "text/event-stream", {"Cache-Control: no-cache"}) + replay);
            s.steps.append(live(index).steps);
            return s;
        }
        ++listRequests;
        QJsonArray items;
        for (auto it = table.cbegin(); it != table.cend(); ++it)
            items.append(row(it.key(), it.value()));
        const QJsonObject page{{QStringLiteral("items"), items},
            {QStringLiteral("pagination"),
                QJsonObject{{QStringLiteral("page"), 1}, {QStringLiteral("perPage"), 100},
                    {QStringLiteral("total"), items.size()}, {QStringLiteral("totalPage"), 1}}}};
        return Script::json(200, QJsonDocument(page).toJson(QJsonDocument::Compact));
    }
};

}  // namespace parallax::test

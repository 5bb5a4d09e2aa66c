#include "resources.h"
#include "base/trcontexts.h"

#include "gpustack/jsonread.h"
#include "gpustack/workerjson.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

Error missingId(const char *what)
{
    return Error{ErrorCode::MalformedReply,
        GpuStack::tr("The server sent an entry without an id. Check that the server is GPUStack."),
        QString::fromLatin1(what) + u" object without id"_s};
}

}  // namespace

Result<Cluster> clusterFromJson(const QJsonObject &object)
{
    Cluster c;
    const JsonRead r(object, &c.mappingNotes);
    const auto id = r.integer(u"id"_s);
    if (!id)
        return missingId("cluster");
    c.id = *id;
    c.name = r.text(u"name"_s);
    c.description = r.text(u"description"_s);
    c.provider = r.text(u"provider"_s);
    c.stateText = r.text(u"state"_s);
    c.stateMessage = r.text(u"state_message"_s);
    c.serverUrl = r.text(u"server_url"_s);
    c.isDefault = r.boolean(u"is_default"_s);
    c.workers = r.smallInteger(u"workers"_s);
    c.readyWorkers = r.smallInteger(u"ready_workers"_s);
    c.gpus = r.smallInteger(u"gpus"_s);
    c.models = r.smallInteger(u"models"_s);
    c.createdAt = r.time(u"created_at"_s);
    c.updatedAt = r.time(u"updated_at"_s);
    return c;
}

Result<GpuDeviceRow> gpuDeviceRowFromJson(const QJsonObject &object)
{
    GpuDeviceRow g;
    const JsonRead r(object, &g.mappingNotes);
    g.id = r.text(u"id"_s);
    if (g.id.isEmpty())
        return missingId("gpu-device");
    g.workerId = r.integer(u"worker_id"_s);
    g.workerName = r.text(u"worker_name"_s);
    g.workerIp = r.text(u"worker_ip"_s);
    g.workerIfname = r.text(u"worker_ifname"_s);
    g.clusterId = r.integer(u"cluster_id"_s);
    g.device = gpuDeviceFromJson(object, &g.mappingNotes);
    return g;
}

Result<ModelInstance> modelInstanceFromJson(const QJsonObject &object)
{
    ModelInstance m;
    const JsonRead r(object, &m.mappingNotes);
    const auto id = r.integer(u"id"_s);
    if (!id)
        return missingId("model-instance");
    m.id = *id;
    m.name = r.text(u"name"_s);
    m.modelId = r.integer(u"model_id"_s);
    m.modelName = r.text(u"model_name"_s);
    m.workerId = r.integer(u"worker_id"_s);
    m.workerName = r.text(u"worker_name"_s);
    m.workerIp = r.text(u"worker_ip"_s);
    m.clusterId = r.integer(u"cluster_id"_s);
    m.port = r.smallInteger(u"port"_s);
    m.stateText = r.text(u"state"_s);
    m.stateMessage = r.text(u"state_message"_s);
    const QJsonArray idx = r.array(u"gpu_indexes"_s).value_or(QJsonArray());
    for (const QJsonValue &v : idx) {
        if (v.isDouble())
            m.gpuIndexes.append(v.toInt());
        else
            r.note(u"gpu_indexes"_s, u"expected numbers"_s);
    }
    m.createdAt = r.time(u"created_at"_s);
    m.updatedAt = r.time(u"updated_at"_s);
    return m;
}

Result<ListPage> listPageFromJson(const QJsonDocument &document)
{
    ListPage page;
    if (document.isArray()) {
        page.items = document.array();
        page.perPage = int(page.items.size());
        page.total = page.items.size();
        return page;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || !root.value(u"items"_s).isArray()) {
        return Error{ErrorCode::MalformedReply,
            GpuStack::tr("The server's answer is not a GPUStack list (no \"items\"). "
                         "Check the server URL and the API version of the profile."),
            u"list reply without items array"_s};
    }
    page.items = root.value(u"items"_s).toArray();
    QStringList ignored;
    const JsonRead p(root.value(u"pagination"_s).toObject(), &ignored);
    page.page = p.smallInteger(u"page"_s).value_or(1);
    page.perPage = p.smallInteger(u"perPage"_s).value_or(int(page.items.size()));
    page.total = p.integer(u"total"_s).value_or(-1);
    // A page count beyond int is as absurd as INT_MAX pages: the walk refuses both alike.
    const std::optional<qint64> totalPage = p.integer(u"totalPage"_s);
    page.totalPage = totalPage ? int(std::clamp<qint64>(*totalPage, 0, std::numeric_limits<int>::max())) : page.page;
    return page;
}

}  // namespace parallax

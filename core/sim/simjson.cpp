#include "simjson.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

QJsonValue optString(const std::optional<QString> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

double round1(double v)
{
    return std::round(v * 10.0) / 10.0;
}

QString v0Vendor(const QString &vendor)
{
    if (vendor == u"nvidia"_s)
        return u"NVIDIA"_s;
    if (vendor == u"amd"_s)
        return u"AMD"_s;
    if (vendor == u"ascend"_s)
        return u"Huawei"_s;
    return vendor;
}

QString v0Type(const QString &type)
{
    if (type == u"cann"_s)
        return u"npu"_s;
    if (type == u"dtk"_s)
        return u"dcu"_s;
    if (type == u"neuware"_s)
        return u"mlu"_s;
    return type;
}

QJsonObject gpuStatusJson(const SimGpu &g, ApiVersion api)
{
    QJsonObject o;
    o["vendor"_L1] = api == ApiVersion::V0 ? v0Vendor(g.spec.vendor) : g.spec.vendor;
    o["type"_L1] = api == ApiVersion::V0 ? v0Type(g.spec.type) : g.spec.type;
    o["index"_L1] = g.index;
    o["device_index"_L1] = g.index;
    o["device_chip_index"_L1] = 0;
    o["name"_L1] = g.spec.name;
    o["uuid"_L1] = g.uuid;
    o["core"_L1] = QJsonObject{{"total"_L1, g.spec.cores}, {"utilization_rate"_L1, round1(g.coreUtilization)}};
    const double memRate = g.spec.memoryBytes > 0 ? 100.0 * double(g.memoryUsed) / double(g.spec.memoryBytes) : 0.0;
    o["memory"_L1] = QJsonObject{{"total"_L1, g.spec.memoryBytes}, {"utilization_rate"_L1, round1(memRate)},
        {"is_unified_memory"_L1, false}, {"used"_L1, g.memoryUsed}, {"allocated"_L1, 0}};
    o["temperature"_L1] = round1(g.temperature);
    if (api == ApiVersion::V2) {
        o["arch_family"_L1] = g.spec.archFamily;
        o["driver_version"_L1] = u"570.133.07"_s;
        o["runtime_version"_L1] = u"12.8"_s;
        o["compute_capability"_L1] = g.spec.computeCapability;
        o["network"_L1] = QJsonValue::Null;
    } else {
        o["labels"_L1] = QJsonObject{};
    }
    return o;
}

QJsonObject statusJson(const SimWorker &w, ApiVersion api)
{
    const qint64 memTotal = w.spec.memoryBytes;
    QJsonObject status;
    status["cpu"_L1] = QJsonObject{{"total"_L1, w.spec.cpuCores}, {"utilization_rate"_L1, round1(w.cpuUtilization)}};
    status["memory"_L1] = QJsonObject{{"total"_L1, memTotal},
        {"utilization_rate"_L1, round1(memTotal > 0 ? 100.0 * double(w.memoryUsed) / double(memTotal) : 0.0)},
        {"is_unified_memory"_L1, false}, {"used"_L1, w.memoryUsed}, {"allocated"_L1, 0}};
    status["swap"_L1] = QJsonObject{{"total"_L1, 8589930496LL}, {"utilization_rate"_L1, 0.0}, {"used"_L1, 0}};
    status["filesystem"_L1] = QJsonArray{QJsonObject{{"name"_L1, u"/dev/nvme0n1p2"_s}, {"mount_point"_L1, u"/"_s},
        {"mount_from"_L1, u""_s}, {"total"_L1, 982141468672LL}, {"used"_L1, 301258326016LL},
        {"free"_L1, 631001219072LL}, {"available"_L1, 631001219072LL}}};
    status["os"_L1] = QJsonObject{{"name"_L1, w.spec.osName}, {"version"_L1, w.spec.osVersion}};
    status["kernel"_L1] = QJsonObject{{"name"_L1, u"Linux"_s}, {"release"_L1, u"5.15.0-101-generic"_s},
        {"version"_L1, u"#111-Ubuntu SMP"_s}, {"architecture"_L1, u"x86_64"_s}};
    const double uptime = double(qMax<qint64>(0, w.lastReportMs - w.bootMs)) / 1000.0;
    status["uptime"_L1] = QJsonObject{{"uptime"_L1, uptime}, {"boot_time"_L1, isoTime(w.bootMs)}};
    QJsonArray gpus;
    for (const SimGpu &g : w.gpus)
        gpus.append(gpuStatusJson(g, api));
    status["gpu_devices"_L1] = gpus;
    status["rpc_servers"_L1] = QJsonValue::Null;
    return status;
}

}  // namespace

QString isoTime(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(u"yyyy-MM-ddThh:mm:ssZ"_s);
}

QString workerUuid(const SimWorker &w)
{
    return u"%1-0000-4000-8000-%2"_s.arg(w.id, 8, 16, QLatin1Char('0')).arg(w.id, 12, 16, QLatin1Char('0'));
}

QJsonObject workerJson(const SimWorker &w, ApiVersion api)
{
    QJsonObject o;
    o["id"_L1] = w.id;
    o["name"_L1] = w.spec.name;
    QJsonObject labels{{"os"_L1, u"linux"_s}, {"arch"_L1, u"amd64"_s}, {"worker-name"_L1, w.spec.name}};
    for (auto it = w.spec.labels.cbegin(); it != w.spec.labels.cend(); ++it)
        labels[it.key()] = it.value();
    o["labels"_L1] = labels;
    o["hostname"_L1] = w.spec.hostname;
    o["ip"_L1] = w.ip;
    o["port"_L1] = w.port;
    o["system_reserved"_L1] = api == ApiVersion::V2 ? QJsonObject{{"ram"_L1, 0}, {"vram"_L1, 0}}
                                                    : QJsonObject{{"memory"_L1, 0}, {"gpu_memory"_L1, 0}};
    o["state"_L1] = w.state;
    o["state_message"_L1] = optString(w.stateMessage);
    o["status"_L1] = statusJson(w, api);
    o["unreachable"_L1] = w.unreachable;
    o["heartbeat_time"_L1] = w.heartbeatMs ? QJsonValue(isoTime(*w.heartbeatMs)) : QJsonValue(QJsonValue::Null);
    o["created_at"_L1] = isoTime(w.createdMs);
    o["updated_at"_L1] = isoTime(w.updatedMs);
    if (api == ApiVersion::V0) {
        o["worker_uuid"_L1] = workerUuid(w);
        return o;
    }
    o["maintenance"_L1] = w.maintenance
        ? QJsonValue(QJsonObject{{"enabled"_L1, true}, {"message"_L1, w.maintenanceMessage}})
        : QJsonValue(QJsonValue::Null);
    o["advertise_address"_L1] = w.advertiseAddress ? QJsonValue(*w.advertiseAddress) : QJsonValue(w.ip);
    o["ifname"_L1] = w.spec.ifname;
    o["metrics_port"_L1] = w.metricsPort;
    o["proxy_mode"_L1] = u"worker"_s;
    o["cluster_id"_L1] = w.clusterId;
    o["owner_principal_id"_L1] = 1;
    o["external_id"_L1] = QJsonValue::Null;
    o["worker_version"_L1] = w.workerVersion;
    o["system_principal_id"_L1] = w.systemPrincipalId;
    o["provider"_L1] = u"Docker"_s;
    o["worker_pool_id"_L1] = QJsonValue::Null;
    o["ssh_key_id"_L1] = QJsonValue::Null;
    o["provider_config"_L1] = QJsonValue::Null;
    o["proxy_address"_L1] = QJsonValue::Null;
    o["me"_L1] = QJsonValue::Null;
    o["provision_progress"_L1] = QJsonValue::Null;
    return o;
}

QString gpuDeviceId(const SimWorker &worker, const SimGpu &gpu)
{
    return u"%1:%2:%3"_s.arg(worker.spec.name, gpu.spec.type).arg(gpu.index);
}

QJsonObject gpuDeviceJson(const SimWorker &worker, const SimGpu &gpu, ApiVersion api)
{
    QJsonObject o = gpuStatusJson(gpu, api);
    o["id"_L1] = gpuDeviceId(worker, gpu);
    o["worker_id"_L1] = worker.id;
    o["worker_name"_L1] = worker.spec.name;
    o["worker_ip"_L1] = worker.ip;
    if (api == ApiVersion::V2) {
        o["worker_ifname"_L1] = worker.spec.ifname;
        o["cluster_id"_L1] = worker.clusterId;
        o["owner_principal_id"_L1] = 1;
    }
    return o;
}

QJsonObject clusterJson(const SimClusterRow &c)
{
    QJsonObject o;
    o["id"_L1] = c.spec.id;
    o["name"_L1] = c.spec.name;
    if (!c.spec.description.isEmpty())
        o["description"_L1] = c.spec.description;
    o["provider"_L1] = c.spec.provider;
    o["state"_L1] = c.workers > 0 ? u"ready"_s : u"provisioned"_s;
    o["is_default"_L1] = c.spec.id == 1;
    o["owner_principal_id"_L1] = 1;
    o["created_at"_L1] = isoTime(c.createdMs);
    o["updated_at"_L1] = isoTime(c.updatedMs);
    o["workers"_L1] = c.workers;
    o["ready_workers"_L1] = c.readyWorkers;
    o["gpus"_L1] = c.gpus;
    o["models"_L1] = c.models;
    return o;
}

QJsonObject modelInstanceJson(const SimModelInstance &m, const SimWorker *w)
{
    QJsonObject o;
    o["id"_L1] = m.id;
    o["name"_L1] = m.name;
    o["model_id"_L1] = m.modelId;
    o["model_name"_L1] = m.modelName;
    o["worker_id"_L1] = m.workerId;
    o["worker_name"_L1] = w ? QJsonValue(w->spec.name) : QJsonValue(QJsonValue::Null);
    o["worker_ip"_L1] = w ? QJsonValue(w->ip) : QJsonValue(QJsonValue::Null);
    o["worker_advertise_address"_L1] = w ? QJsonValue(w->probeHost()) : QJsonValue(QJsonValue::Null);
    o["worker_ifname"_L1] = w ? QJsonValue(w->spec.ifname) : QJsonValue(QJsonValue::Null);
    o["cluster_id"_L1] = m.clusterId;
    o["port"_L1] = m.port;
    o["ports"_L1] = QJsonArray{m.port};
    o["pid"_L1] = QJsonValue::Null;
    o["state"_L1] = m.state;
    o["state_message"_L1] = optString(m.stateMessage);
    o["download_progress"_L1] = 100;
    o["restart_count"_L1] = 0;
    o["last_restart_time"_L1] = QJsonValue::Null;
    o["gpu_type"_L1] = u"cuda"_s;
    QJsonArray idx;
    for (int i : m.gpuIndexes)
        idx.append(i);
    o["gpu_indexes"_L1] = idx;
    o["gpu_addresses"_L1] = QJsonArray{};
    o["backend"_L1] = u"vLLM"_s;
    o["backend_version"_L1] = u"0.10.1"_s;
    o["computed_resource_claim"_L1] = QJsonValue::Null;
    o["distributed_servers"_L1] = QJsonValue::Null;
    o["source"_L1] = u"huggingface"_s;
    o["huggingface_repo_id"_L1] = m.modelName;
    o["created_at"_L1] = isoTime(m.createdMs);
    o["updated_at"_L1] = isoTime(m.updatedMs);
    return o;
}

QByteArray workerMetricsText(const SimWorker &w, ApiVersion api)
{
    const QByteArray p = api == ApiVersion::V2 ? "gpustack:"_ba : QByteArray();
    const QByteArray base = "worker_id=\"" + QByteArray::number(w.id) + "\",worker_name=\"" + w.spec.name.toUtf8()
        + "\",instance=\"" + w.spec.hostname.toUtf8() + "\"";
    QByteArray out;
    out += "# HELP " + p + "worker_node_cpu_utilization_rate CPU utilization rate\n";
    out += "# TYPE " + p + "worker_node_cpu_utilization_rate gauge\n";
    out += p + "worker_node_cpu_utilization_rate{" + base + "} " + QByteArray::number(w.cpuUtilization, 'f', 1) + '\n';
    out += "# TYPE " + p + "worker_node_memory_total_bytes gauge\n";
    out += p + "worker_node_memory_total_bytes{" + base + "} " + QByteArray::number(w.spec.memoryBytes) + '\n';
    out += "# TYPE " + p + "worker_node_memory_used_bytes gauge\n";
    out += p + "worker_node_memory_used_bytes{" + base + "} " + QByteArray::number(w.memoryUsed) + '\n';
    for (const SimGpu &g : w.gpus) {
        const QByteArray gl = base + ",gpu_index=\"" + QByteArray::number(g.index) + "\",gpu_name=\""
            + g.spec.name.toUtf8() + "\",gpu_chip_index=\"0\"";
        out +=
            p + "worker_node_gpu_utilization_rate{" + gl + "} " + QByteArray::number(g.coreUtilization, 'f', 1) + '\n';
        out += p + "worker_node_gram_total_bytes{" + gl + "} " + QByteArray::number(g.spec.memoryBytes) + '\n';
        out += p + "worker_node_gram_used_bytes{" + gl + "} " + QByteArray::number(g.memoryUsed) + '\n';
        out +=
            p + "worker_node_gpu_temperature_celsius{" + gl + "} " + QByteArray::number(g.temperature, 'f', 1) + '\n';
    }
    return out;
}

}  // namespace parallax::sim

#include "workerjson.h"
#include "base/trcontexts.h"

#include "gpustack/jsonread.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

WorkerStatus statusFromJson(const JsonRead &r, QStringList *notes)
{
    WorkerStatus s;
    const JsonRead cpu = r.child(u"cpu"_s);
    s.cpuCores = cpu.smallInteger(u"total"_s);
    s.cpuUtilization = cpu.number(u"utilization_rate"_s, kJsonRateLimit);

    const JsonRead mem = r.child(u"memory"_s);
    s.memoryTotal = mem.integer(u"total"_s);
    s.memoryUsed = mem.integer(u"used"_s);
    s.memoryUtilization = mem.number(u"utilization_rate"_s, kJsonRateLimit);
    s.memoryAllocated = mem.integer(u"allocated"_s);
    s.memoryIsUnified = mem.boolean(u"is_unified_memory"_s);

    const JsonRead swap = r.child(u"swap"_s);
    s.swapTotal = swap.integer(u"total"_s);
    s.swapUsed = swap.integer(u"used"_s);
    s.swapUtilization = swap.number(u"utilization_rate"_s, kJsonRateLimit);

    const JsonRead os = r.child(u"os"_s);
    s.osName = os.text(u"name"_s);
    s.osVersion = os.text(u"version"_s);

    const JsonRead kernel = r.child(u"kernel"_s);
    s.kernelName = kernel.text(u"name"_s);
    s.kernelRelease = kernel.text(u"release"_s);
    s.kernelVersion = kernel.text(u"version"_s);
    s.architecture = kernel.text(u"architecture"_s);

    const JsonRead uptime = r.child(u"uptime"_s);
    s.uptimeSeconds = uptime.number(u"uptime"_s);
    s.bootTime = uptime.text(u"boot_time"_s);

    const QJsonArray fs = r.array(u"filesystem"_s).value_or(QJsonArray());
    for (qsizetype i = 0; i < fs.size(); ++i) {
        if (!fs.at(i).isObject()) {
            r.note(u"filesystem[%1]"_s.arg(i), u"expected an object"_s);
            continue;
        }
        const JsonRead f(fs.at(i).toObject(), notes, r.pathOf(u"filesystem[%1]"_s.arg(i)));
        WorkerFilesystem out;
        out.name = f.text(u"name"_s);
        out.mountPoint = f.text(u"mount_point"_s);
        out.mountFrom = f.text(u"mount_from"_s);
        out.total = f.integer(u"total"_s);
        out.used = f.integer(u"used"_s);
        out.free = f.integer(u"free"_s);
        out.available = f.integer(u"available"_s);
        s.filesystems.append(out);
    }

    const QJsonArray gpus = r.array(u"gpu_devices"_s).value_or(QJsonArray());
    for (qsizetype i = 0; i < gpus.size(); ++i) {
        const QString path = r.pathOf(u"gpu_devices[%1]"_s.arg(i));
        if (!gpus.at(i).isObject()) {
            notes->append(path + u": expected an object"_s);
            continue;
        }
        s.gpus.append(gpuDeviceFromJson(gpus.at(i).toObject(), notes, path));
    }
    return s;
}

}  // namespace

GpuDevice gpuDeviceFromJson(const QJsonObject &object, QStringList *notes, const QString &path)
{
    const JsonRead g(object, notes, path);
    GpuDevice d;
    d.index = g.smallInteger(u"index"_s).value_or(-1);
    d.deviceIndex = g.smallInteger(u"device_index"_s);
    d.deviceChipIndex = g.smallInteger(u"device_chip_index"_s);
    d.name = g.text(u"name"_s);
    d.vendor = g.text(u"vendor"_s);
    d.type = g.text(u"type"_s);
    d.uuid = g.text(u"uuid"_s);
    d.driverVersion = g.text(u"driver_version"_s);
    d.runtimeVersion = g.text(u"runtime_version"_s);
    d.computeCapability = g.text(u"compute_capability"_s);
    d.archFamily = g.text(u"arch_family"_s);
    const JsonRead core = g.child(u"core"_s);
    d.coreTotal = core.integer(u"total"_s);
    d.coreUtilization = core.number(u"utilization_rate"_s, kJsonRateLimit);
    const JsonRead mem = g.child(u"memory"_s);
    d.memoryTotal = mem.integer(u"total"_s);
    d.memoryUsed = mem.integer(u"used"_s);
    d.memoryUtilization = mem.number(u"utilization_rate"_s, kJsonRateLimit);
    d.memoryAllocated = mem.integer(u"allocated"_s);
    d.memoryIsUnified = mem.boolean(u"is_unified_memory"_s);
    d.temperature = g.number(u"temperature"_s, kJsonRateLimit);
    const JsonRead net = g.child(u"network"_s);
    d.networkStatus = net.text(u"status"_s);
    d.networkInet = net.text(u"inet"_s);
    d.power = g.number(u"power"_s);
    d.powerUsed = g.number(u"power_used"_s);
    return d;
}

Result<Worker> workerFromJson(const QJsonObject &object)
{
    Worker w;
    QStringList *notes = &w.mappingNotes;
    const JsonRead r(object, notes);

    const std::optional<qint64> id = r.integer(u"id"_s);
    if (!id || *id < 0) {
        return Error{ErrorCode::MalformedReply,
            GpuStack::tr("The server sent a worker without an id. Parallax cannot track it; "
                         "check that the server is GPUStack."),
            u"worker object without integer id: "_s + QString::number(object.size()) + u" keys"_s};
    }
    w.id = *id;
    w.name = r.text(u"name"_s);
    w.hostname = r.text(u"hostname"_s);
    w.ip = r.text(u"ip"_s);
    w.advertiseAddress = r.string(u"advertise_address"_s);
    w.ifname = r.text(u"ifname"_s);
    w.port = r.smallInteger(u"port"_s);
    w.metricsPort = r.smallInteger(u"metrics_port"_s);
    w.clusterId = r.integer(u"cluster_id"_s);

    if (const auto labels = r.object(u"labels"_s)) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            if (it.value().isString())
                w.labels.insert(it.key(), it.value().toString());
            else if (it.value().isDouble() || it.value().isBool())
                w.labels.insert(it.key(), it.value().toVariant().toString());
            else
                r.note(u"labels."_s + it.key(), u"expected a string"_s);
        }
    }

    if (const auto state = r.string(u"state"_s)) {
        w.stateText = *state;
        w.state = workerStateFromString(*state);
    }
    w.stateMessage = r.text(u"state_message"_s);
    w.unreachable = r.boolean(u"unreachable"_s);

    if (r.has(u"maintenance"_s)) {
        const JsonRead m = r.child(u"maintenance"_s);
        w.maintenanceEnabled = m.boolean(u"enabled"_s);
        w.maintenanceMessage = m.text(u"message"_s);
    } else if (object.contains(u"maintenance"_s)) {
        w.maintenanceEnabled = false;  // explicit null: the v2 server says "not in maintenance"
    }

    w.heartbeatTime = r.time(u"heartbeat_time"_s);
    w.createdAt = r.time(u"created_at"_s);
    w.updatedAt = r.time(u"updated_at"_s);

    w.proxyMode = r.text(u"proxy_mode"_s);
    w.proxyAddress = r.text(u"proxy_address"_s);
    w.provider = r.text(u"provider"_s);
    w.workerVersion = r.text(u"worker_version"_s);

    if (r.has(u"system_reserved"_s)) {
        const JsonRead sr = r.child(u"system_reserved"_s);
        // v0.x fixtures spell them memory/gpu_memory (ref §4 table).
        w.systemReservedRam = sr.has(u"ram"_s) ? sr.integer(u"ram"_s) : sr.integer(u"memory"_s);
        w.systemReservedVram = sr.has(u"vram"_s) ? sr.integer(u"vram"_s) : sr.integer(u"gpu_memory"_s);
    }
    w.ownerPrincipalId = r.integer(u"owner_principal_id"_s);
    w.systemPrincipalId = r.integer(u"system_principal_id"_s);
    w.workerPoolId = r.integer(u"worker_pool_id"_s);
    w.sshKeyId = r.integer(u"ssh_key_id"_s);
    w.externalId = r.text(u"external_id"_s);
    w.providerConfig = r.object(u"provider_config"_s).value_or(QJsonObject());
    w.me = r.boolean(u"me"_s);
    w.provisionProgress = r.text(u"provision_progress"_s);
    w.workerUuid = r.text(u"worker_uuid"_s);

    if (r.has(u"status"_s)) {
        if (const auto status = r.object(u"status"_s))
            w.status = statusFromJson(JsonRead(*status, notes, u"status"_s), notes);
    }
    return w;
}

}  // namespace parallax

#include "scenario.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

Error invalid(const QString &message, const QString &detail = {})
{
    return Error{ErrorCode::InvalidArgument, message, detail};
}

qint64 gib(double v)
{
    return static_cast<qint64>(v * double(1LL << 30));
}

Result<ScenarioGpu> parseGpu(const QJsonObject &o)
{
    ScenarioGpu g;
    g.name = o.value("name"_L1).toString(g.name);
    g.vendor = o.value("vendor"_L1).toString(g.vendor);
    g.type = o.value("type"_L1).toString(g.type);
    g.archFamily = o.value("arch_family"_L1).toString(g.archFamily);
    g.computeCapability = o.value("compute_capability"_L1).toString(g.computeCapability);
    if (o.contains("memory_gib"_L1))
        g.memoryBytes = gib(o.value("memory_gib"_L1).toDouble());
    g.cores = o.value("cores"_L1).toInt(g.cores);
    return g;
}

Result<ScenarioWorker> parseWorker(const QJsonObject &o, int index)
{
    ScenarioWorker w;
    w.name = o.value("name"_L1).toString();
    if (w.name.isEmpty())
        return invalid(Simulator::tr("Worker %1 has no \"name\".").arg(index + 1));
    w.cluster = o.value("cluster"_L1).toString();
    w.hostname = o.value("hostname"_L1).toString(w.name);
    w.ifname = o.value("ifname"_L1).toString(w.ifname);
    w.cpuCores = o.value("cpu_cores"_L1).toInt(w.cpuCores);
    if (o.contains("memory_gib"_L1))
        w.memoryBytes = gib(o.value("memory_gib"_L1).toDouble());
    w.osName = o.value("os_name"_L1).toString(w.osName);
    w.osVersion = o.value("os_version"_L1).toString(w.osVersion);
    w.workerVersion = o.value("worker_version"_L1).toString();
    const QJsonObject labels = o.value("labels"_L1).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        w.labels.insert(it.key(), it.value().toString());
    const QJsonValue gpus = o.value("gpus"_L1);
    if (gpus.isDouble()) {
        for (int i = 0; i < gpus.toInt(); ++i)
            w.gpus.append(ScenarioGpu{});
    } else {
        for (const QJsonValue &g : gpus.toArray()) {
            auto gpu = parseGpu(g.toObject());
            if (!gpu)
                return gpu.error();
            const int count = qMax(1, g.toObject().value("count"_L1).toInt(1));
            for (int i = 0; i < count; ++i)
                w.gpus.append(*gpu);
        }
    }
    for (const QJsonValue &m : o.value("instances"_L1).toArray()) {
        const QString model = m.isString() ? m.toString() : m.toObject().value("model"_L1).toString();
        if (model.isEmpty())
            return invalid(Simulator::tr("Worker \"%1\": every instance needs a \"model\" name.").arg(w.name));
        w.instances.append({model});
    }
    if (o.contains("faults"_L1)) {
        if (!o.value("faults"_L1).isObject())
            return invalid(Simulator::tr("Worker \"%1\": \"faults\" must be an object.").arg(w.name));
        auto applied = applyFaultsJson(o.value("faults"_L1).toObject(), &w.faults);
        if (!applied)
            return invalid(Simulator::tr("Worker \"%1\": %2").arg(w.name, applied.error().message));
    }
    return w;
}

}  // namespace

QString healthBehaviourId(HealthBehaviour b)
{
    switch (b) {
    case HealthBehaviour::Ok: return u"ok"_s;
    case HealthBehaviour::Refused: return u"refused"_s;
    case HealthBehaviour::Slow: return u"slow"_s;
    case HealthBehaviour::BadStatus: return u"bad_status"_s;
    case HealthBehaviour::WrongBody: return u"wrong_body"_s;
    case HealthBehaviour::Hang: return u"hang"_s;
    case HealthBehaviour::Reset: return u"reset"_s;
    case HealthBehaviour::Drop: return u"drop"_s;
    }
    return u"ok"_s;
}

bool healthBehaviourFromId(const QString &id, HealthBehaviour *out)
{
    static const HealthBehaviour all[] = {HealthBehaviour::Ok, HealthBehaviour::Refused, HealthBehaviour::Slow,
        HealthBehaviour::BadStatus, HealthBehaviour::WrongBody, HealthBehaviour::Hang, HealthBehaviour::Reset,
        HealthBehaviour::Drop};
    for (HealthBehaviour b : all) {
        if (healthBehaviourId(b) == id) {
            *out = b;
            return true;
        }
    }
    return false;
}

namespace {

Result<QStringList> stringList(const QJsonValue &v, const QString &key)
{
    if (v.isUndefined() || v.isNull())
        return QStringList{};
    if (v.isString())  // NO_PROXY's own comma-separated form
        return v.toString().split(u',', Qt::SkipEmptyParts);
    if (!v.isArray())
        return invalid(Simulator::tr("\"%1\" must be a list of strings.").arg(key));
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (!e.isString())
            return invalid(Simulator::tr("\"%1\" must be a list of strings.").arg(key));
        out.append(e.toString());
    }
    return out;
}

Result<ServerProxy> parseServerProxy(const QJsonObject &o)
{
    ServerProxy p;
    const QString kind = o.value("proxy"_L1).toString(u"gateway_timeout"_s);
    if (kind == u"none"_s)
        p.kind = ServerProxy::Kind::None;
    else if (kind == u"gateway_timeout"_s)
        p.kind = ServerProxy::Kind::GatewayTimeout;
    else if (kind == u"forward"_s)
        p.kind = ServerProxy::Kind::Forward;
    else if (kind == u"refused"_s)
        p.kind = ServerProxy::Kind::Refused;
    else
        return invalid(
            Simulator::tr("\"server_proxy.proxy\" must be none, gateway_timeout, forward or refused, not \"%1\".")
                .arg(kind));
    p.status = o.value("status"_L1).toInt(p.status);
    if (p.status < 100 || p.status > 599)
        return invalid(Simulator::tr("\"server_proxy.status\" must be an HTTP status code."));
    p.delayMs = qMax(0, o.value("delay_ms"_L1).toInt(0));
    auto noProxy = stringList(o.value("no_proxy"_L1), u"server_proxy.no_proxy"_s);
    if (!noProxy)
        return noProxy.error();
    p.noProxy = *noProxy;
    const QJsonValue workers = o.value("no_proxy_workers"_L1);
    if (workers.toString() == u"all"_s) {
        p.bypassAllWorkers = true;
    } else {
        auto list = stringList(workers, u"server_proxy.no_proxy_workers"_s);
        if (!list)
            return list.error();
        p.bypassWorkers = *list;
    }
    auto except = stringList(o.value("no_proxy_except"_L1), u"server_proxy.no_proxy_except"_s);
    if (!except)
        return except.error();
    p.bypassExcept = *except;
    if (o.value("cidr_no_proxy"_L1).isBool())
        p.cidrNoProxy = o.value("cidr_no_proxy"_L1).toBool();
    return p;
}

Result<AuthConfig> parseAuth(const QJsonObject &o)
{
    AuthConfig a;
    const QString type = o.value("type"_L1).toString(u"local"_s);
    if (type == u"local"_s)
        a.type = AuthConfig::Type::Local;
    else if (type == u"oidc"_s)
        a.type = AuthConfig::Type::Oidc;
    else if (type == u"saml"_s)
        a.type = AuthConfig::Type::Saml;
    else
        return invalid(Simulator::tr("\"auth.type\" must be local, oidc or saml, not \"%1\".").arg(type));
    a.firstTimeSetup = o.value("first_time_setup"_L1).toBool(false);
    return a;
}

}  // namespace

Result<void> applyFaultsJson(const QJsonObject &json, WorkerFaults *f)
{
    static const QSet<QString> known = {u"health"_s, u"slow_ms"_s, u"status"_s, u"metrics"_s, u"heartbeat"_s,
        u"registered_ip"_s, u"advertise_address"_s, u"server_path"_s, u"clock_skew_s"_s, u"flap_period_s"_s,
        u"maintenance"_s, u"move"_s, u"delete"_s, u"client_path"_s, u"firewall"_s, u"comment"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return invalid(Simulator::tr("unknown fault key \"%1\".").arg(it.key()));
    }
    if (json.contains("health"_L1)) {
        const QString id = json.value("health"_L1).toString();
        if (!healthBehaviourFromId(id, &f->health))
            return invalid(
                Simulator::tr("unknown health behaviour \"%1\" (use ok, refused, slow, bad_status, wrong_body, hang, "
                              "reset or drop).")
                    .arg(id));
    }
    if (json.contains("slow_ms"_L1))
        f->slowMs = json.value("slow_ms"_L1).toInt(f->slowMs);
    if (json.contains("status"_L1)) {
        f->badStatus = json.value("status"_L1).toInt(503);
        if (f->badStatus < 100 || f->badStatus > 599)
            return invalid(Simulator::tr("\"status\" must be an HTTP status code."));
    }
    if (json.contains("metrics"_L1))
        f->metricsDown = json.value("metrics"_L1).toString() == u"down"_s;
    if (json.contains("heartbeat"_L1)) {
        const QString hb = json.value("heartbeat"_L1).toString();
        if (hb != u"stopped"_s && hb != u"ok"_s)
            return invalid(Simulator::tr("\"heartbeat\" must be \"ok\" or \"stopped\"."));
        f->heartbeatStopped = hb == u"stopped"_s;
    }
    if (json.contains("registered_ip"_L1)) {
        const QJsonValue v = json.value("registered_ip"_L1);
        f->registeredIp = v.isNull() ? std::nullopt : std::optional<QString>(v.toString());
    }
    if (json.contains("advertise_address"_L1)) {
        const QJsonValue v = json.value("advertise_address"_L1);
        f->advertiseAddress = v.isNull() ? std::nullopt : std::optional<QString>(v.toString());
    }
    if (json.contains("server_path"_L1))
        f->serverPathBlocked = json.value("server_path"_L1).toString() == u"blocked"_s;
    if (json.contains("client_path"_L1)) {
        const QString path = json.value("client_path"_L1).toString();
        if (path != u"down"_s && path != u"ok"_s)
            return invalid(Simulator::tr("\"client_path\" must be \"down\" or \"ok\"."));
        f->clientPathDown = path == u"down"_s;
    }
    if (json.contains("firewall"_L1)) {
        const QString fw = json.value("firewall"_L1).toString();
        if (fw != u"reject"_s && fw != u"open"_s)
            return invalid(Simulator::tr("\"firewall\" must be \"reject\" or \"open\"."));
        f->firewallRejectsHealthPort = fw == u"reject"_s;
    }
    if (json.contains("clock_skew_s"_L1))
        f->clockSkewMs = qRound64(json.value("clock_skew_s"_L1).toDouble() * 1000.0);
    if (json.contains("flap_period_s"_L1))
        f->flapPeriodMs = qRound(json.value("flap_period_s"_L1).toDouble() * 1000.0);
    if (json.contains("maintenance"_L1)) {
        const QJsonValue m = json.value("maintenance"_L1);
        if (m.isNull() || m.isBool()) {
            f->maintenance = m.toBool(false);
            f->maintenanceMessage.clear();
        } else {
            f->maintenance = true;
            f->maintenanceMessage = m.toString();
        }
    }
    return {};
}

QByteArray stripJsonComments(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size());
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text.at(++i);
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
        } else if (c == '/' && i + 1 < text.size() && text.at(i + 1) == '/') {
            while (i < text.size() && text.at(i) != '\n')
                ++i;
            out += '\n';
        } else if (c == '/' && i + 1 < text.size() && text.at(i + 1) == '*') {
            i += 2;
            while (i + 1 < text.size() && !(text.at(i) == '*' && text.at(i + 1) == '/')) {
                out += text.at(i) == '\n' ? '\n' : ' ';  // keep line numbers for error messages
                ++i;
            }
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

Result<Scenario> Scenario::fromJson(const QByteArray &text)
{
    const QByteArray clean = stripJsonComments(text);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(clean, &err);
    if (err.error != QJsonParseError::NoError) {
        const int line = int(clean.left(err.offset).count('\n')) + 1;
        return invalid(
            Simulator::tr("The scenario is not valid JSON: %1 at line %2.").arg(err.errorString()).arg(line));
    }
    if (!doc.isObject())
        return invalid(Simulator::tr("The scenario must be a JSON object."));
    const QJsonObject root = doc.object();
    Scenario s;
    s.name = root.value("name"_L1).toString(u"scenario"_s);
    s.description = root.value("description"_L1).toString();
    const QString api = root.value("api"_L1).toString(u"v2"_s);
    if (api == u"v2"_s) {
        s.apiVersion = ApiVersion::V2;
    } else if (api == u"v0"_s || api == u"v1"_s) {
        s.apiVersion = ApiVersion::V0;
        s.serverVersion = u"v0.7.1"_s;
    } else {
        return invalid(Simulator::tr("\"api\" must be \"v2\" or \"v0\", not \"%1\".").arg(api));
    }
    s.serverVersion = root.value("server_version"_L1).toString(s.serverVersion);
    const QString mode = root.value("check_mode"_L1).toString(u"auto"_s);
    if (mode == u"auto"_s)
        s.checkMode = CheckMode::Auto;
    else if (mode == u"enabled"_s)
        s.checkMode = CheckMode::Enabled;
    else if (mode == u"disabled"_s)
        s.checkMode = CheckMode::Disabled;
    else
        return invalid(Simulator::tr("\"check_mode\" must be auto, enabled or disabled, not \"%1\".").arg(mode));
    s.workerMetrics = root.value("worker_metrics"_L1).toBool(true);
    s.serverClockSkewMs = qRound64(root.value("server_clock_skew_s"_L1).toDouble(0.0) * 1000.0);
    if (root.contains("auth"_L1)) {
        auto auth = parseAuth(root.value("auth"_L1).toObject());
        if (!auth)
            return auth.error();
        s.auth = *auth;
    }
    if (root.contains("server_proxy"_L1)) {
        if (!root.value("server_proxy"_L1).isObject())
            return invalid(Simulator::tr("\"server_proxy\" must be an object."));
        auto proxy = parseServerProxy(root.value("server_proxy"_L1).toObject());
        if (!proxy)
            return proxy.error();
        s.serverProxy = *proxy;
    }
    const QString deletes = root.value("deleted_events"_L1).toString(u"full"_s);
    if (deletes != u"full"_s && deletes != u"id_only"_s)
        return invalid(Simulator::tr("\"deleted_events\" must be \"full\" or \"id_only\"."));
    s.idOnlyDeletes = deletes == u"id_only"_s;

    qint64 nextClusterId = 1;
    for (const QJsonValue &c : root.value("clusters"_L1).toArray()) {
        const QJsonObject o = c.toObject();
        ScenarioCluster cl;
        cl.id = o.value("id"_L1).toInteger(nextClusterId);
        nextClusterId = qMax(nextClusterId, cl.id) + 1;
        cl.name = o.value("name"_L1).toString();
        if (cl.name.isEmpty())
            return invalid(Simulator::tr("Every cluster needs a \"name\"."));
        cl.description = o.value("description"_L1).toString();
        cl.provider = o.value("provider"_L1).toString(cl.provider);
        s.clusters.append(cl);
    }
    if (s.clusters.isEmpty())
        s.clusters.append({1, u"default"_s, {}, u"Docker"_s});

    if (!root.value("workers"_L1).isArray())
        return invalid(Simulator::tr("The scenario needs a \"workers\" array."));
    QSet<QString> names;
    const QJsonArray workers = root.value("workers"_L1).toArray();
    for (int i = 0; i < workers.size(); ++i) {
        if (!workers.at(i).isObject())
            return invalid(Simulator::tr("Worker %1 must be a JSON object.").arg(i + 1));
        auto w = parseWorker(workers.at(i).toObject(), i);
        if (!w)
            return w.error();
        if (names.contains(w->name))
            return invalid(
                Simulator::tr("Two workers are named \"%1\": GPUStack worker names are unique.").arg(w->name));
        if (!w->cluster.isEmpty()) {
            const bool found = std::any_of(
                s.clusters.cbegin(), s.clusters.cend(), [&](const ScenarioCluster &c) { return c.name == w->cluster; });
            if (!found)
                return invalid(
                    Simulator::tr("Worker \"%1\" names an unknown cluster \"%2\".").arg(w->name, w->cluster));
        }
        names.insert(w->name);
        s.workers.append(*w);
    }

    for (const QString &name : s.serverProxy.bypassWorkers + s.serverProxy.bypassExcept) {
        if (!names.contains(name))
            return invalid(Simulator::tr("\"server_proxy\" names an unknown worker \"%1\".").arg(name));
    }

    const QJsonArray events = root.value("events"_L1).toArray();
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject o = events.at(i).toObject();
        ScenarioEvent e;
        if (!o.value("at_s"_L1).isDouble())
            return invalid(Simulator::tr("Event %1 needs \"at_s\" (seconds after the start).").arg(i + 1));
        e.atMs = qRound64(o.value("at_s"_L1).toDouble() * 1000.0);
        const QJsonValue target = o.value("worker"_L1);
        if (target.toString() == u"*"_s) {
            for (const ScenarioWorker &w : std::as_const(s.workers))
                e.workers.append(w.name);  // every worker (deleted ones are skipped at run time)
        } else if (target.isArray()) {
            for (const QJsonValue &v : target.toArray())
                e.workers.append(v.toString());
        } else {
            e.workers.append(target.toString());
        }
        for (const QString &name : std::as_const(e.workers)) {
            if (!names.contains(name))
                return invalid(Simulator::tr("Event %1 names an unknown worker \"%2\".").arg(i + 1).arg(name));
        }
        e.changes = o.value("set"_L1).toObject();
        WorkerFaults probe;
        auto ok = applyFaultsJson(e.changes, &probe);
        if (!ok)
            return invalid(Simulator::tr("Event %1: %2").arg(i + 1).arg(ok.error().message));
        s.events.append(e);
    }
    std::stable_sort(s.events.begin(), s.events.end(),
        [](const ScenarioEvent &a, const ScenarioEvent &b) { return a.atMs < b.atMs; });
    return s;
}

Result<Scenario> Scenario::fromFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return invalid(Simulator::tr("Cannot read the scenario file %1: %2.").arg(path, f.errorString()));
    auto s = fromJson(f.readAll());
    if (!s)
        return invalid(Simulator::tr("%1: %2").arg(path, s.error().message));
    return s;
}

Result<Scenario> Scenario::builtin(const QString &name, int workers)
{
    if (name == u"scale"_s)
        return scale(workers > 0 ? workers : 10000);
    if (name == u"demo"_s)
        return fromFile(u":/parallax/scenarios/demo.json"_s);
    return invalid(
        Simulator::tr("There is no built-in scenario \"%1\" (use demo or scale, or a file path).").arg(name));
}

Scenario Scenario::simple(int workers)
{
    Scenario s;
    s.name = u"simple"_s;
    s.clusters.append({1, u"default"_s, {}, u"Docker"_s});
    for (int i = 0; i < workers; ++i) {
        ScenarioWorker w;
        w.name = u"worker-%1"_s.arg(i + 1);
        w.hostname = w.name;
        w.gpus.append(ScenarioGpu{});
        s.workers.append(w);
    }
    return s;
}

Scenario Scenario::scale(int workers)
{
    Scenario s;
    s.name = u"scale"_s;
    s.description = u"%1 generated workers"_s.arg(workers);
    s.clusters.append({1, u"scale-east"_s, {}, u"Docker"_s});
    s.clusters.append({2, u"scale-west"_s, {}, u"Kubernetes"_s});
    s.workers.reserve(workers);
    for (int i = 0; i < workers; ++i) {
        ScenarioWorker w;
        w.name = u"node-%1"_s.arg(i + 1, 5, 10, QLatin1Char('0'));
        w.hostname = w.name;
        w.cluster = i % 2 ? u"scale-west"_s : u"scale-east"_s;
        ScenarioGpu gpu;
        gpu.name = u"NVIDIA L40S"_s;
        gpu.archFamily = u"ada"_s;
        gpu.computeCapability = u"8.9"_s;
        gpu.memoryBytes = 48LL << 30;
        gpu.cores = 18176;
        w.gpus.append(gpu);
        // One in a hundred has trouble the server cannot see (auto mode skips the probe
        // above 50 workers): only a client-side probe finds them.
        if (i % 100 == 37)
            w.faults.health = HealthBehaviour::Refused;
        else if (i % 100 == 73)
            w.faults.health = HealthBehaviour::BadStatus;
        else if (i % 500 == 111)
            w.faults.heartbeatStopped = true;
        s.workers.append(w);
    }
    return s;
}

}  // namespace parallax::sim

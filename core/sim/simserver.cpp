#include "simserver.h"

#include "base/clock.h"
#include "base/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

constexpr qint64 kSessionLifetimeMs = 120LL * 60 * 1000;  // GPUSTACK_JWT_TOKEN_EXPIRE_MINUTES
constexpr qint64 kMaxWatcherBacklog = 128LL * 1024 * 1024;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(int status, const QString &message)
{
    // gpustack/api/exceptions.py ErrorResponse (ref §2).
    QString reason;
    switch (status) {
    case 400: reason = u"BadRequest"_s; break;
    case 401: reason = u"Unauthorized"_s; break;
    case 403: reason = u"Forbidden"_s; break;
    case 404: reason = u"NotFound"_s; break;
    case 409: reason = u"AlreadyExists"_s; break;
    case 422: reason = u"Invalid"_s; break;
    default: reason = u"InternalServerError"_s; break;
    }
    return compact(QJsonObject{{"code"_L1, status}, {"reason"_L1, reason}, {"message"_L1, message}});
}

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return raw.toHex();
}

// Value at a dotted path ("status.cpu.utilization_rate") for sort_by.
QJsonValue valueAt(const QJsonObject &o, const QString &path)
{
    QJsonValue v = o;
    for (const QString &part : path.split(u'.'))
        v = v.toObject().value(part);
    return v;
}

int compareValues(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() || b.isDouble()) {
        const double x = a.toDouble(), y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.isBool() || b.isBool())
        return int(a.toBool()) - int(b.toBool());
    return QString::compare(a.toString(), b.toString());
}

struct SortKey {
    QString field;
    bool descending = false;
};

// sort_by: comma list, "-" prefix = descending; unknown fields → 422 (ref §3).
std::optional<QList<SortKey>> parseSort(const QString &text, const QStringList &allowed, QString *bad)
{
    QList<SortKey> keys;
    for (QString part : text.split(u',', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        SortKey k;
        if (part.startsWith(u'-')) {
            k.descending = true;
            part.remove(0, 1);
        }
        if (!allowed.contains(part)) {
            *bad = part;
            return std::nullopt;
        }
        k.field = part;
        keys.append(k);
    }
    return keys;
}

}  // namespace

SimServer::SimServer(const Clock *clock, ApiVersion api, const QString &serverVersion, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_api(api)
    , m_serverVersion(serverVersion)
    , m_http(this)
    , m_startMs(clock->nowMs())
{
    m_credentials.password = QString::fromLatin1(randomHex(8));
    m_credentials.apiKey =
        u"gpustack_%1_%2"_s.arg(QString::fromLatin1(randomHex(8)), QString::fromLatin1(randomHex(16)));
    m_credentials.inferenceApiKey =
        u"gpustack_%1_%2"_s.arg(QString::fromLatin1(randomHex(8)), QString::fromLatin1(randomHex(16)));
    m_http.setConfig(gpustackHttpConfig());
    m_http.handler = [this](const HttpRequest &req, HttpConnection *conn) { handle(req, conn); };
    m_http.dateProvider = [this] { return httpDate(m_clock->nowMs() + m_skewMs); };
}

SimServer::~SimServer()
{
    for (Watcher &w : m_watchers) {
        if (w.connection)
            w.connection->disconnect(this);
    }
    m_watchers.clear();
}

bool SimServer::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listen(address, port);
}

void SimServer::close()
{
    m_http.close();
    for (Watcher &w : m_watchers) {
        if (w.connection)
            w.connection->close();
    }
}

SimClusterRow &SimServer::addCluster(const ScenarioCluster &spec)
{
    SimClusterRow row;
    row.spec = spec;
    row.createdMs = m_clock->nowMs() - 30LL * 24 * 3600 * 1000;
    row.updatedMs = row.createdMs;
    m_clusters.push_back(row);
    return m_clusters.back();
}

SimWorker &SimServer::addWorker(std::unique_ptr<SimWorker> worker)
{
    SimWorker *w = worker.get();
    m_workerById.insert(w->id, w);
    m_workerByName.insert(w->spec.name, w);
    m_workers.push_back(std::move(worker));
    return *w;
}

SimModelInstance &SimServer::addInstance(const SimModelInstance &instance)
{
    m_instances.push_back(instance);
    return m_instances.back();
}

void SimServer::removeInstance(qint64 id)
{
    auto it =
        std::find_if(m_instances.begin(), m_instances.end(), [id](const SimModelInstance &m) { return m.id == id; });
    if (it == m_instances.end())
        return;
    const QJsonObject row = modelInstanceJson(*it, worker(it->workerId));
    m_instances.erase(it);
    m_pendingInstances.remove(id);
    publish(Resource::ModelInstances, 3, row, compact(row), "{}"_ba, id);
}

void SimServer::removeWorker(qint64 id)
{
    SimWorker *w = worker(id);
    if (!w)
        return;
    // WorkerController deletes the worker's instances (ref §6.4 "Worker deleted → its
    // instances deleted"); the GPU view rows vanish with the worker.
    QList<qint64> instanceIds;
    for (const SimModelInstance *m : instancesOf(id))
        instanceIds.append(m->id);
    for (qint64 instanceId : std::as_const(instanceIds))
        removeInstance(instanceId);
    for (const SimGpu &g : w->gpus) {
        const QJsonObject row = gpuDeviceJson(*w, g, m_api);
        publish(Resource::GpuDevices, 3, row, compact(row), "{}"_ba, gpuDeviceId(*w, g));
    }
    m_pendingWorkers.remove(id);
    const QByteArray &bytes = workerBytes(*w);
    for (Watcher &watcher : m_watchers) {
        if (watcher.resource != Resource::Workers)
            continue;
        if (m_idOnlyDeletes) {
            // A bare {"id":N} has none of the filter's fields: a filtered stream drops it.
            static const QStringList filters = {u"name"_s, u"uuid"_s, u"cluster_id"_s, u"search"_s};
            const bool filtered = std::any_of(filters.cbegin(), filters.cend(), [&](const QString &k) {
                return !watcher.filter.queryItemValue(k).isEmpty() && watcher.filter.queryItemValue(k) != u"0"_s;
            });
            if (!filtered)
                sendEvent(watcher, 3, "{\"id\":" + QByteArray::number(id) + '}', "{}"_ba, id);
        } else if (workerMatches(*w, watcher.filter)) {
            sendEvent(watcher, 3, bytes, "{}"_ba, id);
        }
    }
    m_workerByName.remove(w->spec.name);
    m_workerById.remove(id);
    std::erase_if(m_workers, [id](const std::unique_ptr<SimWorker> &p) { return p->id == id; });
    refreshClusters();
}

SimWorker *SimServer::worker(qint64 id) const
{
    return m_workerById.value(id);
}

SimWorker *SimServer::workerByName(const QString &name) const
{
    return m_workerByName.value(name);
}

QList<SimModelInstance *> SimServer::instancesOf(qint64 workerId)
{
    QList<SimModelInstance *> out;
    for (SimModelInstance &m : m_instances) {
        if (m.workerId == workerId)
            out.append(&m);
    }
    return out;
}

const QByteArray &SimServer::workerBytes(SimWorker &w)
{
    if (w.jsonCache.isEmpty())
        w.jsonCache = compact(workerJson(w, m_api));
    return w.jsonCache;
}

void SimServer::workerChanged(SimWorker *w, const QString &oldState)
{
    w->updatedMs = m_clock->nowMs();
    w->jsonCache.clear();
    if (!m_pendingWorkers.contains(w->id))
        m_pendingWorkers.insert(w->id, oldState);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, &SimServer::flushPending);
    }
}

void SimServer::instanceChanged(SimModelInstance *m)
{
    m->updatedMs = m_clock->nowMs();
    m_pendingInstances.insert(m->id);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, &SimServer::flushPending);
    }
}

// Coalesces all changes made during one event-loop pass into one UPDATED event per row
// (GPUStack coalesces UPDATED events for the same id too, ref §3.2).
void SimServer::flushPending()
{
    m_flushScheduled = false;
    const auto pendingWorkers = std::exchange(m_pendingWorkers, {});
    const auto pendingInstances = std::exchange(m_pendingInstances, {});
    const bool anyWatcher = !m_watchers.empty();
    for (auto it = pendingWorkers.cbegin(); it != pendingWorkers.cend(); ++it) {
        SimWorker *w = worker(it.key());
        if (!w || !anyWatcher)
            continue;
        QByteArray changed = "{}"_ba;
        if (it.value() != w->state)
            changed = "{\"state\":[\"" + it.value().toUtf8() + "\",\"" + w->state.toUtf8() + "\"]}";
        const QByteArray &bytes = workerBytes(*w);
        for (Watcher &watcher : m_watchers) {
            if (watcher.resource == Resource::Workers && workerMatches(*w, watcher.filter))
                sendEvent(watcher, 2, bytes, changed, w->id);
        }
        for (const SimGpu &g : w->gpus) {
            const QJsonObject row = gpuDeviceJson(*w, g, m_api);
            publish(Resource::GpuDevices, 2, row, compact(row), "{}"_ba, gpuDeviceId(*w, g));
        }
    }
    for (qint64 id : pendingInstances) {
        auto it = std::find_if(
            m_instances.begin(), m_instances.end(), [id](const SimModelInstance &m) { return m.id == id; });
        if (it == m_instances.end() || !anyWatcher)
            continue;
        const QJsonObject row = modelInstanceJson(*it, worker(it->workerId));
        publish(Resource::ModelInstances, 2, row, compact(row), "{}"_ba, id);
    }
    refreshClusters();
}

void SimServer::refreshClusters()
{
    QHash<qint64, SimClusterRow> counts;
    for (const auto &w : m_workers) {
        SimClusterRow &c = counts[w->clusterId];
        ++c.workers;
        if (w->state == u"ready"_s)
            ++c.readyWorkers;
        c.gpus += int(w->gpus.size());
    }
    for (const SimModelInstance &m : m_instances)
        ++counts[m.clusterId].models;
    for (SimClusterRow &c : m_clusters) {
        const SimClusterRow &n = counts.value(c.spec.id);
        if (c.workers == n.workers && c.readyWorkers == n.readyWorkers && c.gpus == n.gpus && c.models == n.models)
            continue;
        c.workers = n.workers;
        c.readyWorkers = n.readyWorkers;
        c.gpus = n.gpus;
        c.models = n.models;
        c.updatedMs = m_clock->nowMs();
        const QJsonObject row = clusterJson(c);
        publish(Resource::Clusters, 2, row, compact(row), "{}"_ba, c.spec.id);
    }
}

// ---- HTTP ----

void SimServer::sendJson(
    HttpConnection *conn, int status, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    conn->respond(status, "application/json"_ba, body, headers);
}

void SimServer::sendError(
    HttpConnection *conn, int status, const QString &message, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    sendJson(conn, status, errorBody(status, message), headers);
}

void SimServer::handle(const HttpRequest &req, HttpConnection *conn)
{
    const QString &path = req.path;
    const bool get = req.method == "GET" || req.method == "HEAD";
    if (get && (path == u"/healthz"_s || path == u"/readyz"_s))
        return sendJson(conn, 200, "\"ok\""_ba);
    if (get && path == u"/version"_s)
        return sendJson(
            conn, 200, compact(QJsonObject{{"version"_L1, m_serverVersion}, {"git_commit"_L1, u"1a2b3c4"_s}}));
    if (path == u"/auth/login"_s) {
        if (req.method != "POST")
            return sendError(conn, 405, u"Method Not Allowed"_s);
        return login(req, conn);
    }
    if (path == u"/auth/config"_s) {  // no authentication (ref §2)
        if (!get)
            return sendError(conn, 405, u"Method Not Allowed"_s);
        return authConfig(conn);
    }
    if (path == u"/auth/logout"_s) {
        const QByteArray cookie = req.header("cookie");
        for (const QByteArray &part : cookie.split(';')) {
            const QByteArray kv = part.trimmed();
            if (kv.startsWith("gpustack_session="))
                m_sessions.remove(kv.mid(17));
        }
        // logout (gpustack/routes/auth.py): an empty application/json body unless the session
        // came from SSO ({"logout_url": …}); the simulator has local accounts only.
        return sendJson(conn, 200, QByteArray(),
            {{"Set-Cookie"_ba, "gpustack_session=\"\"; HttpOnly; Max-Age=0; Path=/; SameSite=lax"_ba}});
    }
    const QString prefix = m_api == ApiVersion::V2 ? u"/v2/"_s : u"/v1/"_s;
    if (path.startsWith(prefix))
        return handleApi(req, conn, path.mid(prefix.size()));
    sendError(conn, 404, u"Not Found"_s);
}

void SimServer::login(const HttpRequest &req, HttpConnection *conn)
{
    // OAuth2PasswordRequestForm: application/x-www-form-urlencoded username=…&password=…
    const QUrlQuery form(QString::fromUtf8(req.body).replace(u'+', u' '));
    const QString user = form.queryItemValue(u"username"_s, QUrl::FullyDecoded);
    const QString pass = form.queryItemValue(u"password"_s, QUrl::FullyDecoded);
    if (user != m_credentials.username || pass != m_credentials.password)
        return sendError(conn, 401, u"Incorrect username or password"_s);
    const QByteArray token = randomHex(24);
    m_sessions.insert(token, m_clock->nowMs() + kSessionLifetimeMs);
    sendJson(conn, 200, "null"_ba,
        {{"Set-Cookie"_ba, "gpustack_session=" + token + "; HttpOnly; Max-Age=7200; Path=/; SameSite=lax"}});
}

SimServer::Access SimServer::authenticate(const HttpRequest &req) const
{
    const QByteArray authorization = req.header("authorization");
    const auto keyAccess = [this](const QByteArray &key) {
        if (key == m_credentials.apiKey.toLatin1())
            return Access::Full;
        if (key == m_credentials.inferenceApiKey.toLatin1())
            return Access::Inference;
        return Access::BadCredentials;
    };
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon > 0 && QString::fromUtf8(decoded.left(colon)) == m_credentials.username
            && QString::fromUtf8(decoded.mid(colon + 1)) == m_credentials.password)
            return Access::Full;
        return Access::BadCredentials;
    }
    const QByteArray cookie = req.header("cookie");
    for (const QByteArray &part : cookie.split(';')) {
        const QByteArray kv = part.trimmed();
        if (kv.startsWith("gpustack_session=")) {
            const qint64 expiry = m_sessions.value(kv.mid(17), 0);
            if (expiry > m_clock->nowMs())
                return Access::Full;
        }
    }
    if (authorization.startsWith("Bearer "))
        return keyAccess(authorization.mid(7).trimmed());
    // X-API-Key: accepted since v2.2.0 (ref §2).
    const QByteArray apiKey = req.header("x-api-key");
    if (!apiKey.isEmpty() && m_api == ApiVersion::V2)
        return keyAccess(apiKey.trimmed());
    return Access::None;
}

void SimServer::handleApi(const HttpRequest &req, HttpConnection *conn, const QString &rest)
{
    const Access access = authenticate(req);
    if (access == Access::None || access == Access::BadCredentials)
        return sendError(conn, 401, u"Invalid authentication credentials"_s);
    if (access == Access::Inference)  // management_scope (ref §2)
        return sendError(conn, 403, u"Insufficient permissions: the API key's scope does not allow management"_s);

    const QStringList parts = rest.split(u'/', Qt::SkipEmptyParts);
    const QString collection = parts.value(0);
    const bool get = req.method == "GET";
    if (collection == u"users"_s && parts.value(1) == u"me"_s && get) {
        const QString created = isoTime(m_startMs - 30LL * 24 * 3600 * 1000);
        return sendJson(conn, 200,
            compact(QJsonObject{{"id"_L1, 1}, {"username"_L1, m_credentials.username},
                {"full_name"_L1, u"Default System Admin"_s}, {"is_admin"_L1, true}, {"is_active"_L1, true},
                {"require_password_change"_L1, false}, {"source"_L1, u"Local"_s}, {"created_at"_L1, created},
                {"updated_at"_L1, created}}));
    }
    Resource resource;
    if (collection == u"workers"_s)
        resource = Resource::Workers;
    else if (collection == u"clusters"_s && m_api == ApiVersion::V2)
        resource = Resource::Clusters;
    else if (collection == u"gpu-devices"_s)
        resource = Resource::GpuDevices;
    else if (collection == u"model-instances"_s)
        resource = Resource::ModelInstances;
    else
        return sendError(conn, 404, u"Not Found"_s);

    if (parts.size() == 2) {
        if (resource == Resource::Workers) {
            bool ok = false;
            SimWorker *w = worker(parts.at(1).toLongLong(&ok));
            if (!ok || !w)
                return sendError(conn, 404, u"Worker not found"_s);
            if (req.method == "PUT")
                return putWorker(req, conn, w);
            if (req.method == "DELETE")
                return deleteWorker(conn, w);
            if (!get)
                return sendError(conn, 405, u"Method Not Allowed"_s);
            return sendJson(conn, 200, workerBytes(*w));
        }
        if (!get)
            return sendError(conn, 405, u"Method Not Allowed"_s);
        QUrlQuery byId;
        byId.addQueryItem(u"id"_s, parts.at(1));
        const QList<QJsonObject> found = rows(resource, byId);
        if (found.isEmpty())
            return sendError(conn, 404, u"Not Found"_s);
        return sendJson(conn, 200, compact(found.first()));
    }
    if (parts.size() != 1 || !get)
        return sendError(conn, parts.size() == 1 ? 405 : 404, u"Not Found"_s);
    const QString watch = req.query.queryItemValue(u"watch"_s).toLower();
    if (watch == u"true"_s || watch == u"1"_s)
        return startWatch(req, conn, resource);
    if (resource == Resource::Workers)
        return listWorkers(req, conn);
    listGeneric(req, conn, resource);
}

namespace {

struct PageParams {
    int page = 1;
    int perPage = 100;
};

std::optional<PageParams> pageParams(const QUrlQuery &q, ApiVersion api, QString *error)
{
    PageParams p;
    if (q.hasQueryItem(u"page"_s)) {
        bool ok = false;
        p.page = q.queryItemValue(u"page"_s).toInt(&ok);
        if (!ok || p.page < 1) {
            *error = u"Invalid page: must be an integer ≥ 1"_s;
            return std::nullopt;
        }
    }
    if (q.hasQueryItem(u"perPage"_s)) {
        bool ok = false;
        p.perPage = q.queryItemValue(u"perPage"_s).toInt(&ok);
        if (!ok || p.perPage < 1 || (api == ApiVersion::V0 && p.perPage > 100)) {
            *error = u"Invalid perPage"_s;
            return std::nullopt;
        }
    }
    return p;
}

QByteArray envelope(const QList<QByteArray> &items, int page, int perPage, qsizetype total)
{
    const int totalPage = int((total + perPage - 1) / perPage);
    QByteArray out;
    out.reserve(64 + items.size() * 2600);
    out += "{\"items\":[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i)
            out += ',';
        out += items.at(i);
    }
    out += "],\"pagination\":{\"page\":" + QByteArray::number(page) + ",\"perPage\":" + QByteArray::number(perPage)
        + ",\"total\":" + QByteArray::number(total) + ",\"totalPage\":" + QByteArray::number(totalPage) + "}}";
    return out;
}

}  // namespace

bool SimServer::workerMatches(const SimWorker &w, const QUrlQuery &f) const
{
    // get_workers applies each filter only when it is truthy (`if name:`, `if search:`,
    // `if cluster_id:`): an empty value, or cluster_id 0, filters nothing.
    const QString name = f.queryItemValue(u"name"_s, QUrl::FullyDecoded);
    if (!name.isEmpty() && name != w.spec.name)
        return false;
    const QString search = f.queryItemValue(u"search"_s, QUrl::FullyDecoded);
    if (!search.isEmpty() && !w.spec.name.contains(search, Qt::CaseInsensitive))
        return false;
    const qint64 clusterId = f.queryItemValue(u"cluster_id"_s).toLongLong();
    if (clusterId != 0 && clusterId != w.clusterId)
        return false;
    // uuid: exact worker_uuid; filter-only in v2, where the field is not serialized (ref §3, §4).
    if (!f.queryItemValue(u"uuid"_s).isEmpty() && f.queryItemValue(u"uuid"_s, QUrl::FullyDecoded) != workerUuid(w))
        return false;
    // `me=true` only narrows the list for a worker principal ("me query overrides all other
    // filters", gpustack/routes/workers.py get_workers); the simulator's callers are users, and
    // a watch ignores `me` altogether (ref §3.2): nothing to do.
    return true;
}

void SimServer::listWorkers(const HttpRequest &req, HttpConnection *conn)
{
    QString error;
    const auto pp = pageParams(req.query, m_api, &error);
    if (!pp)
        return sendError(conn, 422, error);
    static const QStringList allowed = {u"name"_s, u"state"_s, u"ip"_s, u"status.cpu.utilization_rate"_s,
        u"status.memory.utilization_rate"_s, u"gpus"_s, u"created_at"_s, u"updated_at"_s};
    QString bad;
    auto keys = parseSort(req.query.queryItemValue(u"sort_by"_s, QUrl::FullyDecoded), allowed, &bad);
    if (!keys)
        return sendError(conn, 422, u"Invalid sort_by field: %1"_s.arg(bad));
    if (keys->isEmpty())
        keys->append({u"created_at"_s, true});  // paginated_by_query default order

    std::vector<SimWorker *> list;
    list.reserve(m_workers.size());
    for (const auto &w : m_workers) {
        if (workerMatches(*w, req.query))
            list.push_back(w.get());
    }
    const auto cmp = [](const SimWorker *a, const SimWorker *b, const QString &f) -> int {
        auto three = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
        if (f == u"name"_s)
            return QString::compare(a->spec.name, b->spec.name);
        if (f == u"state"_s)
            return QString::compare(a->state, b->state);
        if (f == u"ip"_s)
            return QString::compare(a->ip, b->ip);
        if (f == u"status.cpu.utilization_rate"_s)
            return three(a->cpuUtilization, b->cpuUtilization);
        if (f == u"status.memory.utilization_rate"_s)
            return three(double(a->memoryUsed) / double(qMax<qint64>(1, a->spec.memoryBytes)),
                double(b->memoryUsed) / double(qMax<qint64>(1, b->spec.memoryBytes)));
        if (f == u"gpus"_s)
            return three(a->gpus.size(), b->gpus.size());
        if (f == u"created_at"_s)
            return three(a->createdMs, b->createdMs);
        return three(a->updatedMs, b->updatedMs);
    };
    std::stable_sort(list.begin(), list.end(), [&](const SimWorker *a, const SimWorker *b) {
        for (const SortKey &k : std::as_const(*keys)) {
            const int c = cmp(a, b, k.field);
            if (c != 0)
                return k.descending ? c > 0 : c < 0;
        }
        return a->id > b->id;
    });
    const qsizetype total = qsizetype(list.size());
    QList<QByteArray> items;
    const qsizetype from = qsizetype(pp->page - 1) * pp->perPage;
    for (qsizetype i = from; i < total && i < from + pp->perPage; ++i)
        items.append(workerBytes(*list[size_t(i)]));
    sendJson(conn, 200, envelope(items, pp->page, pp->perPage, total));
}

bool SimServer::objectMatches(Resource resource, const QJsonObject &o, const QUrlQuery &f) const
{
    if (f.hasQueryItem(u"id"_s)
        && valueAt(o, u"id"_s).toVariant().toString() != f.queryItemValue(u"id"_s, QUrl::FullyDecoded))
        return false;
    if (f.hasQueryItem(u"name"_s) && o.value("name"_L1).toString() != f.queryItemValue(u"name"_s, QUrl::FullyDecoded))
        return false;
    if (f.hasQueryItem(u"search"_s)
        && !o.value("name"_L1).toString().contains(
            f.queryItemValue(u"search"_s, QUrl::FullyDecoded), Qt::CaseInsensitive))
        return false;
    if (resource != Resource::Clusters && f.hasQueryItem(u"cluster_id"_s)
        && o.value("cluster_id"_L1).toInteger() != f.queryItemValue(u"cluster_id"_s).toLongLong())
        return false;
    if (f.hasQueryItem(u"worker_id"_s)
        && o.value("worker_id"_L1).toInteger() != f.queryItemValue(u"worker_id"_s).toLongLong())
        return false;
    if (resource == Resource::ModelInstances) {
        if (f.hasQueryItem(u"model_id"_s)
            && o.value("model_id"_L1).toInteger() != f.queryItemValue(u"model_id"_s).toLongLong())
            return false;
        if (f.hasQueryItem(u"state"_s) && o.value("state"_L1).toString() != f.queryItemValue(u"state"_s))
            return false;
    }
    return true;
}

QList<QJsonObject> SimServer::rows(Resource resource, const QUrlQuery &filter) const
{
    QList<QJsonObject> out;
    switch (resource) {
    case Resource::Workers:
        for (const auto &w : m_workers) {
            if (workerMatches(*w, filter))
                out.append(workerJson(*w, m_api));
        }
        break;
    case Resource::Clusters:
        for (const SimClusterRow &c : m_clusters) {
            const QJsonObject o = clusterJson(c);
            if (objectMatches(resource, o, filter))
                out.append(o);
        }
        break;
    case Resource::GpuDevices:
        for (const auto &w : m_workers) {
            for (const SimGpu &g : w->gpus) {
                const QJsonObject o = gpuDeviceJson(*w, g, m_api);
                if (objectMatches(resource, o, filter))
                    out.append(o);
            }
        }
        break;
    case Resource::ModelInstances:
        for (const SimModelInstance &m : m_instances) {
            const QJsonObject o = modelInstanceJson(m, worker(m.workerId));
            if (objectMatches(resource, o, filter))
                out.append(o);
        }
        break;
    }
    return out;
}

void SimServer::listGeneric(const HttpRequest &req, HttpConnection *conn, Resource resource)
{
    QString error;
    const auto pp = pageParams(req.query, m_api, &error);
    if (!pp)
        return sendError(conn, 422, error);
    QStringList allowed;
    switch (resource) {
    case Resource::Clusters:
        allowed = {u"name"_s, u"provider"_s, u"state"_s, u"workers"_s, u"ready_workers"_s, u"gpus"_s, u"models"_s,
            u"created_at"_s, u"updated_at"_s};
        break;
    case Resource::GpuDevices:
        allowed = {u"name"_s, u"index"_s, u"cluster_id"_s, u"worker_name"_s, u"vendor"_s, u"temperature"_s,
            u"core.utilization_rate"_s, u"memory.utilization_rate"_s, u"created_at"_s, u"updated_at"_s};
        break;
    default:
        allowed = {u"name"_s, u"state"_s, u"model_name"_s, u"worker_name"_s, u"created_at"_s, u"updated_at"_s};
        break;
    }
    QString bad;
    const auto keys = parseSort(req.query.queryItemValue(u"sort_by"_s, QUrl::FullyDecoded), allowed, &bad);
    if (!keys)
        return sendError(conn, 422, u"Invalid sort_by field: %1"_s.arg(bad));
    QList<QJsonObject> list = rows(resource, req.query);
    if (keys->isEmpty() && resource != Resource::GpuDevices) {
        std::reverse(list.begin(), list.end());  // created_at DESC: rows are kept in creation order
    } else {
        std::stable_sort(list.begin(), list.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            for (const SortKey &k : std::as_const(*keys)) {
                const int c = compareValues(valueAt(a, k.field), valueAt(b, k.field));
                if (c != 0)
                    return k.descending ? c > 0 : c < 0;
            }
            return false;
        });
    }
    QList<QByteArray> items;
    const qsizetype from = qsizetype(pp->page - 1) * pp->perPage;
    for (qsizetype i = from; i < list.size() && i < from + pp->perPage; ++i)
        items.append(compact(list.at(i)));
    sendJson(conn, 200, envelope(items, pp->page, pp->perPage, list.size()));
}

void SimServer::putWorker(const HttpRequest &req, HttpConnection *conn, SimWorker *w)
{
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    if (!body.value("name"_L1).isString())  // WorkerUpdate.name is required
        return sendError(conn, 422, u"Field required: name"_s);
    if (body.contains("labels"_L1)) {
        w->spec.labels.clear();
        const QJsonObject labels = body.value("labels"_L1).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            w->spec.labels.insert(it.key(), it.value().toString());
        workerChanged(w, w->state);
    }
    if (body.contains("maintenance"_L1) && m_api == ApiVersion::V2) {
        const QJsonObject m = body.value("maintenance"_L1).toObject();
        Q_EMIT maintenanceRequested(w->id, m.value("enabled"_L1).toBool(), m.value("message"_L1).toString());
    }
    sendJson(conn, 200, workerBytes(*w));
}

// DELETE /v2/workers/{id} (gpustack/routes/workers.py delete_worker): the handler returns
// None, so FastAPI answers 200 with the body `null`. Soft delete (state `deleting`) is only for
// cloud-provisioned workers (external_id set); the simulator's workers are standalone: gone.
void SimServer::deleteWorker(HttpConnection *conn, SimWorker *w)
{
    const qint64 id = w->id;
    Q_EMIT deleteRequested(id);
    if (worker(id))
        removeWorker(id);
    sendJson(conn, 200, "null"_ba);
}

void SimServer::authConfig(HttpConnection *conn)
{
    QJsonObject o;
    if (m_authConfig.type == AuthConfig::Type::Oidc)
        o = {{"is_oidc"_L1, true}, {"is_saml"_L1, false}};
    else if (m_authConfig.type == AuthConfig::Type::Saml)
        o = {{"is_oidc"_L1, false}, {"is_saml"_L1, true}};
    if (m_authConfig.firstTimeSetup) {
        // Non-containerized form of _get_initial_password_command.
        o["first_time_setup"_L1] = true;
        o["get_initial_password_command"_L1] = u"cat /var/lib/gpustack/initial_admin_password"_s;
    }
    sendJson(conn, 200, compact(o));
}

// ---- watch ----

void SimServer::startWatch(const HttpRequest &req, HttpConnection *conn, Resource resource)
{
    conn->beginStream(200, "text/event-stream"_ba);
    Watcher watcher;
    watcher.connection = conn;
    watcher.resource = resource;
    watcher.filter = req.query;
    watcher.keepAlive = new QTimer(conn);
    watcher.keepAlive->setInterval(m_keepAliveMs);
    // Idle keep-alive: a bare "\n\n" (ActiveRecordMixin.subscribe heartbeat_interval).
    connect(watcher.keepAlive, &QTimer::timeout, conn, [conn] { conn->writeChunk("\n\n"_ba); });
    // Never erase while a publish loop may be iterating: forget the connection now, drop
    // the entry on the next event-loop pass.
    connect(conn, &HttpConnection::closed, this, [this, conn] {
        for (Watcher &w : m_watchers) {
            if (w.connection == conn)
                w.connection = nullptr;
        }
        QTimer::singleShot(
            0, this, [this] { std::erase_if(m_watchers, [](const Watcher &w) { return !w.connection; }); });
    });
    m_watchers.push_back(watcher);
    Watcher &added = m_watchers.back();
    // Replay every existing row as CREATED (replay_existing=True).
    if (resource == Resource::Workers) {
        for (const auto &w : m_workers) {
            if (workerMatches(*w, req.query))
                sendEvent(added, 1, workerBytes(*w), "{}"_ba, w->id);
        }
    } else {
        for (const QJsonObject &row : rows(resource, req.query))
            sendEvent(added, 1, compact(row), "{}"_ba, row.value("id"_L1));
    }
    watcher.keepAlive->start();
}

void SimServer::sendEvent(
    Watcher &watcher, int type, const QByteArray &data, const QByteArray &changedFields, const QJsonValue &id)
{
    HttpConnection *conn = watcher.connection;
    if (!conn)
        return;
    if (conn->pendingBytes() > kMaxWatcherBacklog) {
        qCWarning(lcSim) << "closing a watch stream whose client stopped reading";
        watcher.connection = nullptr;
        conn->abort();
        return;
    }
    QByteArray event;
    event.reserve(data.size() + 64);
    event += "{\"type\":" + QByteArray::number(type) + ",\"data\":" + data;
    if (m_api == ApiVersion::V2) {
        event += ",\"changed_fields\":" + changedFields + ",\"id\":";
        event += id.isString() ? "\"" + id.toString().toUtf8() + "\"" : QByteArray::number(id.toInteger());
    }
    event += "}\n\n";
    conn->writeChunk(event);
    if (watcher.keepAlive)
        watcher.keepAlive->start();  // restart the idle period
}

void SimServer::publish(Resource resource, int type, const QJsonObject &row, const QByteArray &rowBytes,
    const QByteArray &changedFields, const QJsonValue &id)
{
    for (Watcher &watcher : m_watchers) {
        if (watcher.resource == resource && objectMatches(resource, row, watcher.filter))
            sendEvent(watcher, type, rowBytes, changedFields, id);
    }
}

}  // namespace parallax::sim

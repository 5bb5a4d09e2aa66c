#pragma once

#include "scenario.h"
#include "simhttp.h"
#include "simjson.h"
#include "simworker.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>
#include <vector>

namespace parallax {
class Clock;
}

namespace parallax::sim {

struct SimCredentials {
    QString username = QStringLiteral("admin");
    QString password;
    QString apiKey;  // scope ["*"]
    QString inferenceApiKey;  // scope ["inference"]: 403 on every management route
};

// The simulated GPUStack server: the REST API of ref §2–§5 over HttpServer, the rows it
// serves, and watch streams with GPUStack's framing (ref §3.2). State rules and probing live
// in SimCluster; this class stores, serves and publishes changes.
class SimServer : public QObject {
    Q_OBJECT
public:
    SimServer(const Clock *clock, ApiVersion api, const QString &serverVersion, QObject *parent = nullptr);
    ~SimServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_http.errorString(); }
    quint16 port() const { return m_http.port(); }
    void close();

    ApiVersion apiVersion() const { return m_api; }
    const SimCredentials &credentials() const { return m_credentials; }
    void setCredentials(const SimCredentials &c) { m_credentials = c; }
    void setKeepAliveMs(int ms) { m_keepAliveMs = ms; }
    int keepAliveMs() const { return m_keepAliveMs; }
    void setClockSkewMs(qint64 ms) { m_skewMs = ms; }
    // GET /auth/config answers (gpustack/routes/auth.py get_auth_config).
    void setAuthConfig(const AuthConfig &config) { m_authConfig = config; }
    // DELETED watch events carry only {"id":N} (GPUStack may send id-only data, ref §3.2); a
    // filtered watch then does not receive them, as GPUStack's field match fails on a bare id.
    void setIdOnlyDeletes(bool idOnly) { m_idOnlyDeletes = idOnly; }

    // Rows. The server owns them; SimCluster mutates them and then calls the *Changed methods.
    SimClusterRow &addCluster(const ScenarioCluster &spec);
    SimWorker &addWorker(std::unique_ptr<SimWorker> worker);
    SimModelInstance &addInstance(const SimModelInstance &instance);
    void removeInstance(qint64 id);
    // Hard delete (a worker without external_id, gpustack/routes/workers.py delete_worker):
    // its model instances and GPU rows go too, each with a DELETED event, then the worker's
    // own DELETED event. The row is destroyed: pointers to it are invalid afterwards.
    void removeWorker(qint64 id);
    SimWorker *worker(qint64 id) const;
    SimWorker *workerByName(const QString &name) const;
    const std::vector<std::unique_ptr<SimWorker>> &workers() const { return m_workers; }
    QList<SimModelInstance *> instancesOf(qint64 workerId);

    // Publishes UPDATED events (coalesced until the event loop runs) and refreshes the
    // cluster counters. `oldState` feeds changed_fields.
    void workerChanged(SimWorker *worker, const QString &oldState);
    void instanceChanged(SimModelInstance *instance);

    // Recounts workers / ready_workers / gpus / models per cluster; UPDATED when changed.
    void refreshClusters();
    int watcherCount() const { return int(m_watchers.size()); }

Q_SIGNALS:
    // A client changed maintenance with PUT /v2/workers/{id}: SimCluster recomputes state.
    void maintenanceRequested(qint64 workerId, bool enabled, const QString &message);
    // A client sent DELETE /v2/workers/{id}. Emitted before the row goes: SimCluster stops the
    // worker's endpoint and calls removeWorker(); without a receiver the server removes it itself.
    void deleteRequested(qint64 workerId);

private:
    enum class Resource { Workers, Clusters, GpuDevices, ModelInstances };
    enum class Access { None, Full, Inference, BadCredentials };
    struct Watcher {
        QPointer<HttpConnection> connection;
        Resource resource;
        QUrlQuery filter;
        QTimer *keepAlive = nullptr;
    };

    void handle(const HttpRequest &req, HttpConnection *conn);
    void handleApi(const HttpRequest &req, HttpConnection *conn, const QString &rest);
    Access authenticate(const HttpRequest &req) const;
    void sendError(HttpConnection *conn, int status, const QString &message,
        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    void sendJson(HttpConnection *conn, int status, const QByteArray &body,
        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    void login(const HttpRequest &req, HttpConnection *conn);

    void listWorkers(const HttpRequest &req, HttpConnection *conn);
    void listGeneric(const HttpRequest &req, HttpConnection *conn, Resource resource);
    void putWorker(const HttpRequest &req, HttpConnection *conn, SimWorker *worker);
    void deleteWorker(HttpConnection *conn, SimWorker *worker);
    void authConfig(HttpConnection *conn);
    QList<QJsonObject> rows(Resource resource, const QUrlQuery &filter) const;
    bool workerMatches(const SimWorker &w, const QUrlQuery &filter) const;
    bool objectMatches(Resource resource, const QJsonObject &o, const QUrlQuery &filter) const;
    const QByteArray &workerBytes(SimWorker &w);

    void startWatch(const HttpRequest &req, HttpConnection *conn, Resource resource);
    void sendEvent(
        Watcher &watcher, int type, const QByteArray &data, const QByteArray &changedFields, const QJsonValue &id);
    void publish(Resource resource, int type, const QJsonObject &row, const QByteArray &rowBytes,
        const QByteArray &changedFields, const QJsonValue &id);
    void flushPending();

    const Clock *m_clock;
    ApiVersion m_api;
    QString m_serverVersion;
    HttpServer m_http;
    SimCredentials m_credentials;
    QHash<QByteArray, qint64> m_sessions;  // token → expiry (ms)
    int m_keepAliveMs = 15000;
    qint64 m_skewMs = 0;
    AuthConfig m_authConfig;
    bool m_idOnlyDeletes = false;

    std::vector<SimClusterRow> m_clusters;
    std::vector<std::unique_ptr<SimWorker>> m_workers;
    QHash<qint64, SimWorker *> m_workerById;
    QHash<QString, SimWorker *> m_workerByName;
    std::vector<SimModelInstance> m_instances;
    std::vector<Watcher> m_watchers;
    QHash<qint64, QString> m_pendingWorkers;  // id → state before the first pending change
    QSet<qint64> m_pendingInstances;
    bool m_flushScheduled = false;
    qint64 m_startMs;
};

}  // namespace parallax::sim

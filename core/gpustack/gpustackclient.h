#pragma once

#include "base/result.h"
#include "gpustack/apisession.h"
#include "gpustack/apitransport.h"
#include "gpustack/pagedlisting.h"
#include "gpustack/resources.h"
#include "gpustack/serverendpoint.h"
#include "gpustack/sharedrun.h"
#include "gpustack/worker.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QNetworkCookie>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace parallax {

class ServerVersion;

// What GET /version and the credential check found out about a server.
struct ServerInfo {
    QString version;  // as the server spelled it ("v2.2.3"); empty if /version did not answer
    QString gitCommit;
    ApiVersion api = ApiVersion::Auto;  // the prefix in use (/v2 or /v1)
    QString userName;  // from users/me, when checked
    QStringList warnings;  // translated: untested version, X-API-Key downgraded, Basic fallback…
};

// The GPUStack REST API of one server, asynchronous and on the event loop.
//
//   auto *client = new GpuStackClient(nam, this);
//   client->setEndpoint(endpoint);           // URL, auth mode + secret, TLS, proxy, API version
//   client->checkConnection(this, [](Result<ServerInfo> r) { … r.error().message … });
//   client->listWorkers({}, this, [](Result<QList<Worker>> r) { … });
//
// Every callback takes a context object: it is not called once the context is destroyed.
// Destroying the client aborts its requests; their callbacks are not called either.
// The client detects the API version (GET /version, then which routes answer) and logs in
// (password mode) on first use, re-logging in once when the session cookie expires (401).
// Redirects are followed only within the same origin (scheme, host, port), so credentials
// are never sent to another host. Replies larger than maxReplyBytes() are aborted.
//
// The client configures the proxy of the QNetworkAccessManager it is given: give each server
// its own manager (they are cheap) when profiles use different proxies.
//
// A facade over the parts that each do one thing: ApiTransport (sending, limits, redirects),
// ApiSession (credentials, login), tlspolicy.h, proxychoice.h, serverdetection.h (version and
// API prefix), pagedlisting.h, errorwording.h (what a person reads) and serverclock.h.
class GpuStackClient : public QObject {
    Q_OBJECT
public:
    template<typename T> using Callback = std::function<void(Result<T>)>;

    explicit GpuStackClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~GpuStackClient() override;

    void setEndpoint(const ServerEndpoint &endpoint);  // forgets detection and session
    const ServerEndpoint &endpoint() const { return m_endpoint; }
    QUrl serverUrl() const { return m_endpoint.url; }

    // Per-request inactivity timeout (QNetworkRequest::setTransferTimeout). Default 30 s.
    void setTimeoutMs(int ms) { m_transport.limits().timeoutMs = ms; }
    int timeoutMs() const { return m_transport.limits().timeoutMs; }
    // Whole-request deadline, from sending to the last byte: a server that trickles its answer
    // (a byte a second keeps an inactivity timeout from firing forever) or streams an endless
    // slow body fails with Timeout after this long. Default 60 s: one page of 100 workers is
    // under 1 MB (the largest fixture row is 10 KB), seconds even on a slow VPN. Not applied to
    // openStream(): a watch stream lives on, guarded by its keep-alive window. Never shorter
    // than timeoutMs(); 0 turns it off.
    void setDeadlineMs(int ms) { m_transport.limits().deadlineMs = ms; }
    int deadlineMs() const { return m_transport.limits().deadlineMs; }
    // Largest reply accepted; bigger ones are aborted as they arrive and fail with ReplyTooLarge,
    // so memory stays near the cap whatever the server sends. Default 16 MiB: 16 times the
    // largest page a GPUStack server sends (100 rows of at most ~10 KB; v0.x caps perPage at 100).
    void setMaxReplyBytes(qint64 bytes) { m_transport.limits().maxReplyBytes = bytes; }
    qint64 maxReplyBytes() const { return m_transport.limits().maxReplyBytes; }
    // Page size used when walking list endpoints. Default 100 (v0.x caps perPage at 100).
    void setPageSize(int perPage) { m_listLimits.pageSize = qMax(1, perPage); }
    // The most one listing reads over all its pages: entries, and reply bytes. A server that
    // claims more pages than that (totalPage, total), keeps adding pages, or sends a page
    // with more entries than asked ends the listing with an error instead of filling memory.
    // Defaults: 200,000 entries and 256 MiB, 20 times the 10,000 workers of the soak test;
    // a worker row is 0.4–10 KB (the fixtures), so 10,000 of the largest are ~100 MB.
    static constexpr qint64 kDefaultMaxListItems = 200'000;
    static constexpr qint64 kDefaultMaxListBytes = 256LL * 1024 * 1024;
    void setMaxListing(qint64 items, qint64 bytes)
    {
        m_listLimits.maxItems = qMax<qint64>(1, items);
        m_listLimits.maxBytes = qMax<qint64>(1, bytes);
    }

    // The API prefix in use: the override, or what detection found (Auto until detected).
    ApiVersion apiVersion() const { return m_api; }
    const ServerInfo &serverInfo() const { return m_info; }
    // The server's clock − this machine's, measured from the Date header of its replies (±1 s:
    // the header has whole seconds). nullopt until a reply carried one.
    std::optional<qint64> serverClockOffsetMs() const { return m_clockOffsetMs; }

    // GET /version (no credentials) and route detection. Cached after the first success.
    void detectServer(QObject *context, Callback<ServerInfo> done);
    // The connect dialog's question: do URL, credentials and permissions work? Answers with a
    // precise error: Unauthorized (wrong key / password), Forbidden (key without management
    // scope, non-admin on v0.x), NotGpuStack, TlsFailure, ConnectionRefused, Timeout, …
    void checkConnection(QObject *context, Callback<ServerInfo> done);

    // Lists, walked page by page to the end (perPage = pageSize), de-duplicated by id.
    void listWorkers(const ListFilter &filter, QObject *context, Callback<QList<Worker>> done);
    void listClusters(const ListFilter &filter, QObject *context, Callback<QList<Cluster>> done);
    void listGpuDevices(const ListFilter &filter, QObject *context, Callback<QList<GpuDeviceRow>> done);
    void listModelInstances(const ListFilter &filter, QObject *context, Callback<QList<ModelInstance>> done);

    // GET <prefix>/<resource>?<query> as JSON (e.g. resource "workers/3").
    void getJson(const QString &resource, const QUrlQuery &query, QObject *context, Callback<QJsonDocument> done);

    // Opens GET <prefix>/<resource>?watch=true&<filters> with credentials, TLS pinning and no
    // transfer timeout (the caller watches the keep-alive). The caller owns the reply.
    QNetworkReply *openStream(const QString &resource, const ListFilter &filter);
    // Call when a stream was refused with 401: the session cookie is dropped so that the
    // next request logs in again.
    void invalidateSession();

    // Maps a finished/failed reply to an Error (transport, TLS, HTTP status), for streams.
    Error errorForReply(QNetworkReply *reply) const;

Q_SIGNALS:
    // A translated warning a person should see (untested server version, auth downgrade).
    void warning(const QString &message);
    // The measured clock offset to the server, when first known and when it moves by a second
    // or more.
    void serverClockOffsetChanged(qint64 offsetMs);

private:
    void login(std::function<void(Result<void>)> done);
    void ensureReady(std::function<void(Result<ServerInfo>)> done);
    void runReadiness(std::function<void(Result<ServerInfo>)> done);
    void afterDetection(std::function<void(Result<ServerInfo>)> done);
    void decideApi(const ServerVersion &version, ApiVersion api);
    void fetchJson(const QUrl &url, std::function<void(Result<QJsonDocument>)> done, bool authenticated = true);
    // fetchJson, also telling the size of the reply body (0 on an error).
    void fetchJsonSized(
        const QUrl &url, std::function<void(Result<QJsonDocument>, qint64 bytes)> done, bool authenticated = true);
    QUrl apiUrl(const QString &resource, const QUrlQuery &query = {}) const;
    QUrl rootUrl(const QString &path) const;
    void addWarning(const QString &text);
    void noteServerDate(const QNetworkReply *reply);

    template<typename T>
    void listTyped(const QString &resource, const ListFilter &filter, QObject *context, Callback<QList<T>> done,
        Result<T> (*parse)(const QJsonObject &));

    QNetworkAccessManager *m_network;
    ServerEndpoint m_endpoint;
    ApiSession m_session;
    ApiTransport m_transport;
    ListLimits m_listLimits{100, kDefaultMaxListItems, kDefaultMaxListBytes};
    ApiVersion m_api = ApiVersion::Auto;
    bool m_detected = false;
    ServerInfo m_info;
    std::optional<qint64> m_clockOffsetMs;
    SharedRun<Result<ServerInfo>> m_readiness;
    SharedRun<Result<void>> m_login;
};

}  // namespace parallax

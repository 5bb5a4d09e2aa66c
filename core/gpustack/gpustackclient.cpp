#include "gpustackclient.h"

#include "base/logging.h"
#include "gpustack/errorwording.h"
#include "gpustack/jsonread.h"
#include "gpustack/proxychoice.h"
#include "gpustack/serverclock.h"
#include "gpustack/serverdetection.h"
#include "gpustack/serverversion.h"
#include "gpustack/workerjson.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax {

GpuStackClient::GpuStackClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_transport(network, this, m_session)
{
    Q_ASSERT(network);
    m_transport.setRelogin([this](std::function<void(Result<void>)> done) { login(std::move(done)); });
    m_transport.setHeadersSeen([this](const QNetworkReply *reply) { noteServerDate(reply); });
}

GpuStackClient::~GpuStackClient() = default;

void GpuStackClient::setEndpoint(const ServerEndpoint &endpoint)
{
    m_endpoint = endpoint;
    m_api = endpoint.apiVersion;
    m_detected = false;
    m_session.reset(endpoint);
    m_info = {};
    m_transport.setEndpoint(endpoint);
    applyProxyChoice(m_network, endpoint.proxy);
    // Callers still waiting for the old server's detection hear that it was cancelled.
    for (const auto &w : m_login.takeWaiters())
        QTimer::singleShot(0, this, [w]() { w(describeEndpointChanged(u"endpoint changed during login"_s)); });
    for (const auto &w : m_readiness.takeWaiters())
        QTimer::singleShot(0, this, [w]() { w(describeEndpointChanged(u"endpoint changed"_s)); });
}

QUrl GpuStackClient::rootUrl(const QString &path) const
{
    QUrl url = m_endpoint.url;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QUrl GpuStackClient::apiUrl(const QString &resource, const QUrlQuery &query) const
{
    QUrl url = rootUrl(apiPrefix(m_api) + u'/' + resource);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

Error GpuStackClient::errorForReply(QNetworkReply *reply) const
{
    return describeNetworkFailure(reply, timeoutMs(), m_endpoint);
}

void GpuStackClient::fetchJson(const QUrl &url, std::function<void(Result<QJsonDocument>)> done, bool authenticated)
{
    fetchJsonSized(
        url, [done](Result<QJsonDocument> doc, qint64) { done(std::move(doc)); }, authenticated);
}

void GpuStackClient::fetchJsonSized(
    const QUrl &url, std::function<void(Result<QJsonDocument>, qint64)> sized, bool authenticated)
{
    auto call = std::make_shared<ApiCall>();
    call->url = url;
    call->authenticated = authenticated;
    m_transport.send(call, [this, sized](Result<RawReply> r) {
        if (!r.ok()) {
            sized(r.error(), 0);
            return;
        }
        const RawReply &raw = r.value();
        if (raw.status != 200) {
            sized(describeHttpStatus(raw.status, raw.body, raw.url, m_endpoint), 0);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = parseServerJson(raw.body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            sized(describeUnreadableBody(raw.body, raw.contentType, raw.url, parseError), 0);
            return;
        }
        sized(doc, raw.body.size());
    });
}

void GpuStackClient::addWarning(const QString &text)
{
    if (m_info.warnings.contains(text))
        return;
    m_info.warnings.append(text);
    qCWarning(lcGpustack).noquote() << logSafe(text);
    Q_EMIT warning(text);
}

void GpuStackClient::detectServer(QObject *context, Callback<ServerInfo> done)
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([ctx, done](Result<ServerInfo> r) {
        if (ctx)
            done(std::move(r));
    });
}

void GpuStackClient::ensureReady(std::function<void(Result<ServerInfo>)> done)
{
    if (m_detected && !m_session.needsLogin()) {
        done(m_info);
        return;
    }
    // One detection/login at a time: concurrent callers (a list and a watch) wait for it.
    if (!m_readiness.join(std::move(done)))
        return;
    const quint64 generation = m_transport.generation();
    runReadiness([this, generation](Result<ServerInfo> r) {
        if (generation == m_transport.generation())  // else setEndpoint() already answered the waiters
            m_readiness.finish(r);
    });
}

void GpuStackClient::runReadiness(std::function<void(Result<ServerInfo>)> done)
{
    if (m_detected) {
        afterDetection(done);
        return;
    }
    const quint64 generation = m_transport.generation();
    // /version needs no credentials (ref §3): none are sent before we know it is GPUStack.
    fetchJson(
        rootUrl(u"/version"_s),
        [this, done, generation](Result<QJsonDocument> r) {
            if (generation != m_transport.generation()) {
                done(describeEndpointChanged(u"endpoint changed during detection"_s));
                return;
            }
            const Result<VersionReply> reply = readVersionReply(r, m_endpoint);
            if (!reply.ok()) {
                done(reply.error());
                return;
            }
            m_info.version = reply->version;
            m_info.gitCommit = reply->gitCommit;
            const ServerVersion version(reply->version);
            const ApiChoice choice = chooseApi(version, m_endpoint.apiVersion);
            if (!choice.warning.isEmpty())
                addWarning(choice.warning);
            if (choice.api) {
                decideApi(version, *choice.api);
                afterDetection(done);
                return;
            }
            // Ask which prefix exists: an unauthenticated users/me is 401 where the route exists.
            auto probe = std::make_shared<ApiCall>();
            probe->url = rootUrl(u"/v2/users/me"_s);
            probe->authenticated = false;
            m_transport.send(probe, [this, version, done](Result<RawReply> routes) {
                if (!routes.ok()) {
                    done(routes.error());
                    return;
                }
                decideApi(version, apiFromRouteProbe(routes->status));
                afterDetection(done);
            });
        },
        false);
}

void GpuStackClient::decideApi(const ServerVersion &version, ApiVersion api)
{
    m_api = api;
    m_info.api = api;
    if (!acceptsHeaderKey(api, version) && m_session.downgradeHeaderKey())
        addWarning(headerKeyDowngradeWarning(version));
    m_detected = true;
}

void GpuStackClient::afterDetection(std::function<void(Result<ServerInfo>)> done)
{
    if (!m_session.needsLogin()) {
        done(m_info);
        return;
    }
    login([this, done](Result<void> r) {
        if (!r.ok())
            done(r.error());
        else
            done(m_info);
    });
}

void GpuStackClient::login(std::function<void(Result<void>)> done)
{
    // Requests that meet an expired session at the same time share one login.
    if (!m_login.join(std::move(done)))
        return;
    const quint64 generation = m_transport.generation();
    m_transport.send(std::make_shared<ApiCall>(m_session.loginCall(rootUrl(u"/auth/login"_s))),
        [this, generation](Result<RawReply> r) {
            if (generation != m_transport.generation())
                return;
            if (!r.ok()) {
                m_login.finish(r.error());
                return;
            }
            bool basicFallback = false;
            const Result<void> in = m_session.takeLoginReply(r.value(), m_endpoint, &basicFallback);
            if (basicFallback)
                addWarning(tr("This server has no /auth/login; Parallax uses HTTP Basic authentication "
                              "instead."));
            m_login.finish(in);
        });
}

void GpuStackClient::invalidateSession()
{
    m_session.dropCookie();
}

void GpuStackClient::checkConnection(QObject *context, Callback<ServerInfo> done)
{
    QPointer<QObject> ctx(context ? context : this);
    auto finish = [ctx, done](Result<ServerInfo> r) {
        if (ctx)
            done(std::move(r));
    };
    ensureReady([this, finish](Result<ServerInfo> r) {
        if (!r.ok()) {
            finish(r);
            return;
        }
        // Cheap credential check (ref §2), then one worker row: v0.x and v2.0–2.1 make the
        // worker list admin-only, and an inference-only key gets 403 on every /v2 route.
        fetchJson(apiUrl(u"users/me"_s), [this, finish](Result<QJsonDocument> me) {
            if (!me.ok()) {
                finish(me.error());
                return;
            }
            m_info.userName = me.value().object().value(u"username"_s).toString();
            fetchJson(apiUrl(u"workers"_s, listQuery({}, m_api, 1, 1)), [this, finish](Result<QJsonDocument> list) {
                if (!list.ok()) {
                    finish(list.error());
                    return;
                }
                const Result<ListPage> page = listPageFromJson(list.value());
                if (!page.ok()) {
                    finish(page.error());
                    return;
                }
                finish(m_info);
            });
        });
    });
}

void GpuStackClient::getJson(
    const QString &resource, const QUrlQuery &query, QObject *context, Callback<QJsonDocument> done)
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([this, resource, query, ctx, done](Result<ServerInfo> r) {
        if (!r.ok()) {
            if (ctx)
                done(r.error());
            return;
        }
        fetchJson(apiUrl(resource, query), [ctx, done](Result<QJsonDocument> d) {
            if (ctx)
                done(std::move(d));
        });
    });
}

template<typename T>
void GpuStackClient::listTyped(const QString &resource, const ListFilter &filter, QObject *context,
    Callback<QList<T>> done, Result<T> (*parse)(const QJsonObject &))
{
    QPointer<QObject> ctx(context ? context : this);
    ensureReady([this, resource, filter, ctx, done, parse](Result<ServerInfo> r) {
        if (!r.ok()) {
            if (ctx)
                done(r.error());
            return;
        }
        struct Listing {
            QList<T> items;
            QSet<QString> seen;  // rows created while walking shift pages (created_at DESC)
        };
        auto listing = std::make_shared<Listing>();
        auto onItem = [resource, listing, parse](const QJsonObject &o) {
            const QString key = o.value(u"id"_s).toVariant().toString();
            if (listing->seen.contains(key))
                return;
            Result<T> item = parse(o);
            if (!item.ok()) {
                qCWarning(lcGpustack).noquote() << "skipping a" << resource << "row:" << logSafe(item.error().detail);
                return;
            }
            listing->seen.insert(key);
            listing->items.append(std::move(item).value());
        };
        const PageFetch fetch = [this, resource](const QUrlQuery &query, auto fetched) {
            fetchJsonSized(apiUrl(resource, query), std::move(fetched));
        };
        walkPages(fetch, resource, filter, m_api, m_listLimits, onItem, [ctx, done, listing](Result<void> walked) {
            if (!ctx)
                return;
            if (!walked.ok()) {
                done(walked.error());
                return;
            }
            done(std::move(listing->items));
        });
    });
}

void GpuStackClient::listWorkers(const ListFilter &filter, QObject *context, Callback<QList<Worker>> done)
{
    listTyped<Worker>(u"workers"_s, filter, context, std::move(done), &workerFromJson);
}

void GpuStackClient::listClusters(const ListFilter &filter, QObject *context, Callback<QList<Cluster>> done)
{
    listTyped<Cluster>(u"clusters"_s, filter, context, std::move(done), &clusterFromJson);
}

void GpuStackClient::listGpuDevices(const ListFilter &filter, QObject *context, Callback<QList<GpuDeviceRow>> done)
{
    listTyped<GpuDeviceRow>(u"gpu-devices"_s, filter, context, std::move(done), &gpuDeviceRowFromJson);
}

void GpuStackClient::listModelInstances(const ListFilter &filter, QObject *context, Callback<QList<ModelInstance>> done)
{
    listTyped<ModelInstance>(u"model-instances"_s, filter, context, std::move(done), &modelInstanceFromJson);
}

QNetworkReply *GpuStackClient::openStream(const QString &resource, const ListFilter &filter)
{
    ApiCall call;
    call.url = apiUrl(resource, watchQuery(filter, m_api));
    call.stream = true;
    QNetworkReply *reply = m_transport.start(call);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { noteServerDate(reply); });
    return reply;
}

void GpuStackClient::noteServerDate(const QNetworkReply *reply)
{
    const std::optional<qint64> offset =
        clockOffsetFromDate(reply->rawHeader("Date"), QDateTime::currentMSecsSinceEpoch());
    if (!offset || (m_clockOffsetMs && qAbs(*offset - *m_clockOffsetMs) < 1000))
        return;
    m_clockOffsetMs = offset;
    Q_EMIT serverClockOffsetChanged(*offset);
}

}  // namespace parallax

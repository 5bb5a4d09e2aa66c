#include "clusterwatch.h"

#include "base/logging.h"
#include "gpustack/watchevents.h"

using namespace Qt::StringLiterals;

namespace parallax {

static_assert(int(ClusterWatch::ConnectionState::Unsupported) == int(ResourceWatch::State::Unsupported)
        && int(ClusterWatch::ConnectionState::Listed) == int(ResourceWatch::State::Listed),
    "ClusterWatch::ConnectionState mirrors ResourceWatch::State");

ClusterWatch::ClusterWatch(GpuStackClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_stream(client, u"clusters"_s, hooks(), this)
{
    m_stream.setOptions(m_options);
}

ClusterWatch::~ClusterWatch() = default;

Error ClusterWatch::noClustersError() const
{
    return Error{ErrorCode::NotFound,
        tr("This server runs GPUStack v0.x, which has no clusters (they arrived with v2). Its workers "
           "are still shown."),
        u"clusters: v0.x server (/v1 prefix)"_s};
}

ResourceWatch::Hooks ClusterWatch::hooks()
{
    ResourceWatch::Hooks h;
    h.list = [this](QObject *context, ResourceWatch::Listed done) {
        const auto unsupported = [this, done]() {
            done(ResourceWatch::ListOutcome::Unsupported, noClustersError(), [this]() { Q_EMIT snapshot({}); });
        };
        if (m_client->apiVersion() == ApiVersion::V0) {
            unsupported();
            return;
        }
        m_client->listClusters(m_options.filter, context, [this, done, unsupported](Result<QList<Cluster>> r) {
            // The first request may be the one that detects the version (GpuStackClient decides it
            // from GET /version and the routes that answer).
            if (m_client && m_client->apiVersion() == ApiVersion::V0) {
                unsupported();
                return;
            }
            if (!r.ok()) {
                done(ResourceWatch::ListOutcome::Failed, r.error(), {});
                return;
            }
            done(ResourceWatch::ListOutcome::Listed, Error{ErrorCode::None, {}, {}},
                [this, clusters = r.value()]() { Q_EMIT snapshot(clusters); });
        });
    };
    h.event = [this](int type, const QJsonObject &event) {
        if (type == watchevents::Created || type == watchevents::Updated) {
            Result<Cluster> c = clusterFromJson(event.value(u"data"_s).toObject());
            if (!c.ok()) {
                qCWarning(lcGpustack).noquote() << "ignoring cluster watch event:" << logSafe(c.error().detail);
                return;
            }
            Q_EMIT upserted(c.value());
        } else if (type == watchevents::Deleted) {
            if (const std::optional<qint64> id = watchevents::deletedId(event))
                Q_EMIT removed(*id);
            else
                qCWarning(lcGpustack) << "ignoring a cluster DELETED event without id";
        }
    };
    h.stateChanged = [this](ResourceWatch::State state, const Error &error) {
        Q_EMIT connectionStateChanged(ConnectionState(int(state)), error);
    };
    h.silentError = [](int keepAliveWindowMs) {
        return Error{ErrorCode::Timeout,
            tr("The server's cluster watch stream went silent for more than %1 s (GPUStack sends a "
               "keep-alive every 15 s). Reconnecting.")
                .arg(keepAliveWindowMs / 1000.0, 0, 'g', 3),
            u"clusters: no bytes within keep-alive window of %1 ms"_s.arg(keepAliveWindowMs)};
    };
    h.endedError = []() {
        return Error{ErrorCode::ConnectionReset,
            tr("The server closed the cluster watch stream. Reconnecting and listing the clusters again."),
            u"cluster watch stream ended"_s};
    };
    return h;
}

}  // namespace parallax

#include "workerwatch.h"

#include "base/logging.h"
#include "gpustack/watchevents.h"
#include "gpustack/workerjson.h"

using namespace Qt::StringLiterals;

namespace parallax {

static_assert(int(WorkerWatch::ConnectionState::Reconnecting) == int(ResourceWatch::State::Reconnecting)
        && int(WorkerWatch::ConnectionState::Listed) == int(ResourceWatch::State::Listed),
    "WorkerWatch::ConnectionState mirrors ResourceWatch::State (but Unsupported)");

WorkerWatch::WorkerWatch(GpuStackClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_stream(client, u"workers"_s, hooks(), this)
{
    m_stream.setOptions(m_options);
}

WorkerWatch::~WorkerWatch() = default;

ResourceWatch::Hooks WorkerWatch::hooks()
{
    ResourceWatch::Hooks h;
    h.list = [this](QObject *context, ResourceWatch::Listed done) {
        m_client->listWorkers(m_options.filter, context, [this, done](Result<QList<Worker>> r) {
            if (!r.ok()) {
                done(ResourceWatch::ListOutcome::Failed, r.error(), {});
                return;
            }
            done(ResourceWatch::ListOutcome::Listed, Error{ErrorCode::None, {}, {}},
                [this, workers = r.value()]() { Q_EMIT snapshot(workers); });
        });
    };
    h.event = [this](int type, const QJsonObject &event) {
        const QJsonObject data = event.value(u"data"_s).toObject();
        if (type == watchevents::Created || type == watchevents::Updated) {
            Result<Worker> w = workerFromJson(data);
            if (!w.ok()) {
                qCWarning(lcGpustack).noquote() << "ignoring watch event:" << logSafe(w.error().detail);
                return;
            }
            Q_EMIT upserted(w.value());
        } else if (type == watchevents::Deleted) {
            if (const std::optional<qint64> id = watchevents::deletedId(event))
                Q_EMIT removed(*id);
            else
                qCWarning(lcGpustack) << "ignoring a DELETED event without id";
        }
    };
    h.stateChanged = [this](ResourceWatch::State state, const Error &error) {
        // Unsupported never happens for workers (every GPUStack version has them).
        Q_EMIT connectionStateChanged(ConnectionState(int(state)), error);
    };
    h.silentError = [](int keepAliveWindowMs) {
        return Error{ErrorCode::Timeout,
            tr("The server's watch stream went silent for more than %1 s (GPUStack sends a keep-alive every "
               "15 s). Reconnecting.")
                .arg(keepAliveWindowMs / 1000.0, 0, 'g', 3),
            u"no bytes within keep-alive window of %1 ms"_s.arg(keepAliveWindowMs)};
    };
    h.endedError = []() {
        return Error{ErrorCode::ConnectionReset,
            tr("The server closed the watch stream. Reconnecting and listing the workers again."),
            u"watch stream ended"_s};
    };
    return h;
}

}  // namespace parallax

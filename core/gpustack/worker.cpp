#include "worker.h"

using namespace Qt::StringLiterals;

namespace parallax {

WorkerState workerStateFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return WorkerState::Unknown;
    if (t == u"ready"_s)
        return WorkerState::Ready;
    if (t == u"not_ready"_s)
        return WorkerState::NotReady;
    if (t == u"unreachable"_s)
        return WorkerState::Unreachable;
    if (t == u"maintenance"_s)
        return WorkerState::Maintenance;
    if (t == u"pending"_s)
        return WorkerState::Pending;
    if (t == u"provisioning"_s)
        return WorkerState::Provisioning;
    if (t == u"initializing"_s)
        return WorkerState::Initializing;
    if (t == u"deleting"_s)
        return WorkerState::Deleting;
    if (t == u"error"_s)
        return WorkerState::Error;
    return WorkerState::Other;
}

QString workerStateId(WorkerState state)
{
    switch (state) {
    case WorkerState::Unknown: return u"unknown"_s;
    case WorkerState::Ready: return u"ready"_s;
    case WorkerState::NotReady: return u"not_ready"_s;
    case WorkerState::Unreachable: return u"unreachable"_s;
    case WorkerState::Maintenance: return u"maintenance"_s;
    case WorkerState::Pending: return u"pending"_s;
    case WorkerState::Provisioning: return u"provisioning"_s;
    case WorkerState::Initializing: return u"initializing"_s;
    case WorkerState::Deleting: return u"deleting"_s;
    case WorkerState::Error: return u"error"_s;
    case WorkerState::Other: return u"other"_s;
    }
    return u"unknown"_s;
}

bool isProvisioningState(WorkerState state)
{
    return state == WorkerState::Pending || state == WorkerState::Provisioning || state == WorkerState::Initializing
        || state == WorkerState::Deleting || state == WorkerState::Error;
}

QString Worker::probeHost() const
{
    if (advertiseAddress && !advertiseAddress->trimmed().isEmpty())
        return advertiseAddress->trimmed();
    return ip.trimmed();
}

QUrl Worker::healthUrl() const
{
    const QString host = probeHost();
    if (host.isEmpty() || !port)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host);
    // Checked now: the next setter clears QUrl's error, and a host the server sent as
    // "<script>…" would leave a "valid" http://:10150/healthz that points at nothing.
    if (!url.isValid() || url.host().isEmpty())
        return {};
    url.setPort(*port);
    url.setPath(u"/healthz"_s);
    return url;
}

std::optional<qint64> Worker::heartbeatAgeMs(qint64 nowMs) const
{
    if (!heartbeatTime.isValid())
        return std::nullopt;
    return nowMs - heartbeatTime.toMSecsSinceEpoch();
}

}  // namespace parallax

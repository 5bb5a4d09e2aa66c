#include "simworker.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace parallax::sim {

QString heartbeatLostMessage(const std::optional<qint64> &heartbeatMs)
{
    // Text of gpustack/schemas/workers.py compute_state (ref §4.2, worker 5).
    const QString last = heartbeatMs
        ? QDateTime::fromMSecsSinceEpoch(*heartbeatMs, Qt::UTC).toString(u"yyyy-MM-dd hh:mm:ss"_s) + u" UTC"_s
        : u"unknown"_s;
    return u"Heartbeat lost (last heartbeat: %1). If the worker remains unresponsive for more than 5.0 minutes, "
           "the instances on this worker will be rescheduled automatically. If this downtime is planned "
           "maintenance, please enable maintenance mode. Otherwise, please <a "
           "href='https://docs.gpustack.ai/latest/troubleshooting/#view-gpustack-logs'>check the worker logs</a>."_s
               .arg(last);
}

QString unreachableMessage(const SimWorker &worker)
{
    return u"Server cannot access the worker's health check endpoint at http://%1:%2/healthz. Please verify the "
           "port requirements in the <a "
           "href='https://docs.gpustack.ai/latest/installation/requirements/#port-requirements'>documentation</a>"_s
               .arg(worker.probeHost(), QString::number(worker.port));
}

bool computeWorkerState(SimWorker &w, qint64 nowMs, const StateRuleTimings &timings)
{
    const QString oldState = w.state;
    const std::optional<QString> oldMessage = w.stateMessage;
    static const QStringList provisioning = {
        u"pending"_s, u"provisioning"_s, u"initializing"_s, u"deleting"_s, u"error"_s};
    if (w.maintenance) {
        w.state = u"maintenance"_s;
        w.stateMessage = w.maintenanceMessage;
    } else if (provisioning.contains(w.state)) {
        // The provisioning controller owns these states.
    } else if (w.state == u"not_ready"_s && w.stateMessage) {
        // Sticky until the worker's next status post clears state_message.
    } else if (!w.heartbeatMs || nowMs - *w.heartbeatMs > timings.heartbeatGraceMs) {
        w.state = u"not_ready"_s;
        w.stateMessage = heartbeatLostMessage(w.heartbeatMs);
    } else if (w.unreachable) {
        w.state = u"unreachable"_s;
        w.stateMessage = unreachableMessage(w);
    } else {
        w.state = u"ready"_s;
        w.stateMessage.reset();
    }
    return w.state != oldState || w.stateMessage != oldMessage;
}

}  // namespace parallax::sim

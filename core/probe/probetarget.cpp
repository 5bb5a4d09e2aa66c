#include "probetarget.h"

#include "gpustack/worker.h"

namespace parallax {

ProbeTarget probeTargetFor(const Worker &worker)
{
    ProbeTarget t;
    t.workerId = worker.id;
    t.host = worker.probeHost();
    if (worker.port && *worker.port > 0 && *worker.port <= 65535)
        t.port = quint16(*worker.port);
    if (worker.metricsPort && *worker.metricsPort > 0 && *worker.metricsPort <= 65535)
        t.metricsPort = quint16(*worker.metricsPort);
    const QString name = worker.hostname.trimmed();
    if (name.compare(t.host, Qt::CaseInsensitive) != 0)
        t.hostname = name;
    return t;
}

}  // namespace parallax

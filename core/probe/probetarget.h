#pragma once

#include <QString>
#include <QtGlobal>

namespace parallax {

struct Worker;

// What to probe for one worker: the address GPUStack's server probes, and the hostname as a
// second route when it differs (a DHCP change or a Docker bridge address shows up there).
struct ProbeTarget {
    qint64 workerId = -1;
    QString host;  // Worker::probeHost(): advertise_address, else ip (may be a name)
    quint16 port = 0;  // worker API port; 0 = unknown (not probed)
    quint16 metricsPort = 0;  // 0 = unknown or disabled (GPUStack sends -1)
    QString hostname;  // the worker's hostname; probed too when it resolves elsewhere

    bool isValid() const { return workerId >= 0 && !host.isEmpty() && port != 0; }
    bool operator==(const ProbeTarget &) const = default;
};

// The target GPUStack itself would probe (gpustack/server/worker_request.py _build_url):
// http://{advertise_address or ip}:{port}/healthz; metrics_port 10151 unless -1.
ProbeTarget probeTargetFor(const Worker &worker);

}  // namespace parallax

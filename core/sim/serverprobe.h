#pragma once

#include <QObject>
#include <QString>

#include <deque>
#include <functional>

namespace parallax::sim {

// Timings of the server's reachability check (gpustack/server/worker_request.py
// is_worker_reachable, ref §6.5, §7): all configurable so tests run them in milliseconds.
struct ProbeTimings {
    int attemptTimeoutMs = 2000;  // one GET /healthz
    int retryPauseMs = 3000;  // sleep between attempts
    int windowMs = 20000;  // give up (→ unreachable) after this long
};

struct ServerProbeTarget {
    QString host;  // advertise_address or ip, as the server builds the URL
    quint16 port = 10150;
    bool pathBlocked = false;  // the server's own network path is broken (split view)
    // Through the server's HTTP proxy (127.0.0.1:proxyPort) when non-zero: the request goes to
    // the proxy in absolute form, `GET http://host:port/healthz` (ref §7 step 3).
    quint16 proxyPort = 0;
};

// The simulated server's probe of a worker's /healthz. Loopback targets are really probed
// over TCP; any other address (a registered Docker-bridge 172.17.x, WSL 10.255.x, 0.0.0.0,
// an FQDN) fails without a packet being sent, as the real server would fail to reach it from
// here. Runs at most `maxConcurrent` probes at once so 10,000 workers don't exhaust file
// descriptors.
class ServerProbe : public QObject {
    Q_OBJECT
public:
    explicit ServerProbe(QObject *parent = nullptr);

    void setTimings(const ProbeTimings &t) { m_timings = t; }
    const ProbeTimings &timings() const { return m_timings; }
    void setMaxConcurrent(int n) { m_maxConcurrent = n; }

    // `done(reachable, detail)` is called once, later, on the event loop (unless `context` died).
    void probe(const ServerProbeTarget &target, QObject *context, std::function<void(bool, QString)> done);

private:
    struct Job {
        ServerProbeTarget target;
        QObject *context;
        std::function<void(bool, QString)> done;
    };
    void startNext();

    ProbeTimings m_timings;
    int m_maxConcurrent = 256;
    int m_running = 0;
    std::deque<Job> m_queue;
};

}  // namespace parallax::sim

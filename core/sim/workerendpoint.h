#pragma once

#include "scenario.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace parallax {
class Clock;
}

namespace parallax::sim {

class SocketReactor;

// The worker's own HTTP API (:10150: /healthz, /readyz, /version) and metrics exporter
// (:10151/metrics) as real loopback sockets, with every health failure mode a client can
// meet. Served on raw descriptors in the simulator's SocketReactor with a precomputed
// answer: the simulator must not be the probe benchmark's bottleneck.
class WorkerEndpoint : public QObject {
    Q_OBJECT
public:
    WorkerEndpoint(const Clock *clock, SocketReactor *reactor, QObject *parent = nullptr);
    ~WorkerEndpoint() override;

    // Binds the health port (and the metrics port when wanted). Port 0 = ephemeral.
    Result<void> bind(const QHostAddress &address, quint16 healthPort, quint16 metricsPort, bool metrics);
    void unbind();

    QHostAddress address() const { return m_address; }
    quint16 healthPort() const { return m_healthPort; }
    quint16 metricsPort() const { return m_metricsPort; }  // 0 when none

    void setHealth(HealthBehaviour behaviour, int slowMs = 3000, int badStatus = 503);
    HealthBehaviour health() const { return m_behaviour; }
    void setMetricsDown(bool down);
    // The metrics port drops SYNs (connect times out) instead of answering: with the health
    // port in Drop, the path from the client to this worker is down (fault client_path).
    void setMetricsDropped(bool dropped);
    void setClockSkewMs(qint64 skewMs) { m_skewMs = skewMs; }
    void setVersionJson(const QByteArray &json) { m_versionJson = json; }
    std::function<QByteArray()> metricsText;

private:
    struct Connection {
        quint64 id = 0;
        int fd = -1;
        bool metricsPort = false;
        bool waiting = false;  // a slow answer is pending
        QByteArray buffer;
    };
    int openListener(quint16 port, int backlog, int *error);
    void closeListener(int *fd);
    void applyListening();
    // A listener with a full accept queue: further SYNs are dropped.
    struct DropTrap {
        int fd = -1;
        QTcpSocket *filler = nullptr;
    };
    bool startDrop(DropTrap *trap, quint16 port);
    void stopDrop(DropTrap *trap);
    void applyMetricsListening();
    void acceptAll(int listenFd, bool metricsPort);
    void serve(Connection *c);
    void send(Connection *c, const QByteArray &bytes);
    void drop(Connection *c, bool reset = false);
    QByteArray response(int status, const QByteArray &contentType, const QByteArray &body) const;
    const QByteArray &okResponse() const;

    const Clock *m_clock;
    SocketReactor *m_reactor;
    QHostAddress m_address;
    int m_healthFd = -1;
    int m_metricsFd = -1;
    quint16 m_healthPort = 0;
    quint16 m_metricsPort = 0;
    bool m_metricsDown = false;
    HealthBehaviour m_behaviour = HealthBehaviour::Ok;
    int m_slowMs = 3000;
    int m_badStatus = 503;
    qint64 m_skewMs = 0;
    QByteArray m_versionJson;
    QHash<quint64, Connection *> m_connections;
    QHash<int, quint64> m_connectionByFd;
    quint64 m_nextConnection = 1;
    mutable QByteArray m_okCache;  // the whole 200 "ok" answer, rebuilt once per second (Date)
    mutable qint64 m_okCacheSecond = -1;
    bool m_metricsDropped = false;
    DropTrap m_healthDrop;
    DropTrap m_metricsDrop;
};

}  // namespace parallax::sim

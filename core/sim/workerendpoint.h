#pragma once

#include "scenario.h"

#include <QHostAddress>
#include <QObject>
#include <QHash>
#include <QTcpServer>

#include <functional>

class QSocketNotifier;

namespace parallax {
class Clock;
}

namespace parallax::sim {

// A listener that hands over the raw accepted descriptor: the health path serves it with
// recv/send and no QTcpSocket, so 10,000 probes cost the simulator little.
class RawListener : public QTcpServer {
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> onIncoming;

protected:
    void incomingConnection(qintptr fd) override
    {
        if (onIncoming)
            onIncoming(fd);
    }
};

// The worker's own HTTP API (:10150: /healthz, /readyz, /version) and metrics exporter
// (:10151/metrics) as real loopback sockets, with every health failure mode a client can
// meet. Answers are precomputed: the simulator must not be the probe benchmark's bottleneck.
class WorkerEndpoint : public QObject {
    Q_OBJECT
public:
    WorkerEndpoint(const Clock *clock, QObject *parent = nullptr);
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
    void setClockSkewMs(qint64 skewMs) { m_skewMs = skewMs; }
    void setVersionJson(const QByteArray &json) { m_versionJson = json; }
    std::function<QByteArray()> metricsText;

private:
    void applyListening();
    bool listenHealth();
    void closeHealth();
    bool startDrop();
    void stopDrop();
    struct Connection {
        quint64 id = 0;
        int fd = -1;
        bool metricsPort = false;
        bool waiting = false;  // a slow answer is pending
        QByteArray buffer;
        QSocketNotifier *notifier = nullptr;
    };
    void accept(qintptr fd, bool metricsPort);
    void serve(Connection *c);
    void send(Connection *c, const QByteArray &bytes);
    void drop(Connection *c, bool reset = false);
    QByteArray response(int status, const QByteArray &contentType, const QByteArray &body) const;
    const QByteArray &okResponse() const;

    const Clock *m_clock;
    RawListener m_health;
    RawListener m_metrics;
    QHash<quint64, Connection *> m_connections;
    quint64 m_nextConnection = 1;
    mutable QByteArray m_okCache;  // the whole 200 "ok" answer, rebuilt once per second (Date)
    mutable qint64 m_okCacheSecond = -1;
    QHostAddress m_address;
    quint16 m_healthPort = 0;
    quint16 m_metricsPort = 0;
    bool m_metricsWanted = false;
    bool m_metricsDown = false;
    HealthBehaviour m_behaviour = HealthBehaviour::Ok;
    int m_slowMs = 3000;
    int m_badStatus = 503;
    qint64 m_skewMs = 0;
    QByteArray m_versionJson;
    int m_dropFd = -1;                 // raw listener with a full accept queue
    QList<QTcpSocket *> m_dropFillers;  // the connections that fill that queue
};

}  // namespace parallax::sim

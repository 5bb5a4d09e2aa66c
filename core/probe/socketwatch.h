#pragma once

#include "probe/poller.h"

#include <QHash>
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace parallax {

// Something that waits on a socket (a ProbeRun).
class SocketClient {
public:
    virtual ~SocketClient() = default;
    virtual void socketReady() = 0;  // the awaited readiness (or an error) arrived
};

// Readiness of many probe sockets through one registration with the Qt event loop.
//
// Why: Qt's event dispatchers (glib and unix) poll every registered QSocketNotifier on every
// loop iteration, so with 256 probes in flight each wakeup costs O(256) before any work, and
// against a slow server most wakeups carry a single event. One Poller (epoll on Linux, poll()
// elsewhere: poller.h) behind one QSocketNotifier makes a wakeup cost what it delivers, and
// spares two QObjects per probe. Without a poller it falls back to one QSocketNotifier per socket.
class SocketWatch : public QObject {
public:
    using Interest = Poller::Interest;

    explicit SocketWatch(QObject *parent = nullptr);
    ~SocketWatch() override;

    void watch(int fd, Interest interest, SocketClient *client);  // add, or change the interest
    void unwatch(int fd);  // before closing fd

private:
    void drain();

    struct Watched {
        SocketClient *client = nullptr;
        quint32 generation = 0;  // tells a reused fd number from the socket an event was for
    };

    std::unique_ptr<Poller> m_poller;
    quint32 m_generation = 0;
    QSocketNotifier *m_pollerNotifier = nullptr;
    QHash<int, Watched> m_clients;
    QHash<int, QSocketNotifier *> m_notifiers;  // fallback without a poller
};

}  // namespace parallax

#pragma once

#include "probe/poller.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace parallax::sim {

// One readiness set for every worker socket of a simulator. Qt's event dispatcher polls
// each QSocketNotifier on every wakeup: with 10,000 listening workers that O(N) poll() was
// the simulator's whole cost per probe. Here all descriptors sit in the probe engine's poller
// (core/probe/poller.h: epoll on Linux, poll() elsewhere) behind a single QSocketNotifier;
// without one each descriptor gets its own notifier.
class SocketReactor : public QObject {
    Q_OBJECT
public:
    explicit SocketReactor(QObject *parent = nullptr);
    ~SocketReactor() override;

    // Calls `onReadable` on the event loop while `fd` is readable (level-triggered).
    void add(int fd, std::function<void()> onReadable);
    void remove(int fd);  // before closing fd

private:
    void dispatch();

    std::unique_ptr<Poller> m_poller;
    QSocketNotifier *m_notifier = nullptr;
    QHash<int, std::function<void()>> m_callbacks;
    QHash<int, QSocketNotifier *> m_fallback;
};

}  // namespace parallax::sim

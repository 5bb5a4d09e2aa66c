#include "socketreactor.h"

#include <QSocketNotifier>

#include <array>

namespace parallax::sim {

SocketReactor::SocketReactor(QObject *parent)
    : QObject(parent)
    , m_poller(makePoller())
{
    if (m_poller) {
        m_notifier = new QSocketNotifier(m_poller->wakeFd(), QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SocketReactor::dispatch);
    }
}

SocketReactor::~SocketReactor()
{
    delete m_notifier;  // before the poller closes the descriptor it watches
}

void SocketReactor::add(int fd, std::function<void()> onReadable)
{
    m_callbacks.insert(fd, std::move(onReadable));
    if (m_poller && m_poller->set(fd, Poller::Interest::Read, quint64(quint32(fd)), true))
        return;
    auto *n = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(n, &QSocketNotifier::activated, this, [this, fd] {
        const auto cb = m_callbacks.value(fd);
        if (cb)
            cb();
    });
    m_fallback.insert(fd, n);
}

void SocketReactor::remove(int fd)
{
    m_callbacks.remove(fd);
    if (QSocketNotifier *n = m_fallback.take(fd)) {
        n->setEnabled(false);
        n->deleteLater();
        return;
    }
    if (m_poller)
        m_poller->remove(fd);
}

void SocketReactor::dispatch()
{
    std::array<quint64, 256> ready;
    const int n = m_poller->ready(ready.data(), int(ready.size()));
    for (int i = 0; i < n; ++i) {
        // Looked up per event: an earlier callback of this batch may have removed it.
        const auto it = m_callbacks.constFind(int(quint32(ready[size_t(i)])));
        if (it == m_callbacks.cend())
            continue;
        const std::function<void()> cb = it.value();  // a copy: the callback may remove itself
        cb();
    }
    m_poller->rearm();
}

}  // namespace parallax::sim

#include "socketreactor.h"

#include <QSocketNotifier>

#ifdef Q_OS_LINUX
#include <sys/epoll.h>
#include <unistd.h>
#endif

namespace parallax::sim {

SocketReactor::SocketReactor(QObject *parent)
    : QObject(parent)
{
#ifdef Q_OS_LINUX
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SocketReactor::dispatch);
    }
#endif
}

SocketReactor::~SocketReactor()
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

void SocketReactor::add(int fd, std::function<void()> onReadable)
{
    m_callbacks.insert(fd, std::move(onReadable));
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        return;
    }
#endif
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
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
#endif
    if (QSocketNotifier *n = m_fallback.take(fd)) {
        n->setEnabled(false);
        n->deleteLater();
    }
}

void SocketReactor::dispatch()
{
#ifdef Q_OS_LINUX
    epoll_event events[256];
    const int n = ::epoll_wait(m_epoll, events, 256, 0);
    for (int i = 0; i < n; ++i) {
        // Looked up per event: an earlier callback of this batch may have removed it.
        const auto it = m_callbacks.constFind(events[i].data.fd);
        if (it == m_callbacks.cend())
            continue;
        const std::function<void()> cb = it.value();  // a copy: the callback may remove itself
        cb();
    }
#endif
}

}  // namespace parallax::sim

#include "socketwatch.h"

#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <unistd.h>

#ifdef Q_OS_LINUX
#include <sys/epoll.h>
#endif

namespace parallax {

SocketWatch::SocketWatch(QObject *parent)
    : QObject(parent)
{
#ifdef Q_OS_LINUX
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_epollNotifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
        connect(m_epollNotifier, &QSocketNotifier::activated, this, [this] { drain(); });
    }
#endif
}

SocketWatch::~SocketWatch()
{
    if (m_epoll >= 0) {
        delete m_epollNotifier;
        ::close(m_epoll);
    }
}

void SocketWatch::watch(int fd, Interest interest, SocketClient *client)
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        const auto it = m_clients.constFind(fd);
        const bool known = it != m_clients.cend();
        const Watched w{client, known ? it->generation : ++m_generation};
        epoll_event ev{};
        ev.events = interest == Interest::Read ? (EPOLLIN | EPOLLRDHUP) : EPOLLOUT;
        ev.data.u64 = (quint64(w.generation) << 32) | quint32(fd);
        m_clients.insert(fd, w);
        if (::epoll_ctl(m_epoll, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) == 0)
            return;
        m_clients.remove(fd);  // fall through to a notifier of its own
    }
#endif
    if (QSocketNotifier *old = m_notifiers.take(fd)) {
        old->setEnabled(false);
        old->deleteLater();  // may be inside its own activated() signal
    }
    m_clients.insert(fd, Watched{client, 0});
    auto *n = new QSocketNotifier(qintptr(fd),
                                  interest == Interest::Read ? QSocketNotifier::Read : QSocketNotifier::Write, this);
    connect(n, &QSocketNotifier::activated, this, [this, fd] {
        if (SocketClient *c = m_clients.value(fd).client)
            c->socketReady();
    });
    m_notifiers.insert(fd, n);
}

void SocketWatch::unwatch(int fd)
{
    if (!m_clients.remove(fd))
        return;
    if (QSocketNotifier *n = m_notifiers.take(fd)) {
        n->setEnabled(false);
        n->deleteLater();
        return;
    }
#ifdef Q_OS_LINUX
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
#endif
}

void SocketWatch::drain()
{
#ifdef Q_OS_LINUX
    // One batch per wakeup, never a loop until empty: new probes started from these handlers
    // become ready at once on loopback, and looping would starve timers, deferred deletes and
    // the UI. The notifier is level-triggered: what is left fires again next iteration.
    // 16 at a time: each is a whole probe landing (parse, verdict, history, the next probe
    // started), and a batch of 256 held the window for 80 ms at 10,000 workers (e2e_bench).
    std::array<epoll_event, 16> events;
    const int n = ::epoll_wait(m_epoll, events.data(), int(events.size()), 0);
    for (int i = 0; i < n; ++i) {
        // A client handled earlier in this batch may have closed this fd, and a new socket
        // may already reuse the number: the generation tells them apart.
        const quint64 data = events[size_t(i)].data.u64;
        const auto it = m_clients.constFind(int(quint32(data)));
        if (it != m_clients.cend() && it->generation == quint32(data >> 32))
            it->client->socketReady();
    }
#endif
}

}  // namespace parallax

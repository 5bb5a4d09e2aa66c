#include "poller.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX

#include <array>

#include <sys/epoll.h>
#include <unistd.h>

namespace parallax {

// Linux: one epoll set; its descriptor is readable while any member is ready.
class EpollPoller final : public Poller {
public:
    EpollPoller()
        : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    {
    }
    ~EpollPoller() override
    {
        if (m_epoll >= 0)
            ::close(m_epoll);
    }
    bool valid() const { return m_epoll >= 0; }

    const char *name() const override { return "epoll"; }
    int wakeFd() const override { return m_epoll; }

    bool set(int fd, Interest interest, quint64 token, bool added) override
    {
        epoll_event ev{};
        ev.events = interest == Interest::Read ? (EPOLLIN | EPOLLRDHUP) : EPOLLOUT;
        ev.data.u64 = token;
        return ::epoll_ctl(m_epoll, added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) == 0;
    }

    void remove(int fd) override { ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); }

    int ready(quint64 *tokens, int max) override
    {
        std::array<epoll_event, 256> events;
        const int n = ::epoll_wait(m_epoll, events.data(), qMin(max, int(events.size())), 0);
        for (int i = 0; i < n; ++i)
            tokens[i] = events[size_t(i)].data.u64;
        return qMax(n, 0);
    }

    void rearm() override { }

private:
    int m_epoll = -1;
};

std::unique_ptr<Poller> makeEpollPoller()
{
    auto poller = std::make_unique<EpollPoller>();
    if (!poller->valid())
        return nullptr;
    return poller;
}

}  // namespace parallax

#endif

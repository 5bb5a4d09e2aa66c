#include "poller.h"

#include <QHash>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace parallax {

namespace {

bool makePipe(int fds[2])
{
    if (::pipe(fds) != 0)
        return false;
    for (int i = 0; i < 2; ++i) {
        ::fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        ::fcntl(fds[i], F_SETFL, ::fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
    return true;
}

void drainPipe(int fd)
{
    char buf[64];
    while (::read(fd, buf, sizeof buf) > 0) { }
}

// POSIX poll(): no descriptor stands for a set here, so a helper thread blocks in poll() over
// the watched sockets and, when one is ready, makes a notify pipe readable for the event loop.
// The thread's poll is only a wakeup: ready() asks poll() again on the caller's thread with
// the sockets watched at that moment, so a socket closed or reused meanwhile is never reported
// for its old owner. The thread then waits for rearm(), so a ready socket not yet handled does
// not spin it; what is left after a batch wakes it again at once (level-triggered).
class PollPoller final : public Poller {
public:
    PollPoller()
    {
        m_ok = makePipe(m_wake) && makePipe(m_notify);
        if (m_ok)
            m_thread = std::thread([this] { run(); });
    }

    ~PollPoller() override
    {
        if (m_thread.joinable()) {
            {
                const std::lock_guard lock(m_mutex);
                m_stop = true;
            }
            m_cv.notify_one();
            poke();
            m_thread.join();
        }
        for (int fd : {m_wake[0], m_wake[1], m_notify[0], m_notify[1]})
            if (fd >= 0)
                ::close(fd);
    }

    bool valid() const { return m_ok; }
    const char *name() const override { return "poll"; }
    int wakeFd() const override { return m_notify[0]; }

    bool set(int fd, Interest interest, quint64 token, bool) override
    {
        const short events = interest == Interest::Read ? POLLIN : POLLOUT;
        bool wake = false;
        {
            const std::lock_guard lock(m_mutex);
            m_entries.insert(fd, {events, token});
            wake = takePoke();
        }
        if (wake)
            poke();
        return true;
    }

    void remove(int fd) override
    {
        bool wake = false;
        {
            const std::lock_guard lock(m_mutex);
            if (!m_entries.remove(fd))
                return;
            wake = takePoke();
        }
        if (wake)
            poke();
    }

    int ready(quint64 *tokens, int max) override
    {
        // Only this thread writes m_entries, so reading it here needs no lock.
        m_scratch.clear();
        m_tokens.clear();
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
            m_scratch.push_back({it.key(), it->events, 0});
            m_tokens.push_back(it->token);
        }
        if (m_scratch.empty() || ::poll(m_scratch.data(), nfds_t(m_scratch.size()), 0) <= 0)
            return 0;
        // Start where the last batch stopped, so a long queue of ready sockets is served in turn.
        const size_t size = m_scratch.size();
        int n = 0;
        for (size_t k = 0; k < size && n < max; ++k) {
            const size_t i = (m_next + k) % size;
            if (m_scratch[i].revents != 0)
                tokens[n++] = m_tokens[i];
        }
        m_next += size_t(n);
        return n;
    }

    void rearm() override
    {
        drainPipe(m_notify[0]);
        {
            const std::lock_guard lock(m_mutex);
            m_armed = true;
        }
        m_cv.notify_one();
    }

private:
    struct Entry {
        short events = 0;
        quint64 token = 0;
    };

    // Under m_mutex: whether the thread sits in poll() with an older set and has not been
    // woken yet (at most one wake byte per poll).
    bool takePoke()
    {
        if (!m_polling || m_poked)
            return false;
        m_poked = true;
        return true;
    }

    void poke() { [[maybe_unused]] const auto n = ::write(m_wake[1], "w", 1); }

    void run()
    {
        std::vector<pollfd> fds;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [this] { return m_stop || m_armed; });
                if (m_stop)
                    return;
                fds.clear();
                for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
                    fds.push_back({it.key(), it->events, 0});
                m_polling = true;
                m_poked = false;
            }
            fds.push_back({m_wake[0], POLLIN, 0});
            const int n = ::poll(fds.data(), nfds_t(fds.size()), -1);
            bool socketReady = false;
            if (n > 0) {
                for (size_t i = 0; i + 1 < fds.size() && !socketReady; ++i)
                    socketReady = fds[i].revents != 0;
                if (fds.back().revents != 0)
                    drainPipe(m_wake[0]);
            }
            const std::lock_guard lock(m_mutex);
            m_polling = false;
            if (socketReady && !m_stop) {
                m_armed = false;
                [[maybe_unused]] const auto w = ::write(m_notify[1], "r", 1);
            }
        }
    }

    bool m_ok = false;
    int m_wake[2] = {-1, -1};  // wakes the thread: the set changed, or stop
    int m_notify[2] = {-1, -1};  // wakes the event loop: a socket is ready
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    QHash<int, Entry> m_entries;  // written on the owner's thread under m_mutex
    bool m_armed = true;
    bool m_polling = false;
    bool m_poked = false;
    bool m_stop = false;
    std::vector<pollfd> m_scratch;
    std::vector<quint64> m_tokens;
    size_t m_next = 0;
};

}  // namespace

std::unique_ptr<Poller> makePollPoller()
{
    auto poller = std::make_unique<PollPoller>();
    if (!poller->valid())
        return nullptr;
    return poller;
}

}  // namespace parallax

#include "benchserver.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

long raiseFileLimit()
{
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
    ::getrlimit(RLIMIT_NOFILE, &rl);
    return long(rl.rlim_cur);
}

namespace {

// Connection state is the fd's bit in this table: 0 = waiting for the request.
[[noreturn]] void serve(const std::vector<int> &listeners)
{
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    for (int l : listeners) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = (uint64_t(1) << 32) | uint32_t(l);
        ::epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    }
    char date[64];
    std::time_t lastDate = 0;
    char response[256];
    int responseLen = 0;
    std::vector<epoll_event> events(1024);
    char buf[2048];
    for (;;) {
        const int n = ::epoll_wait(ep, events.data(), int(events.size()), 1000);
        const std::time_t now = std::time(nullptr);
        if (now != lastDate) {
            lastDate = now;
            std::tm tm{};
            ::gmtime_r(&now, &tm);
            std::strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
            responseLen = std::snprintf(response, sizeof(response),
                "HTTP/1.1 200 OK\r\ndate: %s\r\nserver: uvicorn\r\ncontent-length: 4\r\n"
                "content-type: application/json\r\n\r\n\"ok\"",
                date);
        }
        for (int i = 0; i < n; ++i) {
            const int fd = int(uint32_t(events[size_t(i)].data.u64));
            const bool listener = (events[size_t(i)].data.u64 >> 32) != 0;
            if (listener) {
                for (;;) {
                    const int c = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (c < 0)
                        break;
                    epoll_event ev{};
                    ev.events = EPOLLIN | EPOLLRDHUP;
                    ev.data.u64 = uint32_t(c);
                    ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                }
                continue;
            }
            const ssize_t r = ::recv(fd, buf, sizeof(buf), 0);
            if (r > 0 && ::memmem(buf, size_t(r), "\r\n\r\n", 4) != nullptr) {
                // The whole request is one small segment on loopback.
                (void)::send(fd, response, size_t(responseLen), MSG_NOSIGNAL);
            } else if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            } else if (r > 0) {
                continue;  // request incomplete; wait for the rest
            }
            ::close(fd);  // answered, or the prober closed (TCP-only probes)
        }
    }
}

}  // namespace

bool BenchServer::start(int portCount)
{
    std::vector<int> listeners;
    for (int i = 0; i < portCount; ++i) {
        const int l = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sin.sin_port = 0;
        if (l < 0 || ::bind(l, reinterpret_cast<sockaddr *>(&sin), sizeof(sin)) != 0 || ::listen(l, 4096) != 0)
            return false;
        socklen_t len = sizeof(sin);
        ::getsockname(l, reinterpret_cast<sockaddr *>(&sin), &len);
        ports.append(ntohs(sin.sin_port));
        listeners.push_back(l);
    }
    pid = ::fork();
    if (pid < 0)
        return false;
    if (pid == 0)
        serve(listeners);
    for (int l : listeners)
        ::close(l);  // the child owns them now
    return true;
}

void BenchServer::stop()
{
    if (pid > 0) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
        pid = -1;
    }
}

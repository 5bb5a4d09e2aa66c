#include "wiretiming.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <sys/socket.h>
#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif

namespace parallax::wiretiming {

void enableReceiveTimestamps(int fd)
{
#if defined(Q_OS_LINUX) && defined(SO_TIMESTAMPNS)
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
#else
    Q_UNUSED(fd);
#endif
}

std::optional<qint64> handshakeRttUs(int fd)
{
#if defined(Q_OS_LINUX) && defined(TCP_INFO)
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 && len >= sizeof info && info.tcpi_rtt > 0)
        return qint64(info.tcpi_rtt);
#else
    Q_UNUSED(fd);
#endif
    return std::nullopt;
}

qint64 realtimeNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

ssize_t receive(int fd, char *buffer, size_t size, std::optional<qint64> *arrivedRealtimeNs)
{
#if defined(Q_OS_LINUX) && defined(SO_TIMESTAMPNS)
    iovec iov{buffer, size};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd, &msg, 0);
    if (n > 0 && arrivedRealtimeNs) {
        for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                timespec ts{};
                memcpy(&ts, CMSG_DATA(c), sizeof ts);
                *arrivedRealtimeNs = qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
            }
        }
    }
    return n;
#else
    Q_UNUSED(arrivedRealtimeNs);
    return ::recv(fd, buffer, size, 0);
#endif
}

}  // namespace parallax::wiretiming

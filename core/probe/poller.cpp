#include "poller.h"

#include <QByteArray>

namespace parallax {

#ifdef Q_OS_LINUX
std::unique_ptr<Poller> makeEpollPoller();  // epollpoller.cpp
#endif
std::unique_ptr<Poller> makePollPoller();  // pollpoller.cpp

std::unique_ptr<Poller> makePoller(const char *name)
{
    const QByteArray which(name);
#ifdef Q_OS_LINUX
    if (which == "epoll")
        return makeEpollPoller();
#endif
    if (which == "poll")
        return makePollPoller();
    return nullptr;
}

std::unique_ptr<Poller> makePoller()
{
    // CMake's choice, PARALLAX_PROBE_POLLER (core/probe/CMakeLists.txt), unless the environment
    // variable of the same name names another backend this platform has: that is how one build
    // runs the probe tests on both (scripts/dev.sh test in CI).
    const QByteArray chosen = qgetenv("PARALLAX_PROBE_POLLER");
    if (!chosen.isEmpty()) {
        if (auto poller = makePoller(chosen.constData()))
            return poller;
    }
    return makePoller(PARALLAX_PROBE_POLLER);
}

}  // namespace parallax

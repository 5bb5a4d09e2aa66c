#pragma once

#include <QtGlobal>

#include <memory>

namespace parallax {

// The readiness of many sockets behind one descriptor the event loop can watch: the whole
// operating-system-specific part of the probe engine (SocketWatch uses it). Two backends:
// epoll (Linux, the default there) and poll() (POSIX: BSD, macOS, and Linux when configured
// with -DPARALLAX_PROBE_POLLER=poll). A new platform needs a backend here and nothing else.
class Poller {
public:
    enum class Interest { Read, Write };

    virtual ~Poller() = default;

    virtual const char *name() const = 0;
    // Readable while sockets may be ready: the one descriptor the event loop watches.
    virtual int wakeFd() const = 0;
    // Watches fd (`added`: it is new here) or changes its interest; `token` is what ready()
    // reports for it. False when the backend cannot take it.
    virtual bool set(int fd, Interest interest, quint64 token, bool added) = 0;
    virtual void remove(int fd) = 0;  // before closing fd
    // The tokens of up to `max` ready sockets, without blocking. Level-triggered: what is not
    // handled is reported again.
    virtual int ready(quint64 *tokens, int max) = 0;
    // After a wakeup's events have been handled: wait for the next ones.
    virtual void rearm() = 0;
};

// The configured backend; null when it cannot be had (then SocketWatch gives each socket a
// QSocketNotifier of its own).
std::unique_ptr<Poller> makePoller();
// Each backend by name ("epoll", "poll"), for tests; null when this platform lacks it.
std::unique_ptr<Poller> makePoller(const char *name);

}  // namespace parallax

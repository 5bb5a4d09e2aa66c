#pragma once

#include <QList>
#include <QtGlobal>

#include <sys/types.h>

// A minimal epoll health endpoint in a forked child process, so the server's CPU is not
// charged to the prober (getrusage RUSAGE_SELF) and does not share its event loop.
// Every connection gets GPUStack's answer: 200, JSON "ok", a Date header.
struct BenchServer {
    pid_t pid = -1;
    QList<quint16> ports;  // listening on 127.0.0.1

    // Forks the server with `portCount` listeners; returns false when it did not come up.
    // Must be called before QCoreApplication exists (fork of a single-threaded process).
    bool start(int portCount);
    void stop();
};

// Raises RLIMIT_NOFILE to the hard limit; returns the new soft limit.
long raiseFileLimit();

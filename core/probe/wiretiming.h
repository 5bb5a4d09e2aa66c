#pragma once

#include <QtGlobal>

#include <optional>
#include <sys/types.h>

namespace parallax::wiretiming {

// What the kernel saw on the wire, so that a busy event loop here (10,000 probes landing, a
// window repainting) does not show up as a slow worker: a 0.4 ms answer reads 0.4 ms even when
// this process noticed it 40 ms later. Linux has both sources; elsewhere every function says
// "unknown" and the engine keeps its own wall-clock phases.

// Asks the kernel to stamp received data with its arrival time (SO_TIMESTAMPNS).
void enableReceiveTimestamps(int fd);
// The TCP handshake's round trip as the kernel measured it (TCP_INFO), once connected.
std::optional<qint64> handshakeRttUs(int fd);
// The realtime clock, in nanoseconds since the epoch: the clock receive stamps are on.
qint64 realtimeNs();
// recv() that also gives the kernel's arrival time of the bytes read, when it stamped them.
ssize_t receive(int fd, char *buffer, size_t size, std::optional<qint64> *arrivedRealtimeNs);

}  // namespace parallax::wiretiming

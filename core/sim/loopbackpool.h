#pragma once

#include "base/result.h"

#include <QHostAddress>

namespace parallax::sim {

// Loopback addresses for simulated workers. Linux routes all of 127.0.0.0/8 to `lo`, so
// every worker gets its own address and GPUStack's real port 10150. Several simulators run
// at once (parallel ctest, benchmarks): each picks a random 127.N.0.0/16 and re-rolls when
// its first bind finds the address taken.
class LoopbackPool {
public:
    LoopbackPool();

    // 127.N.(i / 250).(i % 250 + 1): 64,000 addresses per simulator.
    QHostAddress addressAt(int index) const;
    int secondOctet() const { return m_octet; }
    void reroll();

private:
    int m_octet;
};

// Whether this OS accepts binds on loopback addresses other than 127.0.0.1 (macOS does not
// without ifconfig aliases): checked once by binding 127.<N>.0.1.
bool loopbackAliasesAvailable();

// Raises RLIMIT_NOFILE's soft limit to at least `wanted` (capped by the hard limit). Returns
// the soft limit now in force; an Error that says so when the OS refuses or caps it.
Result<qint64> raiseFileLimit(qint64 wanted);

// True when `host` is a literal IP address in 127.0.0.0/8 or ::1: the only places the
// simulator ever sends a packet to.
bool isLoopbackLiteral(const QString &host);

}  // namespace parallax::sim

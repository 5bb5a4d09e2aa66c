#pragma once

#include "base/clock.h"
#include "probe/proberesult.h"
#include "probe/probesettings.h"
#include "probe/probetarget.h"
#include "probe/socketwatch.h"

#include <QObject>
#include <QSet>

#include <deque>
#include <optional>

namespace parallax {

class ProbeRun;

// Runs the probe ladder for one worker at a time, many at once, all on the Qt event loop:
//   DNS (only for a name; QHostInfo, with a timeout) → TCP connect → GET /healthz →
//   on failure, TCP connect to the metrics port as a second witness.
//
// Why not QNetworkAccessManager or QTcpSocket: a probe must cost well under 100 µs of CPU at
// 10,000 workers (DESIGN.md performance targets), and the error class must be exact. Qt folds
// EHOSTUNREACH, EACCES/EPERM (ICMP host/admin prohibited, firewalld's default REJECT) and
// ENETUNREACH into one QAbstractSocket::NetworkError; a non-blocking ::connect() watched by a
// QSocketNotifier gives the errno itself, and one hand-written HTTP/1.1 request with
// "Connection: close" is all GPUStack's health endpoint needs. (POSIX sockets: Linux, macOS;
// readiness through SocketWatch: one epoll set on Linux.)
class ProbeEngine : public QObject {
    Q_OBJECT
public:
    struct Options {
        bool lookupHostname = false;  // resolve target.hostname and probe it when it differs
        quint64 ticket = 0;  // the caller's token, handed back in ProbeResult::ticket
    };

    explicit ProbeEngine(const Clock &clock, QObject *parent = nullptr);
    ~ProbeEngine() override;

    void setSettings(const ProbeSettings &settings);  // applies to probes started afterwards
    const ProbeSettings &settings() const { return m_settings; }

    // Starts the ladder; finished() reports the result, never synchronously from here.
    void probe(const ProbeTarget &target, Options options);
    void probe(const ProbeTarget &target) { probe(target, Options{}); }
    int inFlight() const { return m_inFlight; }
    void abortAll();

Q_SIGNALS:
    void finished(const parallax::ProbeResult &result);

private:
    friend class ProbeRun;
    void startRun(const ProbeTarget &target, const QString &host, Options options, bool viaHostname);
    void runReported(const ProbeResult &result);  // a run's answer: frees its slot
    void runEnded(ProbeRun *run);  // its follow-up (hostname lookup) is over too
    // Hostname checks are evidence, not the probe: a few at a time. Qt's resolver reschedules
    // its whole queue on every new lookup, so 10,000 at once cost seconds of the event loop.
    static constexpr int kHostnameLookupSlots = 4;
    void queueHostnameLookup(ProbeRun *run);
    void hostnameLookupEnded();

    const Clock &m_clock;
    ProbeSettings m_settings;
    SocketWatch m_sockets;
    QSet<ProbeRun *> m_runs;
    int m_inFlight = 0;
    std::deque<ProbeRun *> m_hostnameQueue;
    int m_hostnameLookups = 0;
};

// The probe error class for a socket errno (connect(), SO_ERROR, recv()).
ProbeError probeErrorFromErrno(int err);

// The sin6_scope_id for the zone of an IPv6 address ("fe80::1%eth0" → the index of eth0,
// "%3" → 3, none → 0); nullopt when no interface of this machine has that name.
std::optional<quint32> ipv6ScopeId(const QString &zone);

}  // namespace parallax

#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace parallax {

// How a probe phase failed, in the words an engineer uses. Stable ids via probeErrorId().
enum class ProbeError {
    None,
    DnsFailure,  // the name does not resolve
    Refused,  // RST to our SYN: nothing listens (or a REJECT --reject-with tcp-reset)
    TimedOut,  // no answer at all (DROP, or a host that is gone)
    HostUnreachable,  // ICMP host unreachable / host prohibited / admin prohibited
    NetworkUnreachable,  // no route from here
    Reset,  // connection reset after it was established
    Tls,  // TLS handshake failed
    BadStatus,  // HTTP answered with a status other than 200
    BadBody,  // HTTP 200 but not GPUStack's "ok"
    Protocol,  // not HTTP, truncated, or closed before a complete answer
    Skipped,  // not probed: the address is outside the networks this run may probe (demo/test)
    Other,
};

QString probeErrorId(ProbeError error);  // "refused", "timed_out", "host_unreachable", …
ProbeError probeErrorFromId(const QString &id);

// One rung of the ladder. durationUs is measured with a monotonic timer.
struct ProbePhase {
    bool attempted = false;
    bool ok = false;
    ProbeError error = ProbeError::None;
    qint64 durationUs = 0;
    QString detail;  // OS / Qt message, untranslated, for reports and logs

    bool operator==(const ProbePhase &) const = default;
};

// The local view after hysteresis (k consecutive failures / successes).
enum class LocalState {
    Unknown,  // not probed yet, or not enough evidence
    Up,
    Down,
    UnknownLocalNetwork,  // every probe failed the same way at once: our side is the suspect
};

QString localStateId(LocalState state);  // "unknown", "up", "down", "unknown_local_network"

// The result of probing one worker once, from this machine.
struct ProbeResult {
    qint64 workerId = -1;
    QString host;  // what was probed (advertise_address or ip, or the hostname)
    quint16 port = 0;  // the worker API port
    quint16 metricsPort = 0;  // 0 when not probed
    qint64 startedMs = 0;  // wall clock, ms since epoch
    quint64 ticket = 0;  // ProbeEngine::Options::ticket of the probe (its hostname route too)

    ProbePhase dns;  // attempted only when host is a name
    ProbePhase tcp;  // connect to host:port
    ProbePhase http;  // GET /healthz on that connection
    ProbePhase metrics;  // TCP connect to metricsPort: the second witness, only after a failure

    QList<QHostAddress> resolved;  // what `host` resolved to (empty for an IP literal)
    QHostAddress address;  // the address actually contacted
    bool tcpOnly = false;  // ProbeSettings::httpCheck was off: TCP connect is the whole check
    bool viaHostname = false;  // this probed the worker's hostname, not the registered address
    // What the worker's hostname resolves to, when the scheduler looked it up with this probe;
    // differing from `address` is evidence of address drift (DHCP, Docker bridge address).
    QList<QHostAddress> hostnameResolved;
    int httpStatus = 0;
    QByteArray bodyExcerpt;  // at most 256 bytes
    QDateTime serverDate;  // the Date header, when present (clock skew)

    // Timings in microseconds (0 when that phase did not happen): resolveUs is the DNS lookup,
    // connectUs the TCP handshake, firstByteUs from the request sent to the first answer byte
    // (the worker's think time), totalUs the whole ladder including the metrics witness.
    qint64 resolveUs = 0;
    qint64 connectUs = 0;
    qint64 firstByteUs = 0;
    qint64 totalUs = 0;

    // Your view after hysteresis, including this result: set by ProbeScheduler (nullopt for a
    // bare ProbeEngine result). Monitors use it instead of judging one probe on its own.
    std::optional<LocalState> localState;

    // The health check passed: HTTP 200 with GPUStack's body (or, in TCP-only mode, the connect).
    bool healthy() const { return http.attempted ? http.ok : (tcpOnly && tcp.attempted && tcp.ok); }
    // The first phase that failed, or None.
    ProbeError firstError() const;
    // Whether the TCP port accepted a connection.
    bool tcpOpen() const { return tcp.attempted && tcp.ok; }

    bool operator==(const ProbeResult &) const = default;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::ProbeResult)
Q_DECLARE_METATYPE(parallax::LocalState)
Q_DECLARE_METATYPE(parallax::ProbeError)

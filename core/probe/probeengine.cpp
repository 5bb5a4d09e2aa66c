#include "probeengine.h"

#include "base/logging.h"
#include "probe/healthresponse.h"
#include "probe/wiretiming.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QSet>
#include <QTimerEvent>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace parallax {

ProbeError probeErrorFromErrno(int err)
{
    switch (err) {
    case 0: return ProbeError::None;
    case ECONNREFUSED: return ProbeError::Refused;
    case ETIMEDOUT: return ProbeError::TimedOut;
    // ICMP host unreachable, and host/admin prohibited (firewalld's default REJECT is
    // icmp-host-prohibited: GPUStack issue #1353 et al.); EACCES/EPERM also come from a local
    // firewall rule that rejects our own packet.
    case EHOSTUNREACH:
    case EHOSTDOWN:
    case EACCES:
    case EPERM: return ProbeError::HostUnreachable;
    case ENETUNREACH:
    case ENETDOWN: return ProbeError::NetworkUnreachable;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE: return ProbeError::Reset;
    default: return ProbeError::Other;
    }
}

namespace {

QString errnoText(int err)
{
    return QString::fromLocal8Bit(::strerror(err));
}

[[maybe_unused]] bool setNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL, 0);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Builds the socket address; empty, or why it cannot be built (the error class in *error).
QString toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *ss, socklen_t *len, ProbeError *error)
{
    std::memset(ss, 0, sizeof(*ss));
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *sin = reinterpret_cast<sockaddr_in *>(ss);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(address.toIPv4Address());
        *len = sizeof(sockaddr_in);
        return {};
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sin6 = reinterpret_cast<sockaddr_in6 *>(ss);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        std::memcpy(&sin6->sin6_addr, &a, sizeof(a));
        const std::optional<quint32> scope = ipv6ScopeId(address.scopeId());
        if (!scope) {
            *error = ProbeError::NetworkUnreachable;
            return u"no network interface named \"%1\" on this machine (the zone of %2)"_s.arg(
                address.scopeId(), address.toString());
        }
        sin6->sin6_scope_id = *scope;
        *len = sizeof(sockaddr_in6);
        return {};
    }
    *error = ProbeError::Other;
    return u"unsupported address family"_s;
}

// RFC 7230 Host of an address literal: IPv6 in brackets, its zone's "%" written "%25" (RFC 6874).
QByteArray hostHeader(const QString &host, quint16 port)
{
    const bool v6 = host.contains(u':');
    QByteArray name = host.toLatin1();
    if (v6)
        name = "[" + name.replace("%", "%25") + "]";
    return name + ':' + QByteArray::number(port);
}

}  // namespace

std::optional<quint32> ipv6ScopeId(const QString &zone)
{
    if (zone.isEmpty())
        return 0;
    bool numeric = false;
    const quint32 index = zone.toUInt(&numeric);
    if (numeric)
        return index;
    // A named zone ("fe80::1%eth0") is the interface's index to the kernel; 0 = no such interface.
    const quint32 named = ::if_nametoindex(zone.toLocal8Bit().constData());
    return named ? std::optional<quint32>(named) : std::nullopt;
}

// One ladder for one address of one worker. Lives from ProbeEngine::startRun() until its
// result has been delivered; owns its socket and notifier.
class ProbeRun final : public QObject, public SocketClient {
public:
    ProbeRun(ProbeEngine *engine, const ProbeTarget &target, const QString &host, ProbeEngine::Options options,
        bool viaHostname)
        : QObject(engine)
        , m_engine(engine)
        , m_settings(engine->settings())
        , m_target(target)
        , m_options(options)
    {
        m_result.workerId = target.workerId;
        m_result.host = host;
        m_result.port = target.port;
        m_result.viaHostname = viaHostname;
        m_result.ticket = options.ticket;
        m_result.tcpOnly = !m_settings.httpCheck;
    }

    ~ProbeRun() override
    {
        closeSocket();
        if (m_lookupId >= 0)
            QHostInfo::abortHostLookup(m_lookupId);
    }

    void start()
    {
        m_inStart = true;
        m_total.start();
        m_result.startedMs = m_engine->m_clock.nowMs();
        QHostAddress literal;
        if (literal.setAddress(m_result.host)) {
            useAddresses({literal});
        } else {
            m_stage = Stage::Resolve;
            m_result.dns.attempted = true;
            m_phaseStartNs = m_total.nsecsElapsed();
            m_timer.start(m_settings.timeoutMs, this);
            m_lookupId = QHostInfo::lookupHost(m_result.host, this, [this](const QHostInfo &info) { resolved(info); });
        }
        m_inStart = false;
    }

    bool spawnHostnameProbe() const { return m_spawnHostname; }
    quint64 ticket() const { return m_options.ticket; }
    const ProbeTarget &target() const { return m_target; }

protected:
    void timerEvent(QTimerEvent *event) override
    {
        if (event->timerId() != m_timer.timerId())
            return QObject::timerEvent(event);
        m_timer.stop();
        const QString budget = QString::number(m_settings.timeoutMs);
        switch (m_stage) {
        case Stage::Resolve:
            abortLookup();
            fail(m_result.dns, ProbeError::DnsFailure, u"no answer from the resolver within "_s + budget + u" ms"_s);
            done();
            break;
        case Stage::Connect:
            closeSocket();
            fail(m_result.tcp, ProbeError::TimedOut, u"no answer to the connection within "_s + budget + u" ms"_s);
            afterPrimary();
            break;
        case Stage::Http:
            closeSocket();
            fail(m_result.http, ProbeError::TimedOut,
                (m_result.firstByteUs > 0 ? u"answer incomplete after "_s : u"no answer within "_s) + budget
                    + u" ms"_s);
            afterPrimary();
            break;
        case Stage::Witness:
            closeSocket();
            fail(m_result.metrics, ProbeError::TimedOut, u"no answer to the connection within "_s + budget + u" ms"_s);
            afterWitness();
            break;
        case Stage::Hostname:
            abortLookup();
            releaseHostnameSlot();
            done();
            break;
        case Stage::Idle:
        case Stage::Done: break;
        }
    }

private:
    enum class Stage { Idle, Resolve, Connect, Http, Witness, Hostname, Done };

    qint64 phaseUs() const { return (m_total.nsecsElapsed() - m_phaseStartNs) / 1000; }

    void fail(ProbePhase &phase, ProbeError error, const QString &detail)
    {
        phase.attempted = true;
        phase.ok = false;
        phase.error = error;
        phase.detail = detail;
        phase.durationUs = phaseUs();
    }

    void succeed(ProbePhase &phase)
    {
        phase.attempted = true;
        phase.ok = true;
        phase.error = ProbeError::None;
        phase.durationUs = phaseUs();
    }

    void abortLookup()
    {
        if (m_lookupId >= 0)
            QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }

    void resolved(const QHostInfo &info)
    {
        if (m_stage != Stage::Resolve)
            return;  // a late answer after the timeout
        m_lookupId = -1;
        m_timer.stop();
        const QList<QHostAddress> addresses = info.addresses();
        if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
            fail(m_result.dns, ProbeError::DnsFailure,
                info.errorString().isEmpty() ? u"the name has no address"_s : info.errorString());
            done();
            return;
        }
        succeed(m_result.dns);
        m_result.resolveUs = m_result.dns.durationUs;
        m_result.resolved = addresses;
        useAddresses(addresses);
    }

    void useAddresses(const QList<QHostAddress> &addresses)
    {
        for (const QHostAddress &a : addresses) {
            if (m_settings.isAllowed(a))
                m_candidates.append(a);
        }
        if (m_candidates.isEmpty()) {
            m_phaseStartNs = m_total.nsecsElapsed();
            fail(m_result.tcp, ProbeError::Skipped,
                u"not probed: "_s + addresses.value(0).toString()
                    + u" is outside the networks this run may probe (allowedNetworks)"_s);
            done();
            return;
        }
        m_timer.start(m_settings.timeoutMs, this);  // one budget for connect + HTTP, like GPUStack's 2 s attempt
        nextCandidate();
    }

    // Tries the resolved addresses in order, as curl does ("localhost" may be ::1 first while
    // the worker listens on IPv4 only); a refusal moves on, a timeout ends the budget.
    void nextCandidate()
    {
        m_address = m_candidates.takeFirst();
        m_result.address = m_address;
        startConnect(m_target.port, Stage::Connect);
    }

    ProbePhase &stagePhase() { return m_stage == Stage::Witness ? m_result.metrics : m_result.tcp; }

    void startConnect(quint16 port, Stage stage)
    {
        m_stage = stage;
        ProbePhase &phase = stagePhase();
        phase.attempted = true;
        m_phaseStartNs = m_total.nsecsElapsed();
        sockaddr_storage ss;
        socklen_t len = 0;
        ProbeError addressError = ProbeError::None;
        if (const QString why = toSockaddr(m_address, port, &ss, &len, &addressError); !why.isEmpty()) {
            fail(phase, addressError, why);
            return connectFailed();
        }
#ifdef SOCK_NONBLOCK
        m_fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
        m_fd = ::socket(ss.ss_family, SOCK_STREAM, 0);
        if (m_fd >= 0 && (!setNonBlocking(m_fd) || ::fcntl(m_fd, F_SETFD, FD_CLOEXEC) != 0)) {
            ::close(m_fd);
            m_fd = -1;
        }
#endif
        if (m_fd < 0) {
            const int err = errno;
            fail(phase, ProbeError::Other, u"cannot open a socket: "_s + errnoText(err));
            return connectFailed();
        }
        if (stage == Stage::Connect && m_settings.httpCheck)
            wiretiming::enableReceiveTimestamps(m_fd);
        int rc;
        do {
            rc = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&ss), len);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0)
            return connected();
        const int err = errno;
        if (err != EINPROGRESS) {
            closeSocket();
            fail(phase, probeErrorFromErrno(err), errnoText(err));
            return connectFailed();
        }
        watch(SocketWatch::Interest::Write);
    }

    void watch(SocketWatch::Interest interest)
    {
        m_watching = interest;
        m_watched = true;
        m_engine->m_sockets.watch(m_fd, interest, this);
    }

    void socketReady() override
    {
        if (m_fd < 0)
            return;
        if (m_watching == SocketWatch::Interest::Write)
            writable();
        else
            readable();
    }

    void closeSocket()
    {
        if (m_fd >= 0) {
            if (m_watched)
                m_engine->m_sockets.unwatch(m_fd);
            m_watched = false;
            ::close(m_fd);
            m_fd = -1;
        }
    }

    void writable()
    {
        int err = 0;
        socklen_t len = sizeof(err);
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
            err = errno;
        if (err != 0) {
            closeSocket();
            fail(stagePhase(), probeErrorFromErrno(err), errnoText(err));
            return connectFailed();
        }
        connected();
    }

    void connectFailed()
    {
        if (m_stage == Stage::Connect && !m_candidates.isEmpty())
            return nextCandidate();
        if (m_stage == Stage::Witness) {
            m_timer.stop();
            return afterWitness();
        }
        m_timer.stop();
        afterPrimary();
    }

    void connected()
    {
        if (m_stage == Stage::Witness) {
            succeed(m_result.metrics);
            m_timer.stop();
            closeSocket();
            return afterWitness();
        }
        succeed(m_result.tcp);
        // The kernel's handshake round trip, when it is shorter than what this process noticed.
        if (const auto rtt = wiretiming::handshakeRttUs(m_fd); rtt && *rtt < m_result.tcp.durationUs) {
            m_result.tcp.durationUs = std::max<qint64>(1, *rtt);
            m_wireTimed = true;
        }
        m_result.connectUs = m_result.tcp.durationUs;
        if (!m_settings.httpCheck) {
            m_timer.stop();
            closeSocket();
            return afterPrimary();
        }
        m_stage = Stage::Http;
        m_result.http.attempted = true;
        m_phaseStartNs = m_total.nsecsElapsed();
        const QByteArray request = "GET /healthz HTTP/1.1\r\nHost: " + hostHeader(m_result.host, m_target.port)
            + "\r\nUser-Agent: Parallax/" PARALLAX_VERSION "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        ssize_t n;
        do {
            n = ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
        m_sentRealtimeNs = wiretiming::realtimeNs();
        if (n != request.size()) {
            const int err = errno;
            closeSocket();
            m_timer.stop();
            fail(m_result.http, n < 0 ? probeErrorFromErrno(err) : ProbeError::Other,
                n < 0 ? errnoText(err) : u"the request did not fit the socket buffer"_s);
            return afterPrimary();
        }
        m_response = HealthResponse(m_settings.maxResponseBytes);
        watch(SocketWatch::Interest::Read);
    }

    void readable()
    {
        char buf[4096];
        HealthResponse::State state = HealthResponse::State::NeedMore;
        for (;;) {
            std::optional<qint64> arrivedNs;
            const ssize_t n =
                wiretiming::receive(m_fd, buf, sizeof(buf), m_result.firstByteUs == 0 ? &arrivedNs : nullptr);
            if (n > 0) {
                if (m_result.firstByteUs == 0) {
                    m_result.firstByteUs = std::max<qint64>(1, phaseUs());
                    m_noticedFirstByteUs = m_result.firstByteUs;
                    // From the request sent to the answer's arrival, as the kernel stamped it.
                    if (arrivedNs && *arrivedNs >= m_sentRealtimeNs
                        && (*arrivedNs - m_sentRealtimeNs) / 1000 < m_result.firstByteUs) {
                        m_result.firstByteUs = std::max<qint64>(1, (*arrivedNs - m_sentRealtimeNs) / 1000);
                        m_wireTimed = true;
                    }
                }
                state = m_response.feed(QByteArrayView(buf, n));
                if (state != HealthResponse::State::NeedMore)
                    break;
                continue;
            }
            if (n == 0) {
                state = m_response.finish();
                break;
            }
            const int err = errno;
            if (err == EINTR)
                continue;
            if (err == EAGAIN || err == EWOULDBLOCK)
                return;  // more later
            closeSocket();
            m_timer.stop();
            fail(m_result.http, probeErrorFromErrno(err), errnoText(err));
            m_result.bodyExcerpt = m_response.rawExcerpt();
            return afterPrimary();
        }
        closeSocket();
        m_timer.stop();
        judge(state);
        afterPrimary();
    }

    void judge(HealthResponse::State state)
    {
        m_result.httpStatus = m_response.status();
        if (m_response.headersComplete()) {
            const QByteArray date = m_response.header("Date");
            if (!date.isEmpty())
                m_result.serverDate = parseHttpDate(date);
        }
        if (state == HealthResponse::State::Failed) {
            m_result.bodyExcerpt = m_response.rawExcerpt();
            fail(m_result.http, ProbeError::Protocol, QString::fromLatin1(m_response.errorDetail()));
            return;
        }
        const QByteArray body = m_response.body();
        m_result.bodyExcerpt = body.left(256);
        if (m_response.status() != 200) {
            fail(m_result.http, ProbeError::BadStatus, u"HTTP "_s + QString::number(m_response.status()));
            return;
        }
        if (!isGpuStackHealthBody(body)) {
            fail(m_result.http, ProbeError::BadBody, u"HTTP 200 but the body is not GPUStack's \"ok\""_s);
            return;
        }
        succeed(m_result.http);
    }

    void afterPrimary()
    {
        const ProbeError e = m_result.firstError();
        const bool witness = !m_result.healthy() && e != ProbeError::Skipped && m_settings.metricsWitness
            && m_target.metricsPort != 0 && m_target.metricsPort != m_target.port && !m_address.isNull();
        if (!witness)
            return afterWitness();
        m_result.metricsPort = m_target.metricsPort;
        m_timer.start(m_settings.timeoutMs, this);
        startConnect(m_target.metricsPort, Stage::Witness);
    }

    void afterWitness()
    {
        if (!m_options.lookupHostname || m_result.viaHostname || m_target.hostname.isEmpty())
            return done();
        QHostAddress literal;
        if (literal.setAddress(m_target.hostname))
            return hostnameKnown({literal});
        reportPrimary();
        m_stage = Stage::Hostname;
        m_engine->queueHostnameLookup(this);  // starts now, or when one of the few lookup slots frees
    }

public:
    // The hostname check's turn has come (ProbeEngine::queueHostnameLookup).
    void startHostnameLookup()
    {
        m_hostnameSlot = true;
        m_timer.start(m_settings.timeoutMs, this);
        m_lookupId = QHostInfo::lookupHost(m_target.hostname, this, [this](const QHostInfo &info) {
            if (m_stage != Stage::Hostname)
                return;
            m_lookupId = -1;
            m_timer.stop();
            releaseHostnameSlot();
            hostnameKnown(info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>{});
        });
    }

private:
    void releaseHostnameSlot()
    {
        if (m_hostnameSlot) {
            m_hostnameSlot = false;
            m_engine->hostnameLookupEnded();
        }
    }

    void hostnameKnown(const QList<QHostAddress> &addresses)
    {
        m_result.hostnameResolved = addresses;
        const bool same = addresses.isEmpty() || addresses.contains(m_address)
            || (m_address.isNull() && addresses.contains(QHostAddress(m_result.host)));
        const bool allowed = std::any_of(
            addresses.cbegin(), addresses.cend(), [this](const QHostAddress &a) { return m_settings.isAllowed(a); });
        m_spawnHostname = !same && allowed;
        done();
    }

    // The primary answer (registered address, witness) is reported as soon as it is known:
    // a hostname lookup that follows is evidence for later, and a resolver that takes its
    // whole budget must not hold the worker's verdict (nor a probe slot) for that long.
    void reportPrimary()
    {
        if (m_reported)
            return;
        m_reported = true;
        m_result.totalUs = std::max<qint64>(1, m_total.nsecsElapsed() / 1000);
        if (m_wireTimed) {
            // The phases as the wire saw them; the time this process took to notice each
            // step (its event loop busy with thousands of others) is not the worker's.
            if (m_result.http.attempted && m_result.firstByteUs > 0)
                m_result.http.durationUs =
                    m_result.firstByteUs + std::max<qint64>(0, m_result.http.durationUs - m_noticedFirstByteUs);
            const qint64 wire = m_result.dns.durationUs + m_result.tcp.durationUs
                + (m_result.http.attempted ? m_result.http.durationUs : 0)
                + (m_result.metrics.attempted ? m_result.metrics.durationUs : 0);
            m_result.totalUs = std::clamp<qint64>(wire, 1, m_result.totalUs);
        }
        if (m_inStart) {
            // ProbeEngine::probe() promises never to report synchronously.
            m_reportQueued = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_reportQueued = false;
                    m_engine->runReported(m_result);
                    if (m_stage == Stage::Done)
                        m_engine->runEnded(this);
                },
                Qt::QueuedConnection);
            return;
        }
        m_engine->runReported(m_result);
    }

    void done()
    {
        if (m_stage == Stage::Done)
            return;
        m_stage = Stage::Done;
        m_timer.stop();
        closeSocket();
        reportPrimary();
        if (!m_reportQueued)
            m_engine->runEnded(this);
    }

    ProbeEngine *m_engine;
    const ProbeSettings m_settings;
    const ProbeTarget m_target;
    const ProbeEngine::Options m_options;
    ProbeResult m_result;
    QHostAddress m_address;
    QList<QHostAddress> m_candidates;
    HealthResponse m_response;
    QElapsedTimer m_total;
    qint64 m_phaseStartNs = 0;
    QBasicTimer m_timer;
    SocketWatch::Interest m_watching = SocketWatch::Interest::Write;
    bool m_watched = false;
    int m_fd = -1;
    int m_lookupId = -1;
    Stage m_stage = Stage::Idle;
    bool m_inStart = false;
    bool m_spawnHostname = false;
    bool m_hostnameSlot = false;  // holds one of the engine's hostname lookup slots
    bool m_wireTimed = false;  // a phase was measured by the kernel (wiretiming.h)
    qint64 m_sentRealtimeNs = 0;  // when the health request left, on the receive stamps' clock
    qint64 m_noticedFirstByteUs = 0;  // the first byte as this process noticed it
    bool m_reported = false;  // the primary result went out (runReported)
    bool m_reportQueued = false;  // … from a queued call that has not run yet
};

ProbeEngine::ProbeEngine(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
}

ProbeEngine::~ProbeEngine()
{
    abortAll();  // runs unwatch their sockets: m_sockets must still exist
}

void ProbeEngine::setSettings(const ProbeSettings &settings)
{
    m_settings = settings.normalized();
}

void ProbeEngine::probe(const ProbeTarget &target, Options options)
{
    startRun(target, target.host, options, false);
}

void ProbeEngine::startRun(const ProbeTarget &target, const QString &host, Options options, bool viaHostname)
{
    ++m_inFlight;
    auto *run = new ProbeRun(this, target, host, options, viaHostname);
    m_runs.insert(run);
    run->start();
}

void ProbeEngine::runReported(const ProbeResult &result)
{
    --m_inFlight;
    qCDebug(lcProbe) << "probe" << result.workerId << result.host << probeErrorId(result.firstError()) << result.totalUs
                     << "µs";
    Q_EMIT finished(result);
}

void ProbeEngine::runEnded(ProbeRun *run)
{
    if (!m_runs.remove(run))
        return;  // aborted meanwhile
    const bool spawn = run->spawnHostnameProbe();
    const ProbeTarget target = run->target();
    const quint64 ticket = run->ticket();
    run->deleteLater();
    if (spawn)
        startRun(target, target.hostname, Options{.ticket = ticket}, true);
}

void ProbeEngine::queueHostnameLookup(ProbeRun *run)
{
    if (m_hostnameLookups < kHostnameLookupSlots) {
        ++m_hostnameLookups;
        run->startHostnameLookup();
        return;
    }
    m_hostnameQueue.push_back(run);
}

void ProbeEngine::hostnameLookupEnded()
{
    --m_hostnameLookups;
    while (!m_hostnameQueue.empty() && m_hostnameLookups < kHostnameLookupSlots) {
        ProbeRun *next = m_hostnameQueue.front();
        m_hostnameQueue.pop_front();
        if (!m_runs.contains(next))
            continue;
        ++m_hostnameLookups;
        next->startHostnameLookup();
    }
}

void ProbeEngine::abortAll()
{
    m_hostnameQueue.clear();
    m_hostnameLookups = 0;
    const QSet<ProbeRun *> runs = std::exchange(m_runs, {});
    for (ProbeRun *run : runs)
        delete run;  // closes its socket; a queued report dies with it
    m_inFlight = 0;
}

}  // namespace parallax

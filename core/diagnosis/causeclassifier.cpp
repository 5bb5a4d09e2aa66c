// The cause classifier: plain rules from DESIGN.md's vocabulary, each citing the GPUStack
// fact it rests on (ref/gpustack-api.md). Every rule returns at most one Cause.
#include "addressclass.h"
#include "base/milliseconds.h"
#include "base/trcontexts.h"
#include "commandkit.h"
#include "detectorreplay.h"
#include "diagnosisinput.h"
#include "gpustack/serverversion.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// GPUStack's per-attempt limit (server/worker_request.py) and heartbeat grace (envs).
constexpr qint64 kAttemptLimitUs = 2'000'000;
constexpr qint64 kHeartbeatGraceMs = 150'000;

QString secondsText(qint64 us)
{
    return QString::number(double(us) / 1e6, 'f', 1);
}

QString msText(qint64 us)
{
    return millisecondsNumber(us, 0);
}

QString durationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 120)
        return Diagnosis::tr("%1 s").arg(s);
    if (s < 7200)
        return Diagnosis::tr("%1 min").arg(s / 60);
    return Diagnosis::tr("%1 h").arg(s / 3600);
}

// Server-provided text shown inside a sentence: printable, short.
QString safeExcerpt(const QString &text, int max = 80)
{
    QString out;
    for (QChar c : text) {
        if (out.size() >= max) {
            out.append(u'…');
            break;
        }
        out.append(c.isPrint() ? c : u' ');
    }
    return out.simplified();
}

struct Context {
    const DiagnosisInput &in;
    QString host;
    int port = 10150;
    QString url;
    OsFamily os = OsFamily::Unknown;  // the worker's (worker-side commands)
    OsFamily localOs = localOsFamily();  // this machine's (commands run here)
    AddressClass hostClass = AddressClass::Invalid;
    ServerVersion version;  // in.serverVersion, read once
    std::optional<qint64> heartbeatAgeMs;
    const ProbeResult *probe = nullptr;
    bool localHealthy = false;
    bool serverSaysUnreachable = false;
};

Cause make(CauseId id, double confidence, const QString &title, const QString &evidence, const QString &fix,
    const QStringList &commands = {}, const QString &wouldDecide = {})
{
    Cause c;
    c.id = id;
    c.confidence = std::clamp(confidence, 0.0, 1.0);
    c.title = title;
    c.evidence = evidence;
    c.fix = fix;
    // A value that could not be put in a command (an option-like address from the server)
    // stands there as a placeholder: say so where the fix is read.
    if (const QString note = placeholderNote(placeholdersIn(commands.join(u'\n'))); !note.isEmpty())
        c.fix += u' ' + note;
    c.commands = commands;
    c.wouldDecide = wouldDecide;
    return c;
}

QString metricsWitness(const Context &c)
{
    if (!c.probe || !c.probe->metrics.attempted)
        return Diagnosis::tr("the metrics port was not probed");
    if (c.probe->metrics.ok)
        return Diagnosis::tr("the metrics port %1 on the same host answered in %2 ms")
            .arg(c.probe->metricsPort)
            .arg(msText(c.probe->metrics.durationUs));
    return Diagnosis::tr("the metrics port %1 failed too (%2)")
        .arg(c.probe->metricsPort)
        .arg(probeErrorId(c.probe->metrics.error));
}

FirewallKind firewallKindOf(const std::optional<FirewallFinding> &f)
{
    if (f) {
        switch (f->tool) {
        case FirewallTool::Ufw: return FirewallKind::Ufw;
        case FirewallTool::Nftables: return FirewallKind::Nftables;
        case FirewallTool::Iptables: return FirewallKind::Iptables;
        default: break;
        }
    }
    return FirewallKind::Firewalld;
}

QString findingSentence(const QString &explanation, const QStringList &lines)
{
    if (lines.isEmpty())
        return explanation;
    // Parsers list the deciding line last (the terminal rule, the zone's ports, the default).
    QStringList shown;
    for (qsizetype i = std::max<qsizetype>(0, lines.size() - 2); i < lines.size(); ++i)
        shown << safeExcerpt(lines.at(i), 120);
    return Diagnosis::tr("%1 (pasted: \"%2\")").arg(explanation, shown.join(u"\" … \""_s));
}

const QString firewallPasteAdvice()
{
    return Diagnosis::tr(
        "Paste the output of `sudo firewall-cmd --list-all` (or `sudo ufw status verbose`, `sudo nft list "
        "ruleset`) from the worker to tell a firewall from a closed port or a host that is down.");
}

// ---- rules ----

std::optional<Cause> localNetwork(const Context &c)
{
    // A worker this machine has just reached is the evidence against it.
    if (c.localHealthy || (!c.in.allProbesFailSame && c.in.local != LocalState::UnknownLocalNetwork))
        return std::nullopt;
    QString evidence = c.in.sameFailureCount > 1
        ? Diagnosis::tr("%1 workers failed the same way (%2) at the same moment from here.")
              .arg(c.in.sameFailureCount)
              .arg(probeErrorId(c.in.sameFailureError))
        : Diagnosis::tr("Every probe from here failed the same way at once.");
    return make(CauseId::LocalNetwork, 0.9, Diagnosis::tr("Your own network is impaired"), evidence,
        Diagnosis::tr(
            "Check this machine first: VPN, Wi-Fi, proxy settings and routes. Until it is fixed the local view is "
            "unknown, not down."),
        {u"ip route get %1"_s.arg(hostArgument(c.host)), u"env | grep -i proxy"_s});
}

std::optional<Cause> dnsFailure(const Context &c)
{
    if (!c.probe || !c.probe->dns.attempted || c.probe->dns.ok || c.probe->dns.error != ProbeError::DnsFailure)
        return std::nullopt;
    const QString detail = c.probe->dns.detail.isEmpty() ? QString() : u" (%1)"_s.arg(safeExcerpt(c.probe->dns.detail));
    return make(CauseId::DnsFailure, 0.9, Diagnosis::tr("The worker's name does not resolve"),
        Diagnosis::tr("%1 did not resolve from here%2.").arg(safeExcerpt(c.host), detail),
        Diagnosis::tr("Fix the DNS record, or register an address the server can reach: start the worker with "
                      "--advertise-address "
                      "set to its IP."),
        QStringList{commands::resolve(c.host, c.localOs).text}
            + commandTexts(commands::pinWorkerAddress(c.in.worker.ip)));
}

std::optional<Cause> bridgeAddress(const Context &c)
{
    double conf = bridgeLikelihood(c.hostClass);
    if (c.hostClass == AddressClass::Loopback && serverOnThisHost(c.in.serverUrl.host()))
        conf = 0.0;  // the server runs on this machine: its loopback is the worker's loopback
    const auto &docker = c.in.findings.workerDocker;
    const bool dockerBridgeUnpublished = docker && docker->recognized
        && (docker->mode == DockerNetworkMode::Bridge || docker->mode == DockerNetworkMode::Custom)
        && !docker->isPublished(c.port);
    if (conf <= 0.0 && !dockerBridgeUnpublished)
        return std::nullopt;
    // The server reaches the registered address and so do we (an all-in-one host, a server on
    // the same machine): whatever its class, it works.
    if (c.in.worker.state == WorkerState::Ready && !c.in.worker.unreachable.value_or(false) && c.localHealthy)
        return std::nullopt;
    if (c.probe && !c.probe->tcpOpen() && c.probe->tcp.attempted)
        conf = std::min(0.95, conf + 0.05);
    if (c.localHealthy
        && (c.hostClass == AddressClass::DockerUserNetwork || c.hostClass == AddressClass::KubernetesPod))
        conf *= 0.5;  // we reach it, so this range is a real network from here
    QStringList evidence;
    if (bridgeLikelihood(c.hostClass) > 0.0)
        evidence << Diagnosis::tr("The worker registered %1, %2; GPUStack probes %3.")
                        .arg(safeExcerpt(c.host), addressClassDescription(c.hostClass), c.url);
    if (docker && docker->recognized) {
        evidence << findingSentence(docker->explanation, docker->lines);
        if (dockerBridgeUnpublished)
            conf = std::max(conf, 0.9);
        else if (docker->mode == DockerNetworkMode::Host)
            conf *= 0.4;
    }
    if (c.probe && c.probe->tcp.attempted && !c.probe->tcp.ok)
        evidence << Diagnosis::tr("Connecting to it from here failed (%1).").arg(probeErrorId(c.probe->tcp.error));
    QString candidate;
    if (c.in.findings.workerAddresses && !c.in.findings.workerAddresses->primary.isEmpty())
        candidate = c.in.findings.workerAddresses->primary;
    QString would;
    if (!docker && c.hostClass != AddressClass::DockerBridge && c.hostClass != AddressClass::Unspecified
        && c.hostClass != AddressClass::Loopback)
        would = Diagnosis::tr(
            "Paste the output of `docker inspect -f '{{.HostConfig.NetworkMode}}' <worker container>` from the "
            "worker to tell a container network from a LAN that happens to use this range.");
    return make(CauseId::BridgeAddressRegistered, conf,
        Diagnosis::tr("The worker registered an address other hosts cannot reach"), evidence.join(u' '),
        Diagnosis::tr(
            "Run the worker container with --network=host, or publish port %1 and register the host's LAN address with "
            "--advertise-address (GPUStack ≥ 2.0.2) or --worker-ip (GPUStack issues #1366, #904).")
            .arg(c.port),
        commandTexts(commands::dockerWorkerFix(candidate, c.port))
            + commandTexts(commands::pinWorkerAddress(candidate, c.in.worker.ifname)),
        would);
}

std::optional<Cause> ipChanged(const Context &c)
{
    QStringList distinct;
    const AddressRecord *lastChange = nullptr;
    const AddressRecord *before = nullptr;
    for (qsizetype i = 0; i < c.in.addressHistory.size(); ++i) {
        const auto &r = c.in.addressHistory.at(i);
        if (!distinct.contains(r.probeHost()))
            distinct.append(r.probeHost());
        if (i > 0 && r.probeHost() != c.in.addressHistory.at(i - 1).probeHost()) {
            lastChange = &r;
            before = &c.in.addressHistory.at(i - 1);
        }
    }
    double conf = 0.0;
    QStringList evidence;
    if (lastChange) {
        int changes = 0;
        for (qsizetype i = 1; i < c.in.addressHistory.size(); ++i)
            changes += c.in.addressHistory.at(i).probeHost() != c.in.addressHistory.at(i - 1).probeHost() ? 1 : 0;
        conf = 0.75;
        if (c.in.nowMs > 0 && c.in.nowMs - lastChange->timeMs < 3'600'000)
            conf = 0.85;
        evidence << Diagnosis::tr("The registered address changed from %1 to %2 at %3 UTC (%4 changes in the history).")
                        .arg(safeExcerpt(before->probeHost()), safeExcerpt(lastChange->probeHost()),
                            QDateTime::fromMSecsSinceEpoch(lastChange->timeMs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm"_s),
                            QString::number(changes));
    }
    if (conf <= 0.0)
        return std::nullopt;
    return make(CauseId::IpChanged, conf, Diagnosis::tr("The worker's address changed"), evidence.join(u' '),
        Diagnosis::tr(
            "Pin the address: --worker-ip with --worker-ifname stops GPUStack's 15 s re-detection, --advertise-address "
            "(≥ 2.0.2) sets what the server probes; or give the worker a DHCP reservation (GPUStack issues #3795, "
            "#3890)."),
        commandTexts(commands::pinWorkerAddress(c.host, c.in.worker.ifname)));
}

std::optional<Cause> firewallDrop(const Context &c)
{
    const auto &fw = c.in.findings.workerFirewall;
    const bool timedOut = c.probe && c.probe->tcp.attempted && c.probe->tcp.error == ProbeError::TimedOut;
    const bool pasteSaysDrop = fw && fw->verdict == PortVerdict::Dropped;
    if (!timedOut && !pasteSaysDrop)
        return std::nullopt;
    if (c.probe && c.probe->tcpOpen())
        return std::nullopt;
    double conf = 0.5;
    QStringList evidence;
    if (timedOut) {
        evidence << Diagnosis::tr("Connecting to %1:%2 timed out after %3 s while %4.")
                        .arg(safeExcerpt(c.host), QString::number(c.port), secondsText(c.probe->tcp.durationUs),
                            metricsWitness(c));
        if (c.probe->metrics.attempted && c.probe->metrics.ok)
            conf = 0.9;
        else if (c.probe->metrics.attempted)
            conf = 0.35;  // the whole host is silent: down, or everything filtered
    }
    if (fw) {
        evidence << findingSentence(fw->explanation, fw->lines);
        if (pasteSaysDrop)
            conf = std::max(conf, timedOut ? 0.92 : 0.8);
        else if (fw->verdict == PortVerdict::Open || fw->verdict == PortVerdict::NotFiltering)
            conf = std::min(conf, 0.25);
    }
    if (bridgeLikelihood(c.hostClass) >= 0.75)
        conf *= 0.6;
    return make(CauseId::FirewallDrop, conf, Diagnosis::tr("A firewall silently drops port %1").arg(c.port),
        evidence.join(u' '),
        Diagnosis::tr("Open %1/tcp on the worker's firewall (and on any firewall between the server and the worker).")
            .arg(c.port),
        commandTexts(commands::firewallOpen(firewallKindOf(fw), c.port)), fw ? QString() : firewallPasteAdvice());
}

std::optional<Cause> firewallReject(const Context &c)
{
    const auto &fw = c.in.findings.workerFirewall;
    const auto &vantage = c.in.findings.serverVantage;
    const bool icmp = c.probe && c.probe->tcp.attempted && c.probe->tcp.error == ProbeError::HostUnreachable;
    const bool pasteSaysReject = fw && fw->verdict == PortVerdict::Rejected;
    const bool serverNoRoute = vantage && vantage->outcome == ConnectOutcome::NoRoute;
    if (!icmp && !pasteSaysReject && !serverNoRoute)
        return std::nullopt;
    if (c.probe && c.probe->tcpOpen() && !serverNoRoute)
        return std::nullopt;
    double conf = 0.6;
    QStringList evidence;
    if (icmp) {
        evidence << Diagnosis::tr("Connecting to %1:%2 failed with \"No route to host\" (an ICMP reject) while %3.")
                        .arg(safeExcerpt(c.host), QString::number(c.port), metricsWitness(c));
        if (c.probe->metrics.attempted && c.probe->metrics.ok)
            conf = 0.9;
    } else {
        conf = 0.5;
        if (c.probe && c.probe->tcp.attempted && c.probe->tcp.error == ProbeError::Refused)
            evidence << Diagnosis::tr("Connecting to %1:%2 was refused while %3: a REJECT rule with tcp-reset (or "
                                      "icmp-port-unreachable) answers exactly so.")
                            .arg(safeExcerpt(c.host), QString::number(c.port), metricsWitness(c));
    }
    if (serverNoRoute) {
        evidence << Diagnosis::tr("From the server: %1").arg(findingSentence(vantage->explanation, vantage->lines));
        conf = std::min(0.95, conf + 0.1);
    }
    if (fw) {
        evidence << findingSentence(fw->explanation, fw->lines);
        if (pasteSaysReject)
            conf = std::max(conf, icmp ? 0.93 : 0.8);
        else if (fw->verdict == PortVerdict::Open || fw->verdict == PortVerdict::NotFiltering)
            conf = std::min(conf, 0.25);
    }
    // "No route" to a container address is the address, not a rule (#1366) — unless the
    // worker's own listing shows the rule.
    if (bridgeLikelihood(c.hostClass) >= 0.5 && !pasteSaysReject)
        conf *= 0.5;
    return make(CauseId::FirewallReject, conf, Diagnosis::tr("A firewall rejects port %1").arg(c.port),
        evidence.join(u' '),
        Diagnosis::tr("Open %1/tcp on the worker's firewall: firewalld rejects ports its zone does not list with "
                      "icmp-host-prohibited, which clients report as \"No route to host\".")
            .arg(c.port),
        commandTexts(commands::firewallOpen(firewallKindOf(fw), c.port)), fw ? QString() : firewallPasteAdvice());
}

std::optional<Cause> portClosed(const Context &c)
{
    const auto &vantage = c.in.findings.serverVantage;
    const bool refused = c.probe && c.probe->tcp.attempted && c.probe->tcp.error == ProbeError::Refused;
    const bool serverRefused = vantage && vantage->outcome == ConnectOutcome::Refused;
    if (!refused && !serverRefused)
        return std::nullopt;
    double conf = refused ? 0.85 : 0.7;
    QStringList evidence;
    if (refused) {
        evidence << Diagnosis::tr("%1:%2 refused the connection: the host is up, but nothing accepts on port %2.")
                        .arg(safeExcerpt(c.host), QString::number(c.port));
        if (c.probe->metrics.attempted && c.probe->metrics.ok)
            evidence << Diagnosis::tr(
                "The metrics port %1 answers, so the worker runs but not on %2 at this address (bound to "
                "127.0.0.1, or another --worker-port).")
                            .arg(c.probe->metricsPort)
                            .arg(c.port);
    }
    if (serverRefused)
        evidence << Diagnosis::tr("From the server: %1").arg(findingSentence(vantage->explanation, vantage->lines));
    if (c.hostClass == AddressClass::Loopback || c.hostClass == AddressClass::Unspecified)
        conf *= 0.6;
    // A REJECT rule answering with a TCP reset is refused too, byte for byte: when the
    // worker's firewall listing shows one for this port, the port may well be listening.
    if (const auto &fw = c.in.findings.workerFirewall; fw && fw->verdict == PortVerdict::Rejected) {
        evidence << Diagnosis::tr(
            "But the worker's firewall rejects port %1, and a rejected connection is refused in the same way.")
                        .arg(c.port);
        conf *= 0.5;
    }
    return make(CauseId::PortClosed, conf, Diagnosis::tr("Nothing listens on port %1").arg(c.port), evidence.join(u' '),
        Diagnosis::tr(
            "Start the worker, and make it listen on all interfaces at the registered port: check --worker-port and "
            "that it is not bound to 127.0.0.1 only."),
        {u"ss -ltnp 'sport = :%1'"_s.arg(c.port), u"sudo systemctl status gpustack"_s,
            u"docker ps --filter publish=%1"_s.arg(c.port)},
        Diagnosis::tr(
            "Paste `ss -ltnp` from the worker: if something listens on 0.0.0.0:%1, a firewall rule rejects with a TCP "
            "reset instead.")
            .arg(c.port));
}

std::optional<Cause> healthSlow(const Context &c)
{
    double conf = 0.0;
    QStringList evidence;
    QStringList changes;
    if (c.probe && c.probe->http.attempted) {
        const qint64 answerUs = c.probe->firstByteUs > 0 ? c.probe->firstByteUs : c.probe->totalUs;
        if (c.probe->http.ok && answerUs > kAttemptLimitUs) {
            conf = 0.85;
            evidence << Diagnosis::tr("The health endpoint answered 200 after %1 s; GPUStack gives each attempt 2 s.")
                            .arg(secondsText(answerUs));
        } else if (!c.probe->http.ok && c.probe->http.error == ProbeError::TimedOut && c.probe->tcpOpen()) {
            conf = 0.65;
            evidence << Diagnosis::tr("The port accepted the connection, but /healthz did not answer within %1 s.")
                            .arg(secondsText(c.probe->http.durationUs));
        }
    }
    // The replay simulates hours of GPUStack's detector: only worth it (and only able to say
    // anything here) when some answer was over the per-attempt limit.
    const double attemptLimitMs = double(DetectorTimings{}.attemptTimeoutMs);
    const bool anySlow = std::any_of(
        c.in.latencyMs.cbegin(), c.in.latencyMs.cend(), [attemptLimitMs](double ms) { return ms > attemptLimitMs; });
    if (anySlow) {
        ReplayInput ri;
        ri.latencyMs = c.in.latencyMs;
        ri.lossRate = c.in.lossRate;
        const ReplayResult r = replayDetector(ri);
        if (r.slowFraction > 0.0) {
            conf = std::max(conf, r.unreachableTransitions > 0 ? 0.75 : 0.45);
            evidence << Diagnosis::tr("%1 of %2 recent answers took over 2 s (95th percentile %3 s).")
                            .arg(qRound(r.slowFraction * double(c.in.latencyMs.size())))
                            .arg(c.in.latencyMs.size())
                            .arg(QString::number(r.p95Ms / 1000.0, 'f', 1));
            evidence << r.summary;
            changes = r.changes;
        }
    }
    if (conf <= 0.0)
        return std::nullopt;
    QString fix = Diagnosis::tr(
        "Make /healthz answer within 2 s: look for CPU, memory or disk pressure on the worker host at the "
        "times it is slow.");
    if (!changes.isEmpty())
        fix += u' ' + changes.join(u' ');
    return make(CauseId::HealthSlow, conf, Diagnosis::tr("The health check is slower than GPUStack's 2 s limit"),
        evidence.join(u' '), fix,
        {u"curl -m 5 -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' %1"_s.arg(urlArgument(c.url))});
}

std::optional<Cause> healthBadStatus(const Context &c)
{
    if (!c.probe || !c.probe->http.attempted || c.probe->http.ok)
        return std::nullopt;
    const ProbeError e = c.probe->http.error;
    const QString fix = Diagnosis::tr(
        "Something other than a healthy GPUStack worker answers on this address and port: another service, a "
        "reverse proxy, or a worker that is starting or failing. Check what listens there and the worker's logs.");
    const QStringList checks{commands::httpCheck(c.url, c.localOs).text, commands::workerLogs().text};
    if (e == ProbeError::Reset || e == ProbeError::Protocol) {
        // The port accepts (TCP succeeded), so neither a firewall drop nor a closed port.
        const QString detail = safeExcerpt(c.probe->http.detail);
        const QString evidence = e == ProbeError::Reset
            ? Diagnosis::tr("GET %1: the connection was accepted, then reset before any answer (%2).")
                  .arg(c.url, detail)
            : Diagnosis::tr("GET %1: the connection was accepted, but what came back is not HTTP (%2).")
                  .arg(c.url, detail);
        return make(CauseId::HealthBadStatus, 0.7, Diagnosis::tr("The health port accepts but gives no proper answer"),
            evidence, fix, checks);
    }
    if (e != ProbeError::BadStatus && e != ProbeError::BadBody)
        return std::nullopt;
    const QString body = safeExcerpt(QString::fromUtf8(c.probe->bodyExcerpt));
    return make(CauseId::HealthBadStatus, e == ProbeError::BadStatus ? 0.9 : 0.8,
        Diagnosis::tr("The health endpoint answers, but not with 200 \"ok\""),
        Diagnosis::tr("GET %1 answered HTTP %2 with \"%3\".").arg(c.url, QString::number(c.probe->httpStatus), body),
        fix, checks);
}

std::optional<Cause> serverPathBlocked(const Context &c)
{
    if (!c.serverSaysUnreachable)
        return std::nullopt;
    const auto &vantage = c.in.findings.serverVantage;
    const auto &proxy = c.in.findings.serverProxy;
    double conf = 0.0;
    QStringList evidence;
    if (c.localHealthy) {
        const qint64 answerUs = c.probe->firstByteUs > 0 ? c.probe->firstByteUs : c.probe->totalUs;
        conf = answerUs <= kAttemptLimitUs ? 0.7 : 0.4;
        evidence << Diagnosis::tr("The server marks the worker unreachable, but from here %1 answered 200 in %2 ms.")
                        .arg(c.url, msText(answerUs));
    }
    if (vantage && vantage->recognized) {
        switch (vantage->outcome) {
        case ConnectOutcome::TimedOut:
        case ConnectOutcome::Refused:
        case ConnectOutcome::NoRoute:
        case ConnectOutcome::NetworkUnreachable:
        case ConnectOutcome::ResolveFailed:
        case ConnectOutcome::ProxyError:
        case ConnectOutcome::ProxyInPath:
            conf = std::max(conf, 0.9);
            evidence << Diagnosis::tr("From the server's side: %1")
                            .arg(findingSentence(vantage->explanation, vantage->lines));
            break;
        case ConnectOutcome::Succeeded: conf = std::min(conf, 0.3); break;  // said below: a proxy may explain it
        default: break;
        }
    }
    bool proxied = false;
    if (proxy && proxy->recognized && proxy->proxySet) {
        // v2.0.2 made NO_PROXY CIDR-aware (commit e9743c7e); v0.7.1–v2.0.1 sent the probe
        // through HTTP(S)_PROXY and ignored CIDR entries (issues #373, #1387).
        const bool cidrAware = c.version.atLeast(2, 0, 2);
        proxied = !proxy->bypasses(c.host, cidrAware);
        if (proxied) {
            conf = std::max(conf, 0.88);
            evidence << Diagnosis::tr(
                "The server's environment sets an HTTP proxy and NO_PROXY does not cover %1, so GPUStack "
                "sends the health check through the proxy.")
                            .arg(safeExcerpt(c.host));
        }
    }
    if (vantage && vantage->recognized && vantage->outcome == ConnectOutcome::Succeeded) {
        evidence << (proxied
                ? Diagnosis::tr("A direct connection from the server host succeeds; GPUStack's check does not "
                                "go direct.")
                : Diagnosis::tr("From the server's side the check succeeds, so the path works now: the failure "
                                "was transient or came from an earlier address."));
    }
    if (conf <= 0.0)
        return std::nullopt;
    QString would;
    if (!vantage)
        would = Diagnosis::tr(
            "Run `%1` on the server host and paste the output: GPUStack's probe runs in the server's network "
            "namespace, not your shell's (GPUStack FAQ, issue #2065).")
                    .arg(commands::serverVantage(c.url, c.host, c.port,
                        c.in.serverContainer.isEmpty() ? u"<server container>"_s : c.in.serverContainer)
                             .first()
                             .text);
    return make(CauseId::ServerPathBlocked, conf, Diagnosis::tr("The server's path to the worker differs from yours"),
        evidence.join(u' '),
        Diagnosis::tr(
            "Make the server reach the worker the way you do: add the worker's address to NO_PROXY in the server's "
            "environment, open any firewall between server and worker, and if the server runs in a container check its "
            "network (host networking avoids a second NAT)."),
        commandTexts(commands::serverVantage(c.url, c.host, c.port, c.in.serverContainer)), would);
}

std::optional<Cause> heartbeatLost(const Context &c)
{
    const Worker &w = c.in.worker;
    const bool notReady = w.state == WorkerState::NotReady;
    const bool stale = c.heartbeatAgeMs && *c.heartbeatAgeMs > kHeartbeatGraceMs;
    const bool messageSays = w.stateMessage.contains(u"Heartbeat lost"_s, Qt::CaseInsensitive);
    if (w.state == WorkerState::Maintenance || isProvisioningState(w.state))
        return std::nullopt;
    double conf = 0.0;
    if (notReady && stale)
        conf = 0.9;
    else if (notReady && messageSays)
        conf = 0.85;
    else if (stale)
        conf = 0.6;
    else if (notReady && !c.heartbeatAgeMs)
        conf = 0.5;
    if (conf <= 0.0)
        return std::nullopt;
    QStringList evidence;
    if (c.heartbeatAgeMs)
        evidence << Diagnosis::tr(
            "The server says %1; the last heartbeat is %2 old (GPUStack marks a worker not ready after 150 s).")
                        .arg(workerStateId(w.state), durationText(*c.heartbeatAgeMs));
    else
        evidence << Diagnosis::tr("The server says %1 and reports no heartbeat time.").arg(workerStateId(w.state));
    if (c.localHealthy)
        evidence << Diagnosis::tr(
            "Its health endpoint answers from here, so the worker runs: the worker → server direction is what fails.");
    return make(CauseId::HeartbeatLost, conf, Diagnosis::tr("The worker's heartbeats stopped reaching the server"),
        evidence.join(u' '),
        Diagnosis::tr(
            "Check that the worker can reach the server's URL (proxy, DNS, firewall on the server side) and that the "
            "worker process is alive; GPUStack reschedules its model instances after 5 minutes without heartbeats."),
        {commands::serverFromWorker(QString(), c.os).text, commands::workerLogs().text},
        c.heartbeatAgeMs
            ? QString()
            : Diagnosis::tr(
                "The heartbeat time is missing: a v2 server reports heartbeat_time; refresh the worker list."));
}

std::optional<Cause> clockSkew(const Context &c)
{
    double conf = 0.0;
    QStringList evidence;
    if (c.in.clockSkewMs) {
        const qint64 skew = *c.in.clockSkewMs;
        const qint64 abs = std::llabs(skew);
        if (abs >= 60'000)
            conf = 0.75;
        else if (abs >= 5'000)
            conf = 0.4;
        if (conf > 0.0)
            evidence << Diagnosis::tr("The server's Date header is %1 %2 this machine's clock.")
                            .arg(durationText(abs), skew > 0 ? Diagnosis::tr("ahead of") : Diagnosis::tr("behind"));
    }
    // The server stamps heartbeat_time with its own clock (v1+): an offset between it and this
    // machine shifts every heartbeat age read here by that much (ClusterMonitor corrects them).
    const bool serverStamps = c.version.atLeast(1, 0);
    if (c.in.serverClockOffsetMs && serverStamps && c.in.worker.heartbeatTime.isValid()) {
        const qint64 offset = *c.in.serverClockOffsetMs;
        const qint64 abs = qRound64(double(std::llabs(offset)) / 1000.0) * 1000;  // measured to ±1 s
        if (abs >= 5'000) {
            conf = std::max(conf, abs >= 60'000 ? 0.5 : 0.3);
            evidence << Diagnosis::tr(
                "The GPUStack server's clock is %1 %2 this machine's (the Date header of its replies), so "
                "every heartbeat time it sends reads %1 off here; the heartbeat ages Parallax shows are "
                "corrected by that offset.")
                            .arg(durationText(abs), offset > 0 ? Diagnosis::tr("ahead of") : Diagnosis::tr("behind"));
        }
    }
    if (c.heartbeatAgeMs && *c.heartbeatAgeMs < -5'000) {
        conf = std::max(conf, 0.6);
        evidence << Diagnosis::tr("The last heartbeat is %1 in the future.").arg(durationText(-*c.heartbeatAgeMs));
    }
    const auto &clock = c.in.findings.workerClock;
    if (clock && clock->synchronized == false) {
        conf = std::max(conf, 0.5);
        evidence << Diagnosis::tr("On the worker: %1").arg(clock->explanation);
    }
    if (conf <= 0.0)
        return std::nullopt;
    // v0.x stamped heartbeat_time with the worker's clock (ref §7), so skew there directly
    // produced "Heartbeat lost" (docs FAQ v0.6/v0.7, issue #1576).
    if (!c.version.atLeast(1, 0)) {
        conf = std::min(0.95, conf + 0.15);
        evidence << Diagnosis::tr(
            "GPUStack %1 takes heartbeat times from the worker's clock, so skew turns directly into "
            "\"Heartbeat lost\".")
                        .arg(safeExcerpt(c.in.serverVersion));
    }
    return make(CauseId::ClockSkew, conf, Diagnosis::tr("Clocks differ"), evidence.join(u' '),
        Diagnosis::tr("Synchronize the clocks of worker, server and this machine with NTP."),
        {commands::timeStatus(c.os).text, u"sudo timedatectl set-ntp true"_s});
}

std::optional<Cause> serverCheckDisabled(const Context &c)
{
    const bool localDown = c.in.local == LocalState::Down || c.in.verdict == Verdict::SplitLocalDown
        || (c.probe && c.probe->tcp.attempted && !c.probe->healthy());
    const bool serverReady = c.in.worker.state == WorkerState::Ready;
    if (!localDown || !serverReady)
        return std::nullopt;
    double conf = 0.0;
    QString evidence;
    if (c.in.checkMode == UnreachableCheckMode::Disabled) {
        conf = 0.85;
        evidence = Diagnosis::tr(
            "The server's GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE is disabled, so it never probes workers and "
            "keeps showing this one ready while it is down from here.");
    } else if (c.in.checkMode == UnreachableCheckMode::Auto && c.in.clusterSize > 50) {
        const bool knownNew = c.version.isKnown() && c.version.atLeast(2, 1);
        const bool knownOld = !c.version.atLeast(2, 1);
        if (knownOld)
            return std::nullopt;
        conf = knownNew ? 0.85 : 0.55;
        evidence = Diagnosis::tr(
            "The cluster has %1 workers; GPUStack ≥ 2.1.0 in `auto` mode stops checking reachability above "
            "50, so the server keeps showing this worker ready while it is down from here.")
                       .arg(c.in.clusterSize);
    }
    if (conf <= 0.0)
        return std::nullopt;
    return make(CauseId::ServerCheckDisabled, conf, Diagnosis::tr("GPUStack's own reachability check is off"), evidence,
        Diagnosis::tr(
            "Trust the local view for this worker, or set GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE=enabled on the server "
            "(one health request per worker every 15 s)."),
        {u"GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE=enabled"_s},
        !c.version.isKnown() ? Diagnosis::tr("The server version is unknown: `auto` mode exists since GPUStack 2.1.0.")
                             : QString());
}

}  // namespace

QList<Cause> diagnose(const DiagnosisInput &in)
{
    Context c{in};
    c.host = in.worker.probeHost();
    c.port = in.worker.port.value_or(10150);
    const QUrl url = in.worker.healthUrl();
    c.url = url.isValid()
        ? url.toString()
        : u"http://%1:%2/healthz"_s.arg(c.host, QString::number(c.port));  // one pass: a "%2" in the host stays
    c.os = osFamilyOf(in.worker);
    c.hostClass = classifyAddress(c.host);
    c.version = ServerVersion(in.serverVersion);
    if (in.nowMs > 0)
        c.heartbeatAgeMs = in.worker.heartbeatAgeMs(in.nowMs);
    if (in.probe)
        c.probe = &*in.probe;
    c.localHealthy = c.probe && c.probe->healthy();
    c.serverSaysUnreachable = in.worker.state == WorkerState::Unreachable
        || (in.worker.unreachable.value_or(false) && in.worker.state != WorkerState::NotReady);

    QList<Cause> causes;
    const bool localSuspect = !c.localHealthy && (in.allProbesFailSame || in.local == LocalState::UnknownLocalNetwork);
    using Rule = std::optional<Cause> (*)(const Context &);
    const Rule rules[] = {localNetwork, dnsFailure, bridgeAddress, ipChanged, firewallDrop, firewallReject, portClosed,
        healthSlow, healthBadStatus, serverPathBlocked, heartbeatLost, clockSkew, serverCheckDisabled};
    for (Rule rule : rules) {
        if (auto cause = rule(c)) {
            // When our own vantage point is the suspect, what our probes saw says little.
            if (localSuspect && cause->id != CauseId::LocalNetwork && cause->id != CauseId::HeartbeatLost
                && cause->id != CauseId::ClockSkew && cause->id != CauseId::ServerCheckDisabled)
                cause->confidence *= 0.4;
            causes.append(*cause);
        }
    }
    std::stable_sort(
        causes.begin(), causes.end(), [](const Cause &a, const Cause &b) { return a.confidence > b.confidence; });
    return causes;
}

bool plainlyHealthy(const HealthFacts &in)
{
    constexpr qint64 kFastUs = 1'000'000;
    constexpr qint64 kSkewWorthMs = 5'000;
    return in.verdict == Verdict::AgreeUp && !in.flapping && in.probe && in.probe->healthy()
        && in.probe->totalUs < kFastUs && in.addresses <= 1 && (!in.clockSkewMs || qAbs(*in.clockSkewMs) < kSkewWorthMs)
        && in.lossRate <= 0.0 && in.findingsEmpty
        && (!in.serverClockOffsetMs || qAbs(*in.serverClockOffsetMs) < kSkewWorthMs);
}

bool plainlyHealthy(const DiagnosisInput &in)
{
    return plainlyHealthy(HealthFacts{in.verdict, in.flapping, in.probe ? &*in.probe : nullptr,
        in.addressHistory.size(), in.clockSkewMs, in.lossRate, in.findings.isEmpty(), in.serverClockOffsetMs});
}

QList<Cause> rankedCauses(const DiagnosisInput &in)
{
    // A newer probe the hysteresis has not confirmed (Up or not yet judged again, and it
    // failed; Down, and it answered): the causes stay those of the confirmed one.
    const bool unconfirmed = in.local == LocalState::Down ? in.probe && in.probe->healthy()
        : in.local != LocalState::UnknownLocalNetwork     ? in.probe && !in.probe->healthy()
                                                          : false;
    if (unconfirmed && in.confirmedProbe && in.probe->firstError() != ProbeError::Skipped) {
        DiagnosisInput confirmed = in;
        confirmed.probe = in.confirmedProbe;
        return plainlyHealthy(confirmed) ? QList<Cause>() : diagnose(confirmed);
    }
    return plainlyHealthy(in) ? QList<Cause>() : diagnose(in);
}

}  // namespace parallax

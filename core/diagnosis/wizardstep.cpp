#include "wizardstep.h"
#include "base/trcontexts.h"

#include "addressclass.h"
#include "detectorreplay.h"
#include "gpustack/serverversion.h"
#include "pastetext.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

struct StepName {
    WizardStepId id;
    const char16_t *key;
};
constexpr StepName kSteps[] = {
    {WizardStepId::ServerView, u"server_view"},
    {WizardStepId::NameResolution, u"name_resolution"},
    {WizardStepId::TcpConnect, u"tcp_connect"},
    {WizardStepId::HttpHealth, u"http_health"},
    {WizardStepId::ServerVantage, u"server_vantage"},
    {WizardStepId::WorkerFirewall, u"worker_firewall"},
    {WizardStepId::DockerNetwork, u"docker_network"},
    {WizardStepId::HealthTiming, u"health_timing"},
    {WizardStepId::AddressDrift, u"address_drift"},
    {WizardStepId::Conclusion, u"conclusion"},
};

QString hostOf(const WizardContext &c)
{
    return c.input.worker.probeHost();
}

int portOf(const WizardContext &c)
{
    return c.input.worker.port.value_or(10150);
}

QString urlOf(const WizardContext &c)
{
    const QUrl u = c.input.worker.healthUrl();
    return u.isValid() ? u.toString() : u"http://%1:%2/healthz"_s.arg(hostOf(c), QString::number(portOf(c)));
}

QString ms(qint64 us)
{
    return QString::number(double(us) / 1000.0, 'f', 0);
}

StepResult result(WizardStepId id, StepOutcome o, const QString &explanation, const QStringList &evidence = {})
{
    StepResult r;
    r.id = id;
    r.outcome = o;
    r.explanation = explanation;
    r.evidence = evidence;
    return r;
}

QString errorSentence(ProbeError e)
{
    switch (e) {
    case ProbeError::Refused: return Wizard::tr("refused: the host answered, nothing listens on the port");
    case ProbeError::TimedOut: return Wizard::tr("timed out: packets are dropped, or the host is gone");
    case ProbeError::HostUnreachable: return Wizard::tr("no route to host: typically a firewall rejecting the port");
    case ProbeError::NetworkUnreachable: return Wizard::tr("network unreachable from here");
    case ProbeError::DnsFailure: return Wizard::tr("the name does not resolve");
    case ProbeError::Reset: return Wizard::tr("the connection was reset");
    case ProbeError::BadStatus: return Wizard::tr("answered with a status other than 200");
    case ProbeError::BadBody: return Wizard::tr("answered 200 but not with GPUStack's \"ok\"");
    case ProbeError::Skipped: return Wizard::tr("not probed: the address is outside the networks this run may probe");
    default: return probeErrorId(e);
    }
}

QString pastedOf(const WizardContext &c, WizardStepId id)
{
    return c.pasted.value(id);
}

}  // namespace

QString wizardStepKey(WizardStepId id)
{
    for (const auto &s : kSteps) {
        if (s.id == id)
            return QString::fromUtf16(s.key);
    }
    return QString();
}

bool wizardStepFromKey(const QString &key, WizardStepId *out)
{
    for (const auto &s : kSteps) {
        if (key == QString::fromUtf16(s.key)) {
            if (out)
                *out = s.id;
            return true;
        }
    }
    return false;
}

QList<WizardStepId> allWizardSteps()
{
    QList<WizardStepId> out;
    for (const auto &s : kSteps)
        out.append(s.id);
    return out;
}

QString stepOutcomeId(StepOutcome outcome)
{
    switch (outcome) {
    case StepOutcome::NotRun: return u"not_run"_s;
    case StepOutcome::Pass: return u"pass"_s;
    case StepOutcome::Fail: return u"fail"_s;
    case StepOutcome::Unknown: return u"unknown"_s;
    case StepOutcome::Skipped: return u"skipped"_s;
    }
    return u"not_run"_s;
}

StepOutcome stepOutcomeFromId(const QString &id)
{
    for (StepOutcome o : {StepOutcome::Pass, StepOutcome::Fail, StepOutcome::Unknown, StepOutcome::Skipped}) {
        if (stepOutcomeId(o) == id)
            return o;
    }
    return StepOutcome::NotRun;
}

QString pasteParserId(PasteParser parser)
{
    switch (parser) {
    case PasteParser::None: return u"none"_s;
    case PasteParser::Connectivity: return u"connectivity"_s;
    case PasteParser::Firewall: return u"firewall"_s;
    case PasteParser::Docker: return u"docker"_s;
    case PasteParser::IpAddr: return u"ip_addr"_s;
    case PasteParser::Timedatectl: return u"timedatectl"_s;
    }
    return u"none"_s;
}

WizardStep wizardStep(WizardStepId id, const WizardContext &c)
{
    const OsFamily os = osFamilyOf(c.input.worker);
    const QString host = hostOf(c);
    const int port = portOf(c);
    const QString url = urlOf(c);
    WizardStep s;
    s.id = id;
    s.key = wizardStepKey(id);
    switch (id) {
    case WizardStepId::ServerView:
        s.title = Wizard::tr("What the server says");
        s.purpose =
            Wizard::tr("GPUStack's server checks each worker with GET %1 (the registered advertise_address or ip, and "
                       "port). It marks the worker unreachable when that fails for 20 s, and not ready when the "
                       "worker's heartbeat is over 150 s old.")
                .arg(url);
        s.commands = {commands::timeStatus(os)};
        s.paste = PasteParser::Timedatectl;
        s.pastePrompt = Wizard::tr("Optional: paste `timedatectl` from the worker to check its clock.");
        if (os == OsFamily::Linux || os == OsFamily::Unknown)
            s.remoteCommand = u"timedatectl"_s;
        s.live = true;
        break;
    case WizardStepId::NameResolution:
        s.title = Wizard::tr("Name resolution from here");
        s.purpose = Wizard::tr("If the server probes a name, the name must resolve to the worker's address.");
        if (classifyAddress(host) == AddressClass::Hostname)
            s.commands = {commands::resolve(host, c.localOs)};
        s.live = true;
        break;
    case WizardStepId::TcpConnect:
        s.title = Wizard::tr("TCP connect (telnet / nc)");
        s.purpose =
            Wizard::tr("Can a TCP connection to port %1 be opened from here? Refused, timed out and \"no route\" point "
                       "to different causes.")
                .arg(port);
        s.commands = {commands::tcpCheck(host, port, c.localOs), commands::telnetCheck(host, port, c.localOs)};
        s.live = true;
        break;
    case WizardStepId::HttpHealth:
        s.title = Wizard::tr("HTTP health check");
        s.purpose = Wizard::tr("GPUStack counts only HTTP 200 within 2 s per attempt as reachable.");
        s.commands = {commands::httpCheck(url, c.localOs)};
        s.live = true;
        break;
    case WizardStepId::ServerVantage:
        s.title = Wizard::tr("From the server's side");
        s.purpose =
            Wizard::tr("The server's probe runs in the server's own network namespace (its container, its proxy "
                       "settings). Run these on the server host and paste what they print.");
        s.commands = commands::serverVantage(
            url, host, port, c.input.serverContainer.isEmpty() ? u"gpustack"_s : c.input.serverContainer);
        s.paste = PasteParser::Connectivity;
        s.pastePrompt = Wizard::tr("Paste the output of the commands above (curl / nc / env).");
        break;
    case WizardStepId::WorkerFirewall:
        s.title = Wizard::tr("Firewall on the worker");
        s.purpose =
            Wizard::tr("A firewall that drops port %1 makes connects time out; one that rejects it makes them fail "
                       "with \"No route to host\", or with \"Connection refused\" when it rejects with a reset — "
                       "which looks exactly like a closed port, so only this listing tells the two apart.")
                .arg(port);
        s.commands = os == OsFamily::Windows
            ? commands::windowsFirewall(port)
            : commands::allFirewallListings() + commands::firewallOpen(FirewallKind::Firewalld, port);
        s.paste = PasteParser::Firewall;
        s.pastePrompt =
            Wizard::tr("Paste the output of one of the listing commands (firewall-cmd, ufw, nft or iptables).");
        // sudo -n never prompts: over ssh in batch mode a prompt would hang.
        if (os == OsFamily::Linux || os == OsFamily::Unknown)
            s.remoteCommand =
                u"sudo -n firewall-cmd --list-all 2>/dev/null || sudo -n ufw status verbose 2>/dev/null || sudo -n nft list ruleset 2>/dev/null || sudo -n iptables -S"_s;
        break;
    case WizardStepId::DockerNetwork:
        s.title = Wizard::tr("Docker network mode");
        s.purpose =
            Wizard::tr("A worker in a bridge-mode container detects and registers its container address, which other "
                       "hosts cannot reach. Host networking, or a published port plus --advertise-address, fixes it.");
        s.commands = commands::dockerNetworkMode(u"gpustack-worker"_s) + commands::dockerWorkerFix(QString(), port);
        s.paste = PasteParser::Docker;
        s.pastePrompt =
            Wizard::tr("Paste the output of `docker inspect` / `docker ps` (skip this step if the worker does not "
                       "run in a container).");
        s.remoteCommand = u"docker ps"_s;
        break;
    case WizardStepId::HealthTiming:
        s.title = Wizard::tr("Health-check timing");
        s.purpose =
            Wizard::tr("Replays the measured answer times and losses against GPUStack's detector: 2 s per attempt, a "
                       "retry every 3 s for 20 s, every 15 s.");
        s.live = true;
        break;
    case WizardStepId::AddressDrift:
        s.title = Wizard::tr("Address drift");
        s.purpose =
            Wizard::tr("GPUStack re-detects the worker address every 15 s unless --worker-ip and --worker-ifname are "
                       "set; a DHCP change or a second NIC changes what the server probes.");
        s.commands = QList<ShellCommand>{commands::ipAddr(os)}
            + commands::pinWorkerAddress(c.input.worker.ip, c.input.worker.ifname);
        s.paste = PasteParser::IpAddr;
        s.pastePrompt = Wizard::tr("Optional: paste `ip addr` from the worker to see which addresses it has.");
        if (os == OsFamily::Linux || os == OsFamily::Unknown)
            s.remoteCommand = u"ip addr; ip route"_s;
        s.live = true;
        break;
    case WizardStepId::Conclusion:
        s.title = Wizard::tr("Conclusion");
        s.purpose = Wizard::tr("The likely causes, best first, with what was observed and how to fix each.");
        s.live = true;
        break;
    }
    return s;
}

QList<WizardStep> wizardSteps(const WizardContext &context)
{
    QList<WizardStep> out;
    for (WizardStepId id : allWizardSteps())
        out.append(wizardStep(id, context));
    return out;
}

void applyPastedFindings(WizardContext &c)
{
    WizardFindings &f = c.input.findings;
    const QString vantage = pastedOf(c, WizardStepId::ServerVantage);
    if (!isBlankPaste(vantage)) {
        const ConnectFinding cf = parseConnectivity(vantage);
        f.serverVantage = cf.recognized ? std::optional<ConnectFinding>(cf) : std::nullopt;
        const ProxyEnvFinding pf = parseProxyEnv(vantage);
        f.serverProxy = pf.recognized ? std::optional<ProxyEnvFinding>(pf) : std::nullopt;
    }
    if (const QString t = pastedOf(c, WizardStepId::WorkerFirewall); !isBlankPaste(t)) {
        const FirewallFinding ff = parseFirewallListing(t, portOf(c));
        f.workerFirewall = ff.recognized ? std::optional<FirewallFinding>(ff) : std::nullopt;
    }
    if (const QString t = pastedOf(c, WizardStepId::DockerNetwork); !isBlankPaste(t)) {
        const DockerFinding df = parseDocker(t, portOf(c));
        f.workerDocker = df.recognized ? std::optional<DockerFinding>(df) : std::nullopt;
    }
    if (const QString t = pastedOf(c, WizardStepId::AddressDrift); !isBlankPaste(t)) {
        const IpFinding ipf = parseIp(t);
        f.workerAddresses = ipf.recognized ? std::optional<IpFinding>(ipf) : std::nullopt;
    }
    if (const QString t = pastedOf(c, WizardStepId::ServerView); !isBlankPaste(t)) {
        const ClockFinding cl = parseTimedatectl(t);
        f.workerClock = cl.recognized ? std::optional<ClockFinding>(cl) : std::nullopt;
    }
}

StepResult evaluateStep(WizardStepId id, const WizardContext &context)
{
    WizardContext c = context;
    applyPastedFindings(c);
    const DiagnosisInput &in = c.input;
    const Worker &w = in.worker;
    const ProbeResult *p = in.probe ? &*in.probe : nullptr;
    const QString host = hostOf(c);
    const int port = portOf(c);
    StepResult r;
    switch (id) {
    case WizardStepId::ServerView: {
        QStringList ev;
        ev << Wizard::tr("State: %1").arg(w.stateText.isEmpty() ? workerStateId(w.state) : w.stateText);
        ev << Wizard::tr("Probed URL: %1").arg(urlOf(c));
        const AddressClass cls = classifyAddress(host);
        // The same rule as the cause classifier: a server on this machine reaches its loopback
        // workers (the demo's simulated hosts are such workers).
        const bool serverReaches = !isUnroutableForServer(cls, in.serverUrl.host());
        ev << Wizard::tr("Registered address: %1 (%2)")
                  .arg(host,
                      serverReaches && cls == AddressClass::Loopback
                          ? Wizard::tr("a loopback address; the server runs on this machine and reaches it there")
                          : addressClassDescription(cls));
        std::optional<qint64> age;
        if (in.nowMs > 0)
            age = w.heartbeatAgeMs(in.nowMs);
        if (age)
            ev << Wizard::tr("Last heartbeat: %1 s ago").arg(*age / 1000);
        if (in.findings.workerClock)
            ev << in.findings.workerClock->explanation;
        if (w.state == WorkerState::Ready)
            r = result(id, StepOutcome::Pass, Wizard::tr("The server says the worker is ready."), ev);
        else if (w.state == WorkerState::Unreachable)
            r = result(id, StepOutcome::Fail,
                Wizard::tr("The server cannot reach %1: its own health check failed for 20 s.").arg(urlOf(c)), ev);
        else if (w.state == WorkerState::NotReady)
            r = result(id, StepOutcome::Fail,
                Wizard::tr(
                    "The server has not heard the worker's heartbeat for over 150 s (worker → server direction)."),
                ev);
        else
            r = result(
                id, StepOutcome::Unknown, Wizard::tr("The server reports state %1.").arg(workerStateId(w.state)), ev);
        if (!serverReaches && r.outcome == StepOutcome::Pass)
            r.explanation += u' ' + Wizard::tr("Note: the registered address is %1.").arg(addressClassDescription(cls));
        break;
    }
    case WizardStepId::NameResolution: {
        if (classifyAddress(host) != AddressClass::Hostname) {
            r = result(id, StepOutcome::Pass,
                Wizard::tr("The server probes an address (%1), not a name: nothing to resolve.").arg(host));
        } else if (!p || !p->dns.attempted) {
            r = result(id, StepOutcome::Unknown, Wizard::tr("Not resolved yet: run the check."));
        } else if (p->dns.ok) {
            QStringList addrs;
            for (const auto &a : p->resolved)
                addrs << a.toString();
            r = result(id, StepOutcome::Pass, Wizard::tr("%1 resolves to %2.").arg(host, addrs.join(u", "_s)));
        } else {
            r = result(
                id, StepOutcome::Fail, Wizard::tr("%1 does not resolve from here (%2).").arg(host, p->dns.detail));
        }
        break;
    }
    case WizardStepId::TcpConnect: {
        if (!p || !p->tcp.attempted) {
            r = result(id, StepOutcome::Unknown, Wizard::tr("Not connected yet: run the check."));
        } else if (p->tcp.error == ProbeError::Skipped) {
            r = result(id, StepOutcome::Unknown, errorSentence(p->tcp.error));
        } else if (p->tcp.ok) {
            r = result(id, StepOutcome::Pass,
                Wizard::tr("Port %1 on %2 accepted the connection in %3 ms.")
                    .arg(QString::number(port), host, ms(p->tcp.durationUs)));
        } else {
            QStringList ev;
            if (p->metrics.attempted)
                ev << (p->metrics.ok ? Wizard::tr("The metrics port %1 answered: the host is up.").arg(p->metricsPort)
                                     : Wizard::tr("The metrics port %1 failed too (%2).")
                                           .arg(QString::number(p->metricsPort), errorSentence(p->metrics.error)));
            r = result(id, StepOutcome::Fail,
                Wizard::tr("Connecting to %1:%2 %3.").arg(host, QString::number(port), errorSentence(p->tcp.error)),
                ev);
        }
        break;
    }
    case WizardStepId::HttpHealth: {
        if (!p || !p->http.attempted) {
            r = result(id, StepOutcome::Unknown,
                p && p->tcp.attempted && !p->tcp.ok ? Wizard::tr("No HTTP check: the TCP connection failed.")
                                                    : Wizard::tr("Not checked yet: run the check."));
            break;
        }
        const qint64 answerUs = p->firstByteUs > 0 ? p->firstByteUs : p->totalUs;
        if (p->http.ok && answerUs <= 2'000'000)
            r = result(id, StepOutcome::Pass,
                Wizard::tr("/healthz answered 200 \"ok\" in %1 ms, within GPUStack's 2 s.").arg(ms(answerUs)));
        else if (p->http.ok)
            r = result(id, StepOutcome::Fail,
                Wizard::tr("/healthz answered 200, but after %1 ms: GPUStack gives up after 2 s per attempt.")
                    .arg(ms(answerUs)));
        else
            r = result(id, StepOutcome::Fail,
                Wizard::tr("/healthz %1 (HTTP %2).").arg(errorSentence(p->http.error), QString::number(p->httpStatus)),
                {QString::fromUtf8(p->bodyExcerpt.left(80))});
        break;
    }
    case WizardStepId::ServerVantage: {
        const auto &v = in.findings.serverVantage;
        const auto &px = in.findings.serverProxy;
        QStringList ev;
        if (v)
            ev += v->lines;
        if (px)
            ev += px->lines;
        if (!v && !px) {
            r = result(id, StepOutcome::Unknown,
                isBlankPaste(pastedOf(c, id))
                    ? Wizard::tr("Run the commands on the server host and paste their output here.")
                    : Wizard::tr("The pasted text was not recognised as curl, nc, telnet or env output."));
            break;
        }
        const bool cidrAware = ServerVersion(in.serverVersion).atLeast(2, 0, 2);
        const bool proxyCatches = px && px->proxySet && !px->bypasses(host, cidrAware);
        if (v && (v->outcome == ConnectOutcome::Succeeded) && !proxyCatches)
            r = result(id, StepOutcome::Pass, Wizard::tr("The server reaches the worker: %1").arg(v->explanation), ev);
        else if (v && v->outcome != ConnectOutcome::Unknown && v->outcome != ConnectOutcome::Succeeded)
            r = result(id, StepOutcome::Fail, v->explanation, ev);
        else if (proxyCatches)
            r = result(id, StepOutcome::Fail,
                Wizard::tr("The server's environment sends HTTP through a proxy and NO_PROXY does not cover %1.")
                    .arg(host),
                ev);
        else
            r = result(id, StepOutcome::Unknown, v ? v->explanation : px->explanation, ev);
        break;
    }
    case WizardStepId::WorkerFirewall: {
        const auto &f = in.findings.workerFirewall;
        if (!f) {
            r = result(id, StepOutcome::Unknown,
                isBlankPaste(pastedOf(c, id)) ? Wizard::tr("Paste a firewall listing from the worker.")
                                              : Wizard::tr("The pasted text was not recognised as firewall output."));
            break;
        }
        switch (f->verdict) {
        case PortVerdict::Open:
        case PortVerdict::NotFiltering: r = result(id, StepOutcome::Pass, f->explanation, f->lines); break;
        case PortVerdict::Dropped:
        case PortVerdict::Rejected:
        case PortVerdict::NotAllowed: r = result(id, StepOutcome::Fail, f->explanation, f->lines); break;
        default: r = result(id, StepOutcome::Unknown, f->explanation, f->lines); break;
        }
        break;
    }
    case WizardStepId::DockerNetwork: {
        const auto &d = in.findings.workerDocker;
        if (!d) {
            const AddressClass cls = classifyAddress(host);
            r = result(id, StepOutcome::Unknown,
                bridgeLikelihood(cls) > 0.0
                    ? Wizard::tr("The registered address %1 looks like a container address: paste "
                                 "`docker inspect` of the worker container.")
                          .arg(host)
                    : Wizard::tr("Paste `docker inspect` of the worker container, or skip this step if "
                                 "the worker is not in a container."));
            break;
        }
        if (d->notFound && d->mode == DockerNetworkMode::Unknown)
            r = result(id, StepOutcome::Unknown, d->explanation, d->lines);
        else if (d->mode == DockerNetworkMode::Host)
            r = result(id, StepOutcome::Pass, d->explanation, d->lines);
        else if (d->isPublished(port) && !isUnroutableForServer(classifyAddress(host), in.serverUrl.host()))
            r = result(id, StepOutcome::Pass, d->explanation, d->lines);
        else if (d->mode == DockerNetworkMode::Unknown && d->published.isEmpty())
            r = result(id, StepOutcome::Unknown, d->explanation, d->lines);
        else
            r = result(id, StepOutcome::Fail,
                d->explanation + u' '
                    + Wizard::tr(
                        "Use host networking, or publish %1 and start the worker with --advertise-address set to the "
                        "host's address.")
                          .arg(port),
                d->lines);
        break;
    }
    case WizardStepId::HealthTiming: {
        if (in.latencyMs.isEmpty() && in.lossRate <= 0.0) {
            r = result(id, StepOutcome::Unknown,
                Wizard::tr("No measured answers yet: let Parallax probe the worker for a while."));
            break;
        }
        ReplayInput ri;
        ri.latencyMs = in.latencyMs;
        ri.lossRate = in.lossRate;
        ri.seed = quint32(qHash(w.id));
        const ReplayResult rr = replayDetector(ri);
        r = result(id, rr.unreachableTransitions > 0 ? StepOutcome::Fail : StepOutcome::Pass, rr.summary, rr.changes);
        break;
    }
    case WizardStepId::AddressDrift: {
        QStringList ev;
        QStringList hosts;
        for (const auto &a : in.addressHistory) {
            if (!hosts.contains(a.probeHost()))
                hosts << a.probeHost();
        }
        bool fail = hosts.size() > 1;
        if (fail)
            ev << Wizard::tr("Registered addresses seen: %1").arg(hosts.join(u" → "_s));
        const AddressClass cls = classifyAddress(host);
        if (isUnroutableForServer(cls, in.serverUrl.host())) {
            fail = true;
            ev << Wizard::tr("%1 is %2.").arg(host, addressClassDescription(cls));
        }
        if (const auto &ipf = in.findings.workerAddresses;
            ipf && !ipf->candidates.isEmpty() && cls != AddressClass::Hostname && !ipf->candidates.contains(host)) {
            fail = true;
            ev << Wizard::tr("The worker's reachable addresses are %1, but it registered %2.")
                      .arg(ipf->candidates.join(u", "_s), host);
        }
        if (in.findings.workerAddresses)
            ev << in.findings.workerAddresses->explanation;
        if (fail)
            r = result(id, StepOutcome::Fail,
                Wizard::tr("The registered address is not stable or not reachable: pin it with --worker-ip / "
                           "--worker-ifname / "
                           "--advertise-address."),
                ev);
        else if (in.addressHistory.isEmpty() && !in.findings.workerAddresses)
            r = result(id, StepOutcome::Unknown, Wizard::tr("No address history yet."), ev);
        else
            r = result(id, StepOutcome::Pass, Wizard::tr("The registered address %1 has not changed.").arg(host), ev);
        break;
    }
    case WizardStepId::Conclusion: {
        const QList<Cause> causes = diagnose(in);
        QStringList ev;
        for (const Cause &cause : causes)
            ev << u"%1 (%2)"_s.arg(causeIdString(cause.id), QString::number(cause.confidence, 'f', 2));
        if (!causes.isEmpty() && causes.first().confidence >= 0.5)
            r = result(id, StepOutcome::Fail, causes.first().title + u": "_s + causes.first().evidence, ev);
        else if (causes.isEmpty() && in.verdict == Verdict::AgreeUp)
            r = result(id, StepOutcome::Pass, Wizard::tr("Both views agree the worker is up; nothing to fix."), ev);
        else
            r = result(id, StepOutcome::Unknown,
                causes.isEmpty() ? Wizard::tr("No cause stands out yet: run the steps above.")
                                 : causes.first().title + u" — "_s
                        + (causes.first().wouldDecide.isEmpty() ? causes.first().evidence : causes.first().wouldDecide),
                ev);
        break;
    }
    }
    r.id = id;
    r.pasted = pastedOf(context, id);
    return r;
}

}  // namespace parallax

// End to end against the embedded GPUStack simulator: the server's view from its real API
// (GpuStackClient), this machine's view from the real ProbeEngine on loopback, then the
// cause classifier. Each faulty worker must come out with its cause on top, the way the
// wizard's conclusion shows it. firewall_reject's evidence is on the worker itself (a REJECT
// rule answers like a closed port), so it comes out once the simulated host's firewall listing
// is pasted (hostShellOutputsThroughThePasteParsers); its ICMP flavour needs a real packet
// filter (tst_netnsdiagnosis). The client_path fault produces local_network (tst_simclientpath).
#include "base/clock.h"
#include "diagnosis/addressclass.h"
#include "diagnosis/diagnosisinput.h"
#include "diagnosis/wizardstep.h"
#include "gpustack/gpustackclient.h"
#include "probe/probeengine.h"
#include "sim/simcluster.h"
#include "sim/simhostshell.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

sim::ScenarioWorker simWorker(const QString &name, const std::function<void(sim::WorkerFaults &)> &fault = {})
{
    sim::ScenarioWorker w;
    w.name = name;
    w.hostname = name;
    if (fault)
        fault(w.faults);
    return w;
}

ServerEndpoint endpointFor(const sim::SimCluster &s)
{
    ServerEndpoint e;
    e.url = s.baseUrl();
    e.authMode = AuthMode::ApiKeyBearer;
    e.secret = s.apiKey();
    e.proxy.mode = ProxyOptions::Mode::None;
    return e;
}

// The workers the tests here draw from, by name, with the fault each one has.
sim::ScenarioWorker faultyWorker(const QString &name)
{
    using Fault = std::function<void(sim::WorkerFaults &)>;
    static const QHash<QString, Fault> faults = {
        {u"w-refused"_s, [](auto &f) { f.health = sim::HealthBehaviour::Refused; }},
        {u"w-drop"_s, [](auto &f) { f.health = sim::HealthBehaviour::Drop; }},
        {u"w-slow"_s,
            [](auto &f) {
                f.health = sim::HealthBehaviour::Slow;
                f.slowMs = 3000;
            }},
        {u"w-503"_s,
            [](auto &f) {
                f.health = sim::HealthBehaviour::BadStatus;
                f.badStatus = 503;
            }},
        {u"w-body"_s, [](auto &f) { f.health = sim::HealthBehaviour::WrongBody; }},
        {u"w-bridge"_s, [](auto &f) { f.registeredIp = u"172.17.0.5"_s; }},
        {u"w-wsl"_s, [](auto &f) { f.registeredIp = u"10.255.255.254"_s; }},
        {u"w-path"_s, [](auto &f) { f.serverPathBlocked = true; }},
        {u"w-heartbeat"_s, [](auto &f) { f.heartbeatStopped = true; }},
        {u"w-skew"_s, [](auto &f) { f.clockSkewMs = 300'000; }},
        {u"w-dns"_s, [](auto &f) { f.advertiseAddress = u"w-dns.lab.invalid"_s; }},
        {u"w-reject"_s, [](auto &f) { f.firewallRejectsHealthPort = true; }},
    };
    return simWorker(name, faults.value(name));
}

// One cluster "lab" on a v2.2.3 server with these workers.
sim::Scenario labScenario(const QString &name, const QStringList &workers)
{
    sim::Scenario scenario;
    scenario.name = name;
    scenario.serverVersion = u"v2.2.3"_s;
    scenario.clusters = {sim::ScenarioCluster{1, u"lab"_s, {}, u"Docker"_s}};
    for (const QString &worker : workers)
        scenario.workers.append(faultyWorker(worker));
    return scenario;
}

QString describe(const QList<Cause> &causes)
{
    QStringList out;
    for (const Cause &c : causes)
        out << u"%1=%2"_s.arg(causeIdString(c.id)).arg(c.confidence, 0, 'f', 2);
    return out.isEmpty() ? u"(none)"_s : out.join(u", "_s);
}

}  // namespace

class TestSimDiagnosis : public QObject {
    Q_OBJECT

    QNetworkAccessManager m_nam;
    SystemClock m_clock;
    QUrl m_serverUrl;

    // One WorkerSyncer cycle of the simulated server (its own 2 s-style probe, fast timings),
    // run by hand so no server probe is in flight when the SimCluster is destroyed.
    static bool syncOnce(sim::SimCluster &s)
    {
        QSignalSpy done(&s, &sim::SimCluster::syncCycleFinished);
        s.runSyncCycle();
        return done.count() > 0 || done.wait(15000);
    }

    // Starts the simulated server and points the diagnosis inputs at it: the error, or empty.
    QString startServer(sim::SimCluster &s)
    {
        const Result<void> started = s.start();
        if (!started.ok())
            return started.error().message.isEmpty() ? u"the simulator did not start"_s : started.error().message;
        m_serverUrl = s.baseUrl();
        return {};
    }

    static sim::SimTimings manualTimings()
    {
        sim::SimTimings t = sim::SimTimings::fast();
        t.autoSync = false;
        return t;
    }

    QList<Worker> listWorkers(sim::SimCluster &s)
    {
        GpuStackClient client(&m_nam);
        client.setEndpoint(endpointFor(s));
        QObject context;
        std::optional<Result<QList<Worker>>> out;
        client.listWorkers({}, &context, [&out](Result<QList<Worker>> r) { out.emplace(std::move(r)); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 15000) || !out->ok())
            return {};
        return out->value();
    }

    QHash<qint64, ProbeResult> probeAll(const QList<Worker> &workers, int timeoutMs)
    {
        ProbeEngine engine(m_clock);
        ProbeSettings settings;
        settings.timeoutMs = timeoutMs;
        settings.allowedNetworks = ProbeSettings::loopbackOnly();  // never anything else
        settings.probeHostname = false;
        engine.setSettings(settings);
        QHash<qint64, ProbeResult> results;
        connect(
            &engine, &ProbeEngine::finished, this, [&results](const ProbeResult &r) { results.insert(r.workerId, r); });
        for (const Worker &w : workers)
            engine.probe(probeTargetFor(w));
        (void)QTest::qWaitFor([&] { return results.size() == workers.size(); }, timeoutMs * 4 + 10000);
        return results;
    }

    DiagnosisInput inputFor(
        const Worker &w, const QHash<qint64, ProbeResult> &probes, int clusterSize, const QString &version)
    {
        DiagnosisInput in;
        in.worker = w;
        if (probes.contains(w.id))
            in.probe = probes.value(w.id);
        in.nowMs = m_clock.nowMs();
        in.clusterSize = clusterSize;
        in.serverVersion = version;
        in.serverUrl = m_serverUrl;
        if (in.probe && in.probe->serverDate.isValid())
            in.clockSkewMs = in.probe->serverDate.toMSecsSinceEpoch() - in.probe->startedMs;
        const bool localUp = in.probe && in.probe->healthy();
        const bool serverUp = w.state == WorkerState::Ready;
        in.local = localUp ? LocalState::Up : LocalState::Down;
        in.verdict = localUp == serverUp ? (localUp ? Verdict::AgreeUp : Verdict::AgreeDown)
                                         : (localUp ? Verdict::SplitServerDown : Verdict::SplitLocalDown);
        return in;
    }

private Q_SLOTS:
    void eachFaultReachesItsCause()
    {
        const sim::Scenario scenario = labScenario(u"diagnosis"_s,
            {u"w-ok"_s, u"w-refused"_s, u"w-drop"_s, u"w-slow"_s, u"w-503"_s, u"w-body"_s, u"w-bridge"_s, u"w-wsl"_s,
                u"w-path"_s, u"w-heartbeat"_s, u"w-skew"_s, u"w-dns"_s, u"w-move"_s});
        sim::SimCluster s(scenario, {.timings = manualTimings()});
        const QString failed = startServer(s);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        const QList<Worker> before = listWorkers(s);
        QCOMPARE(before.size(), scenario.workers.size());
        QVERIFY(s.moveWorker(u"w-move"_s, /*reregister=*/true));
        // The server runs its own probe and marks the unreachable ones.
        QVERIFY(syncOnce(s));
        QCOMPARE(s.workerState(u"w-refused"_s), u"unreachable"_s);
        const QList<Worker> workers = listWorkers(s);
        QCOMPARE(workers.size(), scenario.workers.size());
        const QHash<qint64, ProbeResult> probes = probeAll(workers, 4500);
        QCOMPARE(probes.size(), workers.size());

        const QHash<QString, CauseId> expected = {
            {u"w-refused"_s, CauseId::PortClosed},
            {u"w-drop"_s, CauseId::FirewallDrop},
            {u"w-slow"_s, CauseId::HealthSlow},
            {u"w-503"_s, CauseId::HealthBadStatus},
            {u"w-body"_s, CauseId::HealthBadStatus},
            {u"w-bridge"_s, CauseId::BridgeAddressRegistered},
            {u"w-wsl"_s, CauseId::BridgeAddressRegistered},
            {u"w-path"_s, CauseId::ServerPathBlocked},
            {u"w-heartbeat"_s, CauseId::HeartbeatLost},
            {u"w-skew"_s, CauseId::ClockSkew},
            {u"w-dns"_s, CauseId::DnsFailure},
            {u"w-move"_s, CauseId::IpChanged},
        };
        for (const Worker &w : workers) {
            DiagnosisInput in = inputFor(w, probes, int(workers.size()), u"v2.2.3"_s);
            if (w.name == u"w-move"_s) {
                for (const Worker &old : before) {
                    if (old.id == w.id)
                        in.addressHistory
                            << AddressRecord{in.nowMs - 60'000, old.ip, old.advertiseAddress.value_or(QString())};
                }
                in.addressHistory << AddressRecord{in.nowMs, w.ip, w.advertiseAddress.value_or(QString())};
            }
            const QList<Cause> causes = diagnose(in);
            const QString state = w.stateText;
            if (w.name == u"w-ok"_s) {
                QVERIFY2(causes.isEmpty(), qPrintable(u"w-ok: "_s + describe(causes)));
                continue;
            }
            QVERIFY2(expected.contains(w.name), qPrintable(w.name));
            QVERIFY2(!causes.isEmpty() && causes.first().id == expected.value(w.name),
                qPrintable(u"%1 (server: %2, local: %3/%4): %5"_s.arg(w.name, state, probeErrorId(in.probe->tcp.error),
                    probeErrorId(in.probe->http.error), describe(causes))));
            QVERIFY(causes.first().confidence >= 0.5);
            QVERIFY(!causes.first().evidence.isEmpty() && !causes.first().fix.isEmpty());
        }
    }

    // The simulator's workers live on 127.x addresses and stand for real hosts; its server runs
    // on this machine, so it reaches them. The wizard must say so, as the cause classifier does:
    // no "loopback, reachable only from the worker itself" in step 1, no address-drift failure
    // in step 9 unless the worker really moved.
    void wizardTreatsSimulatedHostsAsTheHostsTheyStandFor()
    {
        const sim::Scenario scenario = labScenario(u"wizard-hosts"_s, {u"w-ok"_s, u"w-move"_s});
        sim::SimCluster s(scenario, {.timings = manualTimings()});
        const QString failed = startServer(s);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const QList<Worker> before = listWorkers(s);
        QCOMPARE(before.size(), 2);
        QVERIFY(s.moveWorker(u"w-move"_s, /*reregister=*/true));
        QVERIFY(syncOnce(s));
        const QList<Worker> workers = listWorkers(s);
        const QHash<qint64, ProbeResult> probes = probeAll(workers, 4500);
        QCOMPARE(probes.size(), workers.size());
        const QString loopbackPhrase = addressClassDescription(AddressClass::Loopback);

        for (const Worker &w : workers) {
            QCOMPARE(classifyAddress(w.probeHost()), AddressClass::Loopback);
            WizardContext ctx;
            ctx.input = inputFor(w, probes, int(workers.size()), u"v2.2.3"_s);
            // The address history as the monitor keeps it: the first registration, then every
            // change; a re-sent identical registration is no change either.
            for (const Worker &old : before) {
                if (old.id == w.id)
                    ctx.input.addressHistory
                        << AddressRecord{ctx.input.nowMs - 60'000, old.ip, old.advertiseAddress.value_or(QString())};
            }
            ctx.input.addressHistory << AddressRecord{ctx.input.nowMs, w.ip, w.advertiseAddress.value_or(QString())};

            const StepResult view = evaluateStep(WizardStepId::ServerView, ctx);
            const StepResult drift = evaluateStep(WizardStepId::AddressDrift, ctx);
            const QString all = view.explanation + u'\n' + view.evidence.join(u'\n') + u'\n' + drift.explanation + u'\n'
                + drift.evidence.join(u'\n');
            QVERIFY2(!all.contains(loopbackPhrase), qPrintable(w.name + u": "_s + all));
            if (w.name == u"w-ok"_s) {
                QCOMPARE(view.outcome, StepOutcome::Pass);
                QVERIFY2(drift.outcome == StepOutcome::Pass, qPrintable(w.name + u": "_s + all));
                // The same worker seen through a server elsewhere: its loopback address is a
                // finding again (no host but the worker can reach it).
                WizardContext remote = ctx;
                remote.input.serverUrl = QUrl(u"http://gpustack.example.internal"_s);
                QCOMPARE(evaluateStep(WizardStepId::AddressDrift, remote).outcome, StepOutcome::Fail);
                QVERIFY(evaluateStep(WizardStepId::ServerView, remote).explanation.contains(loopbackPhrase));
            } else {
                QVERIFY2(drift.outcome == StepOutcome::Fail, qPrintable(w.name + u": "_s + all));
                QVERIFY(drift.evidence.join(u' ').contains(w.ip));
            }
        }
    }

    void hostShellOutputsThroughThePasteParsers()
    {
        // What the demo's "Run on the simulated host" pastes: each simulated host's transcript,
        // read by the wizard's real parsers, must say what the host's model is — and the
        // firewall REJECT rule, invisible on the wire, must change the conclusion.
        const sim::Scenario scenario = labScenario(u"shell"_s,
            {u"w-ok"_s, u"w-reject"_s, u"w-refused"_s, u"w-drop"_s, u"w-bridge"_s, u"w-path"_s, u"w-skew"_s,
                u"w-dns"_s});
        sim::SimCluster s(scenario, {.timings = manualTimings()});
        const QString failed = startServer(s);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(syncOnce(s));
        // The REJECT rule is refused for the server too: GPUStack marks the worker unreachable.
        QCOMPARE(s.workerState(u"w-reject"_s), u"unreachable"_s);
        const QList<Worker> workers = listWorkers(s);
        QCOMPARE(workers.size(), scenario.workers.size());
        const QHash<qint64, ProbeResult> probes = probeAll(workers, 4500);
        QCOMPARE(probes.size(), workers.size());

        const sim::SimHostShell shell(s);
        QVERIFY(!shell.run(u"no-such-worker"_s, sim::HostCommand::FirewallListing));
        const auto pasted = [&](const QString &name, sim::HostCommand command) {
            const std::optional<QString> out = shell.run(name, command);
            return out.value_or(QString());
        };
        const auto contextFor = [&](const QString &name) {
            WizardContext c;
            for (const Worker &w : workers) {
                if (w.name == name)
                    c.input = inputFor(w, probes, int(workers.size()), u"v2.2.3"_s);
            }
            return c;
        };
        const QHash<QString, PortVerdict> firewall = {
            {u"w-ok"_s, PortVerdict::Open},
            {u"w-reject"_s, PortVerdict::Rejected},
            {u"w-refused"_s, PortVerdict::Open},
            {u"w-drop"_s, PortVerdict::Dropped},
            {u"w-path"_s, PortVerdict::Open},
        };
        const QHash<QString, ConnectOutcome> fromServer = {
            {u"w-ok"_s, ConnectOutcome::Succeeded},
            {u"w-reject"_s, ConnectOutcome::Refused},
            {u"w-refused"_s, ConnectOutcome::Refused},
            {u"w-drop"_s, ConnectOutcome::TimedOut},
            {u"w-path"_s, ConnectOutcome::TimedOut},
            {u"w-bridge"_s, ConnectOutcome::TimedOut},
            {u"w-dns"_s, ConnectOutcome::ResolveFailed},
        };
        for (const Worker &w : workers) {
            WizardContext c = contextFor(w.name);
            c.pasted.insert(WizardStepId::WorkerFirewall, pasted(w.name, sim::HostCommand::FirewallListing));
            c.pasted.insert(WizardStepId::ServerVantage, pasted(w.name, sim::HostCommand::ServerConnectCheck));
            c.pasted.insert(WizardStepId::DockerNetwork, pasted(w.name, sim::HostCommand::DockerNetworkMode));
            c.pasted.insert(WizardStepId::ServerView, pasted(w.name, sim::HostCommand::ClockStatus));
            applyPastedFindings(c);
            const WizardFindings &f = c.input.findings;
            const QString what = w.name + u": "_s;
            if (firewall.contains(w.name)) {
                QVERIFY2(f.workerFirewall, qPrintable(what + c.pasted.value(WizardStepId::WorkerFirewall)));
                QCOMPARE(portVerdictId(f.workerFirewall->verdict), portVerdictId(firewall.value(w.name)));
            }
            if (fromServer.contains(w.name)) {
                QVERIFY2(f.serverVantage, qPrintable(what + c.pasted.value(WizardStepId::ServerVantage)));
                QVERIFY2(f.serverVantage->outcome == fromServer.value(w.name),
                    qPrintable(what + f.serverVantage->explanation));
            }
            QVERIFY2(f.workerDocker, qPrintable(what + c.pasted.value(WizardStepId::DockerNetwork)));
            QCOMPARE(dockerNetworkModeId(f.workerDocker->mode),
                dockerNetworkModeId(w.name == u"w-bridge"_s ? DockerNetworkMode::Bridge : DockerNetworkMode::Host));
            if (w.name == u"w-bridge"_s)
                QCOMPARE(f.workerDocker->hostPortFor(int(s.workerHealthPort(w.name))), int(s.workerHealthPort(w.name)));
            QVERIFY2(f.workerClock && f.workerClock->synchronized,
                qPrintable(what + c.pasted.value(WizardStepId::ServerView)));
            QCOMPARE(*f.workerClock->synchronized, w.name != u"w-skew"_s);
        }

        // The conclusion for the firewalled worker, as the wizard shows it: a closed port from
        // here alone, a firewall REJECT once the worker's listing is in.
        WizardContext reject = contextFor(u"w-reject"_s);
        QVERIFY(reject.input.probe && reject.input.probe->tcp.error == ProbeError::Refused);
        QVERIFY(reject.input.probe->metrics.ok);  // the host is up: its metrics port answers
        const QList<Cause> before = diagnose(reject.input);
        QVERIFY2(!before.isEmpty() && before.first().id == CauseId::PortClosed, qPrintable(describe(before)));
        reject.pasted.insert(WizardStepId::WorkerFirewall, pasted(u"w-reject"_s, sim::HostCommand::FirewallListing));
        applyPastedFindings(reject);
        const QList<Cause> after = diagnose(reject.input);
        QVERIFY2(!after.isEmpty() && after.first().id == CauseId::FirewallReject, qPrintable(describe(after)));
        QVERIFY2(after.first().confidence >= 0.5, qPrintable(describe(after)));
        QVERIFY2(after.first().evidence.contains(u"REJECT"_s), qPrintable(after.first().evidence));
        // And a genuinely closed port keeps its verdict when the firewall listing is open.
        WizardContext closed = contextFor(u"w-refused"_s);
        closed.pasted.insert(WizardStepId::WorkerFirewall, pasted(u"w-refused"_s, sim::HostCommand::FirewallListing));
        applyPastedFindings(closed);
        const QList<Cause> closedCauses = diagnose(closed.input);
        QVERIFY2(!closedCauses.isEmpty() && closedCauses.first().id == CauseId::PortClosed,
            qPrintable(describe(closedCauses)));
    }

    void proxiedWorkerThroughTheShell()
    {
        // The server's probe of w-proxied goes to its HTTP proxy (NO_PROXY misses it), which
        // answers 504. From the server host nc connects directly; the same transcript shows the
        // proxy variables, and the conclusion must name the proxy, not a transient failure.
        sim::Scenario scenario = labScenario(u"proxy"_s, {u"w-ok"_s, u"w-proxied"_s});
        scenario.serverProxy.kind = sim::ServerProxy::Kind::GatewayTimeout;
        scenario.serverProxy.noProxy = {u"localhost"_s};
        scenario.serverProxy.bypassAllWorkers = true;
        scenario.serverProxy.bypassExcept = {u"w-proxied"_s};
        sim::SimCluster s(scenario, {.timings = manualTimings()});
        const QString failed = startServer(s);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(syncOnce(s));
        QCOMPARE(s.workerState(u"w-proxied"_s), u"unreachable"_s);
        QCOMPARE(s.workerState(u"w-ok"_s), u"ready"_s);
        const QList<Worker> workers = listWorkers(s);
        const QHash<qint64, ProbeResult> probes = probeAll(workers, 4500);
        const sim::SimHostShell shell(s);
        for (const Worker &w : workers) {
            WizardContext c;
            c.input = inputFor(w, probes, int(workers.size()), u"v2.2.3"_s);
            const std::optional<QString> transcript = shell.run(w.name, sim::HostCommand::ServerConnectCheck);
            QVERIFY(transcript);
            c.pasted.insert(WizardStepId::ServerVantage, *transcript);
            applyPastedFindings(c);
            const WizardFindings &f = c.input.findings;
            QVERIFY2(f.serverVantage && f.serverVantage->outcome == ConnectOutcome::Succeeded, qPrintable(*transcript));
            QVERIFY2(f.serverProxy && f.serverProxy->proxySet, qPrintable(*transcript));
            QCOMPARE(f.serverProxy->bypasses(w.ip), w.name == u"w-ok"_s);
            const QList<Cause> causes = diagnose(c.input);
            if (w.name == u"w-ok"_s) {
                QVERIFY2(causes.isEmpty(), qPrintable(describe(causes)));
                continue;
            }
            QVERIFY2(
                !causes.isEmpty() && causes.first().id == CauseId::ServerPathBlocked, qPrintable(describe(causes)));
            QVERIFY(causes.first().confidence >= 0.85);
            QVERIFY2(causes.first().evidence.contains(u"proxy"_s), qPrintable(causes.first().evidence));
            QVERIFY2(!causes.first().evidence.contains(u"transient"_s), qPrintable(causes.first().evidence));
        }
    }

    void largeClusterInAutoMode()
    {
        // > 50 workers in `auto` mode: GPUStack ≥ 2.1.0 stops checking, so the server keeps
        // saying ready while the worker refuses connections.
        sim::Scenario scenario = sim::Scenario::simple(51);
        scenario.serverVersion = u"v2.2.3"_s;
        scenario.checkMode = sim::CheckMode::Auto;
        scenario.workers[3].faults.health = sim::HealthBehaviour::Refused;
        sim::SimCluster s(scenario, {.timings = manualTimings()});
        const QString failed = startServer(s);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(syncOnce(s));
        const QList<Worker> workers = listWorkers(s);
        QCOMPARE(workers.size(), 51);
        Worker broken;
        for (const Worker &w : workers)
            if (w.name == scenario.workers[3].name)
                broken = w;
        QCOMPARE(broken.state, WorkerState::Ready);
        const QHash<qint64, ProbeResult> probes = probeAll({broken}, 2000);
        const QList<Cause> causes = diagnose(inputFor(broken, probes, 51, u"v2.2.3"_s));
        bool found = false;
        for (const Cause &c : causes)
            found = found || (c.id == CauseId::ServerCheckDisabled && c.confidence >= 0.8);
        QVERIFY2(found, qPrintable(describe(causes)));
    }
};

QTEST_GUILESS_MAIN(TestSimDiagnosis)
#include "tst_simdiagnosis.moc"

// Every cause id of DESIGN.md's vocabulary reached from the evidence that defines it, the
// ranking, what the classifier asks for when evidence is missing, and the wizard steps.
#include "causeinputs.h"
#include "diagnosis/diagnosisinput.h"
#include "diagnosis/wizardsession.h"
#include "diagnosis/wizardstep.h"
#include "gpustack/serverversion.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::testinputs;

Q_DECLARE_METATYPE(parallax::DiagnosisInput)

namespace {

QString sample(const char *relative)
{
    QFile f(QStringLiteral(PARALLAX_TEST_DATA_DIR "/tool-outputs/") + QString::fromLatin1(relative));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// A copy, not a pointer: callers pass diagnose(...)'s temporary list, and a pointer into it
// dangled once the statement ended (AddressSanitizer: heap-use-after-free).
std::optional<Cause> find(const QList<Cause> &causes, CauseId id)
{
    for (const Cause &c : causes)
        if (c.id == id)
            return c;
    return std::nullopt;
}

QString ids(const QList<Cause> &causes)
{
    QStringList out;
    for (const Cause &c : causes)
        out << u"%1=%2"_s.arg(causeIdString(c.id)).arg(c.confidence, 0, 'f', 2);
    return out.join(u", "_s);
}

void verifyWellFormed(const QList<Cause> &causes)
{
    for (qsizetype i = 0; i < causes.size(); ++i) {
        const Cause &c = causes.at(i);
        QVERIFY2(!c.title.isEmpty() && !c.evidence.isEmpty() && !c.fix.isEmpty(), qPrintable(causeIdString(c.id)));
        QVERIFY(c.confidence > 0.0 && c.confidence <= 1.0);
        if (i > 0)
            QVERIFY(causes.at(i - 1).confidence >= c.confidence);
    }
}

}  // namespace

class TestCauseClassifier : public QObject {
    Q_OBJECT

private slots:
    void everyCauseId_data()
    {
        QTest::addColumn<DiagnosisInput>("in");
        QTest::addColumn<QString>("top");
        QTest::addColumn<QStringList>("evidenceMentions");

        for (const testinputs::CauseCase &c : testinputs::causeCases())
            QTest::newRow(qPrintable(c.row)) << c.in << c.top << c.evidenceMentions;
    }

    void everyCauseId()
    {
        QFETCH(DiagnosisInput, in);
        QFETCH(QString, top);
        QFETCH(QStringList, evidenceMentions);
        const QList<Cause> causes = diagnose(in);
        QVERIFY2(!causes.isEmpty(), "no cause");
        QVERIFY2(causeIdString(causes.first().id) == top, qPrintable(ids(causes)));
        QVERIFY(causes.first().confidence >= 0.5);
        for (const QString &m : evidenceMentions)
            QVERIFY2(causes.first().evidence.contains(m), qPrintable(causes.first().evidence + u" lacks "_s + m));
        QVERIFY(!causes.first().commands.isEmpty());
        verifyWellFormed(causes);
    }

    void coversTheWholeVocabulary()
    {
        // The data rows above name every id: keep them in step with DESIGN.md.
        const QStringList expected = {u"firewall_drop"_s, u"firewall_reject"_s, u"port_closed"_s,
            u"bridge_address_registered"_s, u"ip_changed"_s, u"health_slow"_s, u"health_bad_status"_s,
            u"server_path_blocked"_s, u"heartbeat_lost"_s, u"clock_skew"_s, u"server_check_disabled"_s,
            u"dns_failure"_s, u"local_network"_s};
        for (CauseId id : allCauseIds())
            QVERIFY(expected.contains(causeIdString(id)));
        QCOMPARE(expected.size(), allCauseIds().size());
    }

    void missingEvidenceSaysWhatWouldDecide()
    {
        const Worker w = worker();
        const QList<Cause> causes = diagnose(input(w, tcpFailure(w, ProbeError::TimedOut, std::nullopt)));
        const std::optional<Cause> drop = find(causes, CauseId::FirewallDrop);
        QVERIFY(drop);
        QVERIFY(drop->confidence < 0.7);
        QVERIFY2(drop->wouldDecide.contains(u"firewall-cmd --list-all"_s), qPrintable(drop->wouldDecide));
        QVERIFY(drop->evidence.contains(u"not probed"_s));

        const QList<Cause> split = diagnose(input(w, healthy(w, 12'000)));
        QVERIFY(find(split, CauseId::ServerPathBlocked)->wouldDecide.contains(u"docker exec"_s));
    }

    void pastedFirewallRaisesConfidence()
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::TimedOut, std::nullopt));
        const double before = find(diagnose(in), CauseId::FirewallDrop)->confidence;
        in.findings.workerFirewall = parseFirewallListing(sample("ufw/status-verbose-active-port-lists-ranges.txt"));
        const QList<Cause> causes = diagnose(in);
        QCOMPARE(causes.first().id, CauseId::FirewallDrop);
        QVERIFY(causes.first().confidence > before);
        QVERIFY(causes.first().wouldDecide.isEmpty());
        QVERIFY(causes.first().commands.contains(u"sudo ufw allow 10150/tcp"_s));
        QVERIFY(causes.first().evidence.contains(u"Default: deny (incoming)"_s));

        // A paste showing the port open argues against the firewall.
        in.findings.workerFirewall =
            parseFirewallCmd(u"public (active)\n  target: default\n  interfaces: eth0\n  ports: 10150/tcp\n"_s);
        QVERIFY(find(diagnose(in), CauseId::FirewallDrop)->confidence <= 0.25);
    }

    void firewalldRejectFromRealSample()
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::HostUnreachable, true, 2'000));
        in.findings.workerFirewall =
            parseFirewallListing(sample("firewall-cmd/list-all-public-default-active-centos7.txt"));
        const QList<Cause> causes = diagnose(in);
        QCOMPARE(causes.first().id, CauseId::FirewallReject);
        QVERIFY(causes.first().confidence >= 0.9);
        QVERIFY(causes.first().commands.contains(u"sudo firewall-cmd --permanent --add-port=10150/tcp"_s));
        QVERIFY(causes.first().commands.contains(u"sudo firewall-cmd --reload"_s));
    }

    void serverVantageAndProxyPastes()
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, healthy(w, 12'000));
        in.findings.serverVantage = parseConnectivity(sample("curl/proxy-502-html-page-3proxy-verbose.txt"));
        const QList<Cause> causes = diagnose(in);
        QCOMPARE(causes.first().id, CauseId::ServerPathBlocked);
        QVERIFY(causes.first().confidence >= 0.9);
        QVERIFY(causes.first().evidence.contains(u"proxy"_s, Qt::CaseInsensitive));

        DiagnosisInput proxy = input(w, healthy(w, 12'000));
        proxy.findings.serverProxy = parseProxyEnv(sample("env-proxy/env-lowercase-proxies-with-no-proxy.txt"));
        const std::optional<Cause> c = find(diagnose(proxy), CauseId::ServerPathBlocked);
        QVERIFY(c && c->confidence >= 0.85);
        QVERIFY(c->evidence.contains(u"NO_PROXY does not cover 192.168.1.57"_s));

        // NO_PROXY with the worker's CIDR: honoured from v2.0.2, ignored before (issue #373).
        proxy.findings.serverProxy = parseProxyEnv(u"HTTPS_PROXY=http://p:3128\nNO_PROXY=192.168.0.0/16\n"_s);
        QVERIFY(find(diagnose(proxy), CauseId::ServerPathBlocked)->confidence < 0.85);
        proxy.serverVersion = u"v2.0.1"_s;
        QVERIFY(find(diagnose(proxy), CauseId::ServerPathBlocked)->confidence >= 0.85);

        DiagnosisInput ok = input(w, healthy(w, 12'000));
        ok.findings.serverVantage = parseConnectivity(sample("nc/success-formats-traditional-vs-openbsd.txt"));
        QVERIFY(find(diagnose(ok), CauseId::ServerPathBlocked)->confidence <= 0.3);
    }

    void dockerPasteConfirmsBridge()
    {
        const Worker w = worker(WorkerState::Unreachable, u"172.20.0.5"_s);
        DiagnosisInput in = input(w, healthy(w, 10'000));
        const std::optional<Cause> likely = find(diagnose(in), CauseId::BridgeAddressRegistered);
        QVERIFY(likely);
        QVERIFY(likely->confidence < 0.5);
        QVERIFY(likely->wouldDecide.contains(u"docker inspect"_s));
        in.findings.workerDocker = parseDocker(sample("docker/inspect-default-bridge-no-ports.txt"));
        const std::optional<Cause> sure = find(diagnose(in), CauseId::BridgeAddressRegistered);
        QVERIFY(sure->confidence >= 0.9);
        QVERIFY(sure->evidence.contains(u"not published"_s));
        in.findings.workerAddresses = parseIp(sample("ip/route-eno1-docker0-root-prompt.txt"));
        QVERIFY2(find(diagnose(in), CauseId::BridgeAddressRegistered)
                     ->commands.join(u'\n')
                     .contains(u"--advertise-address 192.168.1.46"_s),
            qPrintable(find(diagnose(in), CauseId::BridgeAddressRegistered)->commands.join(u'\n')));
    }

    void healthSlowFromLatencyHistory()
    {
        const Worker w = worker(WorkerState::Ready);
        DiagnosisInput in = input(w, healthy(w, 300'000));
        for (int i = 0; i < 100; ++i)
            in.latencyMs << (i % 2 ? 3100.0 : 60.0);
        const std::optional<Cause> c = find(diagnose(in), CauseId::HealthSlow);
        QVERIFY(c);
        QVERIFY(c->confidence >= 0.7);
        QVERIFY2(c->evidence.contains(u"times an hour"_s), qPrintable(c->evidence));
        QVERIFY(c->evidence.contains(u"50 of 100"_s));
    }

    void serverCheckNotDisabledOnOldServers()
    {
        Worker w = worker(WorkerState::Ready);
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::TimedOut, false));
        in.clusterSize = 120;
        in.local = LocalState::Down;
        in.serverVersion = u"v2.0.2"_s;  // auto mode arrived in 2.1.0
        QVERIFY(!find(diagnose(in), CauseId::ServerCheckDisabled));
        in.serverVersion.clear();
        const std::optional<Cause> c = find(diagnose(in), CauseId::ServerCheckDisabled);
        QVERIFY(c && c->confidence < 0.7 && !c->wouldDecide.isEmpty());
        in.clusterSize = 20;
        QVERIFY(!find(diagnose(in), CauseId::ServerCheckDisabled));
    }

    void localNetworkDampensTheRest()
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::TimedOut, true));
        const double alone = find(diagnose(in), CauseId::FirewallDrop)->confidence;
        in.allProbesFailSame = true;
        const QList<Cause> causes = diagnose(in);
        QCOMPARE(causes.first().id, CauseId::LocalNetwork);
        QVERIFY(find(causes, CauseId::FirewallDrop)->confidence < alone / 2);
    }

    // A local outage says nothing against a worker this machine has just reached: in the demo
    // one such worker read "Split: server says down" beside "Your own network is impaired".
    void aWorkerReachedFromHereIsNotBlamedOnTheLocalNetwork()
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, healthy(w, 150));
        in.allProbesFailSame = true;
        in.sameFailureCount = 19;
        in.sameFailureError = ProbeError::TimedOut;
        const QList<Cause> causes = diagnose(in);
        QVERIFY(!find(causes, CauseId::LocalNetwork));
        QVERIFY(!causes.isEmpty());
        const double alone = diagnose(input(w, healthy(w, 150))).first().confidence;
        QCOMPARE(causes.first().confidence, alone);  // not dampened either
    }

    // A port that accepts and then resets, or answers something that is not HTTP, is a worker
    // in trouble with a cause: the demo's be-gpu-06 was Down with an empty cause.
    void healthPortThatAcceptsButNeverAnswers_data()
    {
        QTest::addColumn<ProbeError>("error");
        QTest::addColumn<QString>("word");
        QTest::newRow("reset") << ProbeError::Reset << u"reset"_s;
        QTest::newRow("not HTTP") << ProbeError::Protocol << u"HTTP"_s;
    }
    void healthPortThatAcceptsButNeverAnswers()
    {
        QFETCH(ProbeError, error);
        QFETCH(QString, word);
        const Worker w = worker();
        ProbeResult p = tcpFailure(w, error, true, 900);
        p.tcp = phase(true, ProbeError::None, 700);
        p.http = phase(false, error, 1'200);
        p.http.detail = u"Connection reset by peer"_s;
        const QList<Cause> causes = diagnose(input(w, p));
        QVERIFY(!causes.isEmpty());
        QCOMPARE(causes.first().id, CauseId::HealthBadStatus);
        QVERIFY2(causes.first().evidence.contains(word), qPrintable(causes.first().evidence));
        QVERIFY(causes.first().evidence.contains(u"Connection reset by peer"_s));
        QVERIFY(!causes.first().title.contains(u"200"_s));
    }

    void untrustedValuesAreQuoted()
    {
        Worker w = worker();
        w.advertiseAddress = u"evil;rm -rf ~"_s;
        ProbeResult p;
        p.dns = phase(false, ProbeError::DnsFailure, 10);
        const QList<Cause> causes = diagnose(input(w, p));
        QVERIFY(!causes.isEmpty());
        for (const Cause &c : causes) {
            for (const QString &cmd : c.commands) {
                if (cmd.contains(u"evil"_s))
                    QVERIFY2(
                        cmd.contains(u"'evil;rm -rf ~'"_s) || cmd.contains(u"'http://evil;rm -rf ~:10150/healthz'"_s),
                        qPrintable(cmd));
            }
        }
    }

    void placeholdersInServerValuesAreLiteral()
    {
        // A registered address containing "%2" must appear verbatim, not be filled by a later arg().
        const Worker w = worker(WorkerState::Unreachable, u"h%1%2"_s);
        const QList<Cause> causes = diagnose(input(w, tcpFailure(w, ProbeError::TimedOut, true)));
        const std::optional<Cause> drop = find(causes, CauseId::FirewallDrop);
        QVERIFY(drop);
        QVERIFY2(drop->evidence.contains(u"h%1%2:10150"_s), qPrintable(drop->evidence));
    }

    void agreeUpHasNoCause()
    {
        const Worker w = worker(WorkerState::Ready);
        DiagnosisInput in = input(w, healthy(w, 8'000));
        in.verdict = Verdict::AgreeUp;
        in.local = LocalState::Up;
        QVERIFY2(diagnose(in).isEmpty(), qPrintable(ids(diagnose(in))));
    }

    // The classifier reads versions through ServerVersion (tst_serverversion has the table):
    // an unknown version is taken as the newest, and "dev" is not known.
    void versions()
    {
        QVERIFY(ServerVersion(u"v2.1.0"_s).atLeast(2, 1, 0));
        QVERIFY(ServerVersion(u"2.2.3rc1"_s).atLeast(2, 1, 0));
        QVERIFY(!ServerVersion(u"v0.7.1"_s).atLeast(2, 0, 2));
        QVERIFY(!ServerVersion(u"dev"_s).isKnown());
        QVERIFY(!ServerVersion(QString()).isKnown());
    }

    // ---- wizard ----

    void wizardStepsAsData()
    {
        WizardContext ctx;
        ctx.input = input(worker(), std::nullopt);
        ctx.localOs = OsFamily::Linux;
        const QList<WizardStep> steps = wizardSteps(ctx);
        QCOMPARE(steps.size(), 10);
        QStringList keys;
        for (const auto &s : steps) {
            QVERIFY(!s.title.isEmpty());
            QVERIFY(!s.purpose.isEmpty());
            QVERIFY(!keys.contains(s.key));
            keys << s.key;
        }
        QCOMPARE(keys.first(), u"server_view"_s);
        QCOMPARE(keys.last(), u"conclusion"_s);
        QVERIFY(steps.at(0).purpose.contains(u"http://192.168.1.57:10150/healthz"_s));
        QVERIFY(commandTexts(steps.at(2).commands).contains(u"nc -zv -w 2 -- 192.168.1.57 10150"_s));
        QVERIFY(commandTexts(steps.at(2).commands).contains(u"telnet -- 192.168.1.57 10150"_s));
        QVERIFY(commandTexts(steps.at(3).commands).contains(u"curl -m 2 -sS http://192.168.1.57:10150/healthz"_s));
        QCOMPARE(steps.at(4).paste, PasteParser::Connectivity);
        QVERIFY(commandTexts(steps.at(4).commands).first().startsWith(u"docker exec gpustack curl -m 2 -sS"_s));
        QCOMPARE(steps.at(5).paste, PasteParser::Firewall);
        QVERIFY(commandTexts(steps.at(5).commands).contains(u"sudo firewall-cmd --permanent --add-port=10150/tcp"_s));
        QCOMPARE(steps.at(6).paste, PasteParser::Docker);
        QVERIFY(commandTexts(steps.at(6).commands)
                    .first()
                    .startsWith(u"docker inspect -f '{{.HostConfig.NetworkMode}}'"_s));
        QCOMPARE(steps.at(8).paste, PasteParser::IpAddr);
        QVERIFY(commandTexts(steps.at(8).commands).join(u'\n').contains(u"--worker-ifname eno1"_s));
        // Commands run here follow this machine's OS; worker-side ones the worker's.
        ctx.localOs = OsFamily::Windows;
        QVERIFY(commandTexts(wizardStep(WizardStepId::TcpConnect, ctx).commands)
                    .first()
                    .startsWith(u"Test-NetConnection"_s));
        QVERIFY(
            commandTexts(wizardStep(WizardStepId::HttpHealth, ctx).commands).first().startsWith(u"curl.exe -m 2"_s));
        ctx.localOs = OsFamily::Linux;
        WorkerStatus s;
        s.osName = u"Windows 11"_s;
        ctx.input.worker.status = s;
        QVERIFY(commandTexts(wizardStep(WizardStepId::TcpConnect, ctx).commands).first().startsWith(u"nc -zv"_s));
        QVERIFY(commandTexts(wizardStep(WizardStepId::WorkerFirewall, ctx).commands)
                    .join(u'\n')
                    .contains(u"New-NetFirewallRule"_s));
        QCOMPARE(commandTexts(wizardStep(WizardStepId::ServerView, ctx).commands).first(), u"w32tm /query /status"_s);
    }

    void wizardDecisions()
    {
        const Worker w = worker();
        WizardContext ctx;
        ctx.input = input(w, tcpFailure(w, ProbeError::HostUnreachable, true, 2'000));
        QCOMPARE(evaluateStep(WizardStepId::ServerView, ctx).outcome, StepOutcome::Fail);
        QCOMPARE(evaluateStep(WizardStepId::NameResolution, ctx).outcome, StepOutcome::Pass);
        const StepResult tcp = evaluateStep(WizardStepId::TcpConnect, ctx);
        QCOMPARE(tcp.outcome, StepOutcome::Fail);
        QVERIFY(tcp.explanation.contains(u"no route to host"_s));
        QVERIFY(tcp.evidence.join(u' ').contains(u"10151"_s));
        QCOMPARE(evaluateStep(WizardStepId::HttpHealth, ctx).outcome, StepOutcome::Unknown);
        QCOMPARE(evaluateStep(WizardStepId::ServerVantage, ctx).outcome, StepOutcome::Unknown);
        QCOMPARE(evaluateStep(WizardStepId::WorkerFirewall, ctx).outcome, StepOutcome::Unknown);

        ctx.pasted.insert(
            WizardStepId::WorkerFirewall, sample("iptables/S-INPUT-firewalld-centos7-reject-host-prohibited.txt"));
        const StepResult fw = evaluateStep(WizardStepId::WorkerFirewall, ctx);
        QCOMPARE(fw.outcome, StepOutcome::Fail);
        QVERIFY(fw.evidence.join(u'\n').contains(u"icmp-host-prohibited"_s));
        QCOMPARE(fw.pasted, ctx.pasted.value(WizardStepId::WorkerFirewall));

        ctx.pasted.insert(WizardStepId::ServerVantage, sample("curl/no-route-to-host-10150-gpustack.txt"));
        QCOMPARE(evaluateStep(WizardStepId::ServerVantage, ctx).outcome, StepOutcome::Fail);
        ctx.pasted.insert(WizardStepId::DockerNetwork, sample("docker/inspect-host-network-mode.txt"));
        QCOMPARE(evaluateStep(WizardStepId::DockerNetwork, ctx).outcome, StepOutcome::Pass);
        ctx.pasted.insert(WizardStepId::ServerView, sample("timedatectl/synchronized-no-ntp-active-rtc-way-off.txt"));
        QVERIFY(evaluateStep(WizardStepId::ServerView, ctx).evidence.join(u' ').contains(u"NOT synchronized"_s));

        const StepResult conclusion = evaluateStep(WizardStepId::Conclusion, ctx);
        QCOMPARE(conclusion.outcome, StepOutcome::Fail);
        QVERIFY2(conclusion.evidence.first().startsWith(u"firewall_reject"_s),
            qPrintable(conclusion.evidence.join(u", "_s)));

        // Timing and drift.
        ctx.input.latencyMs = QList<double>(40, 2600.0);
        QCOMPARE(evaluateStep(WizardStepId::HealthTiming, ctx).outcome, StepOutcome::Fail);
        ctx.input.latencyMs = QList<double>(40, 20.0);
        QCOMPARE(evaluateStep(WizardStepId::HealthTiming, ctx).outcome, StepOutcome::Pass);
        ctx.input.addressHistory = {{kNow - 10'000, u"192.168.1.57"_s, {}}};
        QCOMPARE(evaluateStep(WizardStepId::AddressDrift, ctx).outcome, StepOutcome::Pass);
        ctx.pasted.insert(WizardStepId::AddressDrift, sample("ip/route-eno1-docker0-root-prompt.txt"));
        const StepResult drift = evaluateStep(WizardStepId::AddressDrift, ctx);
        QCOMPARE(drift.outcome, StepOutcome::Fail);  // the worker's address is 192.168.1.46, it registered .57
        QVERIFY(drift.evidence.join(u' ').contains(u"192.168.1.46"_s));
    }

    void wizardHealthyWorker()
    {
        const Worker w = worker(WorkerState::Ready);
        WizardContext ctx;
        ctx.input = input(w, healthy(w, 9'000));
        ctx.input.verdict = Verdict::AgreeUp;
        QCOMPARE(evaluateStep(WizardStepId::TcpConnect, ctx).outcome, StepOutcome::Pass);
        QCOMPARE(evaluateStep(WizardStepId::HttpHealth, ctx).outcome, StepOutcome::Pass);
        QCOMPARE(evaluateStep(WizardStepId::Conclusion, ctx).outcome, StepOutcome::Pass);
        ctx.input.probe = healthy(w, 2'600'000);
        QCOMPARE(evaluateStep(WizardStepId::HttpHealth, ctx).outcome, StepOutcome::Fail);
    }

    void sessionJsonRoundTrip()
    {
        const Worker w = worker();
        WizardContext ctx;
        ctx.input = input(w, tcpFailure(w, ProbeError::TimedOut, true));
        ctx.pasted.insert(WizardStepId::WorkerFirewall, sample("ufw/status-verbose-active-port-lists-ranges.txt"));
        WizardSession s;
        s.workerId = w.id;
        s.workerName = w.name;
        for (WizardStepId id : allWizardSteps())
            s.record(evaluateStep(id, ctx));
        s.skip(WizardStepId::DockerNetwork, kNow);
        applyPastedFindings(ctx);
        s.causes = diagnose(ctx.input);
        QCOMPARE(s.outcome(WizardStepId::DockerNetwork), StepOutcome::Skipped);
        QCOMPARE(s.outcome(WizardStepId::WorkerFirewall), StepOutcome::Fail);

        const QByteArray json = QJsonDocument(s.toJson()).toJson();
        const WizardSession back = WizardSession::fromJson(QJsonDocument::fromJson(json).object());
        QCOMPARE(back, s);
        QVERIFY(json.contains("\"worker_firewall\""));
        QVERIFY(json.contains("\"firewall_drop\""));
        QCOMPARE(WizardSession().outcome(WizardStepId::Conclusion), StepOutcome::NotRun);
    }

    // rankedCauses() skips the classifier for a plainly healthy worker (most of a 10,000-worker
    // cluster): only where the classifier itself names nothing. Every worker both views see up,
    // answering fast, over the variations plainlyHealthy() allows, classified in full.
    void plainlyHealthyIsWhatTheClassifierFindsNothingIn()
    {
        int checked = 0;
        for (const QString &ip : {u"192.168.1.57"_s, u"10.8.0.4"_s, u"127.0.0.1"_s, u"gpu-07.lan"_s}) {
            for (const qint64 answerUs : {qint64(300), qint64(40'000), qint64(899'000)}) {
                for (const std::optional<qint64> skew :
                    {std::optional<qint64>(), std::optional<qint64>(-4'000), std::optional<qint64>(900)}) {
                    for (const QString &version : {u"v2.2.0"_s, u"0.7.1"_s, QString()}) {
                        for (const bool advertised : {false, true}) {
                            Worker w = worker(WorkerState::Ready, ip);
                            if (advertised)
                                w.advertiseAddress = ip;
                            DiagnosisInput in = input(w, healthy(w, answerUs));
                            in.local = LocalState::Up;
                            in.verdict = Verdict::AgreeUp;
                            in.confirmedProbe = in.probe;
                            in.clockSkewMs = skew;
                            in.serverVersion = version;
                            in.latencyMs = {double(answerUs) / 1000.0};
                            in.addressHistory = {{kNow - 60'000, w.ip, w.advertiseAddress.value_or(QString())}};
                            QVERIFY(plainlyHealthy(in));
                            const QList<Cause> full = diagnose(in);
                            QVERIFY2(full.isEmpty(), qPrintable(ip + u' ' + causeIdString(full.value(0).id)));
                            QVERIFY(rankedCauses(in).isEmpty());
                            ++checked;
                        }
                    }
                }
            }
        }
        QCOMPARE(checked, 4 * 3 * 3 * 3 * 2);
    }
};

QTEST_GUILESS_MAIN(TestCauseClassifier)
#include "tst_causeclassifier.moc"

// Address classification, the command kit (quoting untrusted values) and the detector replay.
#include "diagnosis/addressclass.h"
#include "diagnosis/commandkit.h"
#include "diagnosis/detectorreplay.h"
#include "gpustack/worker.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestDiagnosisBasics : public QObject {
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("cls");
        const QList<std::pair<const char16_t *, const char16_t *>> rows = {
            {u"172.17.0.10", u"docker_bridge"},
            {u"172.17.255.254", u"docker_bridge"},
            {u"172.18.0.5", u"docker_user_network"},
            {u"172.31.255.1", u"docker_user_network"},
            {u"172.16.149.96", u"private"},
            {u"172.32.0.1", u"public"},
            {u"10.88.0.3", u"podman"},
            {u"10.42.1.7", u"kubernetes_pod"},
            {u"10.244.3.2", u"kubernetes_pod"},
            {u"10.255.255.254", u"wsl"},
            {u"10.0.0.1", u"virtual_adapter"},
            {u"10.0.0.2", u"private"},
            {u"0.0.0.0", u"unspecified"},
            {u"::", u"unspecified"},
            {u"127.0.0.1", u"loopback"},
            {u"127.0.1.1", u"loopback"},
            {u"::1", u"loopback"},
            {u"[::1]", u"loopback"},
            {u"169.254.57.197", u"link_local"},
            {u"fe80::215:5dff:fe45:a2ee", u"link_local"},
            {u"100.64.1.2", u"cgnat"},
            {u"100.127.255.255", u"cgnat"},
            {u"100.128.0.1", u"public"},
            {u"192.168.1.46", u"private"},
            {u"10.10.138.35", u"private"},
            {u"8.8.8.8", u"public"},
            {u"fd04:38e2:98c6:b00b::96", u"private"},
            {u"2001:4860:4860::8888", u"public"},
            {u"::ffff:172.17.0.2", u"docker_bridge"},
            {u"224.0.0.251", u"multicast"},
            {u"gpu-worker-01.lan", u"hostname"},
            {u"worker_1", u"hostname"},
            {u"", u"invalid"},
            {u"a b", u"invalid"},
            {u"$(reboot)", u"invalid"},
            {u" 192.168.0.9 ", u"private"},
        };
        for (const auto &[a, c] : rows)
            QTest::newRow(qPrintable(QString::fromUtf16(a).isEmpty() ? u"(empty)"_s : QString::fromUtf16(a)))
                << QString::fromUtf16(a) << QString::fromUtf16(c);
    }

    void classify()
    {
        QFETCH(QString, address);
        QFETCH(QString, cls);
        const AddressClass c = classifyAddress(address);
        QCOMPARE(addressClassId(c), cls);
        QVERIFY(!addressClassDescription(c).isEmpty());
    }

    void unroutable()
    {
        for (const char16_t *a :
            {u"172.17.0.10", u"0.0.0.0", u"127.0.0.1", u"169.254.1.1", u"10.255.0.3", u"10.0.0.1", u"10.88.0.2"})
            QVERIFY2(isUnroutableForPeers(classifyAddress(QString::fromUtf16(a))), qPrintable(QString::fromUtf16(a)));
        for (const char16_t *a : {u"192.168.1.46", u"10.0.0.2", u"8.8.8.8", u"gpu.example.com", u"100.64.0.9"})
            QVERIFY2(!isUnroutableForPeers(classifyAddress(QString::fromUtf16(a))), qPrintable(QString::fromUtf16(a)));
        QVERIFY(bridgeLikelihood(AddressClass::DockerBridge) > bridgeLikelihood(AddressClass::DockerUserNetwork));
    }

    void quoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("os");
        QTest::addColumn<QString>("quoted");
        const int lx = int(OsFamily::Linux);
        const int win = int(OsFamily::Windows);
        QTest::newRow("ip") << u"10.0.0.5"_s << lx << u"10.0.0.5"_s;
        QTest::newRow("fqdn") << u"gpu-01.example.com"_s << lx << u"gpu-01.example.com"_s;
        QTest::newRow("apostrophe") << u"it's"_s << lx << u"'it'\\''s'"_s;
        QTest::newRow("subst") << u"$(reboot)"_s << lx << u"'$(reboot)'"_s;
        QTest::newRow("semicolon") << u"a;rm -rf /"_s << lx << u"'a;rm -rf /'"_s;
        QTest::newRow("backticks") << u"`id`"_s << lx << u"'`id`'"_s;
        QTest::newRow("empty") << QString() << lx << u"''"_s;
        QTest::newRow("option-like") << u"-rf"_s << lx << u"'-rf'"_s;
        QTest::newRow("newline") << u"a\nreboot"_s << lx << u"'a?reboot'"_s;
        QTest::newRow("space") << u"name with space"_s << lx << u"'name with space'"_s;
        QTest::newRow("win plain") << u"host-1"_s << win << u"host-1"_s;
        QTest::newRow("win apostrophe") << u"it's"_s << win << u"'it''s'"_s;
        QTest::newRow("win subst") << u"$(x)"_s << win << u"'$(x)'"_s;
        // PowerShell reads all four typographic single quotes as ' (U+2018–U+201B).
        QTest::newRow("win left quote") << u"a\u2018b"_s << win << u"'a''b'"_s;
        QTest::newRow("win right quote") << u"a\u2019b"_s << win << u"'a''b'"_s;
        QTest::newRow("win low quote") << u"a\u201A; calc"_s << win << u"'a''; calc'"_s;
        QTest::newRow("win reversed quote") << u"a\u201B; calc"_s << win << u"'a''; calc'"_s;
    }

    void quoting()
    {
        QFETCH(QString, value);
        QFETCH(int, os);
        QFETCH(QString, quoted);
        QCOMPARE(quoteArgument(value, OsFamily(os)), quoted);
    }

    // What a real shell makes of the quoted value is exactly the value.
    void quotingSurvivesARealShell()
    {
        const QString sh = QStandardPaths::findExecutable(u"sh"_s);
        if (sh.isEmpty())
            QSKIP("no sh on PATH");
        for (const char16_t *v :
            {u"plain", u"it's", u"$(echo pwned)", u"a;b|c&d", u"`id`", u"x'\"y", u"*", u"~root", u"-n", u"é ü 中"}) {
            const QString value = QString::fromUtf16(v);
            QProcess p;
            p.start(sh, {u"-c"_s, u"printf %s "_s + quoteArgument(value)});
            QVERIFY(p.waitForFinished(5000));
            QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), value);
        }
    }

    void commands()
    {
        QCOMPARE(commands::tcpCheck(u"10.0.0.5"_s, 10150).text, u"nc -zv -w 2 -- 10.0.0.5 10150"_s);
        QCOMPARE(commands::tcpCheck(u"10.0.0.5"_s, 10150, OsFamily::Windows).text,
            u"Test-NetConnection -ComputerName 10.0.0.5 -Port 10150"_s);
        QCOMPARE(commands::telnetCheck(u"10.0.0.5"_s, 10150).text, u"telnet -- 10.0.0.5 10150"_s);
        QCOMPARE(commands::telnetCheck(u"10.0.0.5"_s, 10150, OsFamily::Windows).text, u"telnet 10.0.0.5 10150"_s);
        QCOMPARE(commands::resolve(u"gpu-01.lan"_s).text, u"getent ahosts -- gpu-01.lan"_s);
        QCOMPARE(commands::httpCheck(u"http://10.0.0.5:10150/healthz"_s).text,
            u"curl -m 2 -sS http://10.0.0.5:10150/healthz"_s);
        QCOMPARE(commands::httpCheck(u"http://10.0.0.5:10150/healthz"_s, OsFamily::Windows).text,
            u"curl.exe -m 2 -sS http://10.0.0.5:10150/healthz"_s);
        // An untrusted value containing %2 must not be substituted by a later arg().
        QCOMPARE(commands::tcpCheck(u"fe80::1%2"_s, 10150).text, u"nc -zv -w 2 -- fe80::1%2 10150"_s);

        const QStringList vantage = commandTexts(
            commands::serverVantage(u"http://10.0.0.5:10150/healthz"_s, u"10.0.0.5"_s, 10150, u"gpustack"_s));
        QCOMPARE(vantage.first(), u"docker exec gpustack curl -m 2 -sS http://10.0.0.5:10150/healthz"_s);
        QVERIFY(vantage.contains(u"nc -zv -w 2 -- 10.0.0.5 10150"_s));
        QVERIFY(vantage.contains(u"docker exec gpustack sh -c 'env | grep -i proxy'"_s));
        const QStringList evil =
            commandTexts(commands::serverVantage(u"http://h:10150/healthz"_s, u"h"_s, 10150, u"x; reboot"_s));
        QCOMPARE(evil.first(), u"docker exec CONTAINER_NAME curl -m 2 -sS http://h:10150/healthz"_s);
        QCOMPARE(commands::proxyEnv().text, u"env | grep -i proxy"_s);

        QCOMPARE(commandTexts(commands::firewallOpen(FirewallKind::Firewalld)),
            QStringList({u"sudo firewall-cmd --permanent --add-port=10150/tcp"_s, u"sudo firewall-cmd --reload"_s}));
        QCOMPARE(commandTexts(commands::firewallOpen(FirewallKind::Ufw)), QStringList({u"sudo ufw allow 10150/tcp"_s}));
        QVERIFY(commandTexts(commands::firewallOpen(FirewallKind::Iptables))
                    .first()
                    .contains(u"--dport 10150 -j ACCEPT"_s));
        QVERIFY(
            commandTexts(commands::firewallOpen(FirewallKind::Nftables)).first().contains(u"tcp dport 10150 accept"_s));
        QVERIFY(commandTexts(commands::allFirewallListings()).contains(u"sudo firewall-cmd --list-all"_s));
        QVERIFY(commandTexts(commands::allFirewallListings()).contains(u"sudo ufw status verbose"_s));
        QVERIFY(commandTexts(commands::allFirewallListings()).contains(u"sudo nft list ruleset"_s));
        QCOMPARE(
            commands::dockerNetworkMode(u"w1"_s).first().text, u"docker inspect -f '{{.HostConfig.NetworkMode}}' w1"_s);
        const QStringList pin = commandTexts(commands::pinWorkerAddress(u"192.168.1.46"_s, u"eno1"_s));
        QVERIFY(pin.join(u'\n').contains(u"--worker-ip 192.168.1.46 --worker-ifname eno1"_s));
        QVERIFY(pin.join(u'\n').contains(u"--advertise-address 192.168.1.46"_s));
        for (const ShellCommand &c : commands::allFirewallListings()) {
            QVERIFY(!c.purpose.isEmpty());
            QVERIFY(!c.where.isEmpty());
        }
    }

    void hostArguments_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("host");
        QTest::newRow("ipv4") << u"10.0.0.5"_s << true;
        QTest::newRow("ipv6") << u"2001:db8::7"_s << true;
        QTest::newRow("ipv6 zone") << u"fe80::1%eth0"_s << true;
        QTest::newRow("name") << u"gpu-01.example.com"_s << true;
        QTest::newRow("trailing dot") << u"gpu-01.example.com."_s << true;
        QTest::newRow("underscore") << u"gpu_box"_s << true;
        QTest::newRow("idn") << u"münchen.example"_s << true;
        QTest::newRow("-n.bashrc") << u"-n.bashrc"_s << false;
        QTest::newRow("-oProxyCommand=x") << u"-oProxyCommand=x"_s << false;
        QTest::newRow("--help") << u"--help"_s << false;
        QTest::newRow("-e sh") << u"-e sh"_s << false;
        QTest::newRow("label ends in -") << u"gpu-.lan"_s << false;
        QTest::newRow("empty label") << u"a..b"_s << false;
        QTest::newRow("space") << u"gpu box"_s << false;
        QTest::newRow("substitution") << u"$(id)"_s << false;
        QTest::newRow("zone with space") << u"fe80::1%eth0 -x"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void hostArguments()
    {
        QFETCH(QString, value);
        QFETCH(bool, host);
        QCOMPARE(isHostArgument(value), host);
        if (!value.contains(u'%'))  // a zone is written %25 in a URL
            QCOMPARE(
                isUrlArgument(u"http://%1:10150/healthz"_s.arg(value.contains(u':') ? u'[' + value + u']' : value)),
                host);
    }

    // An address the server sent that a tool would read as an option ("telnet -n FILE" writes a
    // trace file, "ncat -o FILE" an output file) never reaches a command: each command of the
    // kit shows a placeholder instead and says why in its purpose.
    void optionLikeValuesBecomePlaceholders()
    {
        for (const QString &v : {u"-n.bashrc"_s, u"-oProxyCommand=x"_s, u"--help"_s, u"-e sh"_s}) {
            const QString url = u"http://"_s + v + u":10150/healthz"_s;
            for (OsFamily os : {OsFamily::Linux, OsFamily::MacOs, OsFamily::Windows, OsFamily::Unknown}) {
                QList<ShellCommand> kit{commands::tcpCheck(v, 10150, os), commands::telnetCheck(v, 10150, os),
                    commands::httpCheck(url, os), commands::resolve(v, os), commands::httpCheck(v, os)};
                if (os == OsFamily::Linux) {
                    kit += commands::serverVantage(url, v, 10150, v);
                    kit += commands::serverVantage(url, v, 10150, QString());
                    kit += commands::proxyEnv(v);
                    kit += commands::dockerNetworkMode(v);
                    kit += commands::dockerWorkerFix(v);
                    kit += commands::pinWorkerAddress(v, v);
                }
                for (const ShellCommand &c : std::as_const(kit)) {
                    const QString ctx = c.text + u" / "_s + osFamilyId(os);
                    QVERIFY2(!c.text.contains(v.left(3)), qPrintable(ctx));
                    if (c.text == commands::proxyEnv().text)
                        continue;  // carries no value
                    const QStringList placeholders = placeholdersIn(c.text);
                    QVERIFY2(!placeholders.isEmpty(), qPrintable(ctx));
                    QVERIFY2(c.purpose.contains(placeholders.first()), qPrintable(c.purpose));
                }
            }
        }
        // A valid address needs no note.
        QVERIFY(placeholdersIn(commands::tcpCheck(u"10.0.0.5"_s, 10150).purpose).isEmpty());
    }

    void osFamily_data()
    {
        QTest::addColumn<QString>("osName");
        QTest::addColumn<QString>("family");
        QTest::newRow("ubuntu") << u"Ubuntu"_s << u"linux"_s;
        QTest::newRow("windows") << u"Windows 11 Pro"_s << u"windows"_s;
        QTest::newRow("macos") << u"macOS"_s << u"macos"_s;
        QTest::newRow("darwin") << u"Darwin"_s << u"macos"_s;
        QTest::newRow("empty") << QString() << u"unknown"_s;
    }

    void osFamily()
    {
        QFETCH(QString, osName);
        QFETCH(QString, family);
        Worker w;
        WorkerStatus s;
        s.osName = osName;
        w.status = s;
        QCOMPARE(osFamilyId(osFamilyOf(w)), family);
        QCOMPARE(osFamilyOf(Worker()), OsFamily::Unknown);
    }

    void replay_data()
    {
        QTest::addColumn<QList<double>>("latency");
        QTest::addColumn<double>("loss");
        QTest::addColumn<double>("minPerHour");
        QTest::addColumn<double>("maxPerHour");
        QTest::addColumn<double>("minFraction");
        QTest::addColumn<double>("maxFraction");
        QList<double> fast(100, 40.0);
        QList<double> half;
        for (int i = 0; i < 100; ++i)
            half << (i % 2 ? 3100.0 : 60.0);
        QList<double> tail;  // 10 % over the limit
        for (int i = 0; i < 100; ++i)
            tail << (i % 10 == 0 ? 2600.0 : 300.0);
        // p = 0.5, 4 attempts per window: 1/16 of ~210 cycles an hour fail.
        QTest::newRow("fast, no loss") << fast << 0.0 << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("half slow") << half << 0.0 << 7.0 << 16.0 << 0.04 << 0.09;
        QTest::newRow("30% loss") << fast << 0.3 << 0.8 << 3.0 << 0.004 << 0.015;
        QTest::newRow("5% loss") << fast << 0.05 << 0.0 << 0.05 << 0.0 << 0.001;
        QTest::newRow("10% slow tail") << tail << 0.0 << 0.0 << 0.1 << 0.0 << 0.001;
        QTest::newRow("always slow") << QList<double>(50, 2500.0) << 0.0 << 0.0 << 0.1 << 1.0 << 1.0;
    }

    void replay()
    {
        QFETCH(QList<double>, latency);
        QFETCH(double, loss);
        QFETCH(double, minPerHour);
        QFETCH(double, maxPerHour);
        QFETCH(double, minFraction);
        QFETCH(double, maxFraction);
        ReplayInput in;
        in.latencyMs = latency;
        in.lossRate = loss;
        in.seed = 42;
        const ReplayResult r = replayDetector(in);
        QVERIFY2(
            r.marksPerHour >= minPerHour && r.marksPerHour <= maxPerHour, qPrintable(QString::number(r.marksPerHour)));
        QVERIFY2(r.unreachableFraction >= minFraction && r.unreachableFraction <= maxFraction,
            qPrintable(QString::number(r.unreachableFraction)));
        QVERIFY(r.cycles > 24 * 3600 / 36);  // a failing cycle lasts 15 s + 20 s
        QVERIFY(!r.summary.isEmpty());
        if (r.unreachableTransitions > 0)
            QVERIFY(!r.changes.isEmpty());
        // Deterministic for a seed.
        const ReplayResult again = replayDetector(in);
        QCOMPARE(again.unreachableTransitions, r.unreachableTransitions);
        QCOMPARE(again.failedCycles, r.failedCycles);
    }

    void replayTexts()
    {
        ReplayInput in;
        for (int i = 0; i < 100; ++i)
            in.latencyMs << (i % 2 ? 3100.0 : 60.0);
        const ReplayResult r = replayDetector(in);
        QVERIFY2(r.summary.contains(u"times an hour"_s), qPrintable(r.summary));
        QVERIFY(r.changes.join(u' ').contains(u"2.0 s"_s));
        QVERIFY(r.changes.join(u' ').contains(u"50.0%"_s));
        const ReplayResult always = replayDetector(ReplayInput{QList<double>(10, 2500.0)});
        QVERIFY2(always.summary.contains(u"keep this worker unreachable"_s), qPrintable(always.summary));
        const ReplayResult none = replayDetector(ReplayInput{QList<double>(10, 20.0)});
        QVERIFY2(none.summary.contains(u"would not mark"_s), qPrintable(none.summary));
        QVERIFY(none.changes.isEmpty());
    }

    void detectorTimings()
    {
        DetectorTimings t;
        QCOMPARE(t.attemptsPerWindow(), 4);
        QVERIFY(std::abs(replayDetector(ReplayInput{}).maxTolerableFailure - 0.118) < 0.005);
        DetectorTimings v0;  // v0.x: 10 s window
        v0.windowMs = 10000;
        QCOMPARE(v0.attemptsPerWindow(), 2);
        ReplayInput in;
        in.latencyMs = QList<double>(100, 30.0);
        in.lossRate = 0.3;
        const double v2Rate = replayDetector(in).marksPerHour;
        in.timings = v0;
        QVERIFY(replayDetector(in).marksPerHour > v2Rate * 5);
    }

    void quantiles()
    {
        QCOMPARE(quantile({}, 0.5), 0.0);
        QCOMPARE(quantile({1, 2, 3, 4, 5}, 0.5), 3.0);
        QCOMPARE(quantile({5, 1, 3}, 1.0), 5.0);
        QCOMPARE(quantile({0, 10}, 0.95), 9.5);
    }
};

QTEST_GUILESS_MAIN(TestDiagnosisBasics)
#include "tst_diagnosisbasics.moc"

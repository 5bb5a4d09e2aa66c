// Every paste-back parser against the 95 real tool outputs in tests/data/tool-outputs, with
// the verdicts of that directory's README (transcribed into tool-output-expectations.txt),
// plus messy variants: CRLF, tabs, prompts, localized errors, nothing pasted.
#include "diagnosis/connectfinding.h"
#include "diagnosis/dockerfinding.h"
#include "diagnosis/firewallfinding.h"
#include "diagnosis/hostfinding.h"
#include "diagnosis/pastetext.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

QString dataDir()
{
    return QStringLiteral(PARALLAX_TEST_DATA_DIR "/tool-outputs");
}

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

struct Expectation {
    QString file;
    QStringList checks;
};

QList<Expectation> expectations()
{
    QList<Expectation> out;
    const QString text =
        readText(QStringLiteral(PARALLAX_SOURCE_DIR "/tests/core/diagnosis/tool-output-expectations.txt"));
    for (const QString &line : text.split(u'\n')) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        Expectation e;
        e.file = line.section(u'|', 0, 0).trimmed();
        for (const QString &c : line.section(u'|', 1).split(u';'))
            if (!c.trimmed().isEmpty())
                e.checks << c.trimmed();
        out << e;
    }
    return out;
}

QString boolText(std::optional<bool> b)
{
    return b ? (*b ? u"true"_s : u"false"_s) : u"unknown"_s;
}

// Splits "verdict@22/udp" into key "verdict", port 22, proto udp.
void splitKey(const QString &full, QString *key, int *port, QString *proto)
{
    *key = full.section(u'@', 0, 0);
    *port = 10150;
    *proto = u"tcp"_s;
    if (full.contains(u'@')) {
        const QString p = full.section(u'@', 1);
        *port = p.section(u'/', 0, 0).toInt();
        if (p.contains(u'/'))
            *proto = p.section(u'/', 1);
    }
}

QString firewallValue(const QString &dir, const QString &text, const QString &fullKey)
{
    QString key, proto;
    int port = 0;
    splitKey(fullKey, &key, &port, &proto);
    FirewallFinding f;
    if (dir == u"firewall-cmd"_s)
        f = parseFirewallCmd(text, port, proto);
    else if (dir == u"ufw"_s)
        f = parseUfw(text, port, proto);
    else if (dir == u"iptables"_s)
        f = parseIptables(text, port, proto);
    else
        f = parseNft(text, port, proto);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"verdict"_s)
        return portVerdictId(f.verdict);
    if (key == u"running"_s)
        return boolText(f.running);
    if (key == u"applied"_s)
        return boolText(f.changeApplied);
    if (key == u"trailing_reject"_s)
        return boolText(f.trailingReject);
    if (key == u"rate_limited"_s)
        return boolText(f.rateLimited);
    if (key == u"restricted"_s)
        return f.restrictedTo.join(u',');
    if (key == u"zones_active"_s) {
        QStringList names;
        for (const auto &z : f.zones)
            if (z.active)
                names << z.name;
        return names.join(u',');
    }
    if (key.startsWith(u"zone_target."_s) || key.startsWith(u"zone_listed."_s)) {
        const QString zone = key.section(u'.', 1);
        for (const auto &z : f.zones) {
            if (z.name == zone)
                return key.startsWith(u"zone_target."_s) ? z.target : boolText(z.active);
        }
        return u"<no zone>"_s;
    }
    return u"<unknown key>"_s;
}

QString dockerValue(const QString &text, const QString &key)
{
    const DockerFinding f = parseDocker(text);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"mode"_s)
        return dockerNetworkModeId(f.mode);
    if (key == u"network"_s)
        return f.networkName;
    if (key == u"not_found"_s)
        return boolText(f.notFound);
    if (key == u"published_count"_s)
        return QString::number(f.published.size());
    if (key.startsWith(u"host_port."_s))
        return QString::number(f.hostPortFor(key.section(u'.', 1).toInt()));
    if (key.startsWith(u"host_ip."_s)) {
        QStringList ips;
        const int port = key.section(u'.', 1).toInt();
        for (const auto &p : f.published)
            if (p.coversContainerPort(port, u"tcp"_s) && !ips.contains(p.hostIp))
                ips << p.hostIp;
        return ips.join(u',');
    }
    return u"<unknown key>"_s;
}

// Multi-valued docker checks: every listed port must hold.
bool dockerListCheck(const QString &text, const QString &key, const QString &value, QString *why)
{
    const DockerFinding f = parseDocker(text);
    for (const QString &v : value.split(u',')) {
        const int port = v.toInt();
        bool ok = true;
        if (key == u"published"_s)
            ok = f.isPublished(port);
        else if (key == u"not_published"_s)
            ok = !f.isPublished(port);
        else if (key == u"exposed"_s)
            ok = f.exposedOnly.contains(port);
        if (!ok) {
            *why = u"%1 fails for port %2"_s.arg(key, v);
            return false;
        }
    }
    return true;
}

QString connectValue(const QString &text, const QString &fullKey)
{
    QString key, proto;
    int port = 0;
    splitKey(fullKey, &key, &port, &proto);
    const ConnectFinding f = parseConnectivity(text);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"outcome"_s)
        return fullKey.contains(u'@') ? connectOutcomeId(f.outcomeFor(port)) : connectOutcomeId(f.outcome);
    if (key == u"attempts"_s)
        return QString::number(f.attempts.size());
    if (key == u"proxy"_s)
        return boolText(f.viaProxy);
    if (key == u"status"_s)
        return QString::number(f.httpStatus);
    if (key == u"elapsed"_s)
        return QString::number(f.elapsedMs);
    if (key == u"tool"_s)
        return f.tool;
    return u"<unknown key>"_s;
}

QString proxyValue(const QString &text, const QString &key)
{
    const ProxyEnvFinding f = parseProxyEnv(text);
    if (key == u"recognized"_s)
        return boolText(f.recognized);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"proxy"_s)
        return boolText(f.proxySet);
    if (key == u"docker_daemon"_s)
        return boolText(f.dockerDaemonProxy);
    if (key == u"no_proxy"_s)
        return f.noProxy.join(u',');
    if (key.startsWith(u"bypass."_s))
        return boolText(f.bypasses(key.mid(7)));
    return u"<unknown key>"_s;
}

QString ipValue(const QString &text, const QString &key)
{
    const IpFinding f = parseIp(text);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"primary"_s)
        return f.primary;
    if (key == u"candidates"_s)
        return f.candidates.join(u',');
    if (key == u"ambiguous"_s)
        return boolText(f.ambiguous);
    if (key == u"wsl"_s)
        return boolText(f.wsl);
    if (key == u"multiple_defaults"_s)
        return boolText(f.multipleDefaults);
    if (key == u"ping"_s)
        return boolText(f.pingAnswered);
    if (key == u"bridge_count"_s)
        return QString::number(f.bridgeAddresses.size());
    return u"<unknown key>"_s;
}

QString clockValue(const QString &text, const QString &key)
{
    const ClockFinding f = parseTimedatectl(text);
    if (!f.recognized)
        return u"<not recognized>"_s;
    if (key == u"synchronized"_s)
        return boolText(f.synchronized);
    if (key == u"ntp"_s)
        return boolText(f.ntpActive);
    return u"<unknown key>"_s;
}

// Evaluates one check; returns an empty string when it holds, else what was found.
QString failureOf(const QString &file, const QString &text, const QString &check)
{
    const QString dir = file.section(u'/', 0, 0);
    const QString fullKey = check.section(u'=', 0, 0).trimmed();
    const QString expected = check.section(u'=', 1).trimmed();
    QString actual;
    if (dir == u"firewall-cmd"_s || dir == u"ufw"_s || dir == u"iptables"_s || dir == u"nft"_s) {
        actual = firewallValue(dir, text, fullKey);
        // The auto-detecting entry point must agree with the tool's own parser.
        if (fullKey == u"verdict"_s) {
            const QString viaAuto = portVerdictId(parseFirewallListing(text).verdict);
            if (viaAuto != actual)
                return u"parseFirewallListing says %1, the %2 parser says %3"_s.arg(viaAuto, dir, actual);
        }
    } else if (dir == u"docker"_s) {
        if (fullKey == u"published"_s || fullKey == u"not_published"_s || fullKey == u"exposed"_s) {
            QString why;
            return dockerListCheck(text, fullKey, expected, &why) ? QString() : why;
        }
        actual = dockerValue(text, fullKey);
    } else if (dir == u"nc"_s || dir == u"telnet"_s || dir == u"curl"_s) {
        actual = connectValue(text, fullKey);
    } else if (dir == u"env-proxy"_s) {
        actual = proxyValue(text, fullKey);
    } else if (dir == u"ip"_s) {
        if (fullKey == u"bridges"_s) {
            const IpFinding f = parseIp(text);
            for (const QString &b : expected.split(u','))
                if (!f.bridgeAddresses.contains(b) || f.candidates.contains(b))
                    return u"bridge %1 not recognised (bridges %2, candidates %3)"_s.arg(
                        b, f.bridgeAddresses.join(u','), f.candidates.join(u','));
            return QString();
        }
        actual = ipValue(text, fullKey);
    } else if (dir == u"timedatectl"_s) {
        actual = clockValue(text, fullKey);
    } else {
        return u"no parser for directory %1"_s.arg(dir);
    }
    return actual == expected ? QString() : u"%1: expected %2, got %3"_s.arg(fullKey, expected, actual);
}

}  // namespace

class TestToolParsers : public QObject {
    Q_OBJECT

private slots:
    void everySampleHasAnExpectation()
    {
        QStringList files;
        QDirIterator it(dataDir(), {u"*.txt"_s}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << QDir(dataDir()).relativeFilePath(it.next());
        QCOMPARE(files.size(), 95);
        QStringList listed;
        for (const auto &e : expectations())
            listed << e.file;
        for (const QString &f : files)
            QVERIFY2(listed.contains(f), qPrintable(u"no expectation for "_s + f));
        for (const QString &f : listed)
            QVERIFY2(files.contains(f), qPrintable(u"expectation for a missing file "_s + f));
        QCOMPARE(listed.size(), 95);
    }

    void realSamples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("checks");
        for (const auto &e : expectations())
            QTest::newRow(qPrintable(e.file)) << e.file << e.checks;
    }

    void realSamples()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, checks);
        QVERIFY(!checks.isEmpty());
        const QString text = readText(dataDir() + u'/' + file);
        QVERIFY2(!text.isEmpty(), qPrintable(file));
        for (const QString &check : checks) {
            const QString failure = failureOf(file, text, check);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
            // The same paste through a Windows clipboard (CRLF) must read the same.
            QString crlf = text;
            crlf.replace(u"\n"_s, u"\r\n"_s);
            const QString crlfFailure = failureOf(file, crlf, check);
            QVERIFY2(crlfFailure.isEmpty(), qPrintable(u"CRLF: "_s + crlfFailure));
        }
    }

    void realSamplesWithLostIndentation()
    {
        // Blogs and chat clients flatten indentation; verdicts must not depend on it.
        for (const auto &e : expectations()) {
            const QString dir = e.file.section(u'/', 0, 0);
            if (dir == u"docker"_s)
                continue;  // column layout of `docker ps` is what the parser reads there
            const QString text = readText(dataDir() + u'/' + e.file);
            QStringList flat;
            for (const QString &l : text.split(u'\n'))
                flat << l.trimmed();
            for (const QString &check : e.checks) {
                const QString failure = failureOf(e.file, flat.join(u'\n'), check);
                QVERIFY2(failure.isEmpty(), qPrintable(e.file + u": "_s + failure));
            }
        }
    }

    void nothingPasted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces") << u"   \n\t \r\n"_s;
    }

    void nothingPasted()
    {
        QFETCH(QString, text);
        QVERIFY(!parseFirewallListing(text).recognized);
        QCOMPARE(parseFirewallListing(text).verdict, PortVerdict::Unknown);
        QVERIFY(!parseFirewallListing(text).explanation.isEmpty());
        QVERIFY(!parseDocker(text).recognized);
        QVERIFY(!parseConnectivity(text).recognized);
        QCOMPARE(parseConnectivity(text).outcome, ConnectOutcome::Unknown);
        QVERIFY(!parseProxyEnv(text).recognized);
        QVERIFY(!parseIp(text).recognized);
        QVERIFY(!parseTimedatectl(text).recognized);
    }

    void unrelatedTextIsNotRecognized()
    {
        const QString text = u"hello world\nthis is not tool output\n"_s;
        QVERIFY(!parseFirewallListing(text).recognized);
        QVERIFY(!parseDocker(text).recognized);
        QVERIFY(!parseConnectivity(text).recognized);
        QVERIFY(!parseTimedatectl(text).recognized);
    }

    // Constructed variants (not captured outputs): glibc's zh_CN / ja_JP strerror texts,
    // which the README could not find in real pastes.
    void localizedErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("zh refused") << u"nc: connect to 10.0.0.5 port 10150 (tcp) failed: 拒绝连接"_s << u"refused"_s;
        QTest::newRow("zh no route")
            << u"curl: (7) Failed to connect to 10.0.0.5 port 10150 after 3 ms: 没有到主机的路由"_s << u"no_route"_s;
        QTest::newRow("zh timeout") << u"telnet: connect to address 10.0.0.5: 连接超时"_s << u"timed_out"_s;
        QTest::newRow("ja refused") << u"nc: connect to 10.0.0.5 port 10150 (tcp) failed: 接続を拒否されました"_s
                                    << u"refused"_s;
        QTest::newRow("ja no route") << u"telnet: connect to address 10.0.0.5: ホストへの経路がありません"_s
                                     << u"no_route"_s;
        QTest::newRow("ja timeout") << u"nc: connect to 10.0.0.5 port 10150 (tcp) failed: 接続がタイムアウトしました"_s
                                    << u"timed_out"_s;
        QTest::newRow("zh resolve") << u"nc: getaddrinfo for host \"worker-7\" port 10150: 未知的名称或服务"_s
                                    << u"resolve_failed"_s;
        QTest::newRow("net unreachable")
            << u"curl: (7) Failed to connect to 10.0.0.5 port 10150 after 0 ms: Network is unreachable"_s
            << u"network_unreachable"_s;
        QTest::newRow("curl -m 2 timeout")
            << u"curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received"_s << u"timed_out"_s;
    }

    void localizedErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, outcome);
        QCOMPARE(connectOutcomeId(parseConnectivity(text).outcome), outcome);
    }

    void prefixesAndPrompts()
    {
        // Fabric prefixes, a Markdown quote and backticks around a firewall listing.
        const QString text = u"[w1] run: firewall-cmd --list-all\n[w1] out: public (active)\n> `  target: DROP`\n"
                             u"[w1] out:   interfaces: eth0\n[w1] out:   ports: 22/tcp\n[w1] out:   services: ssh\n"_s;
        const FirewallFinding f = parseFirewallCmd(text);
        QVERIFY(f.recognized);
        QCOMPARE(f.verdict, PortVerdict::Dropped);
        QCOMPARE(parseFirewallCmd(text, 22).verdict, PortVerdict::Open);
        QVERIFY(!f.lines.isEmpty());
        QVERIFY(!f.explanation.isEmpty());

        const QList<PasteLine> lines = splitPaste(
            u"[root@gpu-01 ~]# nc -zv 10.1.2.3 10150\r\nuser@host:~$ curl -m 2 -sS http://x:10150/healthz\r\n"_s);
        QVERIFY(lines.at(0).isCommand);
        QCOMPARE(lines.at(0).command, u"nc -zv 10.1.2.3 10150"_s);
        QVERIFY(lines.at(1).isCommand);
        QCOMPARE(lines.at(1).command, u"curl -m 2 -sS http://x:10150/healthz"_s);
    }

    void firewallPortListed()
    {
        // The README found no real listing that opens 10150; this one is constructed.
        const QString text =
            u"public (active)\n  target: default\n  interfaces: eth0\n  services: ssh\n  ports: 10150/tcp 10151/tcp\n"_s;
        QCOMPARE(parseFirewallCmd(text).verdict, PortVerdict::Open);
        QCOMPARE(parseFirewallCmd(text, 10152).verdict, PortVerdict::Rejected);
        QCOMPARE(parseFirewallCmd(text, 10150, u"udp"_s).verdict, PortVerdict::Rejected);
        QCOMPARE(parseFirewallCmd(u"success\n"_s).changeApplied, std::optional<bool>(true));
        const FirewallFinding add =
            parseFirewallCmd(u"$ sudo firewall-cmd --permanent --add-port=10150/tcp\nsuccess\n"_s);
        QCOMPARE(add.changeApplied, std::optional<bool>(true));
        QVERIFY(add.needsReload);
        QVERIFY(parseFirewallCmd(
            u"$ sudo firewall-cmd --permanent --add-port=10150/tcp\nWarning: ALREADY_ENABLED: 10150:tcp\n"_s)
                    .changeApplied.value_or(false));
    }

    void iptablesAcceptRuleForPort()
    {
        const QString text = u"-P INPUT DROP\n-A INPUT -p tcp -m tcp --dport 10150 -j ACCEPT\n"_s;
        QCOMPARE(parseIptables(text).verdict, PortVerdict::Open);
        QCOMPARE(parseIptables(text, 10151).verdict, PortVerdict::Dropped);
        const QString reject =
            u"-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 10150 -j REJECT --reject-with icmp-host-prohibited\n"_s;
        QCOMPARE(parseIptables(reject).verdict, PortVerdict::Rejected);
        QCOMPARE(parseIptables(reject, 10151).verdict, PortVerdict::Open);
    }

    // Constructed variants of rule shapes the real samples do not show (README "Not found").
    void constructedFirewallShapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("verdict");
        const QString ufwReject =
            u"Status: active\nLogging: on (low)\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n\n"
            u"To                         Action      From\n--                         ------      ----\n"
            u"10150/tcp                  REJECT IN   Anywhere\n10151/tcp                  DENY IN     Anywhere\n"
            u"10152/tcp                  ALLOW IN    192.168.1.0/24\n10153:10160/tcp            ALLOW IN    Anywhere\n"_s;
        QTest::newRow("ufw reject") << ufwReject << 10150 << u"rejected"_s;
        QTest::newRow("ufw deny") << ufwReject << 10151 << u"dropped"_s;
        QTest::newRow("ufw allow from subnet") << ufwReject << 10152 << u"open_restricted"_s;
        QTest::newRow("ufw range") << ufwReject << 10155 << u"open"_s;
        QTest::newRow("ufw default") << ufwReject << 22 << u"dropped"_s;
        QTest::newRow("ufw zh inactive") << u"状态：不活动\n"_s << 10150 << u"not_filtering"_s;
        const QString nft =
            u"table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
            u"\t\tct state { established, related } accept\n\t\ttcp dport { 22, 10150-10151 } accept\n"
            u"\t\tip saddr 10.0.0.0/8 tcp dport 9000 accept\n\t}\n}\n"_s;
        QTest::newRow("nft set range") << nft << 10150 << u"open"_s;
        QTest::newRow("nft saddr") << nft << 9000 << u"open_restricted"_s;
        QTest::newRow("nft policy drop") << nft << 8080 << u"dropped"_s;
        const QString dpts =
            u"Chain INPUT (policy DROP 0 packets, 0 bytes)\n pkts bytes target     prot opt in     out     source    "
            u"           destination\n"
            u"    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:10150:10151\n"_s;
        QTest::newRow("iptables dpts") << dpts << 10151 << u"open"_s;
        QTest::newRow("iptables policy") << dpts << 10152 << u"dropped"_s;
    }

    void constructedFirewallShapes()
    {
        QFETCH(QString, text);
        QFETCH(int, port);
        QFETCH(QString, verdict);
        const FirewallFinding f = parseFirewallListing(text, port);
        QVERIFY(f.recognized);
        QCOMPARE(portVerdictId(f.verdict), verdict);
        QVERIFY(!f.explanation.isEmpty());
    }

    void dockerOneLiner()
    {
        QCOMPARE(parseDocker(u"host\n"_s).mode, DockerNetworkMode::Host);
        QCOMPARE(parseDocker(u"$ docker inspect -f '{{.HostConfig.NetworkMode}}' gpustack-worker\ndefault\n"_s).mode,
            DockerNetworkMode::Bridge);
        const DockerFinding ps = parseDocker(
            u"abc  gpustack/gpustack  \"gpustack start\"  2 hours ago  Up 2 hours  0.0.0.0:10150-10151->10150-10151/tcp  worker"_s);
        QVERIFY(ps.isPublished(10150));
        QVERIFY(ps.isPublished(10151));
        QCOMPARE(ps.hostPortFor(10151), 10151);
    }

    void rejectWithAResetIsExplainedAsRefused()
    {
        // A client sees a closed port, not "No route to host": the explanation must say so.
        const FirewallFinding reset = parseFirewallListing(
            u"-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 10150 -j REJECT --reject-with tcp-reset\n"_s, 10150);
        QCOMPARE(reset.verdict, PortVerdict::Rejected);
        QVERIFY2(reset.explanation.contains(u"Connection refused"_s), qPrintable(reset.explanation));
        const FirewallFinding prohibited =
            parseFirewallListing(u"-P INPUT ACCEPT\n-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"_s, 10150);
        QCOMPARE(prohibited.verdict, PortVerdict::Rejected);
        QVERIFY2(prohibited.explanation.contains(u"No route to host"_s), qPrintable(prohibited.explanation));
    }

    void dockerInspectModeThenDockerPort()
    {
        // The two commands of the wizard's Docker step in one transcript: the mode line follows
        // its command (the paste is longer than a lone word), then `docker port`'s own format.
        const DockerFinding f =
            parseDocker(u"$ docker inspect -f '{{.HostConfig.NetworkMode}}' gpustack-worker\nbridge\n"
                        "$ docker port gpustack-worker\n10150/tcp -> 0.0.0.0:20150\n10150/tcp -> [::]:20150\n"
                        "10151/tcp -> 127.0.0.1:10151\n"_s);
        QVERIFY(f.recognized);
        QCOMPARE(f.mode, DockerNetworkMode::Bridge);
        QCOMPARE(f.hostPortFor(10150), 20150);
        QCOMPARE(f.published.size(), 3);
        QCOMPARE(f.published.at(1).hostIp, u"::"_s);
        QCOMPARE(f.published.at(2).hostIp, u"127.0.0.1"_s);
        QVERIFY(!f.isPublished(10152));
        // Without the command line, a lone word in a long paste is not taken for a mode.
        QCOMPARE(parseDocker(u"one\ntwo\nthree\nhost\n"_s).mode, DockerNetworkMode::Unknown);
    }

    void proxyBypassCidr()
    {
        const ProxyEnvFinding f =
            parseProxyEnv(u"HTTP_PROXY=http://proxy:3128\nNO_PROXY=localhost,.corp.example,10.0.0.0/8\n"_s);
        QVERIFY(f.proxySet);
        QVERIFY(f.bypasses(u"10.1.2.3"_s));
        QVERIFY(!f.bypasses(u"10.1.2.3"_s, /*cidrAware=*/false));
        QVERIFY(f.bypasses(u"gpu1.corp.example"_s));
        QVERIFY(!f.bypasses(u"192.168.1.5"_s));
    }
};

QTEST_GUILESS_MAIN(TestToolParsers)
#include "tst_toolparsers.moc"

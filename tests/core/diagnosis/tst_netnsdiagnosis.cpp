// Real packets, real firewall rules: a network namespace with a veth pair in a private /30
// that this test creates (and deletes), a stand-in worker inside it, iptables rules inside
// it, the real ProbeEngine from here, then the cause classifier on what it measured.
// Root only (CI runs as root); traffic goes only to the namespace this test built.
#include "base/clock.h"
#include "diagnosis/diagnosisinput.h"
#include "probe/probeengine.h"

#include <QHostAddress>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

int run(const QString &program, const QStringList &args, QString *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished(1000);
        return -1;
    }
    if (output)
        *output = QString::fromUtf8(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace

class TestNetnsDiagnosis : public QObject {
    Q_OBJECT

private:
    QString m_ip;
    QString m_ns;
    QString m_hostIf;
    QString m_nsIf;
    QString m_hostAddr;
    QString m_nsAddr;
    bool m_created = false;
    QList<QProcess *> m_stubs;

    bool ns(const QStringList &args, QString *out = nullptr)
    {
        return run(m_ip, QStringList{u"netns"_s, u"exec"_s, m_ns} + args, out) == 0;
    }

    bool startStub(const QStringList &args)
    {
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::SeparateChannels);
        p->start(m_ip, QStringList{u"netns"_s, u"exec"_s, m_ns, QStringLiteral(NETNS_STUB)} + args);
        m_stubs << p;
        QSignalSpy ready(p, &QProcess::readyReadStandardOutput);
        if (!p->waitForStarted(5000))
            return false;
        if (!p->canReadLine() && !ready.wait(5000))
            return false;
        return p->readAllStandardOutput().contains("ready");
    }

    void stopStubs()
    {
        for (QProcess *p : std::as_const(m_stubs)) {
            p->kill();
            p->waitForFinished(3000);
            delete p;
        }
        m_stubs.clear();
    }

    void cleanupNetwork()
    {
        stopStubs();
        if (m_created) {
            run(m_ip, {u"netns"_s, u"del"_s, m_ns});
            run(m_ip, {u"link"_s, u"del"_s, m_hostIf});  // gone with the namespace; harmless otherwise
            m_created = false;
        }
    }

    Worker worker() const
    {
        Worker w;
        w.id = 1;
        w.name = u"netns-worker"_s;
        w.ip = m_nsAddr;
        w.port = 10150;
        w.metricsPort = 10151;
        w.state = WorkerState::Unreachable;  // what a server would say in each scenario below
        w.stateText = u"unreachable"_s;
        return w;
    }

    ProbeResult probe(int timeoutMs)
    {
        SystemClock clock;
        ProbeEngine engine(clock);
        ProbeSettings s;
        s.timeoutMs = timeoutMs;
        s.allowedNetworks = {QHostAddress::parseSubnet(m_nsAddr + u"/32"_s)};
        s.probeHostname = false;
        engine.setSettings(s);
        QSignalSpy done(&engine, &ProbeEngine::finished);
        engine.probe(probeTargetFor(worker()));
        if (!done.wait(timeoutMs * 3 + 5000))
            return {};
        return done.first().first().value<ProbeResult>();
    }

    QList<Cause> classify(const ProbeResult &result)
    {
        DiagnosisInput in;
        in.worker = worker();
        in.probe = result;
        in.nowMs = QDateTime::currentMSecsSinceEpoch();
        in.verdict = result.healthy() ? Verdict::SplitServerDown : Verdict::AgreeDown;
        return diagnose(in);
    }

    static QString describe(const ProbeResult &r, const QList<Cause> &causes)
    {
        QStringList c;
        for (const auto &x : causes)
            c << u"%1=%2"_s.arg(causeIdString(x.id)).arg(x.confidence, 0, 'f', 2);
        return u"tcp=%1 http=%2 metrics=%3(%4) causes: %5"_s.arg(probeErrorId(r.tcp.error), probeErrorId(r.http.error),
            r.metrics.attempted ? (r.metrics.ok ? u"ok"_s : u"fail"_s) : u"-"_s, probeErrorId(r.metrics.error),
            c.join(u", "_s));
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: the test creates its own network namespace, veth pair and iptables rules (CI runs as "
                  "root)");
        m_ip = QStandardPaths::findExecutable(u"ip"_s);
        if (m_ip.isEmpty())
            m_ip = QStandardPaths::findExecutable(u"ip"_s, {u"/usr/sbin"_s, u"/sbin"_s});
        if (m_ip.isEmpty())
            QSKIP("`ip` (iproute2) is not installed");
        const qint64 pid = QCoreApplication::applicationPid();
        m_ns = u"pxdiag%1"_s.arg(pid);
        m_hostIf = u"pxd%1h"_s.arg(pid % 100000);
        m_nsIf = u"pxd%1n"_s.arg(pid % 100000);
        // A private /30 of our own: 10.213.<n>.<4k+1 / 4k+2>.
        const int third = int(pid % 250);
        const int base = int((pid / 250) % 60) * 4;
        m_hostAddr = u"10.213.%1.%2"_s.arg(third).arg(base + 1);
        m_nsAddr = u"10.213.%1.%2"_s.arg(third).arg(base + 2);
        QString out;
        if (run(m_ip, {u"netns"_s, u"add"_s, m_ns}, &out) != 0)
            QSKIP(qPrintable(u"`ip netns add` is not available here: "_s + out.trimmed()));
        m_created = true;
        const QList<QStringList> setup = {
            {u"link"_s, u"add"_s, m_hostIf, u"type"_s, u"veth"_s, u"peer"_s, u"name"_s, m_nsIf},
            {u"link"_s, u"set"_s, m_nsIf, u"netns"_s, m_ns},
            {u"addr"_s, u"add"_s, m_hostAddr + u"/30"_s, u"dev"_s, m_hostIf},
            {u"link"_s, u"set"_s, m_hostIf, u"up"_s},
            {u"netns"_s, u"exec"_s, m_ns, m_ip, u"addr"_s, u"add"_s, m_nsAddr + u"/30"_s, u"dev"_s, m_nsIf},
            {u"netns"_s, u"exec"_s, m_ns, m_ip, u"link"_s, u"set"_s, m_nsIf, u"up"_s},
            {u"netns"_s, u"exec"_s, m_ns, m_ip, u"link"_s, u"set"_s, u"lo"_s, u"up"_s},
        };
        for (const QStringList &args : setup) {
            if (run(m_ip, args, &out) != 0) {
                cleanupNetwork();
                QSKIP(qPrintable(u"cannot set up the veth pair (ip %1): %2"_s.arg(args.join(u' '), out.trimmed())));
            }
        }
        if (!ns({u"iptables"_s, u"-L"_s, u"INPUT"_s, u"-n"_s}, &out)) {
            cleanupNetwork();
            QSKIP(qPrintable(u"iptables does not work inside a network namespace here: "_s + out.trimmed()));
        }
    }

    void cleanup()
    {
        stopStubs();
        if (m_created)
            ns({u"iptables"_s, u"-F"_s, u"INPUT"_s});
    }

    void cleanupTestCase() { cleanupNetwork(); }

    void firewallDrop()
    {
        QVERIFY(startStub({u"--port"_s, u"10150"_s, u"--metrics-port"_s, u"10151"_s}));
        QVERIFY(
            ns({u"iptables"_s, u"-A"_s, u"INPUT"_s, u"-p"_s, u"tcp"_s, u"--dport"_s, u"10150"_s, u"-j"_s, u"DROP"_s}));
        const ProbeResult r = probe(1500);
        const QList<Cause> causes = classify(r);
        QVERIFY2(r.tcp.error == ProbeError::TimedOut, qPrintable(describe(r, causes)));
        QVERIFY2(r.metrics.ok, qPrintable(describe(r, causes)));
        QVERIFY2(!causes.isEmpty() && causes.first().id == CauseId::FirewallDrop, qPrintable(describe(r, causes)));
        QVERIFY(causes.first().evidence.contains(m_nsAddr + u":10150"_s));
    }

    void firewallReject()
    {
        QVERIFY(startStub({u"--port"_s, u"10150"_s, u"--metrics-port"_s, u"10151"_s}));
        QVERIFY(ns({u"iptables"_s, u"-A"_s, u"INPUT"_s, u"-p"_s, u"tcp"_s, u"--dport"_s, u"10150"_s, u"-j"_s,
            u"REJECT"_s, u"--reject-with"_s, u"icmp-host-prohibited"_s}));
        const ProbeResult r = probe(2000);
        const QList<Cause> causes = classify(r);
        QVERIFY2(r.tcp.error == ProbeError::HostUnreachable, qPrintable(describe(r, causes)));
        QVERIFY2(r.metrics.ok, qPrintable(describe(r, causes)));
        QVERIFY2(!causes.isEmpty() && causes.first().id == CauseId::FirewallReject, qPrintable(describe(r, causes)));
    }

    void portClosed()
    {
        QVERIFY(startStub({u"--port"_s, u"0"_s, u"--metrics-port"_s, u"10151"_s}));
        const ProbeResult r = probe(2000);
        const QList<Cause> causes = classify(r);
        QVERIFY2(r.tcp.error == ProbeError::Refused, qPrintable(describe(r, causes)));
        QVERIFY2(!causes.isEmpty() && causes.first().id == CauseId::PortClosed, qPrintable(describe(r, causes)));
        QVERIFY(causes.first().evidence.contains(u"10151"_s));
    }

    void boundToNamespaceLoopback()
    {
        QVERIFY(startStub({u"--bind"_s, u"127.0.0.1"_s, u"--port"_s, u"10150"_s, u"--metrics-port"_s, u"10151"_s}));
        const ProbeResult r = probe(2000);
        const QList<Cause> causes = classify(r);
        QVERIFY2(r.tcp.error == ProbeError::Refused, qPrintable(describe(r, causes)));
        QVERIFY2(!causes.isEmpty() && causes.first().id == CauseId::PortClosed, qPrintable(describe(r, causes)));
    }

    void healthSlow()
    {
        QVERIFY(startStub({u"--port"_s, u"10150"_s, u"--metrics-port"_s, u"10151"_s, u"--delay-ms"_s, u"3000"_s}));
        const ProbeResult r = probe(5000);
        const QList<Cause> causes = classify(r);
        QVERIFY2(r.healthy(), qPrintable(describe(r, causes)));
        QVERIFY2(!causes.isEmpty() && causes.first().id == CauseId::HealthSlow, qPrintable(describe(r, causes)));
        QVERIFY(causes.first().evidence.contains(u"2 s"_s));
    }
};

QTEST_GUILESS_MAIN(TestNetnsDiagnosis)
#include "tst_netnsdiagnosis.moc"

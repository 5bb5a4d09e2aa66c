#include "healthtestserver.h"
#include "probe/probeengine.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTest>

using namespace parallax;
using namespace Qt::StringLiterals;
using Mode = HealthTestServer::Mode;

// Every probe here goes to loopback only: allowedNetworks is 127.0.0.0/8 + ::1.
class TestProbeEngine : public QObject {
    Q_OBJECT

    ManualClock m_clock;

    ProbeSettings settings(int timeoutMs = 2000) const
    {
        ProbeSettings s;
        s.timeoutMs = timeoutMs;
        s.allowedNetworks = ProbeSettings::loopbackOnly();
        return s;
    }

    // Runs one probe and returns its result.
    ProbeResult probeOnce(const ProbeTarget &target, const ProbeSettings &s, ProbeEngine::Options options = {})
    {
        ProbeEngine engine(m_clock);
        engine.setSettings(s);
        QSignalSpy spy(&engine, &ProbeEngine::finished);
        engine.probe(target, options);
        [&] { QVERIFY(spy.wait(s.timeoutMs * 3 + 2000)); }();
        if (spy.isEmpty())
            return {};
        [&] { QCOMPARE(engine.inFlight(), 0); }();
        return spy.first().first().value<ProbeResult>();
    }

    static ProbeTarget target(quint16 port, const QString &host = u"127.0.0.1"_s, quint16 metricsPort = 0)
    {
        ProbeTarget t;
        t.workerId = 7;
        t.host = host;
        t.port = port;
        t.metricsPort = metricsPort;
        return t;
    }

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ProbeResult>(); }

    void healthy_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("json ok") << int(Mode::Ok);
        QTest::newRow("bare ok") << int(Mode::OkBare);
        QTest::newRow("chunked") << int(Mode::OkChunked);
        QTest::newRow("close-delimited") << int(Mode::OkCloseDelimited);
    }
    void healthy()
    {
        QFETCH(int, mode);
        HealthTestServer server{Mode(mode)};
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings());
        QVERIFY2(r.healthy(), qPrintable(r.http.detail + r.tcp.detail));
        QCOMPARE(r.firstError(), ProbeError::None);
        QCOMPARE(r.workerId, 7);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY(!r.dns.attempted);  // an IP literal needs no DNS
        QVERIFY(r.tcp.ok);
        QVERIFY(!r.metrics.attempted);  // the witness is only called after a failure
        QCOMPARE(r.address, QHostAddress(QHostAddress::LocalHost));
        QVERIFY(r.connectUs > 0);
        QVERIFY(r.firstByteUs > 0);
        QVERIFY(r.totalUs >= r.connectUs);
        QCOMPARE(r.startedMs, m_clock.nowMs());
        QCOMPARE(r.serverDate, QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC));
        // GPUStack's server sends exactly this request line; so do we.
        QVERIFY(server.lastRequest().startsWith("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:"));
        QVERIFY(server.lastRequest().contains("Connection: close\r\n"));
    }

    void ipv6Loopback()
    {
        HealthTestServer server(Mode::Ok);
        if (!server.listenLoopback(QHostAddress::LocalHostIPv6))
            QSKIP("no IPv6 loopback here");
        const ProbeResult r = probeOnce(target(server.serverPort(), u"::1"_s), settings());
        QVERIFY2(r.healthy(), qPrintable(r.tcp.detail + r.http.detail));
        QCOMPARE(r.address, QHostAddress(QHostAddress::LocalHostIPv6));
        QVERIFY(server.lastRequest().contains("Host: [::1]:"));
    }

    // Issue 21 item 11: a link-local address with a named zone ("fe80::1%eth0") is probed
    // through that interface (its index as sin6_scope_id) and the Host header writes the zone's
    // "%" as "%25" (RFC 6874). The loopback interface stands in for eth0.
    void ipv6NamedZone()
    {
        HealthTestServer server(Mode::Ok);
        if (!server.listenLoopback(QHostAddress::LocalHostIPv6))
            QSKIP("no IPv6 loopback here");
        QString lo;
        for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
            if (i.flags().testFlag(QNetworkInterface::IsLoopBack))
                lo = i.name();
        }
        if (lo.isEmpty())
            QSKIP("no loopback interface listed here");
        QCOMPARE(ipv6ScopeId(lo), quint32(QNetworkInterface::interfaceIndexFromName(lo)));
        QCOMPARE(ipv6ScopeId(u"3"_s), 3u);
        QCOMPARE(ipv6ScopeId(QString()), 0u);
        QVERIFY(!ipv6ScopeId(u"nosuchif9"_s));

        const ProbeResult r = probeOnce(target(server.serverPort(), u"::1%"_s + lo), settings());
        QVERIFY2(r.healthy(), qPrintable(r.tcp.detail + r.http.detail));
        const QByteArray host =
            "\r\nHost: [::1%25" + lo.toLatin1() + "]:" + QByteArray::number(server.serverPort()) + "\r\n";
        QVERIFY2(server.lastRequest().contains(host), server.lastRequest().constData());

        // A zone no interface here has: said so, and never connected without it.
        const int accepted = server.accepted();
        const ProbeResult unknown = probeOnce(target(server.serverPort(), u"::1%nosuchif9"_s), settings());
        QCOMPARE(unknown.firstError(), ProbeError::NetworkUnreachable);
        QVERIFY2(unknown.tcp.detail.contains(u"nosuchif9"_s), qPrintable(unknown.tcp.detail));
        QCOMPARE(server.accepted(), accepted);
    }

    void refused()
    {
        const quint16 port = HealthTestServer::closedPort();
        QVERIFY(port != 0);
        const ProbeResult r = probeOnce(target(port), settings());
        QVERIFY(!r.healthy());
        QCOMPARE(r.firstError(), ProbeError::Refused);
        QVERIFY(r.tcp.attempted && !r.tcp.ok);
        QVERIFY(!r.http.attempted);
        QVERIFY(!r.tcp.detail.isEmpty());
    }

    void slowButInTime()
    {
        HealthTestServer server(Mode::Delayed);
        server.setDelayMs(150);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings(3000));
        QVERIFY(r.healthy());
        QVERIFY2(r.firstByteUs >= 140'000, qPrintable(QString::number(r.firstByteUs)));
        QVERIFY(r.totalUs >= r.firstByteUs);
    }

    void slowerThanTimeout()
    {
        HealthTestServer server(Mode::Delayed);
        server.setDelayMs(1500);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings(300));
        QVERIFY(!r.healthy());
        QVERIFY(r.tcp.ok);  // the port is open: it is the answer that is late
        QCOMPARE(r.firstError(), ProbeError::TimedOut);
        QCOMPARE(r.http.error, ProbeError::TimedOut);
        QVERIFY(r.http.durationUs >= 250'000);
    }

    void hang()
    {
        HealthTestServer server(Mode::Hang);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings(300));
        QCOMPARE(r.firstError(), ProbeError::TimedOut);
        QCOMPARE(server.requests(), 1);
        QCOMPARE(r.firstByteUs, 0);
    }

    void resetOnAccept()
    {
        HealthTestServer server(Mode::ResetOnAccept);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings());
        QVERIFY(!r.healthy());
        QCOMPARE(r.firstError(), ProbeError::Reset);
    }

    void resetAfterRequest()
    {
        HealthTestServer server(Mode::ResetAfterRequest);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings());
        QVERIFY(r.tcp.ok);
        QCOMPARE(r.http.error, ProbeError::Reset);
    }

    void badAnswers_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<ProbeError>("error");
        QTest::addColumn<int>("status");
        QTest::newRow("503") << int(Mode::Status503) << ProbeError::BadStatus << 503;
        QTest::newRow("bad body") << int(Mode::BadBody) << ProbeError::BadBody << 200;
        QTest::newRow("ssh banner") << int(Mode::Garbage) << ProbeError::Protocol << 0;
        QTest::newRow("truncated") << int(Mode::Truncated) << ProbeError::Protocol << 200;
        QTest::newRow("huge") << int(Mode::Huge) << ProbeError::Protocol << 200;
    }
    void badAnswers()
    {
        QFETCH(int, mode);
        QFETCH(ProbeError, error);
        QFETCH(int, status);
        HealthTestServer server{Mode(mode)};
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort()), settings());
        QVERIFY(!r.healthy());
        QVERIFY(r.tcp.ok);
        QCOMPARE(r.firstError(), error);
        QCOMPARE(r.httpStatus, status);
        QVERIFY(!r.http.detail.isEmpty());
        QVERIFY(r.bodyExcerpt.size() <= 256);
        if (Mode(mode) == Mode::Status503)
            QCOMPARE(r.bodyExcerpt, QByteArray("Service Unavailable"));
        if (Mode(mode) == Mode::Garbage)
            QVERIFY(r.bodyExcerpt.startsWith("SSH-2.0"));
    }

    void metricsWitness()
    {
        // The API port refuses; the metrics port answers: the host is there, the worker API is not.
        HealthTestServer metrics(Mode::Hang);
        QVERIFY(metrics.listenLoopback());
        const quint16 closed = HealthTestServer::closedPort();
        const ProbeResult r = probeOnce(target(closed, u"127.0.0.1"_s, metrics.serverPort()), settings());
        QCOMPARE(r.firstError(), ProbeError::Refused);
        QVERIFY(r.metrics.attempted);
        QVERIFY(r.metrics.ok);
        QCOMPARE(r.metricsPort, metrics.serverPort());

        // Both refuse.
        const ProbeResult both = probeOnce(target(closed, u"127.0.0.1"_s, HealthTestServer::closedPort()), settings());
        QVERIFY(both.metrics.attempted);
        QCOMPARE(both.metrics.error, ProbeError::Refused);

        // Witness switched off.
        ProbeSettings off = settings();
        off.metricsWitness = false;
        const ProbeResult none = probeOnce(target(closed, u"127.0.0.1"_s, metrics.serverPort()), off);
        QVERIFY(!none.metrics.attempted);
    }

    void tcpOnly()
    {
        HealthTestServer server(Mode::Hang);
        QVERIFY(server.listenLoopback());
        ProbeSettings s = settings(300);
        s.httpCheck = false;
        const ProbeResult r = probeOnce(target(server.serverPort()), s);
        QVERIFY(r.healthy());
        QVERIFY(r.tcpOnly);
        QVERIFY(!r.http.attempted);
        QVERIFY(r.totalUs < 250'000);  // did not wait for the hanging server
    }

    void hostName()
    {
        // localhost resolves through the system resolver (/etc/hosts); whatever family comes
        // first, the probe must reach the IPv4 listener.
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        const ProbeResult r = probeOnce(target(server.serverPort(), u"localhost"_s), settings());
        QVERIFY(r.dns.attempted);
        QVERIFY(r.dns.ok);
        QVERIFY(!r.resolved.isEmpty());
        QVERIFY2(r.healthy(), qPrintable(r.tcp.detail));
        QVERIFY(server.lastRequest().contains("Host: localhost:"));
    }

    void dnsFailure()
    {
        // .invalid never resolves (RFC 6761); a resolver that hangs is caught by the timeout.
        const ProbeResult r = probeOnce(target(10150, u"no-such-worker.invalid"_s), settings(3000));
        QCOMPARE(r.firstError(), ProbeError::DnsFailure);
        QVERIFY(r.dns.attempted && !r.dns.ok);
        QVERIFY(!r.tcp.attempted);
        QVERIFY(!r.dns.detail.isEmpty());
    }

    void outsideAllowedNetworks()
    {
        // 192.0.2.0/24 is TEST-NET-1; with loopback-only settings it is never contacted.
        const ProbeResult r = probeOnce(target(10150, u"192.0.2.10"_s, 10151), settings());
        QCOMPARE(r.firstError(), ProbeError::Skipped);
        QVERIFY(r.tcp.detail.contains(u"192.0.2.10"_s));
        QVERIFY(!r.metrics.attempted);
        QVERIFY(!r.http.attempted);
    }

    void hostnameRoute()
    {
        // The registered address refuses; the hostname resolves elsewhere (::1 or 127.0.0.1 for
        // localhost) where the worker answers: the second result carries that route.
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback(QHostAddress::LocalHost));
        ProbeTarget t = target(server.serverPort(), u"127.0.0.2"_s);
        t.hostname = u"127.0.0.1"_s;
        ProbeEngine engine(m_clock);
        engine.setSettings(settings());
        QSignalSpy spy(&engine, &ProbeEngine::finished);
        engine.probe(t, {.lookupHostname = true});
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
        const auto primary = spy.at(0).first().value<ProbeResult>();
        const auto viaName = spy.at(1).first().value<ProbeResult>();
        QVERIFY(!primary.viaHostname);
        QCOMPARE(primary.host, u"127.0.0.2"_s);
        QCOMPARE(primary.hostnameResolved, QList<QHostAddress>{QHostAddress(u"127.0.0.1"_s)});
        QVERIFY(viaName.viaHostname);
        QCOMPARE(viaName.host, u"127.0.0.1"_s);
        QVERIFY(viaName.healthy());
    }

    void errnoClasses_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<ProbeError>("error");
        QTest::newRow("ECONNREFUSED") << ECONNREFUSED << ProbeError::Refused;
        QTest::newRow("ETIMEDOUT") << ETIMEDOUT << ProbeError::TimedOut;
        QTest::newRow("EHOSTUNREACH") << EHOSTUNREACH << ProbeError::HostUnreachable;
        QTest::newRow("EACCES (prohibited)") << EACCES << ProbeError::HostUnreachable;
        QTest::newRow("EPERM (local reject)") << EPERM << ProbeError::HostUnreachable;
        QTest::newRow("ENETUNREACH") << ENETUNREACH << ProbeError::NetworkUnreachable;
        QTest::newRow("ECONNRESET") << ECONNRESET << ProbeError::Reset;
        QTest::newRow("EMFILE") << EMFILE << ProbeError::Other;
    }
    void errnoClasses()
    {
        QFETCH(int, err);
        QFETCH(ProbeError, error);
        QCOMPARE(probeErrorFromErrno(err), error);
    }

    void manyAtOnce()
    {
        HealthTestServer server(Mode::Ok);
        QVERIFY(server.listenLoopback());
        ProbeEngine engine(m_clock);
        engine.setSettings(settings());
        QSignalSpy spy(&engine, &ProbeEngine::finished);
        for (int i = 0; i < 50; ++i) {
            ProbeTarget t = target(server.serverPort());
            t.workerId = i;
            engine.probe(t);
        }
        QCOMPARE(engine.inFlight(), 50);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 50, 10000);
        for (const auto &args : std::as_const(spy))
            QVERIFY(args.first().value<ProbeResult>().healthy());
        QCOMPARE(engine.inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProbeEngine)
#include "tst_probeengine.moc"

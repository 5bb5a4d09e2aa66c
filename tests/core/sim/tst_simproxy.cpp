#include "simtestclient.h"

#include "sim/simcluster.h"
#include "sim/simproxy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax::sim;

// The simulated server's health probe behind an HTTP proxy (ref §7 step 3; issues #373,
// #1387): the probe goes to HTTP_PROXY unless NO_PROXY covers the worker's address; v2.0.2+
// understands CIDR entries, v0.7.1–v2.0.1 does not, v0.5.0–v0.7.0 ignores proxy variables.
// A proxy that cannot reach the workers answers 504 and the server marks them unreachable
// while the client's own path works: the split view of server_path_blocked.
class TestSimProxy : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

    static SimOptions manualSync()
    {
        SimOptions o;
        o.timings = SimTimings::fast();
        o.timings.autoSync = false;
        return o;
    }

    static void sync(SimCluster &sim)
    {
        QSignalSpy done(&sim, &SimCluster::syncCycleFinished);
        sim.runSyncCycle();
        QVERIFY(done.wait(5000));
    }

    static Scenario behind(ServerProxy::Kind kind, const QString &serverVersion = u"v2.2.3"_s)
    {
        Scenario s = Scenario::simple(3);
        s.serverVersion = serverVersion;
        s.serverProxy.kind = kind;
        return s;
    }

private Q_SLOTS:
    void noProxyMatching()
    {
        const QStringList entries = {u"localhost"_s, u".corp.example"_s, u"10.0.0.0/8"_s, u"192.168.1.7"_s};
        QVERIFY(noProxyBypasses(u"localhost"_s, entries, true));
        QVERIFY(noProxyBypasses(u"gpu-1.corp.example"_s, entries, true));
        QVERIFY(noProxyBypasses(u"corp.example"_s, entries, true));
        QVERIFY(!noProxyBypasses(u"evilcorp.example"_s, entries, true));
        QVERIFY(noProxyBypasses(u"10.20.30.40"_s, entries, true));  // CIDR (v2.0.2+)
        QVERIFY(!noProxyBypasses(u"10.20.30.40"_s, entries, false));  // not understood before (#1387)
        QVERIFY(noProxyBypasses(u"192.168.1.7"_s, entries, false));  // an explicit IP always works (#373)
        QVERIFY(!noProxyBypasses(u"192.168.1.8"_s, entries, true));
        QVERIFY(noProxyBypasses(u"anything"_s, {u"*"_s}, false));
        QVERIFY(!noProxyBypasses(u"10.1.1.1"_s, {}, true));

        QVERIFY(!proxyHandlingFor(u"v0.6.0"_s).honoursProxyEnv);
        QVERIFY(proxyHandlingFor(u"v0.7.1"_s).honoursProxyEnv);
        QVERIFY(!proxyHandlingFor(u"v2.0.1"_s).cidrNoProxy);
        QVERIFY(proxyHandlingFor(u"v2.0.2"_s).cidrNoProxy);
        QVERIFY(proxyHandlingFor(u"v2.2.3"_s).cidrNoProxy);
    }

    void gatewayTimeoutProxyMakesWorkersUnreachableForTheServerOnly()
    {
        SimCluster sim(behind(ServerProxy::Kind::GatewayTimeout), manualSync());
        QVERIFY(sim.start());
        QVERIFY(sim.serverProxyPort() != 0);
        QVERIFY(sim.serverProbeUsesProxy(u"worker-1"_s));
        sync(sim);
        for (const QString &name : sim.workerNames()) {
            QCOMPARE(sim.workerState(name), u"unreachable"_s);
            // From the client, the same worker answers "ok" at once.
            const HttpResult h = httpGet(nam, sim.workerHealthUrl(name));
            QCOMPARE(h.status, 200);
            QCOMPARE(h.body, "\"ok\""_ba);
        }
        // The probes really went to the proxy, in absolute form, for the registered address.
        QVERIFY(sim.serverProxyRequests() >= 3);
        // The proxy itself answers like a corporate proxy that cannot reach the worker.
        const QUrl target = sim.workerHealthUrl(u"worker-1"_s);
        const RawOutcome viaProxy = rawRequest(QHostAddress::LocalHost, sim.serverProxyPort(),
            "GET " + target.toEncoded() + " HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
        QVERIFY(viaProxy.data.startsWith("HTTP/1.1 504"));
    }

    void cidrNoProxyBypassesOnCurrentServers()
    {
        Scenario s = behind(ServerProxy::Kind::GatewayTimeout);
        s.serverProxy.noProxy = {u"127.0.0.0/8"_s};
        SimCluster sim(s, manualSync());
        QVERIFY(sim.start());
        QVERIFY(!sim.serverProbeUsesProxy(u"worker-1"_s));
        sync(sim);
        for (const QString &name : sim.workerNames())
            QCOMPARE(sim.workerState(name), u"ready"_s);
        QCOMPARE(sim.serverProxyRequests(), 0);
    }

    void cidrNoProxyIsIgnoredBeforeV202()
    {
        // #1387: a v2.0.1 server sends its probe to the proxy although NO_PROXY has the CIDR.
        Scenario s = behind(ServerProxy::Kind::GatewayTimeout, u"v2.0.1"_s);
        s.serverProxy.noProxy = {u"127.0.0.0/8"_s};
        SimCluster sim(s, manualSync());
        QVERIFY(sim.start());
        QVERIFY(sim.serverProbeUsesProxy(u"worker-2"_s));
        sync(sim);
        QCOMPARE(sim.workerState(u"worker-2"_s), u"unreachable"_s);
        QVERIFY(sim.serverProxyRequests() > 0);
    }

    void oldServersIgnoreTheProxy()
    {
        SimCluster sim(behind(ServerProxy::Kind::GatewayTimeout, u"v0.6.0"_s), manualSync());
        QVERIFY(sim.start());
        QCOMPARE(sim.serverProxyPort(), quint16(0));
        QVERIFY(!sim.notes().isEmpty());
        sync(sim);
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
    }

    void forwardingProxyReachesHealthyWorkers()
    {
        Scenario s = behind(ServerProxy::Kind::Forward);
        s.workers[2].faults.health = HealthBehaviour::BadStatus;
        SimCluster sim(s, manualSync());
        QVERIFY(sim.start());
        sync(sim);
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
        QCOMPARE(sim.workerState(u"worker-2"_s), u"ready"_s);
        // The proxy relays the worker's own 503: still a failure for GPUStack.
        QCOMPARE(sim.workerState(u"worker-3"_s), u"unreachable"_s);
        QVERIFY(sim.serverProxyRequests() >= 3);
    }

    void refusedProxyPort()
    {
        SimCluster sim(behind(ServerProxy::Kind::Refused), manualSync());
        QVERIFY(sim.start());
        const RawOutcome r =
            rawRequest(QHostAddress::LocalHost, sim.serverProxyPort(), "GET / HTTP/1.1\r\n\r\n"_ba, 3000);
        QCOMPARE(r.error, QAbstractSocket::ConnectionRefusedError);
        sync(sim);
        QCOMPARE(sim.workerState(u"worker-1"_s), u"unreachable"_s);
    }

    void noProxyWorkersCoverAllButTheExceptions()
    {
        auto s = Scenario::fromJson(R"({"workers":[{"name":"a"},{"name":"b"},{"name":"c"}],
            "server_proxy":{"proxy":"gateway_timeout","no_proxy_workers":"all","no_proxy_except":["c"]}})"_ba);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        SimCluster sim(*s, manualSync());
        QVERIFY(sim.start());
        sync(sim);
        QCOMPARE(sim.workerState(u"a"_s), u"ready"_s);
        QCOMPARE(sim.workerState(u"b"_s), u"ready"_s);
        QCOMPARE(sim.workerState(u"c"_s), u"unreachable"_s);
        // The server's message names the URL it could not reach, as GPUStack's does.
        const QJsonObject c = QJsonDocument::fromJson(
            httpGet(nam, QUrl(sim.baseUrl().toString() + u"/v2/workers/%1"_s.arg(sim.workerId(u"c"_s))),
                bearer(sim.apiKey()))
                .body)
                                  .object();
        QVERIFY(c.value("state_message"_L1).toString().contains(sim.registeredHost(u"c"_s)));
        QCOMPARE(httpGet(nam, sim.workerHealthUrl(u"c"_s)).status, 200);
    }

    void scenarioRejectsBadProxySettings()
    {
        QVERIFY(!Scenario::fromJson(R"({"workers":[{"name":"a"}],"server_proxy":{"proxy":"socks"}})"_ba));
        QVERIFY(!Scenario::fromJson(R"({"workers":[{"name":"a"}],"server_proxy":{"no_proxy_except":["zz"]}})"_ba));
        QVERIFY(!Scenario::fromJson(R"({"workers":[{"name":"a"}],"server_proxy":"on"})"_ba));
        auto ok = Scenario::fromJson(
            R"({"workers":[{"name":"a"}],"server_proxy":{"no_proxy":"localhost,10.0.0.0/8","cidr_no_proxy":false}})"_ba);
        QVERIFY(ok);
        QCOMPARE(ok->serverProxy.noProxy, (QStringList{u"localhost"_s, u"10.0.0.0/8"_s}));
        QCOMPARE(ok->serverProxy.cidrNoProxy, std::optional<bool>(false));
        QCOMPARE(ok->serverProxy.kind, ServerProxy::Kind::GatewayTimeout);
    }
};

QTEST_GUILESS_MAIN(TestSimProxy)
#include "tst_simproxy.moc"

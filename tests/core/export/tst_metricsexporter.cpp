#include "exposition.h"
#include "healthtestserver.h"
#include "rawhttp.h"

#include "base/clock.h"
#include "export/metricsexporter.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

// The exporter's HTTP side over real loopback sockets: /metrics by content negotiation, /probe
// with the probe engine, and clients that misbehave: garbage targets, oversized requests, slow
// clients, too many probes or connections. Each gets a clear answer; the rest keep being served.
class TestMetricsExporter : public QObject {
    Q_OBJECT

    SystemClock m_clock;

    static MetricsExporter::Options options()
    {
        MetricsExporter::Options o;
        o.scope.vantage = u"test-vantage"_s;
        o.probe.allowedNetworks = ProbeSettings::loopbackOnly();
        o.probe.timeoutMs = 1500;
        return o;
    }

    // The exporter with a /metrics that says which format it was asked for.
    std::unique_ptr<MetricsExporter> start(MetricsExporter::Options o = options())
    {
        auto exporter = std::make_unique<MetricsExporter>(m_clock, o);
        exporter->renderMetrics = [](MetricsFormat format) {
            ClusterMetrics c;
            c.scope = {u"c"_s, u"test-vantage"_s};
            return renderClusterMetrics(c, {}, format);
        };
        if (!exporter->listen(QHostAddress::LocalHost, 0).ok())
            return nullptr;
        return exporter;
    }

    static bool metricsServed(quint16 port)
    {
        const RawResponse r = get(port, "/metrics");
        return r.status == 200 && r.body.contains("parallax_exporter_info");
    }

private Q_SLOTS:
    void metricsByContentNegotiation()
    {
        auto exporter = start();
        QVERIFY(exporter);
        const RawResponse text = get(exporter->port(), "/metrics");
        QCOMPARE(text.status, 200);
        QCOMPARE(text.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
        QVERIFY(!text.body.contains("# EOF"));
        const RawResponse om = get(
            exporter->port(), "/metrics", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        QCOMPARE(om.status, 200);
        QCOMPARE(om.header("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
        QVERIFY(om.body.endsWith("# EOF\n"));
        const RawResponse head = exchange(exporter->port(), "HEAD /metrics HTTP/1.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(head.status, 200);
    }

    void probeOfAHealthyTargetAndAClosedPort()
    {
        HealthTestServer health(HealthTestServer::Mode::Ok);
        QVERIFY(health.listenLoopback());
        auto exporter = start();
        QVERIFY(exporter);
        const QByteArray port = QByteArray::number(health.serverPort());
        for (const QByteArray &target :
            QByteArrayList{"127.0.0.1:" + port, "http%3A%2F%2F127.0.0.1%3A" + port + "%2Fhealthz"}) {
            const RawResponse r = get(exporter->port(), "/probe?target=" + target);
            QCOMPARE(r.status, 200);
            QString error;
            const QList<Sample> samples = readExposition(r.body, false, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(samples.first().name, "probe_success");
            QCOMPARE(samples.first().value, "1");
            QCOMPARE(samples.first().labels.value("vantage"), "test-vantage");
            QVERIFY(r.body.contains("probe_http_status_code{vantage=\"test-vantage\"} 200\n"));
        }
        QCOMPARE(health.requests(), 2);
        const RawResponse closed =
            get(exporter->port(), "/probe?target=127.0.0.1:" + QByteArray::number(HealthTestServer::closedPort()),
                "application/openmetrics-text");
        QCOMPARE(closed.status, 200);
        QVERIFY(closed.body.contains("probe_success{vantage=\"test-vantage\"} 0\n"));
        QVERIFY(closed.body.contains("parallax_probe_error{vantage=\"test-vantage\",error=\"refused\"} 1\n"));
        QVERIFY(closed.body.endsWith("# EOF\n"));
    }

    void garbageTargetsAreRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QByteArray>("mentions");
        QTest::newRow("missing") << "/probe"_ba
                                 << "No target"_ba;
        QTest::newRow("empty") << "/probe?target="_ba
                               << "No target"_ba;
        QTest::newRow("garbage") << "/probe?target=%25%25%25:::"_ba
                                 << "HOST:PORT"_ba;
        QTest::newRow("no port") << "/probe?target=10.0.0.1"_ba
                                 << "HOST:PORT"_ba;
        QTest::newRow("https") << "/probe?target=https://10.0.0.1:443"_ba
                               << "http://"_ba;
        QTest::newRow("header injection") << "/probe?target=127.0.0.1:1%0D%0AX-Evil:%201"_ba
                                          << "control"_ba;
        QTest::newRow("other resource") << "/probe?target=http://127.0.0.1:1/v2/workers"_ba
                                        << "/healthz"_ba;
    }

    void garbageTargetsAreRefusedWithAReason()
    {
        QFETCH(QByteArray, query);
        QFETCH(QByteArray, mentions);
        auto exporter = start();
        QVERIFY(exporter);
        const RawResponse r = get(exporter->port(), query);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains(mentions), r.body.constData());
        QVERIFY(r.header("content-type").startsWith("text/plain"));
        QVERIFY(!r.headers.contains("x-evil"));
        QCOMPARE(exporter->probesInFlight(), 0);
        QVERIFY(metricsServed(exporter->port()));
    }

    void unknownPathsAndMethods()
    {
        auto exporter = start();
        QVERIFY(exporter);
        QCOMPARE(get(exporter->port(), "/nothing").status, 404);
        const RawResponse post =
            exchange(exporter->port(), "POST /metrics HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        QCOMPARE(post.status, 405);
        QCOMPARE(post.header("allow"), "get, head");  // header block read lower-cased
        QCOMPARE(exchange(exporter->port(), "BREW\r\n\r\n").status, 400);
        QVERIFY(metricsServed(exporter->port()));
    }

    void oversizedRequestsAreRefused()
    {
        auto exporter = start();
        QVERIFY(exporter);
        // Headers beyond the limit, with or without their end: 431, closed, nothing kept.
        const QByteArray big = "GET /metrics HTTP/1.1\r\nX-Pad: " + QByteArray(64 * 1024, 'a');
        const RawResponse unfinished = exchange(exporter->port(), big);
        QCOMPARE(unfinished.status, 431);
        QVERIFY(unfinished.closed || unfinished.header("connection") == "close");
        QCOMPARE(exchange(exporter->port(), big + "\r\n\r\n").status, 431);
        const RawResponse body =
            exchange(exporter->port(), "GET /metrics HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n");
        QCOMPARE(body.status, 413);
        QVERIFY(metricsServed(exporter->port()));
    }

    // A client that trickles half a request is answered 408 when the deadline passes; the
    // others are served meanwhile, and an idle keep-alive connection is closed without a word.
    void slowClientsTimeOutWhileOthersAreServed()
    {
        MetricsExporter::Options o = options();
        o.http.requestTimeoutMs = 400;
        auto exporter = start(o);
        QVERIFY(exporter);
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, exporter->port());
        QVERIFY(slow.waitForConnected(5000));
        slow.write("GET /metr");
        QVERIFY(metricsServed(exporter->port()));
        QVERIFY(metricsServed(exporter->port()));
        const RawResponse late = readResponse(slow, 5000);
        QCOMPARE(late.status, 408);
        QTRY_COMPARE(slow.state(), QAbstractSocket::UnconnectedState);

        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, exporter->port());
        QVERIFY(idle.waitForConnected(5000));
        idle.write("GET /metrics HTTP/1.1\r\n\r\n");
        QCOMPARE(readResponse(idle, 5000).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(idle.readAll().isEmpty());
    }

    // Probes in flight are capped: one more gets 503 with Retry-After at once; the running
    // ones still answer, and a client that leaves mid-probe costs nothing afterwards.
    void probeConcurrencyIsBounded()
    {
        HealthTestServer hang(HealthTestServer::Mode::Hang);
        QVERIFY(hang.listenLoopback());
        MetricsExporter::Options o = options();
        o.maxConcurrentProbes = 2;
        o.probe.timeoutMs = 800;
        auto exporter = start(o);
        QVERIFY(exporter);
        const QByteArray request = "GET /probe?target=127.0.0.1:" + QByteArray::number(hang.serverPort())
            + " HTTP/1.1\r\nConnection: close\r\n\r\n";
        QTcpSocket first;
        QTcpSocket leaving;
        for (QTcpSocket *s : {&first, &leaving}) {
            s->connectToHost(QHostAddress::LocalHost, exporter->port());
            QVERIFY(s->waitForConnected(5000));
            s->write(request);
        }
        QTRY_COMPARE(exporter->probesInFlight(), 2);
        const RawResponse third = exchange(exporter->port(), request);
        QCOMPARE(third.status, 503);
        QCOMPARE(third.header("retry-after"), "1");
        QVERIFY(third.body.contains("2"));
        leaving.abort();
        const RawResponse answered = readResponse(first, 10'000);
        QCOMPARE(answered.status, 200);
        QVERIFY(answered.body.contains("probe_success{vantage=\"test-vantage\"} 0\n"));
        QVERIFY(answered.body.contains("error=\"timed_out\""));
        QTRY_COMPARE(exporter->probesInFlight(), 0);
        QVERIFY(metricsServed(exporter->port()));
    }

    void connectionsAreCapped()
    {
        MetricsExporter::Options o = options();
        o.http.maxConnections = 2;
        auto exporter = start(o);
        QVERIFY(exporter);
        QTcpSocket a;
        QTcpSocket b;
        for (QTcpSocket *s : {&a, &b}) {
            s->connectToHost(QHostAddress::LocalHost, exporter->port());
            QVERIFY(s->waitForConnected(5000));
        }
        QTest::qWait(100);
        QCOMPARE(get(exporter->port(), "/metrics").status, 503);
        a.abort();
        b.abort();
        QTRY_VERIFY(metricsServed(exporter->port()));
    }

    void busyPortIsAClearError()
    {
        auto exporter = start();
        QVERIFY(exporter);
        MetricsExporter second(m_clock, options());
        const Result<void> r = second.listen(QHostAddress::LocalHost, exporter->port());
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QString::number(exporter->port())), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMetricsExporter)
#include "tst_metricsexporter.moc"

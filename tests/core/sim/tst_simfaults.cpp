#include "simtestclient.h"

#include "base/clock.h"
#include "sim/simcluster.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;

// Each worker fault as a client meets it: over real loopback sockets, at the address and
// port the worker really listens on.
class TestSimFaults : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;
    static constexpr const char *kGet = "GET /healthz HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n";

    static SimOptions fast()
    {
        SimOptions o;
        o.timings = SimTimings::fast();
        o.timings.autoSync = false;
        return o;
    }

    static RawOutcome healthz(const SimCluster &sim, const QString &name, int timeoutMs = 3000)
    {
        return rawRequest(sim.workerAddress(name), sim.workerHealthPort(name), QByteArray(kGet), timeoutMs);
    }

private Q_SLOTS:
    void healthyWorkerAnswersOkOnItsOwnLoopbackAddress()
    {
        SimCluster sim(Scenario::simple(2), fast());
        QVERIFY(sim.start());
        const RawOutcome r = healthz(sim, u"worker-1"_s);
        QVERIFY(r.data.startsWith("HTTP/1.1 200"));
        QVERIFY(r.data.endsWith("\r\n\r\n\"ok\""));
        QVERIFY(sim.workerAddress(u"worker-1"_s).isLoopback());
        QVERIFY(sim.workerAddress(u"worker-1"_s) != sim.workerAddress(u"worker-2"_s)
            || sim.workerHealthPort(u"worker-1"_s) != sim.workerHealthPort(u"worker-2"_s));
        const HttpResult readyz = httpGet(nam,
            QUrl(u"http://%1:%2/readyz"_s.arg(sim.workerAddress(u"worker-1"_s).toString())
                     .arg(sim.workerHealthPort(u"worker-1"_s))));
        QCOMPARE(readyz.body, "\"ok\""_ba);
    }

    void metricsPortIsASecondWitness()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.workerMetricsPort(u"worker-1"_s) != 0);
        const HttpResult m = httpGet(nam,
            QUrl(u"http://%1:%2/metrics"_s.arg(sim.workerAddress(u"worker-1"_s).toString())
                     .arg(sim.workerMetricsPort(u"worker-1"_s))));
        QCOMPARE(m.status, 200);
        QVERIFY(m.body.contains("gpustack:worker_node_gpu_utilization_rate{"));
        QVERIFY(m.body.contains("gpustack:worker_node_gpu_temperature_celsius{"));
    }

    void refusedClosesTheListener()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Refused));
        const RawOutcome r = healthz(sim, u"worker-1"_s);
        QVERIFY(!r.connected);
        QCOMPARE(r.error, QAbstractSocket::ConnectionRefusedError);
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Ok));
        QVERIFY(healthz(sim, u"worker-1"_s).data.endsWith("\"ok\""));
    }

    void slowAnswersLate()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Slow, 600));
        const RawOutcome r = healthz(sim, u"worker-1"_s);
        QVERIFY(r.data.endsWith("\"ok\""));
        QVERIFY2(r.elapsedMs >= 550, qPrintable(QString::number(r.elapsedMs)));
    }

    void badStatusAndWrongBody()
    {
        SimCluster sim(Scenario::simple(2), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::BadStatus, 0, 503));
        QVERIFY(sim.setHealth(u"worker-2"_s, HealthBehaviour::WrongBody));
        const HttpResult a = httpGet(nam, sim.workerHealthUrl(u"worker-1"_s));
        QCOMPARE(a.status, 503);
        const HttpResult b = httpGet(nam, sim.workerHealthUrl(u"worker-2"_s));
        QCOMPARE(b.status, 200);
        QVERIFY(b.body != "\"ok\""_ba);
        QVERIFY(b.header("content-type").startsWith("text/html"));
    }

    void hangAcceptsAndNeverAnswers()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Hang));
        const RawOutcome r = healthz(sim, u"worker-1"_s, 700);
        QVERIFY(r.connected);
        QVERIFY(r.timedOut);
        QVERIFY(r.data.isEmpty());
    }

    void resetAbortsWithRst()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Reset));
        // A plain non-blocking socket: recv() must fail with ECONNRESET (an RST), not return 0 (FIN).
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        QVERIFY(fd >= 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(sim.workerHealthPort(u"worker-1"_s));
        sa.sin_addr.s_addr = htonl(sim.workerAddress(u"worker-1"_s).toIPv4Address());
        ::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
        bool sent = false;
        int recvErrno = 0;
        ssize_t got = 1;
        const bool done = QTest::qWaitFor(
            [&] {
                if (!sent) {
                    sent = ::send(fd, kGet, strlen(kGet), MSG_NOSIGNAL) > 0;
                    return false;
                }
                char buf[256];
                got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
                if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    return false;
                recvErrno = got < 0 ? errno : 0;
                return true;
            },
            3000);
        ::close(fd);
        QVERIFY(done);
        QCOMPARE(got, ssize_t(-1));
        QCOMPARE(recvErrno, ECONNRESET);
    }

    void dropMakesConnectTimeOutWhileMetricsAnswer()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Drop));
        QTcpSocket s;
        s.connectToHost(sim.workerAddress(u"worker-1"_s), sim.workerHealthPort(u"worker-1"_s));
        QTest::qWait(1200);  // the kernel retransmits the SYN after 1 s: still nothing
        QCOMPARE(s.state(), QAbstractSocket::ConnectingState);
        s.abort();
        const HttpResult m = httpGet(nam,
            QUrl(u"http://%1:%2/metrics"_s.arg(sim.workerAddress(u"worker-1"_s).toString())
                     .arg(sim.workerMetricsPort(u"worker-1"_s))));
        QCOMPARE(m.status, 200);
        QVERIFY(sim.setHealth(u"worker-1"_s, HealthBehaviour::Ok));
        QVERIFY(healthz(sim, u"worker-1"_s).data.endsWith("\"ok\""));
    }

    void driftMovesTheWorker()
    {
        SimCluster sim(Scenario::simple(1), fast());
        QVERIFY(sim.start());
        const QHostAddress before = sim.workerAddress(u"worker-1"_s);
        const quint16 beforePort = sim.workerHealthPort(u"worker-1"_s);
        QVERIFY(sim.moveWorker(u"worker-1"_s, false));
        const QHostAddress after = sim.workerAddress(u"worker-1"_s);
        QVERIFY(after != before || sim.workerHealthPort(u"worker-1"_s) != beforePort);
        // Not re-registered: the server still has the old address, where nothing listens now.
        QCOMPARE(sim.registeredHost(u"worker-1"_s), before.toString());
        const RawOutcome old = rawRequest(before, beforePort, QByteArray(kGet), 2000);
        QCOMPARE(old.error, QAbstractSocket::ConnectionRefusedError);
        QVERIFY(healthz(sim, u"worker-1"_s).data.endsWith("\"ok\""));
        // Re-registered: the API shows the new address.
        QVERIFY(sim.moveWorker(u"worker-1"_s, true));
        QCOMPARE(sim.registeredHost(u"worker-1"_s), sim.workerAddress(u"worker-1"_s).toString());
    }

    void clockSkewShowsInTheDateHeader()
    {
        ManualClock clock;
        SimOptions o = fast();
        o.clock = &clock;
        SimCluster sim(Scenario::simple(1), o);
        QVERIFY(sim.start());
        QVERIFY(sim.setClockSkew(u"worker-1"_s, 300'000));
        const HttpResult r = httpGet(nam, sim.workerHealthUrl(u"worker-1"_s));
        const QDateTime date =
            QLocale::c().toDateTime(QString::fromLatin1(r.header("date")), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
        QVERIFY2(date.isValid(), r.header("date").constData());
        QDateTime expected = clock.now().addSecs(300);
        QCOMPARE(date.toString(u"yyyy-MM-dd hh:mm:ss"_s), expected.toString(u"yyyy-MM-dd hh:mm:ss"_s));
    }

    void flappingAlternates()
    {
        ManualClock clock;
        SimOptions o = fast();
        o.clock = &clock;
        o.timings.tickMs = 60'000;
        SimCluster sim(Scenario::simple(1), o);
        QVERIFY(sim.start());
        QVERIFY(sim.setFlapping(u"worker-1"_s, 10'000));
        sim.tick();
        QVERIFY(healthz(sim, u"worker-1"_s).data.endsWith("\"ok\""));
        clock.advanceMs(10'000);
        sim.tick();
        QCOMPARE(healthz(sim, u"worker-1"_s).error, QAbstractSocket::ConnectionRefusedError);
        clock.advanceMs(10'000);
        sim.tick();
        QVERIFY(healthz(sim, u"worker-1"_s).data.endsWith("\"ok\""));
    }

    void twoSimulatorsRunSideBySide()
    {
        SimCluster a(Scenario::simple(3), fast());
        SimCluster b(Scenario::simple(3), fast());
        QVERIFY(a.start());
        QVERIFY(b.start());
        QVERIFY(healthz(a, u"worker-3"_s).data.endsWith("\"ok\""));
        QVERIFY(healthz(b, u"worker-3"_s).data.endsWith("\"ok\""));
        QVERIFY(a.workerHealthUrl(u"worker-3"_s) != b.workerHealthUrl(u"worker-3"_s));
    }
};

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_simfaults.moc"

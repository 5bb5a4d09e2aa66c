#include "exposition.h"
#include "rawhttp.h"

#include "sim/simcluster.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;
using namespace parallax::test;

// parallax-cli serve as Prometheus meets it: the embedded simulator in this process, the
// exporter as a real process on loopback, scraped over real sockets in both formats, checked
// by promtool when it is installed; then clients that misbehave, and serve keeps running.
class TestServe : public QObject {
    Q_OBJECT

    // A worker name no exposition format can hold raw.
    static inline const QString kHostileName = u"gpu \"evil\"\\\n} 1\nprobe_success{x=\"y"_s;

    QTemporaryDir m_dir;
    std::unique_ptr<SimCluster> m_sim;
    QProcess m_serve;
    quint16 m_port = 0;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        e.insert(u"PX_KEY"_s, m_sim ? m_sim->apiKey() : QString());
        return e;
    }

    QList<Sample> scrape(const QByteArray &accept = {}, QByteArray *raw = nullptr)
    {
        const RawResponse r = get(m_port, "/metrics", accept);
        if (raw)
            *raw = r.body;
        QString error;
        const QList<Sample> samples =
            readExposition(r.body, r.header("content-type").startsWith("application/openmetrics-text"), &error);
        if (!error.isEmpty())
            qWarning().noquote() << error;
        return samples;
    }

    static QHash<QString, QByteArray> byWorker(const QList<Sample> &samples, const QByteArray &name)
    {
        QHash<QString, QByteArray> out;
        for (const Sample &s : samples) {
            if (s.name == name)
                out.insert(QString::fromUtf8(s.labels.value("worker")), s.value);
        }
        return out;
    }

    bool everyWorkerProbedUp()
    {
        const QHash<QString, QByteArray> success = byWorker(scrape(), "probe_success");
        if (success.size() != m_sim->workerNames().size())
            return false;
        for (const QByteArray &v : success) {
            if (v != "1")
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Scenario scenario = Scenario::simple(3);
        scenario.workers[2].name = kHostileName;
        m_sim = std::make_unique<SimCluster>(scenario, SimOptions{.timings = SimTimings::fast()});
        QVERIFY(m_sim->start().ok());
        m_serve.setProcessEnvironment(environment());
        m_serve.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"serve"_s, u"--server"_s, m_sim->baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--listen"_s,
                u"127.0.0.1:0"_s, u"--vantage"_s, u"e2e-vantage"_s, u"--probe-only"_s, u"127.0.0.0/8"_s});
        QVERIFY(m_serve.waitForStarted(10'000));
        // The one line that names the port.
        static const QRegularExpression serving(u"http://127\\.0\\.0\\.1:(\\d+)/metrics"_s);
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT(
            (out += m_serve.readAllStandardOutput(), serving.match(QString::fromUtf8(out)).hasMatch()),
            QByteArray(out + m_serve.readAllStandardError()).constData(), 20'000);
        m_port = quint16(serving.match(QString::fromUtf8(out)).captured(1).toUInt());
        QVERIFY(m_port != 0);
    }

    void cleanupTestCase()
    {
        m_serve.terminate();
        m_serve.waitForFinished(5000);
    }

    void metricsCoverEveryWorker()
    {
        // First probes come within seconds (scheduled probing, as watch does).
        QTRY_VERIFY_WITH_TIMEOUT(everyWorkerProbedUp(), 30'000);
        const QList<Sample> samples = scrape();
        QSet<QString> names;
        for (const Sample &s : samples) {
            if (s.name != "parallax_worker_server_state")
                continue;
            names.insert(QString::fromUtf8(s.labels.value("worker")));
            QCOMPARE(s.labels.value("state"), "ready");
            QCOMPARE(s.labels.value("vantage"), "e2e-vantage");
            QCOMPARE(s.labels.value("cluster"), "127.0.0.1");
        }
        const QStringList simNames = m_sim->workerNames();
        QCOMPARE(names, QSet<QString>(simNames.cbegin(), simNames.cend()));
        QVERIFY(names.contains(kHostileName));
        QCOMPARE(byWorker(samples, "parallax_worker_verdict").size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(byWorker(scrape(), "parallax_worker_heartbeat_age_seconds").size(), 3, 10'000);
    }

    void contentNegotiation()
    {
        const RawResponse text = get(m_port, "/metrics");
        QCOMPARE(text.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
        QVERIFY(!text.body.contains("# EOF"));
        // What Prometheus 2.x sends.
        const RawResponse om = get(m_port, "/metrics",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        QCOMPARE(om.header("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
        QVERIFY(om.body.endsWith("\n# EOF\n"));
        QString error;
        QVERIFY(!readExposition(om.body, true, &error).isEmpty());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void promtoolAcceptsBothFormats()
    {
        if (promtoolPath().isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus; scripts/install-deps.sh installs it)");
        for (const QByteArray &accept : QByteArrayList{QByteArray(), "application/openmetrics-text"_ba}) {
            const RawResponse r = get(m_port, "/metrics", accept);
            QCOMPARE(r.status, 200);
            QVERIFY(r.body.contains("worker=\"gpu \\\"evil\\\"\\\\\\n} 1\\nprobe_success{x=\\\"y\""));
            const QString complaint = promtoolComplaint(r.body);
            QVERIFY2(complaint.isEmpty(), qPrintable(complaint));
        }
        const QString worker = m_sim->workerNames().first();
        const QByteArray target = m_sim->workerAddress(worker).toString().toUtf8() + ':'
            + QByteArray::number(m_sim->workerHealthPort(worker));
        const QString complaint = promtoolComplaint(get(m_port, "/probe?target=" + target).body);
        QVERIFY2(complaint.isEmpty(), qPrintable(complaint));
    }

    void probeEndpointProbesOnce()
    {
        const QString worker = m_sim->workerNames().first();
        const QByteArray hostPort = m_sim->workerAddress(worker).toString().toUtf8() + ':'
            + QByteArray::number(m_sim->workerHealthPort(worker));
        for (const QByteArray &target : QByteArrayList{hostPort, "http://" + hostPort + "/healthz"}) {
            const RawResponse r = get(m_port, "/probe?target=" + target);
            QCOMPARE(r.status, 200);
            QVERIFY2(r.body.contains("probe_success{vantage=\"e2e-vantage\"} 1\n"), r.body.constData());
            QVERIFY(r.body.contains("probe_http_status_code{vantage=\"e2e-vantage\"} 200\n"));
        }
        // A worker that refuses is probed as it is now.
        QVERIFY(m_sim->setHealth(worker, HealthBehaviour::Refused));
        const RawResponse refused = get(m_port, "/probe?target=" + hostPort);
        QVERIFY2(refused.body.contains("probe_success{vantage=\"e2e-vantage\"} 0\n"), refused.body.constData());
        QVERIFY(m_sim->setHealth(worker, HealthBehaviour::Ok));
    }

    void hostileClientsGetClearErrorsAndServeKeepsRunning()
    {
        const RawResponse garbage = get(m_port, "/probe?target=%00%ff:::garbage");
        QCOMPARE(garbage.status, 400);
        QVERIFY2(garbage.body.contains("HOST:PORT"), garbage.body.constData());
        const RawResponse oversized =
            exchange(m_port, "GET /metrics HTTP/1.1\r\nX-Pad: " + QByteArray(40'000, 'x') + "\r\n\r\n");
        QCOMPARE(oversized.status, 431);
        // A client that stops mid-request: the others are served, it gets 408 at the deadline.
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(slow.waitForConnected(5000));
        slow.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QCOMPARE(get(m_port, "/metrics").status, 200);
        QCOMPARE(get(m_port, "/probe?target=").status, 400);
        const RawResponse late = readResponse(slow, 20'000);
        QCOMPARE(late.status, 408);
        QCOMPARE(m_serve.state(), QProcess::Running);
        QVERIFY(everyWorkerProbedUp());
    }

    void usageErrors()
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"serve"_s, u"--server"_s, m_sim->baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s});
        QVERIFY(p.waitForFinished(20'000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--listen"));
        // The port is taken (by the serve under test): a one-line reason, exit 2.
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"serve"_s, u"--server"_s, m_sim->baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--listen"_s,
                u"127.0.0.1:"_s + QString::number(m_port)});
        QVERIFY(p.waitForFinished(20'000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains(QByteArray::number(m_port)) && err.trimmed().count('\n') == 0, err.constData());
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"

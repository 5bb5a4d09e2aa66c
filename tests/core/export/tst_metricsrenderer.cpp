#include "exposition.h"

#include "diagnosis/cause.h"
#include "export/metricsexporter.h"
#include "export/metricsrenderer.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

// The metrics text: names, labels, both formats, escaping of the server's names, causes
// only from the vocabulary, the Accept negotiation and what /probe accepts as a target.
class TestMetricsRenderer : public QObject {
    Q_OBJECT

    static constexpr qint64 kNowMs = 1'800'000'000'000;

    static WorkerView worker(qint64 id, const QString &name)
    {
        WorkerView v;
        v.server.id = id;
        v.server.name = name;
        v.server.state = WorkerState::Ready;
        v.server.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNowMs - 12'500, Qt::UTC);
        ProbeResult p;
        p.workerId = id;
        p.host = u"10.0.0.%1"_s.arg(id);
        p.port = 10150;
        p.tcp = {true, true, ProbeError::None, 800, {}};
        p.http = {true, true, ProbeError::None, 1200, {}};
        p.httpStatus = 200;
        p.connectUs = 800;
        p.firstByteUs = 1200;
        p.totalUs = 2500;
        v.lastProbe = p;
        v.local = LocalState::Up;
        v.verdict = Verdict::AgreeUp;
        return v;
    }

    static WorkerView refused(qint64 id, const QString &name)
    {
        WorkerView v = worker(id, name);
        v.server.state = WorkerState::Unreachable;
        v.lastProbe->tcp = {true, false, ProbeError::Refused, 300, u"Connection refused"_s};
        v.lastProbe->http = {};
        v.lastProbe->httpStatus = 0;
        v.lastProbe->firstByteUs = 0;
        v.local = LocalState::Down;
        v.verdict = Verdict::AgreeDown;
        Cause c;
        c.id = CauseId::PortClosed;
        c.confidence = 0.85;
        c.title = u"Port 10150 \"closed\"\n{evil=\"1\"}"_s;  // translated free text: never a label
        c.evidence = u"connection refused"_s;
        v.causes = {c};
        return v;
    }

    static ClusterMetrics cluster()
    {
        ClusterMetrics c;
        c.scope = {u"prod"_s, u"laptop"_s};
        c.nowMs = kNowMs;
        c.serverConnected = true;
        c.version = u"1.2.3"_s;
        return c;
    }

    static QList<Sample> read(const QByteArray &text, MetricsFormat format)
    {
        QString error;
        const QList<Sample> samples = readExposition(text, format == MetricsFormat::OpenMetrics, &error);
        if (!error.isEmpty())
            qWarning().noquote() << error;
        return samples;
    }

    static QList<Sample> named(const QList<Sample> &samples, const QByteArray &name)
    {
        QList<Sample> out;
        for (const Sample &s : samples) {
            if (s.name == name)
                out.append(s);
        }
        return out;
    }

private Q_SLOTS:
    void blackboxNamesAndLabels()
    {
        const QByteArray text =
            renderClusterMetrics(cluster(), {worker(1, u"gpu-a"_s), refused(2, u"gpu-b"_s)}, MetricsFormat::Prometheus);
        const QList<Sample> samples = read(text, MetricsFormat::Prometheus);
        QVERIFY(!samples.isEmpty());
        const QList<Sample> success = named(samples, "probe_success");
        QCOMPARE(success.size(), 2);
        QCOMPARE(success[0].labels.value("worker"), "gpu-a");
        QCOMPARE(success[0].labels.value("worker_id"), "1");
        QCOMPARE(success[0].labels.value("cluster"), "prod");
        QCOMPARE(success[0].labels.value("vantage"), "laptop");
        QCOMPARE(success[0].value, "1");
        QCOMPARE(success[1].value, "0");
        QCOMPARE(named(samples, "probe_duration_seconds")[0].value.toDouble(), 0.0025);
        QCOMPARE(named(samples, "probe_http_status_code")[0].value, "200");
        QCOMPARE(named(samples, "probe_http_status_code")[1].value, "0");
        const QList<Sample> phases = named(samples, "probe_http_duration_seconds");
        QCOMPARE(phases.size(), 6);
        QCOMPARE(phases[1].labels.value("phase"), "connect");
        QCOMPARE(phases[1].value.toDouble(), 0.0008);
        QCOMPARE(named(samples, "probe_dns_lookup_time_seconds").size(), 2);
        QCOMPARE(named(samples, "parallax_probe_error").size(), 1);
        QCOMPARE(named(samples, "parallax_probe_error")[0].labels.value("error"), "refused");
        QCOMPARE(named(samples, "parallax_worker_server_state")[1].labels.value("state"), "unreachable");
        QCOMPARE(named(samples, "parallax_worker_heartbeat_age_seconds")[0].value.toDouble(), 12.5);
        QCOMPARE(named(samples, "parallax_worker_verdict")[1].labels.value("verdict"), "agree_down");
        QCOMPARE(named(samples, "parallax_worker_local_state")[1].labels.value("state"), "down");
        QCOMPARE(named(samples, "parallax_workers")[0].value, "2");
        QCOMPARE(named(samples, "parallax_server_connected")[0].value, "1");
        QCOMPARE(named(samples, "parallax_exporter_info")[0].labels.value("version"), "1.2.3");
        // Prometheus naming: no colons, base units, HELP and TYPE for every family.
        for (const Sample &s : samples)
            QVERIFY2(s.name.startsWith("probe_") || s.name.startsWith("parallax_"), s.name.constData());
        QVERIFY(!text.contains("# EOF"));
        QVERIFY(!text.contains("# UNIT"));
        QVERIFY(!text.contains("_ms"));
    }

    void openMetricsEndsWithEofAndNamesUnits()
    {
        const QList<WorkerView> views{worker(1, u"gpu-a"_s)};
        const QByteArray om = renderClusterMetrics(cluster(), views, MetricsFormat::OpenMetrics);
        QVERIFY(om.endsWith("\n# EOF\n"));
        QVERIFY(om.contains("# UNIT probe_duration_seconds seconds\n"));
        QVERIFY(om.contains("# UNIT parallax_worker_heartbeat_age_seconds seconds\n"));
        // The same samples in both formats.
        const QList<Sample> a = read(om, MetricsFormat::OpenMetrics);
        const QList<Sample> b =
            read(renderClusterMetrics(cluster(), views, MetricsFormat::Prometheus), MetricsFormat::Prometheus);
        QVERIFY(!a.isEmpty());
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].name, b[i].name);
            QCOMPARE(a[i].labels, b[i].labels);
        }
    }

    // Worker and cluster names come from the server: quotes, backslashes, line feeds and
    // braces stay inside their label, in both formats, and come back out unchanged.
    void hostileNamesAreEscaped_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("quote") << u"a\"b"_s;
        QTest::newRow("backslash") << u"a\\b\\"_s;
        QTest::newRow("line feed") << u"a\nprobe_success{worker=\"x\"} 1\n# EOF\n"_s;
        QTest::newRow("label injection") << u"x\",vantage=\"elsewhere"_s;
        QTest::newRow("backslash quote") << u"\\\""_s;
        QTest::newRow("unicode") << u"工作节点-1 ✓"_s;
    }

    void hostileNamesAreEscaped()
    {
        QFETCH(QString, name);
        for (const MetricsFormat format : {MetricsFormat::Prometheus, MetricsFormat::OpenMetrics}) {
            ClusterMetrics c = cluster();
            c.scope.cluster = name;
            const QByteArray text = renderClusterMetrics(c, {worker(7, name), refused(8, u"ok"_s)}, format);
            QString error;
            const QList<Sample> samples = readExposition(text, format == MetricsFormat::OpenMetrics, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const QList<Sample> success = named(samples, "probe_success");
            QCOMPARE(success.size(), 2);
            QCOMPARE(QString::fromUtf8(success[0].labels.value("worker")), name);
            QCOMPARE(QString::fromUtf8(success[0].labels.value("cluster")), name);
            QCOMPARE(success[0].labels.value("vantage"), "laptop");
            if (!promtoolPath().isEmpty()) {
                const QString complaint = promtoolComplaint(text);
                QVERIFY2(complaint.isEmpty(), qPrintable(complaint));
            }
        }
    }

    void escapeLabelValueEscapesExactlyThree()
    {
        QCOMPARE(escapeLabelValue(u"a\\b\"c\nd\te}"_s), "a\\\\b\\\"c\\nd\te}");
        QCOMPARE(escapeLabelValue(u"plain"_s), "plain");
    }

    // A cause is a label from the fixed vocabulary; its title, evidence and fix (free,
    // translated text) never reach the metrics.
    void causesOnlyFromTheVocabulary()
    {
        QList<WorkerView> views{refused(1, u"gpu-a"_s)};
        Cause second;
        second.id = CauseId::FirewallDrop;
        second.confidence = 0.1;
        second.title = u"Titles are free text"_s;
        views[0].causes.append(second);
        const QByteArray text = renderClusterMetrics(cluster(), views, MetricsFormat::Prometheus);
        const QList<Sample> causes = named(read(text, MetricsFormat::Prometheus), "parallax_cause");
        QCOMPARE(causes.size(), 2);
        QStringList vocabulary;
        for (CauseId id : allCauseIds())
            vocabulary.append(causeIdString(id));
        for (const Sample &s : causes) {
            QVERIFY2(
                vocabulary.contains(QString::fromUtf8(s.labels.value("cause"))), s.labels.value("cause").constData());
            QCOMPARE(QSet<QByteArray>(s.labels.keyBegin(), s.labels.keyEnd()),
                (QSet<QByteArray>{"cluster", "vantage", "worker", "worker_id", "cause"}));
        }
        QCOMPARE(causes[0].labels.value("cause"), "port_closed");
        QCOMPARE(causes[0].value.toDouble(), 0.85);
        QCOMPARE(causes[1].labels.value("cause"), "firewall_drop");
        QVERIFY(!text.contains("closed\\\""));
        QVERIFY(!text.contains("free text"));
        QVERIFY(!text.contains("connection refused"));
    }

    // A worker outside --probe-only was never contacted: no probe_success 0 to page anyone.
    void skippedProbesHaveNoMeasurements()
    {
        WorkerView v = worker(1, u"gpu-a"_s);
        v.lastProbe->tcp = {true, false, ProbeError::Skipped, 0, {}};
        v.lastProbe->http = {};
        const QList<Sample> samples =
            read(renderClusterMetrics(cluster(), {v}, MetricsFormat::Prometheus), MetricsFormat::Prometheus);
        QVERIFY(named(samples, "probe_success").isEmpty());
        QCOMPARE(named(samples, "parallax_probe_error")[0].labels.value("error"), "skipped");
        QCOMPARE(named(samples, "parallax_worker_verdict").size(), 1);
    }

    void probeMetricsAsBlackboxAnswers()
    {
        ProbeResult p = worker(1, u"x"_s).lastProbe.value();
        p.resolveUs = 4000;
        for (const MetricsFormat format : {MetricsFormat::Prometheus, MetricsFormat::OpenMetrics}) {
            const QByteArray text = renderProbeMetrics(p, {{}, u"lab-1"_s}, format);
            const QList<Sample> samples = read(text, format);
            QCOMPARE(named(samples, "probe_success")[0].value, "1");
            QCOMPARE(named(samples, "probe_success")[0].labels, (QHash<QByteArray, QByteArray>{{"vantage", "lab-1"}}));
            QCOMPARE(named(samples, "probe_dns_lookup_time_seconds")[0].value.toDouble(), 0.004);
            QCOMPARE(named(samples, "probe_http_duration_seconds").size(), 3);
            if (!promtoolPath().isEmpty()) {
                const QString complaint = promtoolComplaint(text);
                QVERIFY2(complaint.isEmpty(), qPrintable(complaint));
            }
        }
    }

    void negotiation_data()
    {
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<bool>("openMetrics");
        QTest::newRow("none") << QByteArray() << false;
        QTest::newRow("any") << "*/*"_ba << false;
        QTest::newRow("text") << "text/plain;version=0.0.4"_ba << false;
        QTest::newRow("openmetrics") << "application/openmetrics-text"_ba << true;
        QTest::newRow("prometheus 2.x")
            << "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
               "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"_ba
            << true;
        QTest::newRow("text preferred") << "application/openmetrics-text;q=0.2, text/plain"_ba << false;
        QTest::newRow("unknown version") << "application/openmetrics-text; version=9.9.9"_ba << false;
        QTest::newRow("q zero") << "application/openmetrics-text;q=0"_ba << false;
        QTest::newRow("case and spaces") << " Application/OpenMetrics-Text ; Version=1.0.0 "_ba << true;
        QTest::newRow("garbage") << ";;,,=q=;"_ba << false;
    }

    void negotiation()
    {
        QFETCH(QByteArray, accept);
        QFETCH(bool, openMetrics);
        QCOMPARE(negotiateMetricsFormat(accept) == MetricsFormat::OpenMetrics, openMetrics);
        QVERIFY(
            metricsContentType(negotiateMetricsFormat(accept))
                .startsWith(openMetrics ? "application/openmetrics-text; version=1.0.0" : "text/plain; version=0.0.4"));
    }

    void probeTargets_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("host");  // empty: refused
        QTest::addColumn<int>("port");
        QTest::newRow("host:port") << u"10.0.0.5:10150"_s << u"10.0.0.5"_s << 10150;
        QTest::newRow("name:port") << u"gpu-1.lab:10150"_s << u"gpu-1.lab"_s << 10150;
        QTest::newRow("v6") << u"[::1]:10150"_s << u"::1"_s << 10150;
        QTest::newRow("url") << u"http://10.0.0.5:10150/healthz"_s << u"10.0.0.5"_s << 10150;
        QTest::newRow("url no path") << u"http://10.0.0.5:10150"_s << u"10.0.0.5"_s << 10150;
        QTest::newRow("url default port") << u"http://gpu-1/"_s << u"gpu-1"_s << 80;
        QTest::newRow("empty") << QString() << QString() << 0;
        QTest::newRow("no port") << u"10.0.0.5"_s << QString() << 0;
        QTest::newRow("port 0") << u"10.0.0.5:0"_s << QString() << 0;
        QTest::newRow("port too big") << u"10.0.0.5:70000"_s << QString() << 0;
        QTest::newRow("https") << u"https://10.0.0.5:10150"_s << QString() << 0;
        QTest::newRow("other path") << u"http://10.0.0.5:10150/v2/workers"_s << QString() << 0;
        QTest::newRow("credentials") << u"http://admin:pw@10.0.0.5:10150/"_s << QString() << 0;
        QTest::newRow("garbage") << u"%%%:::"_s << QString() << 0;
        QTest::newRow("space") << u"10.0.0.5 :10150"_s << QString() << 0;
        QTest::newRow("control") << u"10.0.0.5:10150\r\nX: y"_s << QString() << 0;
        QTest::newRow("huge") << QString(5000, u'a') + u":1"_s << QString() << 0;
        QTest::newRow("file") << u"file:///etc/passwd"_s << QString() << 0;
    }

    void probeTargets()
    {
        QFETCH(QString, target);
        QFETCH(QString, host);
        QFETCH(int, port);
        const Result<ProbeTarget> t = parseProbeTarget(target);
        if (host.isEmpty()) {
            QVERIFY(!t.ok());
            QVERIFY(!t.error().message.isEmpty());
            QVERIFY(!t.error().message.contains(u'\n'));
            QVERIFY(t.error().message.size() < 400);
            return;
        }
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));
        QCOMPARE(t->host, host);
        QCOMPARE(int(t->port), port);
        QVERIFY(t->isValid());
    }
};

QTEST_GUILESS_MAIN(TestMetricsRenderer)
#include "tst_metricsrenderer.moc"

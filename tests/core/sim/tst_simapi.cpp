#include "simtestclient.h"

#include "base/clock.h"
#include "sim/simcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;

// The simulated GPUStack server against ref/gpustack-api.md: endpoints, auth and list
// envelope, as a client sees them over real loopback sockets.
class TestSimApi : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

    static QUrl url(const SimCluster &sim, const QString &pathAndQuery)
    {
        return QUrl(sim.baseUrl().toString() + pathAndQuery);
    }

private Q_SLOTS:
    void probesAnswerWithoutAuth()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const HttpResult h = httpGet(nam, url(sim, u"/healthz"_s));
        QCOMPARE(h.status, 200);
        QCOMPARE(h.body, "\"ok\""_ba);
        QCOMPARE(httpGet(nam, url(sim, u"/readyz"_s)).body, "\"ok\""_ba);
        const QJsonObject v = QJsonDocument::fromJson(httpGet(nam, url(sim, u"/version"_s)).body).object();
        QCOMPARE(v.value("version"_L1).toString(), u"v2.2.3"_s);
        QVERIFY(v.contains("git_commit"_L1));
    }

    void workersListHasEnvelopeAndWorkerShape()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const HttpResult r = httpGet(nam, url(sim, u"/v2/workers?page=1&perPage=2"_s), bearer(sim.apiKey()));
        QCOMPARE(r.status, 200);
        const QJsonObject doc = QJsonDocument::fromJson(r.body).object();
        const QJsonObject p = doc.value("pagination"_L1).toObject();
        QCOMPARE(p.value("page"_L1).toInt(), 1);
        QCOMPARE(p.value("perPage"_L1).toInt(), 2);
        QCOMPARE(p.value("total"_L1).toInt(), 3);
        QCOMPARE(p.value("totalPage"_L1).toInt(), 2);
        const QJsonArray items = doc.value("items"_L1).toArray();
        QCOMPARE(items.size(), 2);
        const QJsonObject w = items.first().toObject();
        for (const char *key : {"id", "name", "labels", "maintenance", "advertise_address", "hostname", "ip", "ifname",
                                "port", "metrics_port", "system_reserved", "state", "state_message", "status",
                                "proxy_mode", "cluster_id", "worker_version", "heartbeat_time", "unreachable",
                                "provider", "created_at", "updated_at", "me", "provision_progress"})
            QVERIFY2(w.contains(QLatin1StringView(key)), key);
        QCOMPARE(w.value("state"_L1).toString(), u"ready"_s);
        QVERIFY(w.value("state_message"_L1).isNull());
        QVERIFY(w.value("heartbeat_time"_L1).toString().endsWith(u'Z'));
        // The registered address is where the health endpoint really is.
        const QString name = w.value("name"_L1).toString();
        QCOMPARE(w.value("ip"_L1).toString(), sim.workerAddress(name).toString());
        QCOMPARE(w.value("port"_L1).toInt(), int(sim.workerHealthPort(name)));
        const QJsonArray gpus = w.value("status"_L1).toObject().value("gpu_devices"_L1).toArray();
        QCOMPARE(gpus.size(), 1);
        QCOMPARE(gpus.first().toObject().value("vendor"_L1).toString(), u"nvidia"_s);
    }

    void workerHealthEndpointAnswersOk()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const HttpResult r = httpGet(nam, sim.workerHealthUrl(u"worker-2"_s));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "\"ok\""_ba);
    }
};

QTEST_GUILESS_MAIN(TestSimApi)
#include "tst_simapi.moc"

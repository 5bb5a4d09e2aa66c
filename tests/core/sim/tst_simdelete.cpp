#include "simtestclient.h"

#include "sim/simcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax::sim;

// DELETE /v2/workers/{id} against GPUStack's delete_worker (gpustack/routes/workers.py):
// 404 "worker not found" for an unknown id, 200 `null` otherwise, a hard delete for a
// standalone worker (soft delete → `deleting` is for cloud workers only, ref §3), its model
// instances deleted with it (ref §6.4), and DELETED (type 3) on every watch stream (ref §3.2).
class TestSimDelete : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

    static QList<QJsonObject> events(const QByteArray &body)
    {
        QList<QJsonObject> out;
        for (const QByteArray &part : body.split('\n')) {
            if (!part.isEmpty())
                out.append(QJsonDocument::fromJson(part).object());
        }
        return out;
    }

    static QList<QJsonObject> ofType(const QByteArray &body, int type)
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events(body)) {
            if (e.value("type"_L1).toInt() == type)
                out.append(e);
        }
        return out;
    }

    static QByteArray authHeader(const SimCluster &sim)
    {
        return "Authorization: Bearer " + sim.apiKey().toLatin1() + "\r\n";
    }

    static QUrl url(const SimCluster &sim, const QString &pathAndQuery)
    {
        return QUrl(sim.baseUrl().toString() + pathAndQuery);
    }

    HttpResult httpDelete(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        QNetworkRequest req(url);
        for (const auto &h : headers)
            req.setRawHeader(h.first, h.second);
        QNetworkReply *reply = nam.deleteResource(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        HttpResult r;
        if (!done.wait(5000)) {
            reply->abort();
            r.error = QNetworkReply::TimeoutError;
        } else {
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r.body = reply->readAll();
            r.error = reply->error();
        }
        reply->deleteLater();
        return r;
    }

    static Scenario withInstances()
    {
        Scenario s = Scenario::simple(3);
        s.workers[1].instances = {ScenarioInstance{u"qwen2.5-7b"_s}, ScenarioInstance{u"bge-m3"_s}};
        s.workers[2].instances = {ScenarioInstance{u"phi-4"_s}};
        return s;
    }

private Q_SLOTS:
    void deleteAnswersNullAndTheWorkerIsGone()
    {
        SimCluster sim(withInstances(), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const qint64 id = sim.workerId(u"worker-2"_s);
        const QHostAddress address = sim.workerAddress(u"worker-2"_s);
        const quint16 port = sim.workerHealthPort(u"worker-2"_s);

        const HttpResult del = httpDelete(url(sim, u"/v2/workers/%1"_s.arg(id)), bearer(sim.apiKey()));
        QCOMPARE(del.status, 200);
        QCOMPARE(del.body, "null"_ba);

        const HttpResult one = httpGet(nam, url(sim, u"/v2/workers/%1"_s.arg(id)), bearer(sim.apiKey()));
        QCOMPARE(one.status, 404);
        QCOMPARE(QJsonDocument::fromJson(one.body).object().value("reason"_L1).toString(), u"NotFound"_s);
        const QJsonObject list =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/workers"_s), bearer(sim.apiKey())).body).object();
        QCOMPARE(list.value("pagination"_L1).toObject().value("total"_L1).toInt(), 2);
        for (const QJsonValue &w : list.value("items"_L1).toArray())
            QVERIFY(w.toObject().value("name"_L1).toString() != u"worker-2"_s);
        QVERIFY(!sim.workerNames().contains(u"worker-2"_s));

        // Its instances went with it; the other worker's instance stayed.
        const QJsonObject instances =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/model-instances"_s), bearer(sim.apiKey())).body)
                .object();
        const QJsonArray items = instances.value("items"_L1).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value("model_name"_L1).toString(), u"phi-4"_s);
        // So did its GPU rows and the cluster's counters.
        const QJsonObject gpus =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/gpu-devices"_s), bearer(sim.apiKey())).body).object();
        QCOMPARE(gpus.value("pagination"_L1).toObject().value("total"_L1).toInt(), 2);
        const QJsonObject cluster =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/clusters/1"_s), bearer(sim.apiKey())).body).object();
        QCOMPARE(cluster.value("workers"_L1).toInt(), 2);

        // The worker process is gone: its health endpoint refuses.
        const RawOutcome probe = rawRequest(address, port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba, 3000);
        QVERIFY(!probe.connected);
        QCOMPARE(probe.error, QAbstractSocket::ConnectionRefusedError);

        // A second delete of the same id is a 404 with GPUStack's error shape.
        const HttpResult again = httpDelete(url(sim, u"/v2/workers/%1"_s.arg(id)), bearer(sim.apiKey()));
        QCOMPARE(again.status, 404);
        QCOMPARE(QJsonDocument::fromJson(again.body).object().value("code"_L1).toInt(), 404);
    }

    void deleteNeedsManagementCredentials()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const QUrl target = url(sim, u"/v2/workers/%1"_s.arg(sim.workerId(u"worker-1"_s)));
        QCOMPARE(httpDelete(target, {}).status, 401);
        QCOMPARE(httpDelete(target, bearer(sim.inferenceApiKey())).status, 403);
        QCOMPARE(sim.workerNames().size(), 2);
    }

    void watchStreamsDeletedWithTheRow()
    {
        SimCluster sim(withInstances(), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        RawStream workers(url(sim, u"/v2/workers?watch=true"_s), authHeader(sim));
        RawStream instances(url(sim, u"/v2/model-instances?watch=true"_s), authHeader(sim));
        RawStream clusters(url(sim, u"/v2/clusters?watch=true"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(workers.body, 1).size() == 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(ofType(instances.body, 1).size() == 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(ofType(clusters.body, 1).size() == 1, 5000);

        const qint64 id = sim.workerId(u"worker-2"_s);
        QCOMPARE(httpDelete(url(sim, u"/v2/workers/%1"_s.arg(id)), bearer(sim.apiKey())).status, 200);

        QTRY_VERIFY_WITH_TIMEOUT(ofType(workers.body, 3).size() == 1, 5000);
        const QJsonObject deleted = ofType(workers.body, 3).first();
        QCOMPARE(deleted.value("id"_L1).toInteger(), id);
        QCOMPARE(deleted.value("data"_L1).toObject().value("id"_L1).toInteger(), id);
        QCOMPARE(deleted.value("data"_L1).toObject().value("name"_L1).toString(), u"worker-2"_s);
        QVERIFY(workers.body.endsWith("}\n\n"));

        QTRY_VERIFY_WITH_TIMEOUT(ofType(instances.body, 3).size() == 2, 5000);
        for (const QJsonObject &e : ofType(instances.body, 3))
            QCOMPARE(e.value("data"_L1).toObject().value("worker_id"_L1).toInteger(), id);

        // The cluster's counters follow: an UPDATED cluster with one worker fewer.
        QTRY_VERIFY_WITH_TIMEOUT(!ofType(clusters.body, 2).isEmpty(), 5000);
        QCOMPARE(ofType(clusters.body, 2).last().value("data"_L1).toObject().value("workers"_L1).toInt(), 2);
    }

    void filteredWatchGetsOnlyItsOwnDeletes()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        RawStream stream(url(sim, u"/v2/workers?watch=true&name=worker-3"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(stream.body, 1).size() == 1, 5000);
        QVERIFY(sim.deleteWorker(u"worker-1"_s));
        QVERIFY(sim.deleteWorker(u"worker-3"_s));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(stream.body, 3).size() == 1, 5000);
        QCOMPARE(ofType(stream.body, 3).first().value("data"_L1).toObject().value("name"_L1).toString(), u"worker-3"_s);
        QVERIFY(!sim.deleteWorker(u"worker-3"_s));  // already gone
    }

    void idOnlyDeletesCarryABareId()
    {
        // "DELETED may carry id-only data ({"id":7})" (ref §3.2): a client must cope with it.
        // GPUStack's field match fails on a bare id, so a filtered stream never sees it.
        Scenario s = Scenario::simple(2);
        s.idOnlyDeletes = true;
        SimCluster sim(s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        RawStream all(url(sim, u"/v2/workers?watch=true"_s), authHeader(sim));
        RawStream filtered(url(sim, u"/v2/workers?watch=true&search=worker"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(all.body, 1).size() == 2 && ofType(filtered.body, 1).size() == 2, 5000);
        const qint64 id = sim.workerId(u"worker-1"_s);
        QVERIFY(sim.deleteWorker(u"worker-1"_s));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(all.body, 3).size() == 1, 5000);
        const QJsonObject e = ofType(all.body, 3).first();
        QCOMPARE(e.value("data"_L1).toObject(), (QJsonObject{{"id"_L1, id}}));
        QCOMPARE(e.value("id"_L1).toInteger(), id);
        // A later change still reaches the filtered stream, the delete never did.
        QVERIFY(sim.setMaintenance(u"worker-2"_s, true, u"x"_s));
        QTRY_VERIFY_WITH_TIMEOUT(ofType(filtered.body, 2).size() == 1, 5000);
        QVERIFY(ofType(filtered.body, 3).isEmpty());
    }

    void scenarioEventDeletesAWorker()
    {
        auto s = Scenario::fromJson(R"({"workers":[{"name":"a"},{"name":"b"}],
            "events":[{"at_s":0,"worker":"b","set":{"delete":true}}]})"_ba);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        SimCluster sim(*s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        QTRY_COMPARE_WITH_TIMEOUT(sim.workerNames(), QStringList{u"a"_s}, 5000);
        const QJsonObject list =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/workers"_s), bearer(sim.apiKey())).body).object();
        QCOMPARE(list.value("pagination"_L1).toObject().value("total"_L1).toInt(), 1);
    }

    void syncCycleAfterDeleteKeepsTheRest()
    {
        SimOptions o;
        o.timings = SimTimings::fast();
        o.timings.autoSync = false;
        SimCluster sim(Scenario::simple(3), o);
        QVERIFY(sim.start());
        QSignalSpy done(&sim, &SimCluster::syncCycleFinished);
        sim.runSyncCycle();
        // Deleted while its probe is in flight: the cycle still finishes for the others.
        QVERIFY(sim.deleteWorker(u"worker-2"_s));
        QVERIFY(done.wait(5000));
        QCOMPARE(sim.workerState(u"worker-1"_s), u"ready"_s);
        QCOMPARE(sim.workerState(u"worker-3"_s), u"ready"_s);
        QCOMPARE(sim.workerState(u"worker-2"_s), QString());
    }
};

QTEST_GUILESS_MAIN(TestSimDelete)
#include "tst_simdelete.moc"

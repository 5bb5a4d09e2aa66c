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
                 "port", "metrics_port", "system_reserved", "state", "state_message", "status", "proxy_mode",
                 "cluster_id", "worker_version", "heartbeat_time", "unreachable", "provider", "created_at",
                 "updated_at", "me", "provision_progress"})
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

    void authErrorsHaveGpuStackShape()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const QUrl workers = url(sim, u"/v2/workers"_s);
        const QByteArray expected401 =
            R"({"code":401,"message":"Invalid authentication credentials","reason":"Unauthorized"})"_ba;
        const HttpResult none = httpGet(nam, workers);
        QCOMPARE(none.status, 401);
        QCOMPARE(QJsonDocument::fromJson(none.body), QJsonDocument::fromJson(expected401));
        QVERIFY(none.header("content-type").startsWith("application/json"));
        const HttpResult wrongKey =
            httpGet(nam, workers, bearer(u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s));
        QCOMPARE(wrongKey.status, 401);
        QCOMPARE(QJsonDocument::fromJson(wrongKey.body), QJsonDocument::fromJson(expected401));
        const QByteArray badBasic = "Basic " + QByteArray("admin:wrong").toBase64();
        QCOMPARE(httpGet(nam, workers, {{"Authorization", badBasic}}).status, 401);

        // An inference-only key: authenticated, but not for management routes.
        const HttpResult inference = httpGet(nam, workers, bearer(sim.inferenceApiKey()));
        QCOMPARE(inference.status, 403);
        const QJsonObject e = QJsonDocument::fromJson(inference.body).object();
        QCOMPARE(e.value("code"_L1).toInt(), 403);
        QCOMPARE(e.value("reason"_L1).toString(), u"Forbidden"_s);
        QVERIFY(!e.value("message"_L1).toString().isEmpty());
        QCOMPARE(httpGet(nam, url(sim, u"/v2/users/me"_s), bearer(sim.inferenceApiKey())).status, 403);
    }

    void everyCredentialKindIsAccepted()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const QUrl me = url(sim, u"/v2/users/me"_s);
        QCOMPARE(httpGet(nam, me, bearer(sim.apiKey())).status, 200);
        QCOMPARE(httpGet(nam, me, {{"X-API-Key", sim.apiKey().toLatin1()}}).status, 200);
        const QByteArray basic = "Basic " + (sim.username() + u':' + sim.password()).toUtf8().toBase64();
        const HttpResult r = httpGet(nam, me, {{"Authorization", basic}});
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value("username"_L1).toString(), sim.username());
    }

    void loginSetsTheSessionCookieAndLogoutClearsIt()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        QNetworkAccessManager fresh;  // its own cookie jar
        const QByteArray form = "username=" + QUrl::toPercentEncoding(sim.username())
            + "&password=" + QUrl::toPercentEncoding(sim.password());
        const HttpResult bad = httpPost(fresh, url(sim, u"/auth/login"_s), "application/x-www-form-urlencoded"_ba,
            "username=admin&password=nope"_ba);
        QCOMPARE(bad.status, 401);
        const HttpResult login =
            httpPost(fresh, url(sim, u"/auth/login"_s), "application/x-www-form-urlencoded"_ba, form);
        QCOMPARE(login.status, 200);
        const QByteArray cookie = login.header("set-cookie");
        QVERIFY2(cookie.startsWith("gpustack_session="), cookie.constData());
        QVERIFY(cookie.toLower().contains("httponly"));
        // The jar now sends the cookie.
        QCOMPARE(httpGet(fresh, url(sim, u"/v2/users/me"_s)).status, 200);
        const HttpResult logout = httpPost(fresh, url(sim, u"/auth/logout"_s), "application/json"_ba, {});
        QCOMPARE(logout.status, 200);
        QVERIFY(logout.body.isEmpty());  // no SSO session: no {"logout_url": …}
        const QByteArray token = cookie.left(cookie.indexOf(';'));
        QCOMPARE(httpGet(nam, url(sim, u"/v2/users/me"_s), {{"Cookie", token}}).status, 401);
    }

    void filtersSortAndValidation()
    {
        Scenario s = Scenario::simple(5);
        s.clusters.append({2, u"second"_s, {}, u"Docker"_s});
        s.workers[3].cluster = u"second"_s;
        s.workers[4].cluster = u"second"_s;
        s.workers[4].name = u"special-node"_s;
        SimCluster sim(s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const auto names = [&](const QString &query) {
            const HttpResult r = httpGet(nam, url(sim, u"/v2/workers"_s + query), bearer(sim.apiKey()));
            QStringList out;
            for (const QJsonValue &v : QJsonDocument::fromJson(r.body).object().value("items"_L1).toArray())
                out.append(v.toObject().value("name"_L1).toString());
            return out;
        };
        QCOMPARE(names(u"?sort_by=name"_s),
            (QStringList{u"special-node"_s, u"worker-1"_s, u"worker-2"_s, u"worker-3"_s, u"worker-4"_s}));
        QCOMPARE(names(u"?sort_by=-name"_s).first(), u"worker-4"_s);
        QCOMPARE(names(u"?search=SPECIAL"_s), QStringList{u"special-node"_s});
        QCOMPARE(names(u"?name=worker-2"_s), QStringList{u"worker-2"_s});
        QCOMPARE(names(u"?name=worker"_s), QStringList{});
        QCOMPARE(names(u"?cluster_id=2&sort_by=name"_s), (QStringList{u"special-node"_s, u"worker-4"_s}));
        // Default order: created_at descending.
        const QStringList byDefault = names(QString());
        QCOMPARE(byDefault.size(), 5);
        QCOMPARE(names(u"?sort_by=-created_at"_s), byDefault);

        const HttpResult badSort = httpGet(nam, url(sim, u"/v2/workers?sort_by=password"_s), bearer(sim.apiKey()));
        QCOMPARE(badSort.status, 422);
        QCOMPARE(QJsonDocument::fromJson(badSort.body).object().value("reason"_L1).toString(), u"Invalid"_s);
        QCOMPARE(httpGet(nam, url(sim, u"/v2/workers?perPage=0"_s), bearer(sim.apiKey())).status, 422);
        QCOMPARE(httpGet(nam, url(sim, u"/v2/workers?page=x"_s), bearer(sim.apiKey())).status, 422);
        // Past the last page: empty items, same totals.
        const QJsonObject past = QJsonDocument::fromJson(
            httpGet(nam, url(sim, u"/v2/workers?page=9&perPage=2"_s), bearer(sim.apiKey())).body)
                                     .object();
        QCOMPARE(past.value("items"_L1).toArray().size(), 0);
        QCOMPARE(past.value("pagination"_L1).toObject().value("totalPage"_L1).toInt(), 3);
    }

    void workerByIdAndNotFound()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const qint64 id = sim.workerId(u"worker-2"_s);
        const HttpResult one = httpGet(nam, url(sim, u"/v2/workers/%1"_s.arg(id)), bearer(sim.apiKey()));
        QCOMPARE(one.status, 200);
        QCOMPARE(QJsonDocument::fromJson(one.body).object().value("name"_L1).toString(), u"worker-2"_s);
        const HttpResult missing = httpGet(nam, url(sim, u"/v2/workers/999"_s), bearer(sim.apiKey()));
        QCOMPARE(missing.status, 404);
        QCOMPARE(QJsonDocument::fromJson(missing.body).object().value("reason"_L1).toString(), u"NotFound"_s);
    }

    void clustersGpuDevicesAndInstances()
    {
        Scenario s = Scenario::simple(2);
        s.workers[0].instances.append({u"qwen2.5-7b"_s});
        s.workers[1].gpus.append(ScenarioGpu{});
        SimCluster sim(s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        const QJsonObject clusters =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/clusters"_s), bearer(sim.apiKey())).body).object();
        const QJsonObject c = clusters.value("items"_L1).toArray().first().toObject();
        QCOMPARE(c.value("workers"_L1).toInt(), 2);
        QCOMPARE(c.value("ready_workers"_L1).toInt(), 2);
        QCOMPARE(c.value("gpus"_L1).toInt(), 3);
        QVERIFY(!c.contains("credential_id"_L1));  // nulls are omitted for clusters

        const QJsonObject gpus = QJsonDocument::fromJson(
            httpGet(nam, url(sim, u"/v2/gpu-devices?sort_by=worker_name,index"_s), bearer(sim.apiKey())).body)
                                     .object();
        QCOMPARE(gpus.value("pagination"_L1).toObject().value("total"_L1).toInt(), 3);
        const QJsonObject g = gpus.value("items"_L1).toArray().last().toObject();
        QCOMPARE(g.value("id"_L1).toString(), u"worker-2:cuda:1"_s);
        QCOMPARE(g.value("worker_name"_L1).toString(), u"worker-2"_s);
        QVERIFY(g.contains("temperature"_L1));

        const QJsonObject inst =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/model-instances"_s), bearer(sim.apiKey())).body)
                .object();
        const QJsonObject i = inst.value("items"_L1).toArray().first().toObject();
        QCOMPARE(i.value("model_name"_L1).toString(), u"qwen2.5-7b"_s);
        QCOMPARE(i.value("worker_name"_L1).toString(), u"worker-1"_s);
        QCOMPARE(i.value("state"_L1).toString(), u"running"_s);
    }

    void v0ModeServesV1WithTheOlderFieldSet()
    {
        Scenario s = Scenario::simple(1);
        s.apiVersion = ApiVersion::V0;
        s.serverVersion = u"v0.7.1"_s;
        SimCluster sim(s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        QCOMPARE(httpGet(nam, url(sim, u"/v2/workers"_s), bearer(sim.apiKey())).status, 404);
        QCOMPARE(httpGet(nam, url(sim, u"/v1/clusters"_s), bearer(sim.apiKey())).status, 404);
        // X-API-Key arrived in v2.2.0.
        QCOMPARE(httpGet(nam, url(sim, u"/v1/workers"_s), {{"X-API-Key", sim.apiKey().toLatin1()}}).status, 401);
        QCOMPARE(httpGet(nam, url(sim, u"/v1/workers?perPage=101"_s), bearer(sim.apiKey())).status, 422);
        const HttpResult r = httpGet(nam, url(sim, u"/v1/workers"_s), bearer(sim.apiKey()));
        QCOMPARE(r.status, 200);
        const QJsonObject w = QJsonDocument::fromJson(r.body).object().value("items"_L1).toArray().first().toObject();
        for (const char *absent : {"cluster_id", "ifname", "advertise_address", "metrics_port", "maintenance",
                 "proxy_mode", "provider", "me"})
            QVERIFY2(!w.contains(QLatin1StringView(absent)), absent);
        for (const char *present : {"id", "name", "hostname", "ip", "port", "labels", "system_reserved", "state",
                 "state_message", "status", "unreachable", "heartbeat_time", "worker_uuid", "created_at", "updated_at"})
            QVERIFY2(w.contains(QLatin1StringView(present)), present);
        const QJsonObject gpu = w.value("status"_L1).toObject().value("gpu_devices"_L1).toArray().first().toObject();
        QCOMPARE(gpu.value("vendor"_L1).toString(), u"NVIDIA"_s);
    }

    void keepAliveAndPipelining()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        // Two requests in one write on one connection: two answers, in order.
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, quint16(sim.baseUrl().port()));
        QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 3000));
        s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray got;
        QVERIFY(QTest::qWaitFor(
            [&] {
                got += s.readAll();
                return got.contains("git_commit");
            },
            3000));
        QCOMPARE(got.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(got.indexOf("\"ok\"") < got.indexOf("git_commit"));
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);  // kept alive
        // HEAD: headers with the body's length, no body, and the connection stays usable.
        got.clear();
        s.write("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(QTest::qWaitFor(
            [&] {
                got += s.readAll();
                return got.count("HTTP/1.1 200 OK") == 2 && got.endsWith("\"ok\"");
            },
            3000));
        QCOMPARE(got.count("\"ok\""), 1);
    }
    void authConfigNeedsNoCredentials()
    {
        // gpustack/routes/auth.py get_auth_config: `{}` with local accounts only; the SSO flags
        // with OIDC/SAML; first_time_setup + the command while the initial password file exists.
        SimCluster local(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(local.start());
        const HttpResult r = httpGet(nam, url(local, u"/auth/config"_s));
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), QJsonObject{});

        auto s = Scenario::fromJson(R"({"workers":[{"name":"a"}],"auth":{"type":"oidc","first_time_setup":true}})"_ba);
        QVERIFY(s);
        SimCluster sso(*s, {.timings = SimTimings::fast()});
        QVERIFY(sso.start());
        const QJsonObject o = QJsonDocument::fromJson(httpGet(nam, url(sso, u"/auth/config"_s)).body).object();
        QCOMPARE(o.value("is_oidc"_L1), QJsonValue(true));
        QCOMPARE(o.value("is_saml"_L1), QJsonValue(false));
        QCOMPARE(o.value("first_time_setup"_L1), QJsonValue(true));
        QVERIFY(o.value("get_initial_password_command"_L1).toString().contains(u"initial_admin_password"_s));
        QVERIFY(!Scenario::fromJson(R"({"workers":[{"name":"a"}],"auth":{"type":"ldap"}})"_ba));
    }

    void uuidAndMeFilters()
    {
        // uuid: exact worker_uuid, a filter only in v2 (the field is not serialized); me=true
        // narrows only for a worker principal, so a user gets the unfiltered list.
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        Scenario v0 = Scenario::simple(3);
        v0.apiVersion = ApiVersion::V0;
        SimCluster old(v0, {.timings = SimTimings::fast()});
        QVERIFY(old.start());
        // v0.7 shows worker_uuid: take worker-2's, same id scheme in both modes.
        const QJsonObject w2 = QJsonDocument::fromJson(
            httpGet(nam, url(old, u"/v1/workers/%1"_s.arg(old.workerId(u"worker-2"_s))), bearer(old.apiKey())).body)
                                   .object();
        const QString uuid = w2.value("worker_uuid"_L1).toString();
        QVERIFY(!uuid.isEmpty());

        const QJsonObject byUuid =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/workers?uuid="_s + uuid), bearer(sim.apiKey())).body)
                .object();
        QCOMPARE(byUuid.value("pagination"_L1).toObject().value("total"_L1).toInt(), 1);
        QCOMPARE(byUuid.value("items"_L1).toArray().first().toObject().value("name"_L1).toString(), u"worker-2"_s);
        QVERIFY(!byUuid.value("items"_L1).toArray().first().toObject().contains("worker_uuid"_L1));
        const QJsonObject none = QJsonDocument::fromJson(
            httpGet(nam, url(sim, u"/v2/workers?uuid=no-such-uuid"_s), bearer(sim.apiKey())).body)
                                     .object();
        QCOMPARE(none.value("pagination"_L1).toObject().value("total"_L1).toInt(), 0);
        const QJsonObject me =
            QJsonDocument::fromJson(httpGet(nam, url(sim, u"/v2/workers?me=true"_s), bearer(sim.apiKey())).body)
                .object();
        QCOMPARE(me.value("pagination"_L1).toObject().value("total"_L1).toInt(), 3);
        // Filters apply only when truthy (`if name:` …): empty values and cluster_id 0 filter nothing.
        const QJsonObject empty = QJsonDocument::fromJson(
            httpGet(nam, url(sim, u"/v2/workers?name=&search=&uuid=&cluster_id=0"_s), bearer(sim.apiKey())).body)
                                      .object();
        QCOMPARE(empty.value("pagination"_L1).toObject().value("total"_L1).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(TestSimApi)
#include "tst_simapi.moc"

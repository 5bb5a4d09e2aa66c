#include "gpustack/gpustackclient.h"

#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

namespace {

const QString apiKey = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
const QString inferenceKey = u"gpustack_fedcba9876543210_0123456789abcdef0123456789abcdef"_s;
const QString password = u"s3cret-pa55"_s;

// A small GPUStack: /version, /auth/login, users/me, workers (paginated), per the reference.
struct FakeGpuStack {
    QByteArray version = "v2.2.3";
    QString prefix = u"/v2"_s;
    bool headerKey = true;  // X-API-Key accepted (v2.2+)
    bool hasLogin = true;
    QList<qint64> ids;
    int sessions = 0;  // issued session tokens; only the latest is valid
    bool sessionValid = true;

    bool authorized(const HttpRequest &r) const
    {
        const QByteArray auth = r.header("authorization");
        if (auth == "Bearer " + apiKey.toUtf8())
            return true;
        if (headerKey && r.header("x-api-key") == apiKey.toUtf8())
            return true;
        if (auth == "Basic " + QByteArray("admin:" + password.toUtf8()).toBase64())
            return true;
        return sessionValid && sessions > 0
            && r.header("cookie").contains(QByteArray("gpustack_session=token" + QByteArray::number(sessions)));
    }

    Script handle(const HttpRequest &r)
    {
        const QString path = r.path();
        if (path == u"/version"_s)
            return versionReply(version);
        if (path == u"/auth/login"_s && hasLogin) {
            const QUrlQuery form(QString::fromUtf8(r.body));
            if (form.queryItemValue(u"username"_s) != u"admin"_s
                || QUrl::fromPercentEncoding(form.queryItemValue(u"password"_s, QUrl::FullyEncoded).toLatin1())
                    != password)
                return unauthorized();
            ++sessions;
            sessionValid = true;
            return Script::reply(200, "null", "application/json",
                {"Set-Cookie: gpustack_session=token" + QByteArray::number(sessions)
                    + "; HttpOnly; Path=/; SameSite=lax"});
        }
        if (!path.startsWith(prefix + u'/'))
            return Script::json(404, R"({"detail":"Not Found"})");
        if (r.header("authorization") == "Bearer " + inferenceKey.toUtf8())
            return Script::json(403, R"({"code":403,"reason":"Forbidden","message":"API key lacks management scope"})");
        if (!authorized(r))
            return unauthorized();
        if (path == prefix + u"/users/me"_s)
            return Script::json(200, R"({"id":1,"username":"admin","is_admin":true})");
        if (path == prefix + u"/workers"_s) {
            const QUrlQuery q = r.query();
            return Script::json(
                200, workerPage(ids, q.queryItemValue(u"page"_s).toInt(), q.queryItemValue(u"perPage"_s).toInt()));
        }
        return Script::json(404, R"({"code":404,"reason":"NotFound","message":"nope"})");
    }
};

template<typename T>
std::optional<Result<T>> waitFor(
    const std::function<void(QObject *, GpuStackClient::Callback<T>)> &start, int ms = 10000)
{
    QObject context;
    std::optional<Result<T>> out;
    start(&context, [&out](Result<T> r) { out.emplace(std::move(r)); });
    (void)QTest::qWaitFor([&]() { return out.has_value(); }, ms);
    return out;
}

std::optional<Result<QList<Worker>>> listWorkers(GpuStackClient &c, const ListFilter &f = {})
{
    return waitFor<QList<Worker>>([&](QObject *ctx, auto cb) { c.listWorkers(f, ctx, cb); });
}

std::optional<Result<ServerInfo>> check(GpuStackClient &c)
{
    return waitFor<ServerInfo>([&](QObject *ctx, auto cb) { c.checkConnection(ctx, cb); });
}

ServerEndpoint endpointFor(const QUrl &url, AuthMode mode = AuthMode::ApiKeyBearer, const QString &secret = apiKey)
{
    ServerEndpoint e;
    e.url = url;
    e.authMode = mode;
    e.username = u"admin"_s;
    e.secret = secret;
    e.proxy.mode = ProxyOptions::Mode::None;
    return e;
}

}  // namespace

class TestGpuStackClient : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

private Q_SLOTS:
    void walksAllPagesOfWorkers()
    {
        FakeGpuStack fake;
        for (qint64 i = 250; i >= 1; --i)
            fake.ids.append(i);
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));

        const auto r = listWorkers(client);
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
        QCOMPARE(r->value().size(), 250);
        QSet<qint64> seen;
        for (const Worker &w : r->value())
            seen.insert(w.id);
        QCOMPARE(seen.size(), 250);
        QCOMPARE(client.apiVersion(), ApiVersion::V2);

        QStringList pages;
        for (const HttpRequest &req : server.requests) {
            if (req.path() == u"/v2/workers"_s) {
                pages.append(req.query().queryItemValue(u"page"_s));
                QCOMPARE(req.query().queryItemValue(u"perPage"_s), u"100"_s);
                QCOMPARE(req.header("authorization"), "Bearer " + apiKey.toUtf8());
            }
        }
        QCOMPARE(pages, (QStringList{u"1"_s, u"2"_s, u"3"_s}));
        // /version is asked without credentials.
        QVERIFY(server.requests.first().header("authorization").isEmpty());
    }

    void sendsFilters()
    {
        FakeGpuStack fake;
        fake.ids = {1, 2};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        ListFilter f;
        f.clusterId = 7;
        f.search = u"gpu node"_s;
        const auto r = listWorkers(client, f);
        QVERIFY(r && r->ok());
        const QUrlQuery q = server.requests.last().query();
        QCOMPARE(q.queryItemValue(u"cluster_id"_s), u"7"_s);
        QCOMPARE(q.queryItemValue(u"search"_s, QUrl::FullyDecoded), u"gpu node"_s);
    }

    void detectsApiVersion_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QString>("serverPrefix");
        QTest::addColumn<int>("override");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("warns");
        QTest::newRow("v2.2") << QByteArray("v2.2.3") << u"/v2"_s << int(ApiVersion::Auto) << int(ApiVersion::V2)
                              << false;
        QTest::newRow("v2.0") << QByteArray("v2.0.1") << u"/v2"_s << int(ApiVersion::Auto) << int(ApiVersion::V2)
                              << false;
        QTest::newRow("v0.7") << QByteArray("v0.7.1") << u"/v1"_s << int(ApiVersion::Auto) << int(ApiVersion::V0)
                              << false;
        QTest::newRow("newer") << QByteArray("v3.1.0") << u"/v2"_s << int(ApiVersion::Auto) << int(ApiVersion::V2)
                               << true;
        QTest::newRow("old-v0") << QByteArray("v0.4.0") << u"/v1"_s << int(ApiVersion::Auto) << int(ApiVersion::V0)
                                << true;
        QTest::newRow("dev-build-v1-routes")
            << QByteArray("v0.0.0") << u"/v1"_s << int(ApiVersion::Auto) << int(ApiVersion::V0) << true;
        QTest::newRow("dev-build-v2-routes")
            << QByteArray("v0.0.0") << u"/v2"_s << int(ApiVersion::Auto) << int(ApiVersion::V2) << true;
        QTest::newRow("garbage-version") << QByteArray("nightly") << u"/v2"_s << int(ApiVersion::Auto)
                                         << int(ApiVersion::V2) << true;
        QTest::newRow("override-v0") << QByteArray("v2.2.3") << u"/v1"_s << int(ApiVersion::V0) << int(ApiVersion::V0)
                                     << false;
    }

    void detectsApiVersion()
    {
        QFETCH(QByteArray, version);
        QFETCH(QString, serverPrefix);
        QFETCH(int, override);
        QFETCH(int, expected);
        QFETCH(bool, warns);
        FakeGpuStack fake;
        fake.version = version;
        fake.prefix = serverPrefix;
        fake.ids = {1, 2, 3};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        ServerEndpoint e = endpointFor(server.url());
        e.apiVersion = ApiVersion(override);
        client.setEndpoint(e);
        QSignalSpy warnings(&client, &GpuStackClient::warning);

        const auto r = listWorkers(client);
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().detail));
        QCOMPARE(r->value().size(), 3);
        QCOMPARE(int(client.apiVersion()), expected);
        QCOMPARE(client.serverInfo().version, QString::fromLatin1(version));
        QCOMPARE(!client.serverInfo().warnings.isEmpty(), warns);
        QCOMPARE(warnings.isEmpty(), !warns);
    }

    void apiKeyHeaderOnlyWhereSupported()
    {
        FakeGpuStack fake;
        fake.ids = {1};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url(), AuthMode::ApiKeyHeader));
        auto r = listWorkers(client);
        QVERIFY(r && r->ok());
        QCOMPARE(server.requests.last().header("x-api-key"), apiKey.toUtf8());
        QVERIFY(server.requests.last().header("authorization").isEmpty());

        // v2.1 predates X-API-Key (added v2.2.0): the key goes out as Bearer, with a warning.
        fake.version = "v2.1.0";
        fake.headerKey = false;
        client.setEndpoint(endpointFor(server.url(), AuthMode::ApiKeyHeader));
        r = listWorkers(client);
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QCOMPARE(server.requests.last().header("authorization"), "Bearer " + apiKey.toUtf8());
        QCOMPARE(client.serverInfo().warnings.size(), 1);
    }

    void passwordLoginThenSessionCookieAndRelogin()
    {
        FakeGpuStack fake;
        fake.ids = {1, 2};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url(), AuthMode::Password, password));

        auto r = listWorkers(client);
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QCOMPARE(fake.sessions, 1);
        const auto login = std::find_if(server.requests.cbegin(), server.requests.cend(),
            [](const HttpRequest &q) { return q.path() == u"/auth/login"_s; });
        QVERIFY(login != server.requests.cend());
        QCOMPARE(login->method, QByteArray("POST"));
        QCOMPARE(login->header("content-type"), QByteArray("application/x-www-form-urlencoded"));
        QVERIFY(login->body.startsWith("username=admin&password="));
        QCOMPARE(server.requests.last().header("cookie"), QByteArray("gpustack_session=token1"));
        QVERIFY(server.requests.last().header("authorization").isEmpty());

        // The JWT expires mid-session: the next request gets 401, the client logs in once more.
        fake.sessionValid = false;
        r = listWorkers(client);
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QCOMPARE(fake.sessions, 2);
        QCOMPARE(server.requests.last().header("cookie"), QByteArray("gpustack_session=token2"));

        // Three requests meet the expired session at once: one login between them.
        fake.sessionValid = false;
        QObject context;
        int answers = 0;
        for (int i = 0; i < 3; ++i) {
            client.getJson(u"users/me"_s, {}, &context, [&answers](Result<QJsonDocument> d) {
                QVERIFY(d.ok());
                ++answers;
            });
        }
        QTRY_COMPARE(answers, 3);
        QCOMPARE(fake.sessions, 3);
    }

    void concurrentCallsShareOneDetectionAndLogin()
    {
        FakeGpuStack fake;
        fake.ids = {1, 2, 3};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url(), AuthMode::Password, password));
        QObject context;
        int answers = 0;
        for (int i = 0; i < 3; ++i) {
            client.listWorkers({}, &context, [&answers](Result<QList<Worker>> r) {
                QVERIFY(r.ok());
                QCOMPARE(r->size(), 3);
                ++answers;
            });
        }
        QTRY_COMPARE(answers, 3);
        QCOMPARE(fake.sessions, 1);
        const auto versions = std::count_if(server.requests.cbegin(), server.requests.cend(),
            [](const HttpRequest &q) { return q.path() == u"/version"_s; });
        QCOMPARE(versions, 1);
    }

    void changingTheEndpointCancelsWaitingCalls()
    {
        ScriptedHttpServer slow;
        slow.setHandler(
            [](const HttpRequest &) { return Script().wait(300).send(versionReply().steps.first().bytes).close(); });
        QVERIFY(slow.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(slow.url()));
        std::optional<Result<QList<Worker>>> answer;
        QObject context;
        client.listWorkers({}, &context, [&answer](Result<QList<Worker>> r) { answer.emplace(std::move(r)); });
        client.setEndpoint(endpointFor(slow.url()));
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    }

    void basicAuthWhenThereIsNoLoginRoute()
    {
        FakeGpuStack fake;
        fake.ids = {1};
        fake.hasLogin = false;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url(), AuthMode::Password, password));
        const auto r = listWorkers(client);
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QVERIFY(server.requests.last().header("authorization").startsWith("Basic "));
        QVERIFY(!client.serverInfo().warnings.isEmpty());
    }

    void checkConnectionSucceeds()
    {
        FakeGpuStack fake;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = check(client);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().userName, u"admin"_s);
        QCOMPARE(r->value().version, u"v2.2.3"_s);
    }

    void checkConnectionSaysWhatIsWrong_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("code");
        QTest::newRow("wrong key") << u"wrong-key"_s << int(ErrorCode::Unauthorized);
        QTest::newRow("inference-only key") << u"inference-key"_s << int(ErrorCode::Forbidden);
        QTest::newRow("wrong password") << u"wrong-password"_s << int(ErrorCode::Unauthorized);
        QTest::newRow("html on /version") << u"html"_s << int(ErrorCode::NotGpuStack);
        QTest::newRow("other json on /version") << u"other-json"_s << int(ErrorCode::NotGpuStack);
        QTest::newRow("404 on /version") << u"no-version"_s << int(ErrorCode::NotGpuStack);
        QTest::newRow("unreachable") << u"closed-port"_s << int(ErrorCode::ConnectionRefused);
        QTest::newRow("stalls") << u"stall"_s << int(ErrorCode::Timeout);
        QTest::newRow("5xx") << u"5xx"_s << int(ErrorCode::ServerError);
    }

    void checkConnectionSaysWhatIsWrong()
    {
        QFETCH(QString, scenario);
        QFETCH(int, code);
        FakeGpuStack fake;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() == u"/version"_s) {
                if (scenario == u"html"_s)
                    return Script::reply(
                        200, "<!DOCTYPE html><html><body>Sign in to the portal</body></html>", "text/html");
                if (scenario == u"other-json"_s)
                    return Script::json(200, R"({"status":"ok","name":"some other API"})");
                if (scenario == u"no-version"_s)
                    return Script::reply(404, "Not Found", "text/plain");
                if (scenario == u"stall"_s)
                    return Script().send(Script::head(200, "application/json", {"Content-Length: 100"})).stall();
                if (scenario == u"5xx"_s)
                    return Script::reply(502, "<html>Bad Gateway</html>", "text/html");
            }
            return fake.handle(r);
        });
        QVERIFY(server.start());
        QUrl url = server.url();
        if (scenario == u"closed-port"_s)
            server.close();  // nothing listens there any more

        GpuStackClient client(&nam);
        client.setTimeoutMs(300);
        QString secret = apiKey;
        AuthMode mode = AuthMode::ApiKeyBearer;
        if (scenario == u"wrong-key"_s)
            secret = u"gpustack_aaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"_s;
        if (scenario == u"inference-key"_s)
            secret = inferenceKey;
        if (scenario == u"wrong-password"_s) {
            mode = AuthMode::Password;
            secret = u"not-the-password"_s;
        }
        client.setEndpoint(endpointFor(url, mode, secret));
        const auto r = check(client);
        QVERIFY(r.has_value());
        QVERIFY(!r->ok());
        QCOMPARE(errorCodeId(r->error().code), errorCodeId(ErrorCode(code)));
        QVERIFY(!r->error().message.isEmpty());
        QVERIFY(!r->error().message.contains(secret));
        QVERIFY(!r->error().detail.contains(secret));
        if (scenario == u"wrong-password"_s)
            QVERIFY2(r->error().message.contains(u"admin"_s), qPrintable(r->error().message));
    }

    void badRepliesAreClearErrors_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("code");
        QTest::newRow("malformed json") << u"malformed"_s << int(ErrorCode::MalformedReply);
        QTest::newRow("html login page") << u"html"_s << int(ErrorCode::NotGpuStack);
        QTest::newRow("10 MB with length") << u"huge-length"_s << int(ErrorCode::ReplyTooLarge);
        QTest::newRow("10 MB streamed") << u"huge-stream"_s << int(ErrorCode::ReplyTooLarge);
        QTest::newRow("stall mid-body") << u"stall"_s << int(ErrorCode::Timeout);
        QTest::newRow("closed mid-body") << u"cut"_s << int(ErrorCode::ConnectionReset);
        QTest::newRow("500") << u"500"_s << int(ErrorCode::ServerError);
        QTest::newRow("items not a list") << u"no-items"_s << int(ErrorCode::MalformedReply);
    }

    void badRepliesAreClearErrors()
    {
        QFETCH(QString, scenario);
        QFETCH(int, code);
        FakeGpuStack fake;
        ScriptedHttpServer server;
        const QByteArray huge(10 * 1024 * 1024, ' ');
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() != u"/v2/workers"_s)
                return fake.handle(r);
            if (scenario == u"malformed"_s)
                return Script::json(200, R"({"items":[{"id":1,"name":)");
            if (scenario == u"html"_s)
                return Script::reply(
                    200, "<html><head><title>Login</title></head><form action=/login></form></html>", "text/html");
            if (scenario == u"huge-length"_s)
                return Script::json(200, "[" + huge + "]");
            if (scenario == u"huge-stream"_s) {
                Script s;
                s.send(Script::head(200, "application/json"));
                for (int i = 0; i < 10; ++i)
                    s.send(huge.left(1024 * 1024)).wait(5);
                return s.close();
            }
            if (scenario == u"stall"_s)
                return Script()
                    .send(Script::head(200, "application/json", {"Content-Length: 1000"}) + R"({"items":[)")
                    .stall();
            if (scenario == u"cut"_s)
                return Script()
                    .send(Script::head(200, "application/json", {"Content-Length: 1000"}) + R"({"items":[)")
                    .close();
            if (scenario == u"500"_s)
                return Script::json(
                    500, R"({"code":500,"reason":"InternalServerError","message":"database is locked"})");
            return Script::json(200, R"({"items":{"id":1},"pagination":{}})");
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setTimeoutMs(400);
        client.setMaxReplyBytes(1024 * 1024);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY(r.has_value());  // no hang beyond the configured timeout
        QVERIFY(!r->ok());
        QCOMPARE(errorCodeId(r->error().code), errorCodeId(ErrorCode(code)));
        QVERIFY(!r->error().message.isEmpty());
        if (scenario == u"500"_s)
            QVERIFY2(r->error().detail.contains(u"database is locked"_s), qPrintable(r->error().detail));
    }

    void wrongFieldTypesFromTheServerAreNotedNotFatal()
    {
        FakeGpuStack fake;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() == u"/v2/workers"_s)
                return Script::json(200,
                    R"({"items":[{"id":1,"name":"a","port":"10150","state":7,"status":[]},)"
                    R"("not a worker",{"name":"no id"},{"id":2,"name":"b","state":"ready"}],)"
                    R"("pagination":{"page":1,"perPage":100,"total":4,"totalPage":1}})");
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().size(), 2);  // rows without an id cannot be tracked and are skipped
        const Worker &a = r->value().first();
        QCOMPARE(a.id, 1);
        QCOMPARE(a.state, WorkerState::Other);  // shown as sent ("7"), never as a known state
        QCOMPARE(a.stateText, u"7"_s);
        QVERIFY(!a.status.has_value());
        const QString notes = a.mappingNotes.join(u"; "_s);
        QVERIFY2(
            notes.contains(u"state"_s) && notes.contains(u"status"_s) && notes.contains(u"port"_s), qPrintable(notes));
        QCOMPARE(r->value().last().state, WorkerState::Ready);
    }

    void redirectToAnotherHostIsRefusedWithoutCredentials()
    {
        ScriptedHttpServer other;  // the "other host": a different origin on loopback
        other.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(other.start());
        FakeGpuStack fake;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() == u"/v2/workers"_s) {
                const QByteArray location = other.url().toEncoded() + "/v2/workers";
                return Script::reply(302, {}, {}, {"Location: " + location});
            }
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, ErrorCode::Redirect);
        QVERIFY2(
            r->error().message.contains(u"127.0.0.1:%1"_s.arg(other.serverPort())), qPrintable(r->error().message));
        QTest::qWait(50);
        QCOMPARE(other.requests.size(), 0);  // the key never left for the other host
    }

    void sameOriginRedirectIsFollowed()
    {
        FakeGpuStack fake;
        fake.ids = {1, 2};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() == u"/v2/workers"_s && r.query().queryItemValue(u"moved"_s).isEmpty())
                return Script::reply(307, {}, {}, {"Location: /v2/workers?moved=1&page=1&perPage=100"});
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QCOMPARE(r->value().size(), 2);
        QCOMPARE(server.requests.last().header("authorization"), "Bearer " + apiKey.toUtf8());
    }

    void explicitProxyCarriesTheRequests()
    {
        ScriptedHttpServer proxy;  // answers as if it were the server, and records what it got
        proxy.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(proxy.start());
        QNetworkAccessManager ownNam;
        GpuStackClient client(&ownNam);
        ServerEndpoint e = endpointFor(QUrl(u"http://127.0.0.1:9/"_s));
        e.proxy.mode = ProxyOptions::Mode::Explicit;
        e.proxy.url = proxy.url();
        client.setEndpoint(e);
        const auto r = waitFor<ServerInfo>([&](QObject *ctx, auto cb) { client.detectServer(ctx, cb); });
        QVERIFY2(r && r->ok(), r ? qPrintable(r->ok() ? QString() : r->error().detail) : "no answer");
        QCOMPARE(proxy.requests.size(), 1);
        QCOMPARE(proxy.requests.first().target, QByteArray("http://127.0.0.1:9/version"));
    }

    void closingTheClientMidRequestIsQuiet()
    {
        ScriptedHttpServer server;
        server.setHandler(
            [](const HttpRequest &) { return Script().wait(200).send(versionReply().steps.first().bytes).close(); });
        QVERIFY(server.start());
        auto *client = new GpuStackClient(&nam);
        client->setEndpoint(endpointFor(server.url()));
        bool called = false;
        QObject context;
        client->listWorkers({}, &context, [&called](Result<QList<Worker>>) { called = true; });
        QTRY_COMPARE(server.requests.size(), 1);
        delete client;  // a profile closed while its request is in flight
        QTest::qWait(400);
        QVERIFY(!called);
    }

    void callbackDiesWithItsContext()
    {
        FakeGpuStack fake;
        fake.ids = {1};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) -> Script {
            if (r.path() == u"/v2/workers"_s)
                return Script().wait(100).send(fake.handle(r).steps.first().bytes).close();
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        bool called = false;
        auto *context = new QObject;
        client.listWorkers({}, context, [&called](Result<QList<Worker>>) { called = true; });
        QTRY_COMPARE(server.requests.size(), 2);
        delete context;
        QTest::qWait(300);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestGpuStackClient)
#include "tst_gpustackclient.moc"

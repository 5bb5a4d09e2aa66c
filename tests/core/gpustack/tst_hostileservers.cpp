#include "gpustack/gpustackclient.h"
#include "gpustack/workerwatch.h"

#include "hostilememory.h"
#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

// Servers that misbehave on purpose, on real loopback sockets (issue 9, "Hostile servers"):
// each one must end in a stable ErrorCode with a translated sentence, within the configured
// time, with memory bounded by the documented caps, and must not hold up a healthy server.
// TLS certificates are in tst_hostiletls; the probe engine's health check in tst_hostilehealth.

namespace {

const QString apiKey = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
const QString password = u"s3cret-pa55"_s;
constexpr qint64 kMiB = 1024 * 1024;

ServerEndpoint endpointFor(const QUrl &url, AuthMode mode = AuthMode::ApiKeyBearer)
{
    ServerEndpoint e;
    e.url = url;
    e.authMode = mode;
    e.username = u"admin"_s;
    e.secret = mode == AuthMode::Password ? password : apiKey;
    e.proxy.mode = ProxyOptions::Mode::None;
    return e;
}

QByteArray page(const QByteArray &itemsJson, int total)
{
    return R"({"items":[)" + itemsJson + R"(],"pagination":{"page":1,"perPage":100,"total":)"
        + QByteArray::number(total) + R"(,"totalPage":1}})";
}

QByteArray workerJson(qint64 id)
{
    return QJsonDocument(fakeWorker(id)).toJson(QJsonDocument::Compact);
}

// GPUStack's answers around the hostile route: /version, users/me, login, and whatever the
// test does with /v2/workers.
Script around(const HttpRequest &r, const std::function<Script(const HttpRequest &)> &workers)
{
    if (r.path() == u"/version"_s)
        return versionReply();
    if (r.path() == u"/auth/login"_s)
        return Script::reply(
            200, "null", "application/json", {"Set-Cookie: gpustack_session=token1; HttpOnly; Path=/; SameSite=lax"});
    if (r.path() == u"/v2/users/me"_s)
        return Script::json(200, R"({"id":1,"username":"admin","is_admin":true})");
    if (r.path() == u"/v2/workers"_s)
        return workers(r);
    return Script::json(404, R"({"detail":"Not Found"})");
}

std::optional<Result<QList<Worker>>> listWorkers(GpuStackClient &c, int ms = 20000)
{
    QObject context;
    std::optional<Result<QList<Worker>>> out;
    c.listWorkers({}, &context, [&out](Result<QList<Worker>> r) { out.emplace(std::move(r)); });
    (void)QTest::qWaitFor([&]() { return out.has_value(); }, ms);
    return out;
}

// A second loopback address is "another host" (Linux routes all of 127/8 to lo); where it
// cannot be bound, another port of 127.0.0.1 is another origin all the same.
bool startElsewhere(ScriptedHttpServer &server)
{
    return server.start(0, QHostAddress(u"127.0.0.2"_s)) || server.start();
}

void expectClearError(const std::optional<Result<QList<Worker>>> &r, ErrorCode code)
{
    QVERIFY2(r.has_value(), "no answer: the client hung");
    QVERIFY(!r->ok());
    QCOMPARE(errorCodeId(r->error().code), errorCodeId(code));
    QVERIFY(r->error().message.size() > 20);  // a sentence, not a code
    QVERIFY(r->error().message.endsWith(u'.'));
}

// Page `page` of a listing: `count` fresh workers (ids page * 1000 + i) and the pagination claims.
QByteArray claimingPage(int page, int count, qint64 total, qint64 totalPage)
{
    QByteArray items;
    for (int i = 0; i < count; ++i)
        items += (items.isEmpty() ? "" : ",") + workerJson(qint64(page) * 1000 + i);
    return R"({"items":[)" + items + R"(],"pagination":{"page":)" + QByteArray::number(page)
        + R"(,"perPage":100,"total":)" + QByteArray::number(total) + R"(,"totalPage":)" + QByteArray::number(totalPage)
        + "}}";
}

int listRequests(const ScriptedHttpServer &server)
{
    return int(std::count_if(server.requests.cbegin(), server.requests.cend(),
        [](const HttpRequest &r) { return r.path() == u"/v2/workers"_s; }));
}

// What ClusterMonitor would see from a WorkerWatch.
struct Picture : QObject {
    QMap<qint64, Worker> workers;
    QList<ErrorCode> errors;
    QList<QString> messages;
    int upserts = 0;
    explicit Picture(WorkerWatch *watch)
    {
        connect(watch, &WorkerWatch::snapshot, this, [this](const QList<Worker> &list) {
            workers.clear();
            for (const Worker &w : list)
                workers.insert(w.id, w);
        });
        connect(watch, &WorkerWatch::upserted, this, [this](const Worker &w) {
            ++upserts;
            workers.insert(w.id, w);
        });
        connect(
            watch, &WorkerWatch::connectionStateChanged, this, [this](WorkerWatch::ConnectionState, const Error &e) {
                if (e.code != ErrorCode::None) {
                    errors.append(e.code);
                    messages.append(e.message);
                }
            });
    }
};

WorkerWatch::Options fastWatch()
{
    WorkerWatch::Options o;
    o.keepAliveWindowMs = 1500;
    o.backoffInitialMs = 20;
    o.backoffMaxMs = 100;
    o.pollIntervalMs = 100;
    return o;
}

// /v2/workers as a list answers `listed`; as a watch, connection n runs `stream(n)`.
struct WatchServer {
    QList<qint64> listed{1};
    int watches = 0;
    std::function<Script(int)> stream;
    Script handle(const HttpRequest &r)
    {
        return around(r, [this](const HttpRequest &w) {
            if (w.query().queryItemValue(u"watch"_s) == u"true"_s)
                return stream(watches++);
            QByteArray items;
            for (qint64 id : listed)
                items += (items.isEmpty() ? "" : ",") + workerJson(id);
            return Script::json(200, page(items, int(listed.size())));
        });
    }
};

QByteArray streamHead()
{
    return Script::head(200, "text/event-stream", {"Cache-Control: no-cache"});
}

}  // namespace

class TestHostileServers : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

private Q_SLOTS:
    // Memory first: the peak is reset per test where the kernel allows it (clear_refs), else
    // measured from the process' peak so far, which these tests would otherwise inherit.
    void hugeRepliesAreRefusedAtTheCapWithBoundedMemory_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::newRow("100 MB JSON, close-delimited") << u"streamed"_s;
        QTest::newRow("100 MB JSON, Content-Length announced") << u"announced"_s;
        QTest::newRow("endless chunked body") << u"chunked"_s;
    }
    void hugeRepliesAreRefusedAtTheCapWithBoundedMemory()
    {
        QFETCH(QString, shape);
        const QByteArray row = workerJson(7) + ',';
        const qint64 rows = 100 * kMiB / row.size();
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(r, [&](const HttpRequest &) {
                Script s;
                if (shape == u"chunked"_s) {
                    const QByteArray chunk(64 * 1024, ' ');
                    s.send(Script::head(200, "application/json", {"Transfer-Encoding: chunked"}) + "1\r\n[\r\n");
                    return s.repeat(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n", -1);
                }
                const QList<QByteArray> length = shape == u"announced"_s
                    ? QList<QByteArray>{"Content-Length: " + QByteArray::number(10 + rows * row.size() + 60)}
                    : QList<QByteArray>{};
                s.send(Script::head(200, "application/json", length) + R"({"items":[)");
                s.repeat(row, rows);
                return s.send(R"({"id":1}],"pagination":{"page":1,"perPage":100,"total":1,"totalPage":1}})").close();
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        QCOMPARE(client.maxReplyBytes(), 16 * kMiB);  // the documented default cap
        client.setEndpoint(endpointFor(server.url()));
        const PeakMemory memory;
        const auto r = listWorkers(client);
        expectClearError(r, ErrorCode::ReplyTooLarge);
        QVERIFY2(r->error().message.contains(u"16 MiB"_s), qPrintable(r->error().message));
        // The reply is dropped as it grows past the cap: well under the 100 MB sent.
        const qint64 grown = memory.growthBytes();
        qInfo("peak RSS growth %.1f MiB (%s), server sent %.1f MiB", double(grown) / kMiB, memory.method(),
            double(server.bytesSent) / kMiB);
        if (PeakMemory::measuresTheRealAllocator())
            QVERIFY2(grown < 16 * kMiB + 24 * kMiB, qPrintable(u"grew %1 MiB"_s.arg(grown / kMiB)));
        QVERIFY(server.bytesSent < 60 * kMiB);
    }

    void watchLineWithoutSeparatorIsCappedAndReconnects()
    {
        // 50 MB and no "\n\n": the framer must drop it at its cap, say so, and start over.
        WatchServer fake;
        fake.stream = [](int n) {
            Script s;
            s.send(streamHead());
            if (n == 0)
                return s.repeat(QByteArray(64 * 1024, 'x'), 800).stall();
            return s.send(watchEvent(1, fakeWorker(2))).stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        WorkerWatch watch(&client);
        WorkerWatch::Options o = fastWatch();
        o.maxEventBytes = 4 * kMiB;
        watch.setOptions(o);
        Picture picture(&watch);
        const PeakMemory memory;
        watch.start();
        QTRY_VERIFY_WITH_TIMEOUT(picture.errors.contains(ErrorCode::ReplyTooLarge), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(picture.workers.contains(2), 10000);  // the next connection works
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        const QString message = picture.messages.at(picture.errors.indexOf(ErrorCode::ReplyTooLarge));
        QVERIFY2(message.contains(u"4 MiB"_s), qPrintable(message));
        const qint64 grown = memory.growthBytes();
        qInfo("peak RSS growth %.1f MiB (%s) for a 50 MB line", double(grown) / kMiB, memory.method());
        if (PeakMemory::measuresTheRealAllocator())
            QVERIFY2(grown < 4 * kMiB + 6 * kMiB, qPrintable(u"grew %1 MiB"_s.arg(grown / kMiB)));
        watch.stop();
    }

    void slowServersEndAtTheDeadline_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::newRow("headers, a byte a second") << u"headers"_s;
        QTest::newRow("body, a byte a second") << u"body"_s;
        QTest::newRow("endless slow chunked body") << u"chunked"_s;
    }
    void slowServersEndAtTheDeadline()
    {
        QFETCH(QString, shape);
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(r, [&](const HttpRequest &) {
                Script s;
                const QByteArray body = page(workerJson(1), 1);
                if (shape == u"headers"_s)
                    return s.trickle(Script::head(200, "application/json", {"Content-Length: 10"}), 1000).stall();
                if (shape == u"body"_s)
                    return s
                        .send(Script::head(
                            200, "application/json", {"Content-Length: " + QByteArray::number(body.size())}))
                        .trickle(body, 1000)
                        .close();
                s.send(Script::head(200, "application/json", {"Transfer-Encoding: chunked"}));
                for (int i = 0; i < 40; ++i)
                    s.send("1\r\n \r\n").wait(300);
                return s.stall();
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setTimeoutMs(1500);  // silence
        client.setDeadlineMs(2500);  // the whole answer
        client.setEndpoint(endpointFor(server.url()));
        // Detection first, so the clock below measures the hostile request alone.
        std::optional<Result<ServerInfo>> ready;
        QObject ctx;
        client.detectServer(&ctx, [&](Result<ServerInfo> r) { ready.emplace(std::move(r)); });
        QTRY_VERIFY(ready.has_value() && ready->ok());
        QElapsedTimer clock;
        clock.start();
        const auto r = listWorkers(client);
        const qint64 took = clock.elapsed();
        expectClearError(r, ErrorCode::Timeout);
        QVERIFY2(took < 2500 + 1500, qPrintable(u"ended after %1 ms"_s.arg(took)));
        if (shape != u"headers"_s)  // a trickle that never goes silent outlives the inactivity timeout
            QVERIFY2(r->error().message.contains(u"within 2 s"_s), qPrintable(r->error().message));
    }

    void deeplyNestedJsonIsAnErrorNotACrash()
    {
        // QJsonDocument refuses more than 1024 levels (qjsonparser.cpp nestingLimit): no recursion
        // 100,000 frames deep, a MalformedReply instead.
        const QByteArray deep =
            R"({"items":)" + QByteArray(100000, '[') + QByteArray(100000, ']') + R"(,"pagination":{}})";
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(r, [&](const HttpRequest &) { return Script::json(200, deep); });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        expectClearError(r, ErrorCode::MalformedReply);
        QVERIFY2(r->error().message.contains(u"nested"_s), qPrintable(r->error().message));
    }

    void invalidUtf8AndNulInNamesAreKept()
    {
        // Raw 0xFF 0xFE bytes (never valid UTF-8) and an escaped NUL inside a name.
        // (Plain literals: moc misreads a raw string next to a hex escape.)
        const QByteArray hostile = QByteArray("{\"id\":1,\"name\":\"gpu-") + "\xff\xfe"
            + "-\\u0000-end\",\"hostname\":\"host-1\","
            + "\"ip\":\"10.0.0.1\",\"port\":10150,\"state\":\"ready\",\"labels\":{\"k\\u0000ey\":\"v" + "\xc3\x28"
            + "\"}}";
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(
                r, [&](const HttpRequest &) { return Script::json(200, page(hostile + ',' + workerJson(2), 2)); });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
        QCOMPARE(r->value().size(), 2);  // one odd name does not cost the list
        const Worker &w = r->value().first();
        QString expected = u"gpu-\uFFFD\uFFFD-"_s;
        expected += QChar(0);
        expected += u"-end"_s;
        QCOMPARE(w.name, expected);  // kept whole: nothing after the NUL is lost
        QCOMPARE(w.hostname, u"host-1"_s);
        QCOMPARE(w.ip, u"10.0.0.1"_s);
        QCOMPARE(w.state, WorkerState::Ready);
        QCOMPARE(w.labels.size(), 1);
        QCOMPARE(w.labels.first(), u"v\uFFFD("_s);
        QCOMPARE(r->value().last().name, u"gpu-node-2"_s);
    }

    void watchEventsWithOddBytesAndDepth()
    {
        // On the stream: a name with invalid UTF-8 is kept, a 100,000-deep event is skipped,
        // and the stream goes on.
        WatchServer fake;
        fake.stream = [](int) {
            QByteArray odd =
                QByteArray("{\"type\":1,\"data\":{\"id\":5,\"name\":\"n") + "\xff" + "\",\"state\":\"ready\"}}\n\n";
            QByteArray deep = R"({"type":2,"data":)" + QByteArray(100000, '[') + QByteArray(100000, ']') + "}\n\n";
            return Script()
                .send(streamHead() + odd)
                .wait(20)
                .send(deep)
                .wait(20)
                .send(watchEvent(1, fakeWorker(6)))
                .stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastWatch());
        Picture picture(&watch);
        watch.start();
        QTRY_VERIFY(picture.workers.contains(6));
        QCOMPARE(picture.workers.value(5).name, u"n\uFFFD"_s);
        QCOMPARE(picture.upserts, 2);
        QVERIFY(picture.errors.isEmpty());
        QCOMPARE(fake.watches, 1);  // no reconnect for one bad event
    }

    void trickledWatchHeadersEndInTheKeepAliveWindow()
    {
        WatchServer fake;
        fake.stream = [](int n) {
            if (n == 0)
                return Script().trickle(streamHead(), 1000).stall();
            return Script().send(streamHead() + watchEvent(1, fakeWorker(3))).stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastWatch());
        Picture picture(&watch);
        watch.start();
        QTRY_VERIFY_WITH_TIMEOUT(picture.errors.contains(ErrorCode::Timeout), 1500 + 3500);
        QTRY_VERIFY(picture.workers.contains(3));
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
    }

    void http10CloseDelimitedBodiesWork()
    {
        WatchServer fake;
        fake.stream = [](int) {
            return Script()
                .send("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + watchEvent(1, fakeWorker(4)))
                .stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            if (r.path() == u"/v2/workers"_s && r.query().queryItemValue(u"watch"_s).isEmpty())
                return Script()
                    .send("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + page(workerJson(1), 1))
                    .close();
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value().size(), 1);
        WorkerWatch watch(&client);
        watch.setOptions(fastWatch());
        Picture picture(&watch);
        watch.start();
        QTRY_VERIFY(picture.workers.contains(1) && picture.workers.contains(4));
    }

    void contentLengthLies_data()
    {
        QTest::addColumn<QString>("lie");
        QTest::addColumn<int>("code");
        // Longer than the body and then closed is tst_gpustackclient's "closed mid-body".
        QTest::newRow("shorter than the body") << u"shorter"_s << int(ErrorCode::MalformedReply);
        QTest::newRow("longer, then silence") << u"longer"_s << int(ErrorCode::Timeout);
    }
    void contentLengthLies()
    {
        QFETCH(QString, lie);
        QFETCH(int, code);
        const QByteArray body = page(workerJson(1) + ',' + workerJson(2), 2);
        const qsizetype length = lie == u"shorter"_s ? body.size() / 2 : body.size() + 100;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(r, [&](const HttpRequest &) {
                return Script()
                    .send(
                        Script::head(200, "application/json", {"Content-Length: " + QByteArray::number(length)}) + body)
                    .stall();
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setTimeoutMs(500);
        client.setEndpoint(endpointFor(server.url()));
        expectClearError(listWorkers(client), ErrorCode(code));
    }

    void redirectLoopEndsWithAClearError()
    {
        int hops = 0;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            return around(r, [&](const HttpRequest &w) {
                ++hops;
                return Script::reply(302, {}, {}, {"Location: " + w.target});
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        expectClearError(listWorkers(client), ErrorCode::Redirect);
        QVERIFY2(hops <= 4, qPrintable(QString::number(hops)));
    }

    void redirectToAnotherHostCarriesNoCredentials_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("route");
        QTest::newRow("Bearer key, list") << int(AuthMode::ApiKeyBearer) << u"/v2/workers"_s;
        QTest::newRow("X-API-Key, list") << int(AuthMode::ApiKeyHeader) << u"/v2/workers"_s;
        QTest::newRow("session cookie, list") << int(AuthMode::Password) << u"/v2/workers"_s;
        QTest::newRow("password, login form") << int(AuthMode::Password) << u"/auth/login"_s;
        QTest::newRow("Bearer key, watch stream") << int(AuthMode::ApiKeyBearer) << u"watch"_s;
    }
    void redirectToAnotherHostCarriesNoCredentials()
    {
        QFETCH(int, mode);
        QFETCH(QString, route);
        ScriptedHttpServer other;
        other.setHandler([](const HttpRequest &r) {
            return around(r, [](const HttpRequest &) { return Script::json(200, page({}, 0)); });
        });
        QVERIFY(startElsewhere(other));
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            const bool watch = r.query().queryItemValue(u"watch"_s) == u"true"_s;
            const bool hit = route == u"watch"_s ? watch : (r.path() == route && !watch);
            if (hit)
                return Script::reply(
                    route == u"/auth/login"_s ? 307 : 302, {}, {}, {"Location: " + other.url().toEncoded() + r.target});
            return around(r, [](const HttpRequest &) { return Script::json(200, page(workerJson(1), 1)); });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url(), AuthMode(mode)));
        if (route == u"watch"_s) {
            WorkerWatch watch(&client);
            watch.setOptions(fastWatch());
            Picture picture(&watch);
            watch.start();
            QTRY_VERIFY(!picture.errors.isEmpty());
            QCOMPARE(picture.errors.first(), ErrorCode::Redirect);
            watch.stop();
        } else {
            expectClearError(listWorkers(client), ErrorCode::Redirect);
        }
        QTest::qWait(100);
        for (const HttpRequest &r : std::as_const(other.requests)) {
            QVERIFY(r.header("authorization").isEmpty());
            QVERIFY(r.header("x-api-key").isEmpty());
            QVERIFY(r.header("cookie").isEmpty());
            QVERIFY(!r.body.contains(password.toUtf8()));
        }
        QCOMPARE(other.requests.size(), 0);  // stronger still: nothing was sent there at all
        QVERIFY(!server.requests.isEmpty());
    }

    // Issue 21 item 3: a listing is bounded over all its pages, not only per reply. A server
    // claiming 100,000 pages of 100 workers (10 million entries) is refused on its first page.
    void listingClaimingAbsurdTotalsStopsAtOnce()
    {
        ScriptedHttpServer server;
        server.setHandler([](const HttpRequest &r) {
            return around(r, [](const HttpRequest &w) {
                const int n = w.query().queryItemValue(u"page"_s).toInt();
                return Script::json(200, claimingPage(n, 100, 10'000'000, 100'000));
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        const auto r = listWorkers(client);
        expectClearError(r, ErrorCode::ReplyTooLarge);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(r->error().message.contains(QLocale().toString(GpuStackClient::kDefaultMaxListItems)),
            qPrintable(r->error().message));
        QCOMPARE(listRequests(server), 1);
    }

    // A server that keeps adding pages (each claims one more than it is) ends at the listing's
    // caps, entries or bytes, whichever comes first: never more than one page past either.
    void listingThatKeepsGrowingEndsAtTheCaps_data()
    {
        QTest::addColumn<qint64>("maxItems");
        QTest::addColumn<qint64>("maxBytes");
        QTest::newRow("entries") << qint64(1000) << qint64(256) * kMiB;
        QTest::newRow("bytes") << GpuStackClient::kDefaultMaxListItems << qint64(256 * 1024);
    }
    void listingThatKeepsGrowingEndsAtTheCaps()
    {
        QFETCH(qint64, maxItems);
        QFETCH(qint64, maxBytes);
        ScriptedHttpServer server;
        server.setHandler([](const HttpRequest &r) {
            return around(r, [](const HttpRequest &w) {
                const int n = w.query().queryItemValue(u"page"_s).toInt();
                return Script::json(200, claimingPage(n, 100, -1, n + 1));
            });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        client.setMaxListing(maxItems, maxBytes);
        const auto r = listWorkers(client);
        expectClearError(r, ErrorCode::ReplyTooLarge);
        if (QTest::currentTestFailed())
            return;
        const int pages = listRequests(server);
        const qint64 pageBytes = claimingPage(pages, 100, -1, pages + 1).size();
        QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
        QVERIFY2(qint64(pages - 1) * 100 <= maxItems, qPrintable(QString::number(pages)));
        QVERIFY2(qint64(pages - 1) * pageBytes <= maxBytes, qPrintable(QString::number(pages)));
    }

    // A page with more entries than asked for (perPage) is an error, not kept.
    void pageWithMoreEntriesThanAskedIsRefused()
    {
        ScriptedHttpServer server;
        server.setHandler([](const HttpRequest &r) {
            return around(r, [](const HttpRequest &) { return Script::json(200, claimingPage(1, 50, 50, 1)); });
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpointFor(server.url()));
        client.setPageSize(10);
        const auto r = listWorkers(client);
        expectClearError(r, ErrorCode::MalformedReply);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(r->error().message.contains(u"50"_s) && r->error().message.contains(u"10"_s),
            qPrintable(r->error().message));
        QCOMPARE(listRequests(server), 1);
    }

    void aHealthyServerKeepsWorkingBesideAHostileOne()
    {
        // Each profile has its own manager and client (ClusterSession); the hostile one trickles
        // its list and floods its stream while the healthy one lists and watches as usual.
        ScriptedHttpServer hostile;
        hostile.setHandler([](const HttpRequest &r) {
            return around(r, [](const HttpRequest &w) {
                if (w.query().queryItemValue(u"watch"_s) == u"true"_s)
                    return Script().send(streamHead()).repeat(QByteArray(64 * 1024, 'x'), -1);
                return Script().trickle(Script::head(200, "application/json"), 1000).stall();
            });
        });
        QVERIFY(hostile.start());
        WatchServer fake;
        fake.listed = {1, 2};
        fake.stream = [](int) {
            Script s;
            s.send(streamHead());
            for (int i = 0; i < 30; ++i)
                s.send(watchEvent(2, fakeWorker(1 + i % 2))).wait(100);
            return s.stall();
        };
        ScriptedHttpServer healthy;
        healthy.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(healthy.start());

        QNetworkAccessManager hostileNam;
        GpuStackClient bad(&hostileNam);
        bad.setTimeoutMs(1500);
        bad.setDeadlineMs(4000);
        bad.setEndpoint(endpointFor(hostile.url()));
        GpuStackClient good(&nam);
        good.setEndpoint(endpointFor(healthy.url()));

        std::optional<Result<QList<Worker>>> badList;
        QObject ctx;
        bad.listWorkers({}, &ctx, [&](Result<QList<Worker>> r) { badList.emplace(std::move(r)); });
        WorkerWatch badWatch(&bad);
        WorkerWatch::Options o = fastWatch();
        o.maxEventBytes = kMiB;
        badWatch.setOptions(o);
        Picture badPicture(&badWatch);
        badWatch.start();

        const auto goodList = listWorkers(good);
        QVERIFY(goodList && goodList->ok());
        QCOMPARE(goodList->value().size(), 2);
        QVERIFY(!badList.has_value());  // the healthy answer did not wait for the hostile one
        WorkerWatch goodWatch(&good);
        goodWatch.setOptions(fastWatch());
        Picture goodPicture(&goodWatch);
        goodWatch.start();
        QTRY_VERIFY(goodPicture.upserts >= 10);
        QCOMPARE(goodWatch.state(), WorkerWatch::ConnectionState::Watching);
        QVERIFY(goodPicture.errors.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(badList.has_value(), 6000);
        QCOMPARE(badList->error().code, ErrorCode::Timeout);
        badWatch.stop();
        goodWatch.stop();
    }
};

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"

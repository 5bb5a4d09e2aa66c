// ClusterWatch (issue 3: "watch on workers (and clusters)"): GET /v2/clusters?watch=true with
// GPUStack's framing, resync by listing, reconnect with backoff, polling fallback, and nothing at
// all on a v0.x server (no clusters before v2; ref/gpustack-api.md §5).
#include "gpustack/clusterwatch.h"

#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

namespace {

const QString apiKey = testApiKey();

// A ClusterPublic row as GPUStack v2 serves it (null fields omitted).
QJsonObject fakeCluster(qint64 id, const QString &state = u"ready"_s)
{
    return QJsonObject{{u"id"_s, id}, {u"name"_s, u"cluster-%1"_s.arg(id)}, {u"provider"_s, u"Docker"_s},
        {u"state"_s, state}, {u"workers"_s, 2}, {u"ready_workers"_s, state == u"ready"_s ? 2 : 0}, {u"gpus"_s, 4},
        {u"models"_s, 1}, {u"created_at"_s, u"2025-06-01T10:00:00"_s}, {u"updated_at"_s, u"2025-06-01T10:05:00"_s}};
}

// What a cluster list in the UI would show, built only from the signals.
struct ClusterPicture : QObject {
    QMap<qint64, Cluster> clusters;
    int snapshots = 0;
    QList<ClusterWatch::ConnectionState> states;
    QList<ErrorCode> errors;

    explicit ClusterPicture(ClusterWatch *watch)
    {
        connect(watch, &ClusterWatch::snapshot, this, [this](const QList<Cluster> &list) {
            ++snapshots;
            QSet<qint64> ids;
            clusters.clear();
            for (const Cluster &c : list) {
                QVERIFY2(!ids.contains(c.id), "duplicate cluster in a snapshot");
                ids.insert(c.id);
                clusters.insert(c.id, c);
            }
        });
        connect(watch, &ClusterWatch::upserted, this, [this](const Cluster &c) { clusters.insert(c.id, c); });
        connect(watch, &ClusterWatch::removed, this, [this](qint64 id) { clusters.remove(id); });
        connect(watch, &ClusterWatch::connectionStateChanged, this,
            [this](ClusterWatch::ConnectionState s, const Error &e) {
                states.append(s);
                errors.append(e.code);
            });
    }
    QList<qint64> ids() const { return clusters.keys(); }
};

// The test's GPUStack v2: a cluster table it edits (see FakeWatchServer).
struct FakeServer : FakeWatchServer {
    FakeServer()
    {
        path = u"/v2/clusters"_s;
        row = [](qint64 id, const QString &state) { return fakeCluster(id, state); };
    }
};

ClusterWatch::Options fastOptions()
{
    ClusterWatch::Options o;
    o.keepAliveWindowMs = 400;
    o.backoffInitialMs = 20;
    o.backoffMaxMs = 200;
    o.pollIntervalMs = 100;
    return o;
}

}  // namespace

class TestClusterWatch : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

    static ServerEndpoint endpoint(const QUrl &url)
    {
        ServerEndpoint e;
        e.url = url;
        e.secret = apiKey;
        e.proxy.mode = ProxyOptions::Mode::None;
        return e;
    }

private Q_SLOTS:
    void replayThenUpdateAndIdOnlyDelete()
    {
        FakeServer fake;
        fake.table = {{1, u"ready"_s}, {2, u"ready"_s}, {3, u"provisioning"_s}};
        fake.live = [](int) {
            Script s;
            s.wait(20).send(watchEvent(2, fakeCluster(2, u"provisioning"_s)));
            s.send("\n\n");  // keep-alive
            s.send(R"({"type":3,"data":{"id":3}})"
                   "\n\n");  // DELETED with id-only data
            const QByteArray created = watchEvent(1, fakeCluster(4));
            s.wait(20).send(created.left(10)).wait(20).send(created.mid(10));  // split across writes
            return s.stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        ClusterWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();

        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 2, 4}));
        QCOMPARE(picture.clusters.value(2).stateText, u"provisioning"_s);
        QCOMPARE(picture.clusters.value(2).readyWorkers, 0);
        QCOMPARE(picture.clusters.value(4).name, u"cluster-4"_s);
        QCOMPARE(picture.snapshots, 1);
        QCOMPARE(watch.state(), ClusterWatch::ConnectionState::Watching);
        QVERIFY(picture.states.contains(ClusterWatch::ConnectionState::Syncing));
        QCOMPARE(fake.watchConnections, 1);
        watch.stop();
        QCOMPARE(watch.state(), ClusterWatch::ConnectionState::Stopped);
    }

    void droppedConnectionResyncsWithoutDuplicates()
    {
        FakeServer fake;
        fake.table = {{1, u"ready"_s}, {2, u"ready"_s}};
        fake.live = [&fake](int index) {
            if (index == 0) {
                // The cluster table changes while the server restarts.
                fake.table.remove(1);
                fake.table.insert(7, u"pending"_s);
                return Script().wait(50).close();
            }
            return Script().stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        ClusterWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(fake.watchConnections, 2);
        QTRY_COMPARE(watch.state(), ClusterWatch::ConnectionState::Watching);
        QTRY_COMPARE(picture.ids(), (QList<qint64>{2, 7}));
        QCOMPARE(picture.clusters.value(7).stateText, u"pending"_s);
        QCOMPARE(fake.listRequests, 2);  // resynced by listing
        QVERIFY(picture.snapshots >= 2);
        QVERIFY(picture.errors.contains(ErrorCode::ConnectionReset));
        QVERIFY(watch.reconnectCount() >= 1);
    }

    void missedKeepAliveReconnects()
    {
        FakeServer fake;
        fake.table = {{1, u"ready"_s}};
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        ClusterWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(picture.ids(), (QList<qint64>{1}));
        fake.table.insert(2, u"ready"_s);
        QTRY_VERIFY_WITH_TIMEOUT(fake.watchConnections >= 2, 3000);
        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 2}));
        QVERIFY(picture.errors.contains(ErrorCode::Timeout));
    }

    void pollsWhenWatchIsUnavailable()
    {
        FakeServer fake;
        fake.table = {{1, u"ready"_s}};
        fake.watchAvailable = false;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        ClusterWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(watch.state(), ClusterWatch::ConnectionState::Polling);
        fake.table.insert(2, u"provisioning"_s);
        fake.table.remove(1);
        QTRY_COMPARE(picture.ids(), (QList<qint64>{2}));
        QCOMPARE(picture.clusters.value(2).stateText, u"provisioning"_s);
        QVERIFY(fake.listRequests >= 2);
        QCOMPARE(fake.watchConnections, 0);
    }

    void v0ServerHasNoClustersAndIsLeftAlone()
    {
        FakeServer fake;
        fake.version = "v0.7.1";  // /v1 prefix: clusters arrived with v2
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        ClusterWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(watch.state(), ClusterWatch::ConnectionState::Unsupported);
        QCOMPARE(watch.lastError().code, ErrorCode::NotFound);
        QVERIFY(watch.lastError().message.contains(u"v0.x"_s));
        QCOMPARE(picture.snapshots, 1);
        QVERIFY(picture.clusters.isEmpty());
        const int requests = fake.requests;
        QTest::qWait(300);  // several backoff and poll intervals: nothing more is asked
        QCOMPARE(fake.requests, requests);
        QCOMPARE(fake.watchConnections, 0);
        QCOMPARE(watch.reconnectCount(), 0);
        QCOMPARE(watch.state(), ClusterWatch::ConnectionState::Unsupported);
    }

    void v0OverrideMakesNoRequest()
    {
        FakeServer fake;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        ServerEndpoint e = endpoint(server.url());
        e.apiVersion = ApiVersion::V0;  // the profile says v0.x
        client.setEndpoint(e);
        ClusterWatch watch(&client);
        ClusterPicture picture(&watch);
        watch.start();
        QCOMPARE(watch.state(), ClusterWatch::ConnectionState::Unsupported);
        QCOMPARE(picture.snapshots, 1);
        QCOMPARE(fake.requests, 0);
    }
};

QTEST_GUILESS_MAIN(TestClusterWatch)
#include "tst_clusterwatch.moc"

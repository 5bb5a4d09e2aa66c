#include "gpustack/workerwatch.h"

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

// What ClusterMonitor does with the signals: the test's picture of the cluster.
struct ClusterPicture : QObject {
    QMap<qint64, Worker> workers;
    int snapshots = 0;
    int upserts = 0;
    QList<WorkerWatch::ConnectionState> states;
    QList<ErrorCode> errors;

    explicit ClusterPicture(WorkerWatch *watch)
    {
        connect(watch, &WorkerWatch::snapshot, this, [this](const QList<Worker> &list) {
            ++snapshots;
            QSet<qint64> ids;
            workers.clear();
            for (const Worker &w : list) {
                QVERIFY2(!ids.contains(w.id), "duplicate worker in a snapshot");
                ids.insert(w.id);
                workers.insert(w.id, w);
            }
        });
        connect(watch, &WorkerWatch::upserted, this, [this](const Worker &w) {
            ++upserts;
            workers.insert(w.id, w);
        });
        connect(watch, &WorkerWatch::removed, this, [this](qint64 id) { workers.remove(id); });
        connect(
            watch, &WorkerWatch::connectionStateChanged, this, [this](WorkerWatch::ConnectionState s, const Error &e) {
                states.append(s);
                errors.append(e.code);
            });
    }
    QList<qint64> ids() const { return workers.keys(); }
};

// The test's GPUStack: a worker table it edits (see FakeWatchServer).
struct FakeCluster : FakeWatchServer {
    FakeCluster()
    {
        path = u"/v2/workers"_s;
        row = [](qint64 id, const QString &state) { return fakeWorker(id, state); };
    }
};

WorkerWatch::Options fastOptions()
{
    WorkerWatch::Options o;
    o.keepAliveWindowMs = 400;
    o.backoffInitialMs = 20;
    o.backoffMaxMs = 200;
    o.pollIntervalMs = 100;
    return o;
}

}  // namespace

class TestWorkerWatch : public QObject {
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
    void replayThenLiveEvents()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}, {2, u"ready"_s}, {3, u"ready"_s}};
        fake.live = [](int) {
            Script s;
            s.wait(20).send(watchEvent(2, fakeWorker(2, u"unreachable"_s)));
            s.send("\n\n");  // keep-alive
            s.send(R"({"type":3,"data":{"id":3},"id":3})"
                   "\n\n");  // DELETED with id-only data
            // An event split across TCP writes.
            const QByteArray created = watchEvent(1, fakeWorker(4));
            s.wait(20).send(created.left(10)).wait(20).send(created.mid(10, 30)).wait(20).send(created.mid(40));
            return s.stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();

        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 2, 4}));
        QCOMPARE(picture.workers.value(2).state, WorkerState::Unreachable);
        QCOMPARE(picture.snapshots, 1);
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        QVERIFY(picture.states.contains(WorkerWatch::ConnectionState::Syncing));
        QCOMPARE(fake.watchConnections, 1);
        watch.stop();
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Stopped);
    }

    void keepAlivesKeepTheStream()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}};
        fake.live = [](int) {
            Script s;
            for (int i = 0; i < 12; ++i)
                s.wait(100).send("\n\n");
            return s.stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());  // window 400 ms, keep-alive every 100 ms
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        QTest::qWait(1000);  // 2.5 windows
        QCOMPARE(fake.watchConnections, 1);
        QCOMPARE(watch.reconnectCount(), 0);
    }

    void missedKeepAliveResyncsWithoutDuplicatesOrLosses()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}, {2, u"ready"_s}, {3, u"ready"_s}};
        // First connection: replay, then silence (a half-open connection: no keep-alive).
        fake.live = [](int) { return Script().stall(); };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 2, 3}));

        // While the stream is silently dead, the cluster changes: 2 deleted, 5 added, 3 down.
        fake.table.remove(2);
        fake.table.insert(5, u"ready"_s);
        fake.table.insert(3, u"not_ready"_s);

        QTRY_VERIFY_WITH_TIMEOUT(fake.watchConnections >= 2, 3000);
        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 3, 5}));
        QCOMPARE(picture.workers.value(3).state, WorkerState::NotReady);
        QVERIFY(picture.snapshots >= 2);
        QVERIFY(picture.states.contains(WorkerWatch::ConnectionState::Reconnecting));
        QVERIFY(picture.errors.contains(ErrorCode::Timeout));
        QCOMPARE(watch.lastError().code, ErrorCode::None);
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
    }

    void droppedConnectionReconnects()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}, {2, u"ready"_s}};
        fake.live = [](int index) {
            if (index == 0)
                return Script().wait(50).close();  // the server restarts
            return Script().stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(fake.watchConnections, 2);
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        QCOMPARE(picture.ids(), (QList<qint64>{1, 2}));
        QCOMPARE(fake.listRequests, 2);  // resynced by listing
        QVERIFY(picture.errors.contains(ErrorCode::ConnectionReset));
    }

    void serverDownThenBackWithBackoff()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}};
        bool down = true;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) {
            if (down && r.path() == u"/v2/workers"_s)
                return Script::json(503, R"({"code":503,"message":"starting"})");
            return fake.handle(r);
        });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_VERIFY(watch.reconnectCount() >= 3);
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Reconnecting);
        QCOMPARE(watch.lastError().code, ErrorCode::ServerError);
        QVERIFY(picture.workers.isEmpty());
        down = false;
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        QCOMPARE(picture.ids(), (QList<qint64>{1}));
    }

    void pollsWhenWatchIsUnavailable()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}};
        fake.watchAvailable = false;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        watch.setOptions(fastOptions());
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Polling);
        fake.table.insert(2, u"unreachable"_s);
        QTRY_COMPARE(picture.ids(), (QList<qint64>{1, 2}));
        QCOMPARE(picture.workers.value(2).state, WorkerState::Unreachable);
        QVERIFY(fake.listRequests >= 2);
        QCOMPARE(fake.watchConnections, 0);
    }

    void pollingTriesTheStreamAgainLater()
    {
        // A proxy that buffered the stream goes away: polling must not be forever.
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}};
        fake.watchAvailable = false;
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        WorkerWatch::Options o = fastOptions();
        o.watchRetryMs = 300;
        watch.setOptions(o);
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Polling);
        // Still unavailable at the retry: back to polling, and the retry keeps coming.
        const int listsBefore = fake.listRequests;
        QTRY_VERIFY(fake.listRequests >= listsBefore + 6);
        QCOMPARE(watch.state(), WorkerWatch::ConnectionState::Polling);
        fake.watchAvailable = true;
        QTRY_COMPARE(watch.state(), WorkerWatch::ConnectionState::Watching);
        QCOMPARE(fake.watchConnections, 1);
        fake.table.insert(2, u"ready"_s);  // only a resync or a live event would show it; neither comes now
        QCOMPARE(picture.ids(), (QList<qint64>{1}));
    }

    void oversizedEventIsAClearErrorAndResyncs()
    {
        FakeCluster fake;
        fake.table = {{1, u"ready"_s}};
        fake.live = [](int index) {
            if (index == 0)
                return Script().send(QByteArray(8192, '{')).stall();  // never ends with "\n\n"
            return Script().stall();
        };
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &r) { return fake.handle(r); });
        QVERIFY(server.start());
        GpuStackClient client(&nam);
        client.setEndpoint(endpoint(server.url()));
        WorkerWatch watch(&client);
        WorkerWatch::Options o = fastOptions();
        o.maxEventBytes = 4096;
        watch.setOptions(o);
        ClusterPicture picture(&watch);
        watch.start();
        QTRY_VERIFY(picture.errors.contains(ErrorCode::ReplyTooLarge));
        QTRY_COMPARE(fake.watchConnections, 2);
        QCOMPARE(picture.ids(), (QList<qint64>{1}));
    }
};

QTEST_GUILESS_MAIN(TestWorkerWatch)
#include "tst_workerwatch.moc"

#include "gpustack/jsonread.h"
#include "gpustack/resources.h"
#include "gpustack/watchevents.h"
#include "gpustack/watchframes.h"
#include "gpustack/workerjson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

QJsonObject obj(const QByteArray &json)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(json, &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(e.errorString()));
    return d.object();
}

// The v2.2 worker of ref/gpustack-api.md §4.2 (id 4: unreachable, advertise_address ≠ ip).
// (In a file: moc cannot parse that JSON as a raw string literal.)
QByteArray v2Worker()
{
    QFile f(QStringLiteral(PARALLAX_TEST_DATA_DIR "/gpustack-fixtures/v2/worker_unreachable_v2_2.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing v2 fixture");
    return f.readAll();
}

}  // namespace

class TestWorkerJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFixtureParses()
    {
        const QDir dir(QStringLiteral(PARALLAX_TEST_DATA_DIR "/gpustack-fixtures/workers"));
        const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files);
        QVERIFY2(files.size() >= 40, qPrintable(dir.path()));
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            const Result<Worker> w = workerFromJson(o);
            QVERIFY2(w.ok(), qPrintable(name + u": "_s + (w.ok() ? QString() : w.error().detail)));
            QCOMPARE(w->id, o.value(u"id"_s).toInteger());
            QVERIFY2(!w->name.isEmpty(), qPrintable(name));
            QVERIFY2(w->state != WorkerState::Unknown, qPrintable(name));
            QVERIFY2(w->createdAt.isValid() && w->createdAt.timeSpec() == Qt::UTC, qPrintable(name));
            // v0.x shape: these are absent, and must read as unknown rather than as data.
            QVERIFY2(!w->clusterId.has_value(), qPrintable(name));
            QVERIFY2(!w->advertiseAddress.has_value(), qPrintable(name));
            QVERIFY2(!w->metricsPort.has_value(), qPrintable(name));
            QVERIFY2(w->mappingNotes.isEmpty(), qPrintable(name + u": "_s + w->mappingNotes.join(u"; "_s)));
        }
    }

    void fixtureDetailsSurvive()
    {
        QFile f(QStringLiteral(PARALLAX_TEST_DATA_DIR "/gpustack-fixtures/workers/linux_ascend_1_910b_64gx8.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Result<Worker> w = workerFromJson(QJsonDocument::fromJson(f.readAll()).object());
        QVERIFY(w.ok());
        QVERIFY(w->status.has_value());
        QCOMPARE(w->status->gpus.size(), 8);
        QCOMPARE(w->status->gpus[0].vendor, u"ascend"_s);
        QCOMPARE(w->status->gpus[0].networkStatus, u"up"_s);
        QCOMPARE(w->systemReservedRam, std::optional<qint64>(2147483648));

        QFile cpu(QStringLiteral(PARALLAX_TEST_DATA_DIR "/gpustack-fixtures/workers/linux_cpu_1.json"));
        QVERIFY(cpu.open(QIODevice::ReadOnly));
        const Result<Worker> c = workerFromJson(QJsonDocument::fromJson(cpu.readAll()).object());
        QVERIFY(c.ok());
        // v0.x spelling memory/gpu_memory of system_reserved.
        QCOMPARE(c->systemReservedRam, std::optional<qint64>(1073741824));
        QCOMPARE(c->systemReservedVram, std::optional<qint64>(1073741824));
        // Naive "2024-07-05T02:17:42" is UTC.
        QCOMPARE(c->createdAt, QDateTime(QDate(2024, 7, 5), QTime(2, 17, 42), Qt::UTC));
        // Keys absent from this fixture stay unknown.
        QVERIFY(!c->status->cpuCores.has_value());
        QVERIFY(!c->heartbeatTime.isValid());
        QVERIFY(!c->unreachable.has_value());
    }

    void v2WorkerMapsEveryField()
    {
        const Result<Worker> r = workerFromJson(obj(v2Worker()));
        QVERIFY(r.ok());
        const Worker &w = r.value();
        QCOMPARE(w.id, 4);
        QCOMPARE(w.ip, u"172.17.0.3"_s);
        QCOMPARE(w.advertiseAddress, std::optional<QString>(u"10.0.8.21"_s));
        QCOMPARE(w.healthUrl(), QUrl(u"http://10.0.8.21:10150/healthz"_s));  // the server probes advertise_address
        QCOMPARE(w.ifname, u"eth0"_s);
        QCOMPARE(w.port, std::optional<int>(10150));
        QCOMPARE(w.metricsPort, std::optional<int>(10151));
        QCOMPARE(w.clusterId, std::optional<qint64>(1));
        QCOMPARE(w.state, WorkerState::Unreachable);
        QCOMPARE(w.stateText, u"unreachable"_s);
        QCOMPARE(w.unreachable, std::optional<bool>(true));
        QCOMPARE(w.maintenanceEnabled, std::optional<bool>(false));
        QCOMPARE(w.heartbeatTime, QDateTime(QDate(2026, 8, 21), QTime(7, 53, 10), Qt::UTC));
        QCOMPARE(w.updatedAt, QDateTime(QDate(2026, 8, 21), QTime(7, 52, 40), Qt::UTC));
        QCOMPARE(w.labels.value(u"arch"_s), u"amd64"_s);
        QCOMPARE(w.proxyMode, u"worker"_s);
        QCOMPARE(w.provider, u"Docker"_s);
        QCOMPARE(w.workerVersion, u"v2.2.3"_s);
        QCOMPARE(w.ownerPrincipalId, std::optional<qint64>(1));
        QCOMPARE(w.systemPrincipalId, std::optional<qint64>(13));
        QVERIFY(!w.workerPoolId.has_value());
        QVERIFY(!w.me.has_value());
        QCOMPARE(w.systemReservedVram, std::optional<qint64>(1073741824));
        QVERIFY(w.status.has_value());
        QCOMPARE(w.status->cpuCores, std::optional<int>(16));
        QCOMPARE(w.status->memoryUsed, std::optional<qint64>(6584000000));
        QCOMPARE(w.status->filesystems.size(), 1);
        QCOMPARE(w.status->filesystems[0].mountPoint, u"/"_s);
        QCOMPARE(w.status->kernelRelease, u"6.8.0-40-generic"_s);
        QCOMPARE(w.status->gpus.size(), 1);
        const GpuDevice &g = w.status->gpus[0];
        QCOMPARE(g.archFamily, u"ampere"_s);
        QCOMPARE(g.computeCapability, u"8.0"_s);
        QCOMPARE(g.coreTotal, std::optional<qint64>(6912));
        QCOMPARE(g.memoryTotal, std::optional<qint64>(85899345920));
        QCOMPARE(g.temperature, std::optional<double>(36.0));
        QCOMPARE(g.powerUsed, std::optional<double>(61.5));
        QVERIFY2(w.mappingNotes.isEmpty(), qPrintable(w.mappingNotes.join(u"; "_s)));
    }

    void unknownStateIsKeptVerbatim()
    {
        const Result<Worker> w = workerFromJson(obj(R"({"id":9,"name":"n","state":"hibernating"})"));
        QVERIFY(w.ok());
        QCOMPARE(w->state, WorkerState::Other);
        QCOMPARE(w->stateText, u"hibernating"_s);
        const Result<Worker> none = workerFromJson(obj(R"({"id":9})"));
        QCOMPARE(none->state, WorkerState::Unknown);
        QVERIFY(!none->port.has_value());
        QVERIFY(!none->status.has_value());
    }

    void wrongTypesAreNotedNotFatal()
    {
        const Result<Worker> w = workerFromJson(obj(
            R"({"id":5,"name":"x","port":"10150","unreachable":"no","labels":{"a":["b"]},
                "heartbeat_time":"yesterday","status":{"cpu":{"total":"many"},"gpu_devices":"none"}})"));
        QVERIFY(w.ok());
        QCOMPARE(w->port, std::optional<int>(10150));  // a numeric string is still read, with a note
        QVERIFY(!w->unreachable.has_value());
        QVERIFY(!w->heartbeatTime.isValid());
        QVERIFY(!w->status->cpuCores.has_value());
        const QString notes = w->mappingNotes.join(u"\n"_s);
        QVERIFY2(notes.contains(u"port"_s), qPrintable(notes));
        QVERIFY2(notes.contains(u"unreachable"_s), qPrintable(notes));
        QVERIFY2(notes.contains(u"labels.a"_s), qPrintable(notes));
        QVERIFY2(notes.contains(u"heartbeat_time"_s), qPrintable(notes));
        QVERIFY2(notes.contains(u"status.cpu.total"_s), qPrintable(notes));
        QVERIFY2(notes.contains(u"status.gpu_devices"_s), qPrintable(notes));
    }

    void workerWithoutIdIsAnError()
    {
        const Result<Worker> w = workerFromJson(obj(R"({"name":"ghost"})"));
        QVERIFY(!w.ok());
        QCOMPARE(w.error().code, ErrorCode::MalformedReply);
        QVERIFY(!w.error().message.isEmpty());
        QVERIFY(!workerFromJson(obj(R"({"id":"seven"})")).ok());
    }

    void timestampsAreLenient_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime t(QDate(2026, 8, 21), QTime(7, 53, 25), Qt::UTC);
        QTest::newRow("zulu") << u"2026-08-21T07:53:25Z"_s << t;
        QTest::newRow("offset") << u"2026-08-21T07:53:25+00:00"_s << t;
        QTest::newRow("naive") << u"2026-08-21T07:53:25"_s << t;
        QTest::newRow("space") << u"2026-08-21 07:53:25"_s << t;
        QTest::newRow("micro-naive") << u"2026-08-21T07:53:25.123456"_s << t.addMSecs(123);
        QTest::newRow("micro-offset") << u"2026-08-21T09:53:25.5+02:00"_s << t.addMSecs(500);
    }

    void timestampsAreLenient()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime got = parseGpuStackTime(text);
        QCOMPARE(got, expected);
        QCOMPARE(got.timeSpec(), Qt::UTC);
    }

    void otherResources()
    {
        const Result<Cluster> c = clusterFromJson(obj(
            R"({"id":1,"name":"default","provider":"Docker","state":"ready","is_default":true,"workers":3,"ready_workers":2,"gpus":8,"models":1,"created_at":"2026-08-01T00:00:00Z"})"));
        QVERIFY(c.ok());
        QCOMPARE(c->readyWorkers, std::optional<int>(2));
        QCOMPARE(c->stateText, u"ready"_s);
        QVERIFY(!c->description.size());

        const Result<GpuDeviceRow> g = gpuDeviceRowFromJson(obj(
            R"({"id":"gpu-node-1:cuda:0","worker_id":3,"worker_name":"gpu-node-1","worker_ip":"192.168.50.11","cluster_id":1,
                "vendor":"nvidia","type":"cuda","index":0,"name":"A100","core":{"total":6912,"utilization_rate":12.5},
                "memory":{"total":100,"used":50,"utilization_rate":50.0},"temperature":40.0})"));
        QVERIFY(g.ok());
        QCOMPARE(g->id, u"gpu-node-1:cuda:0"_s);
        QCOMPARE(g->workerId, std::optional<qint64>(3));
        QCOMPARE(g->device.coreUtilization, std::optional<double>(12.5));
        QVERIFY(!gpuDeviceRowFromJson(obj(R"({"worker_id":3})")).ok());

        const Result<ModelInstance> m = modelInstanceFromJson(obj(
            R"({"id":11,"name":"qwen-abc","model_id":2,"model_name":"qwen","worker_id":4,"worker_name":"gpu-node-2",
                "worker_ip":"172.17.0.3","cluster_id":1,"port":40000,"state":"unreachable",
                "state_message":"Worker is unreachable from the server","gpu_indexes":[0,1]})"));
        QVERIFY(m.ok());
        QCOMPARE(m->workerId, std::optional<qint64>(4));
        QCOMPARE(m->stateText, u"unreachable"_s);
        QCOMPARE(m->gpuIndexes, (QList<int>{0, 1}));
    }

    // Issue 21 item 9: numbers a server sends beyond what the field can hold (1e300, -1e300,
    // "inf", "nan", 2^32 + a port) are unknown, with a note, never converted: converting them
    // is undefined behaviour (UBSan in the sanitizer build) or silently wraps (a port of
    // 4294977446 would become 10150).
    void extremeNumbersAreUnknown_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("1e300") << QByteArray("1e300");
        QTest::newRow("-1e300") << QByteArray("-1e300");
        QTest::newRow("inf string") << QByteArray("\"inf\"");
        QTest::newRow("-inf string") << QByteArray("\"-inf\"");
        QTest::newRow("nan string") << QByteArray("\"nan\"");
        QTest::newRow("9.3e18") << QByteArray("9.3e18");
    }
    void extremeNumbersAreUnknown()
    {
        QFETCH(QByteArray, value);
        const QByteArray json = R"({"id":1,"name":"w","port":)" + value + R"(,"metrics_port":)" + value
            + R"(,"cluster_id":)" + value + R"(,"status":{"cpu":{"total":)" + value + R"(,"utilization_rate":)" + value
            + R"(},"memory":{"total":)" + value + R"(,"used":)" + value + R"(},"uptime":{"uptime":)" + value
            + R"(},"gpu_devices":[{"index":)" + value + R"(,"core":{"utilization_rate":)" + value
            + R"(},"memory":{"total":)" + value + R"(},"temperature":)" + value + R"(,"power":)" + value + "}]}}";
        const Result<Worker> r = workerFromJson(obj(json));
        QVERIFY(r.ok());
        const Worker &w = r.value();
        QVERIFY(!w.port);
        QVERIFY(!w.metricsPort);
        QVERIFY(!w.clusterId);
        QVERIFY(w.status);
        QVERIFY(!w.status->cpuCores);
        QVERIFY(!w.status->cpuUtilization);
        QVERIFY(!w.status->memoryTotal);
        QVERIFY(!w.status->memoryUsed);
        QVERIFY(!w.status->uptimeSeconds);
        QCOMPARE(w.status->gpus.size(), 1);
        const GpuDevice &g = w.status->gpus.first();
        QCOMPARE(g.index, -1);
        QVERIFY(!g.coreUtilization);
        QVERIFY(!g.memoryTotal);
        QVERIFY(!g.temperature);
        QVERIFY(!g.power);
        QVERIFY2(w.mappingNotes.join(u'\n').contains(u"status.gpu_devices[0].temperature: "_s),
            qPrintable(w.mappingNotes.join(u'\n')));

        // An id like that is no id: the worker is refused, a DELETED event names nobody.
        QVERIFY(!workerFromJson(obj(R"({"id":)" + value + "}")).ok());
        QVERIFY(!watchevents::deletedId(obj(R"({"type":3,"data":{"id":)" + value + "}}")));
        QVERIFY(!watchevents::deletedId(obj(R"({"type":3,"data":{},"id":)" + value + "}")));
    }

    void numbersJustInsideTheLimitsAreKept()
    {
        const Result<Worker> r = workerFromJson(
            obj(R"({"id":8.9e18,"port":65535,"status":{"memory":{"total":8.9e18},"cpu":{"utilization_rate":1e6},)"
                R"("uptime":{"uptime":1e15},"gpu_devices":[{"index":2147483647,"temperature":-1e6}]}})"));
        QVERIFY(r.ok());
        QCOMPARE(r.value().id, qint64(8.9e18));
        QCOMPARE(*r.value().port, 65535);
        QCOMPARE(*r.value().status->memoryTotal, qint64(8.9e18));
        QCOMPARE(*r.value().status->cpuUtilization, 1e6);
        QCOMPARE(*r.value().status->uptimeSeconds, 1e15);
        QCOMPARE(r.value().status->gpus.first().index, 2147483647);
        QCOMPARE(*r.value().status->gpus.first().temperature, -1e6);
        QCOMPARE(*watchevents::deletedId(obj(R"({"type":3,"data":{"id":8.9e18}})")), qint64(8.9e18));
        // One past: 2^31 as an index, 4294977446 (2^32 + 10150) as a port, 1.1e6 % busy.
        const Result<Worker> past =
            workerFromJson(obj(R"({"id":1,"port":4294977446,"status":{"cpu":{"utilization_rate":1.1e6},)"
                               R"("gpu_devices":[{"index":2147483648}]}})"));
        QVERIFY(past.ok());
        QVERIFY(!past.value().port);
        QVERIFY(!past.value().status->cpuUtilization);
        QCOMPARE(past.value().status->gpus.first().index, -1);
    }

    void listPageEnvelope()
    {
        const Result<ListPage> p = listPageFromJson(QJsonDocument::fromJson(
            R"({"items":[{"id":1},{"id":2}],"pagination":{"page":2,"perPage":2,"total":5,"totalPage":3}})"));
        QVERIFY(p.ok());
        QCOMPARE(p->items.size(), 2);
        QCOMPARE(p->page, 2);
        QCOMPARE(p->totalPage, 3);
        QCOMPARE(p->total, 5);
        const Result<ListPage> empty = listPageFromJson(
            QJsonDocument::fromJson(R"({"items":[],"pagination":{"page":1,"perPage":100,"total":0,"totalPage":0}})"));
        QVERIFY(empty.ok());
        QCOMPARE(empty->items.size(), 0);
        const Result<ListPage> bad = listPageFromJson(QJsonDocument::fromJson(R"({"detail":"nope"})"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::MalformedReply);
    }

    void watchFramesSplitOnBlankLines()
    {
        WatchFrames frames;
        auto r = frames.append(R"({"type":1,"data":{"id":1}})"
                               "\n\n"
                               R"({"type":2,"da)");
        QVERIFY(r.ok());
        QCOMPARE(r->size(), 1);
        r = frames.append(R"(ta":{"id":1}})"
                          "\n\n\n\n"  // an event then a keep-alive
                          "\n");
        QVERIFY(r.ok());
        QCOMPARE(r->size(), 1);
        QCOMPARE(QJsonDocument::fromJson(r->first()).object().value(u"type"_s).toInt(), 2);
        r = frames.append("\n");  // completes the half keep-alive
        QVERIFY(r.ok());
        QCOMPARE(r->size(), 0);
        QCOMPARE(frames.buffered(), 0);
    }

    void watchFramesCapABufferedEvent()
    {
        WatchFrames frames(1024);
        const auto r = frames.append(QByteArray(2000, 'x'));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::ReplyTooLarge);
        QCOMPARE(frames.buffered(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkerJson)
#include "tst_workerjson.moc"

#include "simtestclient.h"

#include "sim/simcluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax::sim;

// Watch streams exactly as GPUStack frames them (ref §3.2): chunked text/event-stream, one
// compact JSON object then "\n\n" per event, replay as CREATED (1), UPDATED (2), bare "\n\n"
// keep-alive when idle.
class TestSimWatch : public QObject {
    Q_OBJECT

    static QList<QJsonObject> events(const QByteArray &body)
    {
        QList<QJsonObject> out;
        for (const QByteArray &part : body.split('\n')) {
            if (!part.isEmpty())
                out.append(QJsonDocument::fromJson(part).object());
        }
        return out;
    }

    static QByteArray authHeader(const SimCluster &sim)
    {
        return "Authorization: Bearer " + sim.apiKey().toLatin1() + "\r\n";
    }

private Q_SLOTS:
    void replaysExistingRowsAsCreatedThenStreamsUpdates()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        RawStream stream(QUrl(sim.baseUrl().toString() + u"/v2/workers?watch=true"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.count("\n\n") >= 3, 5000);
        QVERIFY2(stream.head.startsWith("HTTP/1.1 200"), stream.head.constData());
        QVERIFY(stream.head.toLower().contains("content-type: text/event-stream"));
        QVERIFY(stream.head.toLower().contains("transfer-encoding: chunked"));
        // Each event: one line of compact JSON, then an empty line.
        QVERIFY(stream.body.endsWith("}\n\n"));
        QList<QByteArray> frames = stream.body.split('\n');
        for (qsizetype i = 0; i + 1 < frames.size(); i += 2) {
            QVERIFY(QJsonDocument::fromJson(frames.at(i)).isObject());
            QVERIFY(frames.at(i + 1).isEmpty());
        }
        const QList<QJsonObject> replay = events(stream.body);
        QCOMPARE(replay.size(), 3);
        QSet<qint64> ids;
        for (const QJsonObject &e : replay) {
            QCOMPARE(e.value("type"_L1).toInt(), 1);
            QVERIFY(e.value("changed_fields"_L1).isObject());
            QCOMPARE(e.value("id"_L1).toInteger(), e.value("data"_L1).toObject().value("id"_L1).toInteger());
            ids.insert(e.value("id"_L1).toInteger());
        }
        QCOMPARE(ids.size(), 3);

        stream.body.clear();
        QVERIFY(sim.setMaintenance(u"worker-2"_s, true, u"disk swap"_s));
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.endsWith("\n\n") && !events(stream.body).isEmpty(), 5000);
        const QJsonObject update = events(stream.body).first();
        QCOMPARE(update.value("type"_L1).toInt(), 2);
        const QJsonObject data = update.value("data"_L1).toObject();
        QCOMPARE(data.value("name"_L1).toString(), u"worker-2"_s);
        QCOMPARE(data.value("state"_L1).toString(), u"maintenance"_s);
        QCOMPARE(data.value("maintenance"_L1).toObject().value("message"_L1).toString(), u"disk swap"_s);
        const QJsonArray change = update.value("changed_fields"_L1).toObject().value("state"_L1).toArray();
        QCOMPARE(change, (QJsonArray{u"ready"_s, u"maintenance"_s}));
    }

    void idleStreamGetsBareKeepAlive()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(150);
        RawStream stream(QUrl(sim.baseUrl().toString() + u"/v2/workers?watch=true"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.endsWith("}\n\n"), 5000);
        const qsizetype replayed = stream.body.size();
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.size() >= replayed + 4, 5000);
        // Two keep-alives, nothing else: bare "\n\n" frames.
        QCOMPARE(stream.body.mid(replayed, 4), "\n\n\n\n"_ba);
    }

    void filtersApplyToWatch()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        RawStream stream(QUrl(sim.baseUrl().toString() + u"/v2/workers?watch=true&name=worker-3"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.endsWith("}\n\n"), 5000);
        QVERIFY(sim.setMaintenance(u"worker-1"_s, true, u"x"_s));
        QVERIFY(sim.setMaintenance(u"worker-3"_s, true, u"y"_s));
        QTRY_VERIFY_WITH_TIMEOUT(events(stream.body).size() == 2, 5000);
        for (const QJsonObject &e : events(stream.body))
            QCOMPARE(e.value("data"_L1).toObject().value("name"_L1).toString(), u"worker-3"_s);
    }

    void watchNeedsAuth()
    {
        SimCluster sim(Scenario::simple(1), {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        RawStream stream(QUrl(sim.baseUrl().toString() + u"/v2/workers?watch=true"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!stream.head.isEmpty(), 5000);
        QVERIFY(stream.head.startsWith("HTTP/1.1 401"));
    }

    void v0StreamCarriesOnlyTypeAndData()
    {
        Scenario s = Scenario::simple(2);
        s.apiVersion = ApiVersion::V0;
        SimCluster sim(s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        RawStream stream(QUrl(sim.baseUrl().toString() + u"/v1/workers?watch=true"_s), authHeader(sim));
        QTRY_VERIFY_WITH_TIMEOUT(stream.body.count("\n\n") >= 2, 5000);
        const QJsonObject e = events(stream.body).first();
        QCOMPARE(e.keys(), (QStringList{u"data"_s, u"type"_s}));
    }
    void uuidClusterAndSearchFiltersApplyToWatch()
    {
        // Watch honours name/uuid/cluster_id/search and ignores page/perPage/sort_by/me (ref §3.2).
        auto s = Scenario::fromJson(R"({"clusters":[{"id":1,"name":"one"},{"id":2,"name":"two"}],
            "workers":[{"name":"gpu-a","cluster":"one"},{"name":"gpu-b","cluster":"two"},
                       {"name":"cpu-c","cluster":"two"},{"name":"GPU-d","cluster":"two"}]})"_ba);
        QVERIFY(s);
        SimCluster sim(*s, {.timings = SimTimings::fast()});
        QVERIFY(sim.start());
        sim.setKeepAliveMs(60'000);
        const auto names = [](const QByteArray &body) {
            QStringList out;
            for (const QJsonObject &e : events(body))
                out.append(e.value("data"_L1).toObject().value("name"_L1).toString());
            out.sort();
            return out;
        };
        const QString base = sim.baseUrl().toString() + u"/v2/workers?watch=true"_s;
        // worker_uuid of gpu-b (id 2), as v0.7 would show it and the `uuid` filter matches it.
        RawStream byUuid(QUrl(base + u"&uuid=00000002-0000-4000-8000-000000000002"_s), authHeader(sim));
        RawStream byCluster(QUrl(base + u"&cluster_id=2&search=gpu"_s), authHeader(sim));
        RawStream ignored(QUrl(base + u"&page=2&perPage=1&sort_by=-name&me=true"_s), authHeader(sim));
        QTRY_COMPARE_WITH_TIMEOUT(names(byUuid.body), QStringList{u"gpu-b"_s}, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(names(byCluster.body), (QStringList{u"GPU-d"_s, u"gpu-b"_s}), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(names(ignored.body).size(), 4, 5000);
        QVERIFY(ignored.head.startsWith("HTTP/1.1 200"));

        // Live events pass the same filters.
        byUuid.body.clear();
        byCluster.body.clear();
        QVERIFY(sim.setMaintenance(u"gpu-a"_s, true, u"x"_s));
        QVERIFY(sim.setMaintenance(u"cpu-c"_s, true, u"x"_s));
        QVERIFY(sim.setMaintenance(u"gpu-b"_s, true, u"x"_s));
        QTRY_COMPARE_WITH_TIMEOUT(names(byUuid.body), QStringList{u"gpu-b"_s}, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(names(byCluster.body), QStringList{u"gpu-b"_s}, 5000);
    }
};

QTEST_GUILESS_MAIN(TestSimWatch)
#include "tst_simwatch.moc"

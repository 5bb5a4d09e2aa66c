#include "probe/probeengine.h"

#include "hostilememory.h"
#include "scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace parallax;
using namespace parallax::test;
using namespace Qt::StringLiterals;

// The probe engine's GET /healthz against servers that misbehave on purpose (issue 9): every
// one ends inside the probe's single time budget with a probe error, the engine keeps at most
// ProbeSettings::maxResponseBytes (16 KiB) of any answer, and a hostile worker does not delay
// the probe of a healthy one. Loopback only (allowedNetworks).
class TestHostileHealth : public QObject {
    Q_OBJECT

    ManualClock m_clock;

    static ProbeSettings settings(int timeoutMs)
    {
        ProbeSettings s;
        s.timeoutMs = timeoutMs;
        s.metricsWitness = false;
        s.allowedNetworks = ProbeSettings::loopbackOnly();
        return s;
    }

    static ProbeTarget target(quint16 port, qint64 id = 7)
    {
        ProbeTarget t;
        t.workerId = id;
        t.host = u"127.0.0.1"_s;
        t.port = port;
        return t;
    }

    // One probe against a server running `script`; the result and how long it took.
    std::pair<ProbeResult, qint64> probe(const Script &script, int timeoutMs)
    {
        ScriptedHttpServer server;
        server.setHandler([&](const HttpRequest &) { return script; });
        [&] { QVERIFY(server.start()); }();
        ProbeEngine engine(m_clock);
        engine.setSettings(settings(timeoutMs));
        QSignalSpy spy(&engine, &ProbeEngine::finished);
        QElapsedTimer clock;
        clock.start();
        engine.probe(target(server.serverPort()));
        [&] { QVERIFY(spy.wait(timeoutMs + 3000)); }();
        const qint64 took = clock.elapsed();
        if (spy.isEmpty())
            return {ProbeResult{}, took};
        return {spy.first().first().value<ProbeResult>(), took};
    }

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ProbeResult>(); }

    void hostileAnswersEndInTheBudget_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<int>("error");
        QTest::newRow("headers, a byte a second") << u"trickle-headers"_s << int(ProbeError::TimedOut);
        QTest::newRow("body, a byte a second") << u"trickle-body"_s << int(ProbeError::TimedOut);
        QTest::newRow("endless slow chunked body") << u"slow-chunked"_s << int(ProbeError::TimedOut);
        QTest::newRow("Content-Length longer, then silence") << u"longer"_s << int(ProbeError::TimedOut);
        QTest::newRow("Content-Length shorter than the body") << u"shorter"_s << int(ProbeError::BadBody);
        QTest::newRow("JSON nested 100,000 deep") << u"deep"_s << int(ProbeError::Protocol);
        QTest::newRow("redirect") << u"redirect"_s << int(ProbeError::BadStatus);
    }
    void hostileAnswersEndInTheBudget()
    {
        QFETCH(QString, shape);
        QFETCH(int, error);
        Script s;
        if (shape == u"trickle-headers"_s) {
            s.trickle("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n\"ok\"", 1000);
        } else if (shape == u"trickle-body"_s) {
            s.send("HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n").trickle("\"ok\"                    ", 1000);
        } else if (shape == u"slow-chunked"_s) {
            s.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 30; ++i)
                s.send("1\r\n \r\n").wait(200);
        } else if (shape == u"longer"_s) {
            s.send("HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n\"ok\"");
        } else if (shape == u"shorter"_s) {
            s.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\"ok\"").close();
        } else if (shape == u"deep"_s) {
            const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
            s.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(deep.size()) + "\r\n\r\n" + deep)
                .close();
        } else {
            s.send("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:1/healthz\r\nContent-Length: 0\r\n\r\n").close();
        }
        s.stall();
        const auto [r, took] = probe(s, 1500);
        QVERIFY2(!r.healthy(), qPrintable(r.http.detail));
        QCOMPARE(probeErrorId(r.firstError()), probeErrorId(ProbeError(error)));
        QVERIFY(!r.http.detail.isEmpty());
        QVERIFY2(took < 1500 + 1000, qPrintable(u"ended after %1 ms"_s.arg(took)));
        QVERIFY(r.bodyExcerpt.size() <= 256);
    }

    void hugeAnswersAreDroppedAtTheCapWithBoundedMemory_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::newRow("100 MB reply") << u"huge"_s;
        QTest::newRow("endless chunked body") << u"chunked"_s;
    }
    void hugeAnswersAreDroppedAtTheCapWithBoundedMemory()
    {
        QFETCH(QString, shape);
        Script s;
        const QByteArray chunk(64 * 1024, 'x');
        if (shape == u"huge"_s)
            s.send("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n").repeat(chunk, 1600);
        else
            s.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").repeat("10000\r\n" + chunk + "\r\n", -1);
        const PeakMemory memory;
        const auto [r, took] = probe(s.stall(), 5000);
        QCOMPARE(r.firstError(), ProbeError::Protocol);
        QVERIFY2(r.http.detail.contains(u"larger than 16384 bytes"_s), qPrintable(r.http.detail));
        const qint64 grown = memory.growthBytes();
        qInfo("peak RSS growth %.1f MiB (%s), %lld ms", double(grown) / (1024 * 1024), memory.method(), took);
        if (PeakMemory::measuresTheRealAllocator())
            QVERIFY2(grown < 8 * 1024 * 1024, qPrintable(QString::number(grown)));
    }

    void aHealthyWorkerIsNotHeldUpByAHostileOne()
    {
        ScriptedHttpServer hostile;
        hostile.setHandler(
            [](const HttpRequest &) { return Script().trickle("HTTP/1.1 200 OK\r\n\r\n", 1000).stall(); });
        QVERIFY(hostile.start());
        ScriptedHttpServer healthy;
        healthy.setHandler([](const HttpRequest &) {
            return Script().send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n\"ok\"").close();
        });
        QVERIFY(healthy.start());
        ProbeEngine engine(m_clock);
        engine.setSettings(settings(2000));
        QSignalSpy spy(&engine, &ProbeEngine::finished);
        engine.probe(target(hostile.serverPort(), 1));
        engine.probe(target(healthy.serverPort(), 2));
        QVERIFY(spy.wait(1000));
        const ProbeResult first = spy.first().first().value<ProbeResult>();
        QCOMPARE(first.workerId, 2);
        QVERIFY(first.healthy());
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 4000);
        const ProbeResult second = spy.at(1).first().value<ProbeResult>();
        QCOMPARE(second.workerId, 1);
        QCOMPARE(second.firstError(), ProbeError::TimedOut);
        QCOMPARE(engine.inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostileHealth)
#include "tst_hostilehealth.moc"

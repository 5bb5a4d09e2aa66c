#include "probe/healthresponse.h"

#include <QTest>

using namespace parallax;
using State = HealthResponse::State;

class TestHealthResponse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gpustackAnswerInPieces()
    {
        // uvicorn's answer for GPUStack's /healthz, arriving one byte at a time.
        const QByteArray raw = "HTTP/1.1 200 OK\r\ndate: Sat, 28 Nov 2026 12:00:00 GMT\r\nserver: uvicorn\r\n"
                               "content-length: 4\r\ncontent-type: application/json\r\n\r\n\"ok\"";
        HealthResponse r;
        State s = State::NeedMore;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            QCOMPARE(s, State::NeedMore);
            s = r.feed(QByteArrayView(raw).sliced(i, 1));
        }
        QCOMPARE(s, State::Complete);
        QCOMPARE(r.status(), 200);
        QCOMPARE(r.body(), QByteArray("\"ok\""));
        QVERIFY(isGpuStackHealthBody(r.body()));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(parseHttpDate(r.header("date")), QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC));
    }

    void chunkedBody()
    {
        HealthResponse r;
        QCOMPARE(r.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n\"ok\"\r\n"), State::NeedMore);
        QCOMPARE(r.feed("0\r\n\r\n"), State::Complete);
        QCOMPARE(r.body(), QByteArray("\"ok\""));
    }

    void closeDelimitedBody()
    {
        HealthResponse r;
        QCOMPARE(r.feed("HTTP/1.0 200 OK\r\n\r\nok"), State::NeedMore);
        QCOMPARE(r.finish(), State::Complete);
        QCOMPARE(r.body(), QByteArray("ok"));
    }

    void failures_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("eof");
        QTest::newRow("ssh banner") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n") << false;
        QTest::newRow("empty then close") << QByteArray() << true;
        QTest::newRow("bad status line") << QByteArray("HTTP/1.1 abc OK\r\n\r\n") << false;
        QTest::newRow("truncated body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok") << true;
        QTest::newRow("closed in headers") << QByteArray("HTTP/1.1 200 OK\r\nContent-") << true;
        QTest::newRow("bad chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                   << false;
    }
    void failures()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, eof);
        HealthResponse r;
        State s = r.feed(raw);
        if (eof && s == State::NeedMore)
            s = r.finish();
        QCOMPARE(s, State::Failed);
        QVERIFY(!r.errorDetail().isEmpty());
    }

    void sizeCap()
    {
        HealthResponse r(1024);
        QCOMPARE(r.feed("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), State::NeedMore);
        QCOMPARE(r.feed(QByteArray(2000, 'x')), State::Failed);
        QVERIFY(r.errorDetail().contains("larger"));
    }

    void healthBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::newRow("json string") << QByteArray("\"ok\"") << true;
        QTest::newRow("bare") << QByteArray("ok") << true;
        QTest::newRow("trailing newline") << QByteArray("\"ok\"\n") << true;
        QTest::newRow("html") << QByteArray("<html>ok</html>") << false;
        QTest::newRow("json object") << QByteArray("{\"status\":\"ok\"}") << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("OK upper") << QByteArray("OK") << false;
    }
    void healthBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QCOMPARE(isGpuStackHealthBody(body), ok);
    }

    void httpDate_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime rfc(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << rfc;
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << rfc;
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << rfc;
        QTest::newRow("not GMT") << QByteArray("Sun, 06 Nov 1994 08:49:37 CET") << QDateTime();
        QTest::newRow("garbage") << QByteArray("yesterday") << QDateTime();
        QTest::newRow("bad day") << QByteArray("Sun, 32 Nov 1994 08:49:37 GMT") << QDateTime();
    }
    void httpDate()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = parseHttpDate(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(parsed, expected);
    }
};

QTEST_GUILESS_MAIN(TestHealthResponse)
#include "tst_healthresponse.moc"

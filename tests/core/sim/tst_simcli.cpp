#include "simtestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

// `parallax-cli sim` as a user runs it: prints a URL and a key, serves, exits 0 on SIGTERM.
class TestSimCli : public QObject {
    Q_OBJECT

    QNetworkAccessManager nam;

private Q_SLOTS:
    void servesTheDemoAndStopsCleanlyOnSigterm()
    {
        QProcess p;
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"sim"_s, u"--scenario"_s, u"demo"_s, u"--listen"_s, u"127.0.0.1:0"_s});
        QVERIFY(p.waitForStarted(5000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("Press Ctrl+C"), 20000);
        const QRegularExpressionMatch url =
            QRegularExpression(u"Server URL: (http://127\\.0\\.0\\.1:\\d+)"_s).match(QString::fromUtf8(out));
        QVERIFY2(url.hasMatch(), out.constData());
        const QRegularExpressionMatch key =
            QRegularExpression(u"API key: (gpustack_[0-9a-f]{16}_[0-9a-f]{32})"_s).match(QString::fromUtf8(out));
        QVERIFY2(key.hasMatch(), out.constData());

        const HttpResult health = httpGet(nam, QUrl(url.captured(1) + u"/healthz"_s));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.body, "\"ok\""_ba);
        const HttpResult workers = httpGet(nam, QUrl(url.captured(1) + u"/v2/workers"_s), bearer(key.captured(1)));
        QCOMPARE(workers.status, 200);
        QVERIFY(
            QJsonDocument::fromJson(workers.body).object().value("pagination"_L1).toObject().value("total"_L1).toInt()
            >= 18);

        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }

    void rejectsANonLoopbackListenAddress()
    {
        QProcess p;
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), {u"sim"_s, u"--listen"_s, u"0.0.0.0:8080"_s});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("loopback"));
    }

    void malformedScenarioFileIsAUsageError()
    {
        QProcess p;
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"sim"_s, u"--scenario"_s,
                QStringLiteral(PARALLAX_SOURCE_DIR "/tests/core/sim/data/broken-scenario.json")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("line 4"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSimCli)
#include "tst_simcli.moc"

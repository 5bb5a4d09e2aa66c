#include "report/report.h"
#include "sim/simcluster.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::sim;

// parallax-cli check and watch as a script runs them: a real process, its exit code, its one
// line on stderr, and the report it writes — against the embedded simulator on loopback, or
// against a loopback port where nothing listens.
class TestCheck : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QTemporaryDir m_dir;

    // Runs the CLI while this process's event loop keeps serving the simulator.
    Run run(const QStringList &args, const QMap<QString, QString> &env = {}, int timeoutMs = 60'000,
        std::function<void()> midRun = {}, int midRunMs = 0)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));  // never the user's profiles
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        QSignalSpy finished(&p, &QProcess::finished);
        if (midRun)
            QTimer::singleShot(midRunMs, this, midRun);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), args);
        Run r;
        if (!finished.wait(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static quint16 closedLoopbackPort()
    {
        QTcpServer s;
        if (!s.listen(QHostAddress::LocalHost, 0))
            return 0;
        const quint16 port = s.serverPort();
        s.close();
        return port;
    }

    static bool oneLine(const QString &text) { return text.trimmed().count(u'\n') == 0 && !text.trimmed().isEmpty(); }

    static QJsonObject readJson(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    static QJsonObject workerNamed(const QJsonObject &report, const QString &name)
    {
        for (const QJsonValue &w : report.value(u"workers"_s).toArray()) {
            if (w.toObject().value(u"name"_s).toString() == name)
                return w.toObject();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void usageErrorsExitTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no server") << QStringList{u"check"_s, u"--api-key-env"_s, u"X"_s} << u"--server"_s;
        QTest::newRow("bad format") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s,
            u"--api-key-env"_s, u"X"_s, u"--format"_s, u"pdf"_s}
                                    << u"pdf"_s;
        QTest::newRow("no credentials") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s}
                                        << u"credentials"_s;
        QTest::newRow("both credentials") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s,
            u"--api-key-env"_s, u"X"_s, u"--user"_s, u"a"_s, u"--password-env"_s, u"Y"_s}
                                          << u"not both"_s;
        QTest::newRow("bad observe") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s,
            u"--api-key-env"_s, u"X"_s, u"--observe"_s, u"soon"_s}
                                     << u"soon"_s;
        QTest::newRow("unknown option") << QStringList{u"check"_s, u"--frobnicate"_s} << u"frobnicate"_s;
        QTest::newRow("empty key variable") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s,
            u"--api-key-env"_s, u"PARALLAX_TEST_UNSET_VARIABLE"_s}
                                            << u"PARALLAX_TEST_UNSET_VARIABLE"_s;
        QTest::newRow("bad probe network") << QStringList{u"check"_s, u"--server"_s, u"http://127.0.0.1:1"_s,
            u"--api-key-env"_s, u"X"_s, u"--probe-only"_s, u"lab"_s}
                                           << u"--probe-only"_s;
        QTest::newRow("watch without server") << QStringList{u"watch"_s, u"--json"_s} << u"--server"_s;
    }

    void usageErrorsExitTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err), qPrintable(r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void secretsOnTheCommandLineAreRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        const QString key = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
        const QString server = u"http://127.0.0.1:1"_s;
        QTest::newRow("--api-key VALUE") << QStringList{u"check"_s, u"--server"_s, server, u"--api-key"_s, key};
        QTest::newRow("--api-key=VALUE") << QStringList{u"check"_s, u"--server"_s, server, u"--api-key="_s + key};
        QTest::newRow("--password VALUE") << QStringList{
            u"check"_s, u"--server"_s, server, u"--user"_s, u"admin"_s, u"--password"_s, u"Hunter2-Horse"_s};
        QTest::newRow("--token VALUE") << QStringList{
            u"watch"_s, u"--server"_s, server, u"--token"_s, u"Hunter2-Horse"_s};
        QTest::newRow("key as env name") << QStringList{u"check"_s, u"--server"_s, server, u"--api-key-env"_s, key};
        QTest::newRow("password in URL") << QStringList{
            u"check"_s, u"--server"_s, u"http://admin:Hunter2-Horse@127.0.0.1:1"_s, u"--api-key-env"_s, u"X"_s};
    }

    void secretsOnTheCommandLineAreRefused()
    {
        QFETCH(QStringList, args);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"environment variable"_s), qPrintable(r.err));
        // The explanation never repeats the secret.
        QVERIFY2(!r.err.contains(u"0123456789abcdef0123"_s) && !r.err.contains(u"Hunter2"_s), qPrintable(r.err));
    }

    void unreachableServerExitsTwo()
    {
        const quint16 port = closedLoopbackPort();
        QVERIFY(port != 0);
        const Run r = run({u"check"_s, u"--server"_s, u"http://127.0.0.1:%1"_s.arg(port), u"--api-key-env"_s,
                              u"PX_KEY"_s, u"--timeout"_s, u"10"_s},
            {{u"PX_KEY"_s, u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s}});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(!r.err.contains(u"0123456789abcdef0123"_s), qPrintable(r.err));
    }

    void authFailureExitsTwo()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        const QString wrong = u"gpustack_ffffffffffffffff_ffffffffffffffffffffffffffffffff"_s;
        const Run r = run({u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s,
                              u"--timeout"_s, u"10"_s},
            {{u"PX_KEY"_s, wrong}});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err), qPrintable(r.err));
        QVERIFY2(!r.err.contains(u"ffffffffffffffff"_s), qPrintable(r.err));
    }

    void healthyClusterExitsZero()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        const QString out = m_dir.filePath(u"healthy.md"_s);
        const Run r = run({u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s,
                              u"--out"_s, out, u"--timeout"_s, u"20"_s},
            {{u"PX_KEY"_s, sim.apiKey()}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(f.readAll());
        QVERIFY2(md.contains(u"## Summary"_s) && md.contains(u"worker-1"_s), qPrintable(md.left(2000)));
        QVERIFY(!md.contains(sim.apiKey()));
    }

    void probeOnlyKeepsProbesInsideTheGivenNetworks()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        const QString out = m_dir.filePath(u"probe-only.json"_s);
        // The workers live on 127.x: a 10.0.0.0/8-only run contacts none of them.
        const Run r = run(
            {u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--probe-only"_s,
                u"10.0.0.0/8"_s, u"--format"_s, u"json"_s, u"--out"_s, out, u"--timeout"_s, u"20"_s},
            {{u"PX_KEY"_s, sim.apiKey()}});
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));  // no evidence from here: not "every worker agrees up"
        const QJsonObject report = readJson(out);
        const QJsonObject w1 = workerNamed(report, u"worker-1"_s);
        QCOMPARE(w1.value(u"probe"_s).toObject().value(u"error"_s).toString(), u"skipped"_s);
        QCOMPARE(report.value(u"settings"_s).toObject().value(u"probe_only"_s).toArray().first().toString(),
            u"10.0.0.0/8"_s);
        // And with loopback allowed, the same cluster is fine.
        const Run ok = run({u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s,
                               u"--probe-only"_s, u"127.0.0.0/8"_s, u"--timeout"_s, u"20"_s},
            {{u"PX_KEY"_s, sim.apiKey()}});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
    }

    // The main job at scale, as a script runs it: 1,000 workers, every one probed once, and
    // each verdict the one the scenario's faults and the server's state call for.
    void everyWorkerOfAThousandIsProbedAndJudged()
    {
        SimCluster sim(Scenario::scale(1000), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        const QString out = m_dir.filePath(u"scale.json"_s);
        const Run r = run(
            {u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--probe-only"_s,
                u"127.0.0.0/8"_s, u"--format"_s, u"json"_s, u"--out"_s, out, u"--timeout"_s, u"60"_s},
            {{u"PX_KEY"_s, sim.apiKey()}}, 120'000);
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));  // the scenario has workers in trouble
        const QJsonArray workers = readJson(out).value(u"workers"_s).toArray();
        QCOMPARE(workers.size(), 1000);
        QHash<QString, int> verdicts;
        for (const QJsonValue &value : workers) {
            const QJsonObject w = value.toObject();
            const QString name = w.value(u"name"_s).toString();
            const QJsonObject probe = w.value(u"probe"_s).toObject();
            QVERIFY2(!probe.isEmpty(), qPrintable(name + u" was never probed"_s));
            QVERIFY2(probe.value(u"error"_s).toString() != u"skipped"_s, qPrintable(name));
            const WorkerFaults faults = sim.faults(name);
            const bool healthFails = faults.health != HealthBehaviour::Ok;
            const bool serverUp = w.value(u"server_state"_s).toString() == u"ready"_s;
            const QString expected = healthFails ? (serverUp ? u"split_local_down"_s : u"agree_down"_s)
                                                 : (serverUp ? u"agree_up"_s : u"split_server_down"_s);
            QVERIFY2(w.value(u"verdict"_s).toString() == expected,
                qPrintable(u"%1: %2, expected %3"_s.arg(name, w.value(u"verdict"_s).toString(), expected)));
            QCOMPARE(w.value(u"local_state"_s).toString(), healthFails ? u"down"_s : u"up"_s);
            ++verdicts[expected];
        }
        // 1 in 100 refuses and 1 in 100 answers 503 (Scenario::scale): 20 seen down from here.
        QCOMPARE(verdicts.value(u"split_local_down"_s) + verdicts.value(u"agree_down"_s), 20);
    }

    void splitExitsOneAndTheReportSaysWhy()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        QVERIFY(sim.setServerPathBlocked(u"worker-2"_s, true));
        QTRY_COMPARE_WITH_TIMEOUT(sim.workerState(u"worker-2"_s), u"unreachable"_s, 15'000);
        const QString out = m_dir.filePath(u"split.json"_s);
        const Run r = run({u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s,
                              u"--format"_s, u"json"_s, u"--out"_s, out, u"--timeout"_s, u"20"_s},
            {{u"PX_KEY"_s, sim.apiKey()}});
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));
        const QJsonObject report = readJson(out);
        QCOMPARE(report.value(u"schema"_s).toString(), u"parallax.report/1"_s);
        const QJsonObject w2 = workerNamed(report, u"worker-2"_s);
        QCOMPARE(w2.value(u"server_state"_s).toString(), u"unreachable"_s);
        QCOMPARE(w2.value(u"local_state"_s).toString(), u"up"_s);
        QCOMPARE(w2.value(u"verdict"_s).toString(), u"split_server_down"_s);
        QCOMPARE(workerNamed(report, u"worker-1"_s).value(u"verdict"_s).toString(), u"agree_up"_s);
        QVERIFY(!QJsonDocument(report).toJson().contains(sim.apiKey().toUtf8()));
    }

    void observeSeesAChangeMidRun()
    {
        SimCluster sim(Scenario::simple(3), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        const QString out = m_dir.filePath(u"observe.json"_s);
        // Two seconds into a six-second observation, worker-3's health port stops accepting.
        const Run r = run(
            {u"check"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--out"_s, out,
                u"--observe"_s, u"6"_s, u"--timeout"_s, u"20"_s},
            {{u"PX_KEY"_s, sim.apiKey()}}, 60'000, [&sim] { sim.setHealth(u"worker-3"_s, HealthBehaviour::Refused); },
            2'000);
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));
        const QJsonObject w3 = workerNamed(readJson(out), u"worker-3"_s);
        QCOMPARE(w3.value(u"local_state"_s).toString(), u"down"_s);
        QCOMPARE(w3.value(u"probe"_s).toObject().value(u"tcp"_s).toObject().value(u"error"_s).toString(), u"refused"_s);
        // The timeline shows it reachable first, then not.
        const QJsonArray timeline = w3.value(u"history"_s).toObject().value(u"timeline"_s).toArray();
        QVERIFY2(timeline.size() >= 2, qPrintable(QString::fromUtf8(QJsonDocument(w3).toJson())));
        QCOMPARE(timeline.first().toObject().value(u"local"_s).toString(), u"up"_s);
        QCOMPARE(timeline.last().toObject().value(u"local"_s).toString(), u"down"_s);
    }

    void watchPrintsTransitionsAsJsonLines()
    {
        SimCluster sim(Scenario::simple(2), {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"PX_KEY"_s, sim.apiKey());
        e.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"watch"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s, u"--json"_s});
        QByteArray out;
        // Server-state lines come from the watch stream at once (verdicts need the default
        // probe interval of 30 s, too slow for a test).
        const auto saw = [&](const QString &event, const QString &worker, const QString &to) {
            out += p.readAllStandardOutput();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.value(u"event"_s).toString() == event && o.value(u"worker"_s).toString() == worker
                    && o.value(u"to"_s).toString() == to)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(saw(u"server_state"_s, u"worker-1"_s, u"ready"_s), 20'000);
        QVERIFY(sim.setServerPathBlocked(u"worker-1"_s, true));
        QTRY_VERIFY_WITH_TIMEOUT(saw(u"server_state"_s, u"worker-1"_s, u"unreachable"_s), 30'000);
        // Every line is one JSON object.
        for (const QByteArray &line : out.trimmed().split('\n'))
            QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        QVERIFY(!out.contains(sim.apiKey().toUtf8()));
        p.terminate();
        QVERIFY(p.waitForFinished(5000));
    }

    // Worker names are the server's: "x%1" and "%2" are names, not placeholders for the id and
    // the states printed after them.
    void watchTextKeepsPercentNamesApart()
    {
        Scenario scenario = Scenario::simple(2);
        scenario.workers[0].name = u"x%1"_s;
        scenario.workers[1].name = u"%2"_s;
        SimCluster sim(scenario, {.timings = SimTimings::fast()});
        QVERIFY(sim.start().ok());
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"PX_KEY"_s, sim.apiKey());
        e.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"),
            {u"watch"_s, u"--server"_s, sim.baseUrl().toString(), u"--api-key-env"_s, u"PX_KEY"_s});
        QString out;
        const auto saw = [&](const QString &pattern) {
            out += QString::fromUtf8(p.readAllStandardOutput());
            return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(out).hasMatch();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(saw(u"Z x%1 \\(id \\d+\\): server state – → ready$"_s), qPrintable(out), 20'000);
        QTRY_VERIFY2_WITH_TIMEOUT(saw(u"Z %2 \\(id \\d+\\): server state – → ready$"_s), qPrintable(out), 20'000);
        QVERIFY(sim.setServerPathBlocked(u"x%1"_s, true));
        QTRY_VERIFY2_WITH_TIMEOUT(
            saw(u"Z x%1 \\(id \\d+\\): server state ready → unreachable$"_s), qPrintable(out), 30'000);
        p.terminate();
        QVERIFY(p.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(TestCheck)
#include "tst_check.moc"

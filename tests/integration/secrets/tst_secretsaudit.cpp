// Secrets audit (issue 9): a whole scripted session — connect to the simulator with an API key
// and with a password, keep history, save the profiles, run the troubleshooting wizard with
// pasted outputs (one of them a `curl -v` that shows the Authorization header), export every
// report format from the core and from parallax-cli — with every log category at debug
// level captured. Then every byte Parallax wrote (data folder, settings, reports, the CLI's
// own folders) and every log line is searched for the secrets: zero hits.
//
// PDF: the GUI lays out the HTML report with QTextDocument, so its text is the HTML report's,
// which is searched here.
#include "diagnosis/wizardsession.h"
#include "diagnosis/wizardstep.h"
#include "history/historystore.h"
#include "monitor/clustersession.h"
#include "report/report.h"
#include "settings/credentialstore.h"
#include "settings/profilestore.h"
#include "sim/simcluster.h"

#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

QMutex g_logMutex;
QByteArray g_log;  // every message of this process, at every level
qint64 g_logLines = 0;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log += QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n';
        ++g_logLines;
    }
    if (type != QtDebugMsg && g_previous)
        g_previous(type, context, message);
}

// An API key in GPUStack's shape (gpustack_<access key>_<secret key>) that no fixture contains.
QString distinctiveKey()
{
    auto hex = [](int n) {
        QString s;
        for (int i = 0; i < n; ++i)
            s += QString::number(QRandomGenerator::global()->bounded(16), 16);
        return s;
    };
    return u"gpustack_"_s + hex(16) + u"_"_s + hex(32);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

class NoKeychain final : public CredentialStore {
public:
    using CredentialStore::CredentialStore;
    static Error unavailable() { return Error{ErrorCode::KeychainUnavailable, u"no keychain"_s, u"test"_s}; }
    void read(const QString &, QObject *c, ReadCallback d) override
    {
        QTimer::singleShot(0, c, [d] { d(unavailable()); });
    }
    void write(const QString &, const QString &, QObject *c, DoneCallback d) override
    {
        QTimer::singleShot(0, c, [d] { d(unavailable()); });
    }
    void remove(const QString &, QObject *c, DoneCallback d) override
    {
        QTimer::singleShot(0, c, [d] { d(unavailable()); });
    }
    bool persistent() const override { return true; }
};

SessionConfig configFor(const QString &name, const QUrl &url, AuthMode mode, const QString &user, const QString &secret)
{
    SessionConfig c;
    c.name = name;
    c.endpoint.url = url;
    c.endpoint.authMode = mode;
    c.endpoint.username = user;
    c.endpoint.secret = secret;
    c.probe.intervalMs = 300;
    c.probe.timeoutMs = 1000;
    c.probe.spreadRounds = false;
    c.probe.jitter = 0;
    c.probe.allowedNetworks = ProbeSettings::loopbackOnly();
    c.watch.backoffInitialMs = 100;
    c.watch.backoffMaxMs = 500;
    c.watch.keepAliveWindowMs = 3000;
    return c;
}

QString toolOutput(const QString &relative)
{
    return QString::fromUtf8(readFile(QStringLiteral(PARALLAX_TEST_DATA_DIR "/tool-outputs/") + relative));
}

}  // namespace

class TestSecretsAudit : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;

    // Runs the wizard on one worker the way the panel does: every paste box filled, every step
    // evaluated, the conclusion drawn; returns the report's view of it.
    QList<WizardFinding> runWizard(ClusterSession &session, qint64 workerId, const QString &apiKey, QStringList *shown)
    {
        const WorkerView *view = session.monitor().view(workerId);
        WizardContext context;
        context.input.worker = view->server;
        context.input.probe = view->lastProbe;
        context.input.local = view->local;
        context.input.verdict = view->verdict;
        context.input.nowMs = QDateTime::currentMSecsSinceEpoch();
        context.input.serverUrl = session.config().endpoint.url;
        context.input.clusterSize = session.monitor().size();
        // What people paste: a verbose curl shows the request headers, key included.
        const QString curlWithKey = u"$ curl -v -H 'Authorization: Bearer "_s + apiKey + u"' http://"_s
            + view->server.ip + u":10150/healthz\n"_s + u"> GET /healthz HTTP/1.1\n> Authorization: Bearer "_s + apiKey
            + u"\n"_s + toolOutput(u"curl/trace-curl8-refused-couldnt-connect-to-server.txt"_s);
        for (const WizardStep &step : wizardSteps(context)) {
            switch (step.paste) {
            case PasteParser::Connectivity: context.pasted.insert(step.id, curlWithKey); break;
            case PasteParser::Firewall:
                context.pasted.insert(
                    step.id, toolOutput(u"firewall-cmd/list-all-public-default-active-centos7.txt"_s));
                break;
            case PasteParser::Docker:
                context.pasted.insert(step.id, toolOutput(u"docker/inspect-default-bridge-no-ports.txt"_s));
                break;
            case PasteParser::IpAddr:
                context.pasted.insert(step.id, toolOutput(u"ip/wsl2-ip-addr-bond0-dummy0-eth0.txt"_s));
                break;
            case PasteParser::Timedatectl:
                context.pasted.insert(step.id, toolOutput(u"timedatectl/centos7-ntp-synchronized-yes.txt"_s));
                break;
            case PasteParser::None: break;
            }
        }
        applyPastedFindings(context);
        WizardSession wizard;
        wizard.workerId = workerId;
        wizard.workerName = view->server.name;
        for (const WizardStep &step : wizardSteps(context)) {
            for (const ShellCommand &c : step.commands)
                shown->append(c.text);
            shown->append(step.remoteCommand);
            wizard.record(evaluateStep(step.id, context));
        }
        wizard.causes = diagnose(context.input);
        session.monitor().setWizardFindings(workerId, context.input.findings);
        QList<WizardFinding> findings;
        for (const StepResult &r : std::as_const(wizard.results)) {
            findings.append({wizardStepKey(r.id), stepOutcomeId(r.outcome), r.explanation});
            shown->append(r.explanation);
            shown->append(r.evidence);
        }
        return findings;
    }

    QByteArray exportReports(ClusterSession &session, const QList<WizardFinding> &wizard, qint64 wizardWorker)
    {
        ReportServer server;
        server.url = session.config().endpoint.url;
        server.version = session.serverInfo().version;
        server.reachable = session.status() == ClusterSession::Status::Connected;
        SystemClock clock;
        ReportInput input = reportInputFromViews(session.monitor().views(), server, clock);
        for (ReportWorker &rw : input.workers) {
            if (rw.view.id() == wizardWorker)
                rw.wizard = wizard;
        }
        // As DesktopApp::exportReport and the CLI do: the session's secret is registered.
        Redactor redactor;
        redactor.addSecret(session.config().endpoint.secret);
        QByteArray all;
        for (ReportFormat format : {ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Html}) {
            const QByteArray bytes = renderReport(input, format, redactor);
            QFile f(m_root.filePath(u"reports/%1.%2"_s.arg(session.name(), reportFileSuffix(format))));
            if (f.open(QIODevice::WriteOnly))
                f.write(bytes);
            all += bytes;
        }
        return all;
    }

    // parallax-cli check, as a script runs it, with every category at debug level.
    QByteArray runCli(const QStringList &args, const QProcessEnvironment &extra, int *exitCode)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
        const QString home = m_root.filePath(u"cli-home"_s);
        for (const QString &v : {u"XDG_CONFIG_HOME"_s, u"XDG_DATA_HOME"_s, u"XDG_CACHE_HOME"_s, u"XDG_STATE_HOME"_s})
            env.insert(v, home + u'/' + v.toLower());
        for (const QString &k : extra.keys())
            env.insert(k, extra.value(k));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        // The simulator answers from this process's event loop: wait without blocking it.
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), args);
        if (!finished.wait(60000)) {
            p.kill();
            p.waitForFinished(5000);
        }
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return p.readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QStandardPaths::setTestModeEnabled(true);
        g_previous = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        QLoggingCategory::setFilterRules(u"*.debug=false"_s);
    }

    void noSecretAnywhereAfterAFullSession()
    {
        const QString apiKey = distinctiveKey();
        sim::SimOptions options;
        options.timings = sim::SimTimings::fast();
        options.apiKey = apiKey;
        sim::SimCluster cluster(sim::Scenario::simple(3), options);
        QVERIFY(cluster.start().ok());
        const QString user = cluster.username();
        const QString password = cluster.password();
        QVERIFY(password.size() >= 12);  // long enough that a hit is no coincidence
        const QString broken = cluster.workerNames().at(1);
        QVERIFY(cluster.setHealth(broken, sim::HealthBehaviour::Refused));

        for (const QString &dir : {u"data"_s, u"config"_s, u"reports"_s})
            QVERIFY(QDir().mkpath(m_root.filePath(dir)));

        // Settings: two profiles, their secrets in the keychain — here its session-only fallback.
        ProfileStore profiles(m_root.filePath(u"config/profiles.json"_s));
        ServerProfile byKey = newServerProfile(u"audit key"_s, cluster.baseUrl());
        ServerProfile byPassword = newServerProfile(u"audit password"_s, cluster.baseUrl());
        byPassword.authMode = AuthMode::Password;
        byPassword.username = user;
        profiles.upsert(byKey);
        profiles.upsert(byPassword);
        profiles.setOpenProfileIds({byKey.id, byPassword.id});
        QVERIFY(profiles.save().ok());
        NoKeychain keychain;
        FallbackCredentialStore credentials(&keychain);
        int stored = 0;
        credentials.write(byKey.credentialKey(), apiKey, this, [&](Result<void> r) { stored += r.ok(); });
        credentials.write(byPassword.credentialKey(), password, this, [&](Result<void> r) { stored += r.ok(); });
        QTRY_COMPARE(stored, 2);
        QVERIFY(!credentials.persistent());

        QStringList wizardText;
        QByteArray reports;
        {
            SystemClock clock;
            HistoryStore history(clock);
            QSignalSpy opened(&history, &HistoryStore::opened);
            history.open(m_root.filePath(u"data/history.sqlite"_s));
            QVERIFY(opened.wait(10000));
            QVERIFY(history.isPersistent());

            ClusterSession withKey(
                configFor(u"audit-key"_s, cluster.baseUrl(), AuthMode::ApiKeyBearer, {}, apiKey), clock, &history);
            ClusterSession withPassword(
                configFor(u"audit-password"_s, cluster.baseUrl(), AuthMode::Password, user, password), clock, &history);
            withKey.start();
            withPassword.start();
            QTRY_COMPARE_WITH_TIMEOUT(withKey.status(), ClusterSession::Status::Connected, 15000);
            QTRY_COMPARE_WITH_TIMEOUT(withPassword.status(), ClusterSession::Status::Connected, 15000);
            QTRY_COMPARE_WITH_TIMEOUT(withKey.monitor().size(), 3, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(withPassword.monitor().size(), 3, 10000);
            const qint64 brokenId = cluster.workerId(broken);
            QTRY_VERIFY_WITH_TIMEOUT(
                withKey.monitor().view(brokenId) && isTrouble(withKey.monitor().view(brokenId)->verdict), 20000);
            QTRY_VERIFY_WITH_TIMEOUT(
                withPassword.monitor().view(brokenId) && isTrouble(withPassword.monitor().view(brokenId)->verdict),
                20000);

            const QList<WizardFinding> wizard = runWizard(withKey, brokenId, apiKey, &wizardText);
            QVERIFY(!wizard.isEmpty());
            reports += exportReports(withKey, wizard, brokenId);
            reports += exportReports(withPassword, wizard, brokenId);

            const auto flushed = [&] {
                std::optional<bool> ok;
                history.flush(this, [&](const Result<void> &r) { ok = r.ok(); });
                (void)QTest::qWaitFor([&] { return ok.has_value(); }, 10000);
                return ok.value_or(false);
            }();
            QVERIFY(flushed);
        }  // sessions stop, the history is written and closed

        // The CLI, both ways of logging in, every format.
        QByteArray cliOutput;
        QProcessEnvironment secrets;
        secrets.insert(u"AUDIT_API_KEY"_s, apiKey);
        secrets.insert(u"AUDIT_PASSWORD"_s, password);
        int cliRuns = 0;
        for (const QString &suffix : {u"json"_s, u"md"_s, u"html"_s}) {
            for (const bool withPassword : {false, true}) {
                QStringList args{u"check"_s, u"--server"_s, cluster.baseUrl().toString(), u"--timeout"_s, u"20"_s,
                    u"--out"_s,
                    m_root.filePath(u"reports/cli-%1.%2"_s.arg(withPassword ? u"password"_s : u"key"_s, suffix))};
                if (withPassword)
                    args << u"--user"_s << user << u"--password-env"_s << u"AUDIT_PASSWORD"_s;
                else
                    args << u"--api-key-env"_s << u"AUDIT_API_KEY"_s;
                int exitCode = -1;
                cliOutput += runCli(args, secrets, &exitCode);
                QVERIFY2(exitCode == 0 || exitCode == 1, cliOutput.right(2000).constData());  // 1: trouble found
                ++cliRuns;
            }
        }

        // --- the search ---
        QByteArrayList needles;
        const QString secretHalf = apiKey.mid(apiKey.lastIndexOf(u'_') + 1);
        for (const QString &s : {apiKey, secretHalf, password}) {
            needles << s.toUtf8() << QUrl::toPercentEncoding(s)
                    << QByteArray(reinterpret_cast<const char *>(s.utf16()), s.size() * 2);  // UTF-16
        }
        needles << (user + u':' + password).toUtf8().toBase64();  // HTTP Basic

        QStringList roots{m_root.path()};
        for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation,
                 QStandardPaths::CacheLocation, QStandardPaths::GenericConfigLocation}) {
            const QString dir = QStandardPaths::writableLocation(location);
            if (QFileInfo::exists(dir))
                roots << dir;
        }
        int files = 0;
        qint64 bytes = 0;
        QStringList hits;
        // The password login's session cookie is a secret too; its value is the server's, so
        // any cookie value is a hit.
        const QRegularExpression cookie(u"gpustack_session=\"?[A-Za-z0-9_\\-]{8,}"_s);
        QVERIFY(cookie.match(u"Cookie: gpustack_session=Zm9vYmFyYmF6cXV4; Path=/"_s).hasMatch());
        QVERIFY(!cookie.match(u"Set-Cookie: gpustack_session=\"\"; Max-Age=0"_s).hasMatch());  // a logout
        auto search = [&](const QString &where, const QByteArray &data) {
            bytes += data.size();
            for (const QByteArray &n : std::as_const(needles)) {
                if (data.contains(n))
                    hits << where;
            }
            if (cookie.match(QString::fromLatin1(data)).hasMatch())
                hits << where + u" (session cookie)"_s;
        };
        // The search itself finds a secret where one is (a planted copy of each form).
        for (const QByteArray &n : std::as_const(needles))
            QVERIFY(QByteArray("...\n" + n + "\n...").contains(n));
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"^planted"_s));
        qInfo("planted %s", qPrintable(password));
        {
            QMutexLocker lock(&g_logMutex);
            QVERIFY(g_log.contains(password.toUtf8()));  // the log capture sees what is logged
            g_log.replace(password.toUtf8(), "<planted>");
        }
        for (const QString &root : std::as_const(roots)) {
            QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                ++files;
                search(path, readFile(path));
            }
        }
        QByteArray log;
        qint64 logLines = 0;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
            logLines = g_logLines;
        }
        search(u"the log of this process"_s, log);
        search(u"the CLI's output and log"_s, cliOutput);
        search(u"the exported reports"_s, reports);

        qInfo("searched %d files and %lld log lines (%lld bytes in all; %d CLI runs) for %lld secret forms: %lld hits",
            files, static_cast<long long>(logLines), static_cast<long long>(bytes), cliRuns,
            static_cast<long long>(needles.size()), static_cast<long long>(hits.size()));
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(u", "_s)));

        // The search looked at what it meant to: the history and the reports are there, debug
        // logging was on, the pasted curl output with the key did reach the wizard.
        QVERIFY(QFileInfo(m_root.filePath(u"data/history.sqlite"_s)).size() > 0);
        QVERIFY(QFileInfo(m_root.filePath(u"reports/cli-password.html"_s)).size() > 0);
        QVERIFY(QFileInfo(m_root.filePath(u"reports/audit-key.json"_s)).size() > 0);
        QVERIFY(logLines > 10);
        QVERIFY(cliOutput.contains("debug") || cliOutput.contains("parallax."));
        QVERIFY(files >= 8);
        // What the wizard shows on screen (commands to copy, explanations) holds no secret either.
        for (const QString &text : std::as_const(wizardText)) {
            QVERIFY2(
                !text.contains(apiKey) && !text.contains(secretHalf) && !text.contains(password), qPrintable(text));
        }
    }
};

QTEST_GUILESS_MAIN(TestSecretsAudit)
#include "tst_secretsaudit.moc"

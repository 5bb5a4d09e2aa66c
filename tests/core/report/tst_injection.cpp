// Injection (issue 9): worker names, host names, labels and state_message come from the server
// and are untrusted. Planted in a report, each must come out of the JSON report exactly (valid
// JSON that round-trips it), out of the HTML report as inert text (checked by a real browser
// that would have to fetch from a loopback server we watch), out of the Markdown report without
// raw HTML, links or images; planted in a worker, each must reach a generated shell command as
// one argument: the commands are run through sh with stand-in programs that record their argv.
#include "diagnosis/commandkit.h"
#include "diagnosis/diagnosisinput.h"
#include "diagnosis/wizardstep.h"
#include "hostilevalues.h"
#include "report/report.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

Worker hostileWorker(const QString &value)
{
    Worker w;
    w.id = 11;
    w.name = value;
    w.hostname = value;
    w.ip = value;
    w.advertiseAddress = value;
    w.ifname = value;
    w.port = 10150;
    w.metricsPort = 10151;
    w.clusterId = 1;
    w.state = WorkerState::Unreachable;
    w.stateText = u"unreachable"_s;
    w.stateMessage = value;
    w.workerVersion = value;
    w.labels = {{value, value}, {u"plain"_s, value}};
    return w;
}

// A report with one worker per hostile value, in every field that reaches a report.
ReportInput hostileReport(const QStringList &values)
{
    ReportInput in;
    in.generatedAtMs = 1'780'000'000'000;
    in.rangeFromMs = in.generatedAtMs - 86'400'000;
    in.server.url = QUrl(u"https://gpustack.example.com/"_s);
    in.server.version = u"v2.2.3"_s;
    in.server.reachable = true;
    qint64 id = 1;
    for (const QString &v : values) {
        ReportWorker rw;
        rw.view.server = hostileWorker(v);
        rw.view.server.id = id++;
        rw.view.verdict = Verdict::SplitServerDown;
        rw.view.local = LocalState::Up;
        rw.view.verdictSinceMs = in.generatedAtMs - 3'600'000;
        Cause c;
        c.id = CauseId::ServerPathBlocked;
        c.confidence = 0.6;
        c.title = v;
        c.evidence = v;
        c.fix = v;
        c.commands = {u"nc -zv -w 2 "_s + quoteArgument(v) + u" 10150"_s};
        rw.view.causes = {c};
        rw.wizard = {{v, u"failed"_s, v}};
        in.workers.append(rw);
    }
    return in;
}

QString withoutFences(const QString &md, bool *balanced)
{
    QString prose;
    bool fenced = false;
    for (const QString &line : md.split(u'\n')) {
        if (line.trimmed().startsWith(u"```"_s)) {
            fenced = !fenced;
            continue;
        }
        if (!fenced)
            prose += line + u'\n';
    }
    *balanced = !fenced;
    return prose;
}

// Programs the generated commands call, replaced by recorders: each appends its name and
// arguments, separated by U+001E, as one line of $ARGLOG. `touch` really touches, so an
// injected "touch CANARY" would leave its file behind.
constexpr const char *kStandIns[] = {"nc", "telnet", "curl", "getent", "docker", "gpustack", "ip", "timedatectl",
    "sudo", "env", "grep", "ss", "systemctl", "python3", "firewall-cmd", "ufw", "nft", "iptables", "iptables-save",
    "journalctl", "ifconfig", "sntp", "dscacheutil", "echo", "rm", "id", "whoami"};

}  // namespace

class TestInjection : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_sh;

    QString canary() const { return m_dir.filePath(u"canary"_s); }
    QStringList values() const { return hostile::all(canary()); }
    // Addresses a tool would read as options: telnet -n FILE writes a trace, ncat -o FILE output.
    static QStringList optionLike() { return {u"-n.bashrc"_s, u"-oProxyCommand=x"_s, u"--help"_s, u"-e sh"_s}; }

    // Runs `command` through sh with only the stand-ins on the PATH; the argv lines recorded.
    QList<QStringList> runInShell(const QString &command, QString *errors = nullptr)
    {
        QFile::remove(m_dir.filePath(u"argv.log"_s));
        QProcess sh;
        QProcessEnvironment env;
        env.insert(u"PATH"_s, m_dir.filePath(u"bin"_s));
        env.insert(u"ARGLOG"_s, m_dir.filePath(u"argv.log"_s));
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        sh.setProcessEnvironment(env);
        sh.setWorkingDirectory(m_dir.filePath(u"home"_s));
        sh.start(m_sh, {u"-c"_s, command});
        [&] { QVERIFY(sh.waitForFinished(10000)); }();
        if (errors)
            *errors = QString::fromUtf8(sh.readAllStandardError());
        QList<QStringList> out;
        QFile log(m_dir.filePath(u"argv.log"_s));
        if (log.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : log.readAll().split('\n')) {
                if (!line.isEmpty())
                    out.append(QString::fromUtf8(line).split(QChar(0x1e)));
            }
        }
        return out;
    }

    // The value as the shell must pass it: control characters become '?' (quoteArgument()).
    static QString asPassed(const QString &value)
    {
        QString v = value;
        v.replace(u'\n', u'?');
        return v;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sh = QStandardPaths::findExecutable(u"sh"_s);
        QVERIFY(!m_sh.isEmpty());
        QVERIFY(QDir(m_dir.path()).mkpath(u"bin"_s) && QDir(m_dir.path()).mkpath(u"home"_s));
        for (const char *name : kStandIns) {
            QFile f(m_dir.filePath(u"bin/"_s + QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!" + m_sh.toUtf8()
                + "\n"
                  "{ printf '%s' \"${0##*/}\"; for a in \"$@\"; do printf '\\036%s' \"$a\"; done; printf '\\n'; } >> \"$ARGLOG\"\n");
            f.close();
            QVERIFY(f.setPermissions(f.permissions() | QFileDevice::ExeOwner));
        }
        QFile touch(m_dir.filePath(u"bin/touch"_s));
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.write("#!" + m_sh.toUtf8() + "\nfor a in \"$@\"; do : > \"$a\"; done\n");
        touch.close();
        QVERIFY(touch.setPermissions(touch.permissions() | QFileDevice::ExeOwner));
        // The stand-ins work, and touch would reveal an injection.
        QCOMPARE(runInShell(u"nc a 'b c'"_s), (QList<QStringList>{{u"nc"_s, u"a"_s, u"b c"_s}}));
        runInShell(u"touch "_s + canary());
        QVERIFY(QFile::exists(canary()));
        QFile::remove(canary());
    }

    void jsonReportRoundTripsEveryHostileString()
    {
        const QStringList planted = values();
        const QByteArray json = renderReport(hostileReport(planted), ReportFormat::Json, Redactor());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray workers = doc.object().value(u"workers"_s).toArray();
        QCOMPARE(workers.size(), planted.size());
        for (int i = 0; i < planted.size(); ++i) {
            const QString &v = planted.at(i);
            const QJsonObject w = workers.at(i).toObject();
            QCOMPARE(w.value(u"name"_s).toString(), v);
            QCOMPARE(w.value(u"hostname"_s).toString(), v);
            QCOMPARE(w.value(u"advertise_address"_s).toString(), v);
            QCOMPARE(w.value(u"server_message"_s).toString(), v);
            QCOMPARE(w.value(u"worker_version"_s).toString(), v);
            QCOMPARE(w.value(u"labels"_s).toObject().value(v).toString(), v);  // as a key too
            const QJsonObject cause = w.value(u"causes"_s).toArray().first().toObject();
            QCOMPARE(cause.value(u"title"_s).toString(), v);
            QCOMPARE(cause.value(u"evidence"_s).toString(), v);
            QCOMPARE(w.value(u"wizard"_s).toArray().first().toObject().value(u"explanation"_s).toString(), v);
        }
        // One JSON document per line of JSON Lines tools: no raw newline inside a string.
        QVERIFY(!json.contains("b\nc"));
    }

    void markdownReportHasNoRawHtmlLinksOrImagesFromValues()
    {
        const QString md = QString::fromUtf8(renderReport(hostileReport(values()), ReportFormat::Markdown, Redactor()));
        bool balanced = false;
        const QString prose = withoutFences(md, &balanced);
        QVERIFY(balanced);  // a backtick run in a value cannot close our fence
        for (const QString &bad :
            {u"<script"_s, u"<img"_s, u"<a "_s, u"<iframe"_s, u"<style"_s, u"](http"_s, u"![p]("_s, u"<http://"_s})
            QVERIFY2(!prose.contains(bad, Qt::CaseInsensitive), qPrintable(bad));
        // Only the report's own tags.
        static const QRegularExpression tag(u"<(/?)([a-zA-Z]+)"_s);
        auto it = tag.globalMatch(prose);
        while (it.hasNext()) {
            const QString name = it.next().captured(2).toLower();
            QVERIFY2(name == u"details"_s || name == u"summary"_s || name == u"sub"_s, qPrintable(name));
        }
        // A value's newline cannot start a heading, list or table row of its own.
        QVERIFY(!prose.contains(u"\nc\\d"_s));
    }

    // "#123" and "owner/repo#1" in server text would link other issues once the report is pasted
    // into one; "# title" would be a heading. Each stays readable text.
    void markdownReportMakesNoCrossReferences()
    {
        const QStringList planted{u"see #123"_s, u"owner/repo#1"_s, u"GH-1"_s, u"# title"_s};
        const QString md = QString::fromUtf8(renderReport(hostileReport(planted), ReportFormat::Markdown, Redactor()));
        bool balanced = false;
        const QString prose = withoutFences(md, &balanced);
        QVERIFY(balanced);
        // As rendered: the backslash escape is gone before GitHub looks for references.
        const QString rendered = QString(prose).replace(u"\\#"_s, u"#"_s);
        static const QRegularExpression issueRef(u"(^|[^\\w/])#\\d"_s);
        static const QRegularExpression repoRef(u"[\\w.-]+/[\\w.-]+#\\d"_s);
        QVERIFY2(!issueRef.match(rendered).hasMatch(), qPrintable(issueRef.match(rendered).captured()));
        QVERIFY2(!repoRef.match(rendered).hasMatch(), qPrintable(repoRef.match(rendered).captured()));
        for (const QString &line : prose.split(u'\n'))
            QVERIFY2(!line.contains(QRegularExpression(u"^\\s*#+ title"_s)), qPrintable(line));
        // Still readable: the characters are there, with an invisible word joiner after '#'.
        QVERIFY(prose.contains(u"see \\#\u2060123"_s));
        QVERIFY(prose.contains(u"owner/repo\\#\u20601"_s));
    }

    void htmlReportIsInertInXmlTerms()
    {
        const QByteArray html = renderReport(hostileReport(values()), ReportFormat::Html, Redactor());
        QXmlStreamReader xml(html);
        QString text;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                const QString name = xml.name().toString().toLower();
                QVERIFY2(!QStringList({u"script"_s, u"iframe"_s, u"img"_s, u"link"_s, u"object"_s, u"embed"_s,
                                          u"image"_s, u"use"_s, u"foreignobject"_s, u"form"_s, u"base"_s})
                              .contains(name),
                    qPrintable(name));
                for (const QXmlStreamAttribute &a : xml.attributes()) {
                    QVERIFY2(!a.name().startsWith(u"on"_s, Qt::CaseInsensitive), qPrintable(a.name().toString()));
                    QVERIFY2(!a.value().contains(u"127.0.0.1:9"_s), qPrintable(a.value().toString()));
                    if (a.name() == u"href"_s || a.name() == u"src"_s)
                        QVERIFY2(a.value().startsWith(u'#'), qPrintable(a.value().toString()));
                }
            } else if (xml.isCharacters()) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        for (const QString &v : values())
            QVERIFY2(text.contains(v.section(u'\n', 0, 0)), qPrintable(v));  // shown as text
    }

    void htmlReportLoadsNothingInABrowser()
    {
        // The planted URLs point at a loopback server of ours: chromium, with the network open
        // to loopback, must neither run the script nor fetch an image, frame, style or link.
        const QString chromium = QStandardPaths::findExecutable(u"chromium"_s);
        if (chromium.isEmpty())
            QSKIP("chromium is not installed (scripts/install-deps.sh installs it)");
        QTcpServer trap;
        QVERIFY(trap.listen(QHostAddress::LocalHost));
        int hits = 0;
        connect(&trap, &QTcpServer::newConnection, this, [&]() {
            while (QTcpSocket *s = trap.nextPendingConnection()) {
                ++hits;
                s->abort();
                s->deleteLater();
            }
        });
        QStringList planted = values();
        for (QString &v : planted)
            v.replace(u"127.0.0.1:9/"_s, u"127.0.0.1:%1/"_s.arg(trap.serverPort()));
        const QString file = m_dir.filePath(u"hostile.html"_s);
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(renderReport(hostileReport(planted), ReportFormat::Html, Redactor()));
        }
        QProcess p;
        p.start(chromium,
            {u"--headless"_s, u"--no-sandbox"_s, u"--disable-gpu"_s, u"--disable-background-networking"_s,
                u"--disable-component-update"_s, u"--disable-sync"_s, u"--no-first-run"_s,
                u"--user-data-dir="_s + m_dir.filePath(u"chromium"_s), u"--enable-logging=stderr"_s, u"--v=0"_s,
                u"--virtual-time-budget=3000"_s, u"--dump-dom"_s, QUrl::fromLocalFile(file).toString()});
        // The event loop runs meanwhile, so the trap would accept a connection.
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 90'000);
        QTest::qWait(200);
        QCOMPARE(p.exitCode(), 0);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(!err.contains(":CONSOLE"), err.constData());
        QCOMPARE(hits, 0);
        const QString dom = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY(dom.contains(u"&lt;script&gt;fetch("_s));
        QVERIFY(!dom.contains(u"<img"_s) && !dom.contains(u"<iframe"_s));
    }

    void shellQuotingKeepsEachValueOneArgument()
    {
        // Values that are hosts, however unusual, reach the program as one argument after "--".
        for (const QString &v : {u"fe80::1%eth0"_s, u"gpu-01.example.com."_s, u"münchen.example"_s, u"GPU_box"_s}) {
            const QList<QPair<ShellCommand, QStringList>> cases{
                {commands::tcpCheck(v, 10150), {u"nc"_s, u"-zv"_s, u"-w"_s, u"2"_s, u"--"_s, v, u"10150"_s}},
                {commands::telnetCheck(v, 10150), {u"telnet"_s, u"--"_s, v, u"10150"_s}},
                {commands::resolve(v), {u"getent"_s, u"ahosts"_s, u"--"_s, v}},
                {commands::pinWorkerAddress(v, u"eth0.10@eth0"_s).at(1),
                    {u"gpustack"_s, u"start"_s, u"…"_s, u"--worker-ip"_s, v, u"--worker-ifname"_s, u"eth0.10@eth0"_s}},
            };
            for (const auto &[command, argv] : cases) {
                QString errors;
                const QList<QStringList> ran = runInShell(command.text, &errors);
                QVERIFY2(ran.size() == 1, qPrintable(command.text + u" → "_s + errors));
                QCOMPARE(ran.first(), argv);
            }
        }
        // Values that are not (quotes, substitutions, markup, option-like words) never get into a
        // command at all: a placeholder stands there, and what runs is inert.
        for (const QString &v : values() + optionLike()) {
            const QList<ShellCommand> cases{commands::tcpCheck(v, 10150), commands::telnetCheck(v, 10150),
                commands::httpCheck(v), commands::resolve(v), commands::proxyEnv(v),
                commands::dockerNetworkMode(v).at(1), commands::pinWorkerAddress(v, v).at(1)};
            for (const ShellCommand &command : cases) {
                QVERIFY2(!placeholdersIn(command.text).isEmpty(), qPrintable(command.text));
                QString errors;
                for (const QStringList &argv : runInShell(command.text, &errors)) {
                    for (const QString &arg : argv.mid(1))
                        QVERIFY2(!arg.contains(asPassed(v)), qPrintable(command.text));
                }
                QVERIFY2(!QFile::exists(canary()), qPrintable(command.text));
            }
        }
    }

    // The causes diagnosed for a worker whose every address is option-like, as the reports
    // carry them: no command in a report holds the address, a placeholder stands there.
    void optionLikeAddressesReachNoReportCommand()
    {
        for (const QString &v : optionLike()) {
            DiagnosisInput d;
            d.worker = hostileWorker(v);
            d.verdict = Verdict::AgreeDown;
            d.local = LocalState::Down;
            ProbeResult p;
            p.workerId = 11;
            p.host = v;
            p.port = 10150;
            p.tcp.attempted = true;
            p.tcp.error = ProbeError::TimedOut;
            p.tcp.durationUs = 2'000'000;
            p.dns.attempted = true;
            p.dns.error = ProbeError::DnsFailure;  // dns_failure: resolve and pin commands
            d.probe = p;
            d.allProbesFailSame = true;  // local_network: ip route get
            ReportInput in = hostileReport({v});
            in.workers[0].view.causes = diagnose(d);
            QVERIFY(!in.workers[0].view.causes.isEmpty());
            int placeholders = 0;
            const QString md = QString::fromUtf8(renderReport(in, ReportFormat::Markdown, Redactor()));
            bool fenced = false;
            for (const QString &line : md.split(u'\n')) {
                if (line.trimmed().startsWith(u"```"_s)) {
                    fenced = !fenced;
                    continue;
                }
                if (!fenced)
                    continue;
                QVERIFY2(!line.contains(v), qPrintable(line));
                placeholders += placeholdersIn(line).size();
            }
            QVERIFY2(placeholders > 0, qPrintable(md));
            const QJsonObject json = QJsonDocument::fromJson(renderReport(in, ReportFormat::Json, Redactor())).object();
            for (const QJsonValue &cause :
                json.value(u"workers"_s).toArray().first().toObject().value(u"causes"_s).toArray()) {
                for (const QJsonValue &command : cause.toObject().value(u"commands"_s).toArray())
                    QVERIFY2(!command.toString().contains(v), qPrintable(command.toString()));
            }
        }
    }

    void everyWizardAndCauseCommandRunsInert()
    {
        // A worker whose every address field is hostile, diagnosed end to end: all the commands
        // the wizard and the causes offer are run, none may run anything planted.
        int commandsRun = 0;
        for (const QString &v : values() + optionLike()) {
            WizardContext ctx;
            ctx.localOs = OsFamily::Linux;
            ctx.input.worker = hostileWorker(v);
            ctx.input.serverContainer = v;
            ctx.input.verdict = Verdict::AgreeDown;
            ctx.input.local = LocalState::Down;
            ProbeResult p;
            p.workerId = 11;
            p.host = v;
            p.port = 10150;
            p.tcp.attempted = true;
            p.tcp.error = ProbeError::TimedOut;
            p.tcp.durationUs = 2'000'000;
            ctx.input.probe = p;
            QStringList texts;
            for (const WizardStep &step : wizardSteps(ctx)) {
                for (const ShellCommand &c : step.commands)
                    texts.append(c.text);
                if (!step.remoteCommand.isEmpty())
                    texts.append(step.remoteCommand);
            }
            for (const Cause &c : diagnose(ctx.input))
                texts += c.commands;
            QVERIFY(texts.size() > 10);
            bool valueSeen = false;
            bool placeholderSeen = false;
            for (const QString &text : std::as_const(texts)) {
                QString errors;
                const QList<QStringList> ran = runInShell(text, &errors);
                ++commandsRun;
                QVERIFY2(!QFile::exists(canary()), qPrintable(text));
                QVERIFY2(!errors.contains(u"Syntax error"_s) && !errors.contains(u"unexpected"_s),
                    qPrintable(text + u" → "_s + errors));
                for (const QStringList &argv : ran) {
                    for (const QString &arg : argv.mid(1))
                        valueSeen = valueSeen || arg.contains(asPassed(v));
                }
                placeholderSeen = placeholderSeen || !placeholdersIn(text).isEmpty();
            }
            // Not a host: it reached no program, a placeholder stands in its place.
            QVERIFY2(!valueSeen, qPrintable(v));
            QVERIFY2(placeholderSeen, qPrintable(v));
        }
        qInfo("%d generated commands run through sh", commandsRun);
    }
};

QTEST_GUILESS_MAIN(TestInjection)
#include "tst_injection.moc"

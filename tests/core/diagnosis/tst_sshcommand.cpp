// The optional ssh runner: the argument vector (BatchMode, "--" before the destination,
// untrusted hosts refused), and a run through a stand-in ssh script (no network at all).
#include "diagnosis/firewallfinding.h"
#include "diagnosis/sshcommand.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestSshCommand : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_fakeSsh;

    SshOutcome runWith(const QByteArray &mode, int timeoutMs = 10'000)
    {
        qputenv("PARALLAX_FAKE_SSH_MODE", mode);
        SshCommand ssh;
        ssh.setProgram(m_fakeSsh);
        QSignalSpy done(&ssh, &SshCommand::finished);
        ssh.start({u"gpu-07"_s, u"ops"_s, 0}, u"sudo ufw status verbose"_s, timeoutMs);
        if (!done.wait(15'000))
            return {};
        return done.first().first().value<SshOutcome>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_fakeSsh = m_dir.filePath(u"ssh"_s);
        QFile f(m_fakeSsh);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n"
                "for a in \"$@\"; do printf '<%s>\\n' \"$a\"; done\n"
                "case \"$PARALLAX_FAKE_SSH_MODE\" in\n"
                "  fail) echo 'ops@gpu-07: Permission denied (publickey).' >&2; exit 255;;\n"
                "  sleep) sleep 5;;\n"
                "  *) echo 'Status: inactive'; exit 3;;\n"
                "esac\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }

    void argumentVector()
    {
        const auto args = SshCommand::arguments({u"gpu-07"_s, u"ops"_s, 2222}, u"sudo ufw status verbose"_s);
        QVERIFY(args.ok());
        QCOMPARE(args.value(),
            QStringList(
                {u"-o"_s, u"BatchMode=yes"_s, u"-o"_s, u"ConnectTimeout=10"_s, u"-T"_s, u"-a"_s, u"-x"_s, u"-o"_s,
                    u"ClearAllForwardings=yes"_s, u"-o"_s, u"ForwardAgent=no"_s, u"-o"_s, u"PermitLocalCommand=no"_s,
                    u"-p"_s, u"2222"_s, u"-l"_s, u"ops"_s, u"--"_s, u"gpu-07"_s, u"sudo ufw status verbose"_s}));
        const QStringList v6 = SshCommand::arguments({u"[fe80::1%eth0]"_s, {}, 0}, u"ip addr"_s).value();
        QCOMPARE(v6.at(v6.indexOf(u"--"_s) + 1), u"fe80::1%eth0"_s);
    }

    // The destination may come from the GPUStack server: no ssh started by Parallax forwards
    // the agent, X11 or ports to it, or runs a LocalCommand, whatever ~/.ssh/config says.
    void neverForwardsAnythingToTheDestination()
    {
        for (const SshTarget &target : {SshTarget{u"gpu-07"_s, {}, 0}, SshTarget{u"10.0.0.7"_s, u"ops"_s, 22},
                 SshTarget{u"[fe80::1%eth0]"_s, {}, 0}}) {
            const auto args = SshCommand::arguments(target, u"ip addr"_s);
            QVERIFY(args.ok());
            const QStringList options = args.value().mid(0, args.value().indexOf(u"--"_s));
            QVERIFY(options.contains(u"-a"_s));  // no agent forwarding
            QVERIFY(options.contains(u"-x"_s));  // no X11 forwarding
            for (const QString &o : {u"ClearAllForwardings=yes"_s, u"ForwardAgent=no"_s, u"PermitLocalCommand=no"_s})
                QVERIFY2(options.indexOf(o) > 0 && options.at(options.indexOf(o) - 1) == u"-o"_s, qPrintable(o));
        }
    }

    void refusesUntrustedDestinations_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("command");
        QTest::newRow("option as host") << u"-oProxyCommand=touch /tmp/x"_s << QString() << u"id"_s;
        QTest::newRow("space") << u"a b"_s << QString() << u"id"_s;
        QTest::newRow("newline") << u"a\nb"_s << QString() << u"id"_s;
        QTest::newRow("option as user") << u"gpu-07"_s << u"-x"_s << u"id"_s;
        QTest::newRow("user with @") << u"gpu-07"_s << u"a@b"_s << u"id"_s;
        QTest::newRow("empty host") << QString() << QString() << u"id"_s;
        QTest::newRow("no command") << u"gpu-07"_s << QString() << u"  "_s;
    }

    void refusesUntrustedDestinations()
    {
        QFETCH(QString, host);
        QFETCH(QString, user);
        QFETCH(QString, command);
        const auto args = SshCommand::arguments({host, user, 0}, command);
        QVERIFY(!args.ok());
        QCOMPARE(args.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!args.error().message.isEmpty());
    }

    void runsAndCapturesOutput()
    {
        const SshOutcome o = runWith("ok");
        QVERIFY2(o.ok, qPrintable(o.error.message));
        QCOMPARE(o.exitCode, 3);  // the remote command's own code is passed through
        QVERIFY(o.output.contains(u"<BatchMode=yes>"_s));
        QVERIFY(o.output.contains(u"<-->\n<gpu-07>\n<sudo ufw status verbose>"_s));
        // What came back is ready for the paste parsers.
        QCOMPARE(parseFirewallListing(o.output).verdict, PortVerdict::NotFiltering);
    }

    void sshFailureIsAnError()
    {
        const SshOutcome o = runWith("fail");
        QVERIFY(!o.ok);
        QCOMPARE(o.error.code, ErrorCode::Unauthorized);
        QVERIFY(o.error.detail.contains(u"Permission denied"_s));
    }

    void timeout()
    {
        const SshOutcome o = runWith("sleep", 300);
        QVERIFY(!o.ok);
        QCOMPARE(o.error.code, ErrorCode::Timeout);
    }

    void noSshClient()
    {
        SshCommand ssh;
        ssh.setProgram(QString());
        QVERIFY(!ssh.isAvailable());
        QSignalSpy done(&ssh, &SshCommand::finished);
        ssh.start({u"gpu-07"_s, {}, 0}, u"id"_s);
        QCOMPARE(done.count(), 0);  // never synchronously from start()
        QVERIFY(done.wait(2000));
        const auto o = done.first().first().value<SshOutcome>();
        QVERIFY(!o.ok);
        QCOMPARE(o.error.code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSshCommand)
#include "tst_sshcommand.moc"

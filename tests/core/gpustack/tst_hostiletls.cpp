#include "gpustack/gpustackclient.h"

#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

// TLS certificates a hostile or misconfigured server presents (issue 9). tst_clienttls covers
// the self-signed certificate, pinning it and a wrong pin; here a private CA the profile trusts
// (extraCaFile) signs an expired certificate and one for another host name: both are refused
// with the fingerprint to pin, and accepted only where that profile pinned exactly that
// certificate. The openssl CLI makes them at test time (EC P-256 keys, a fraction of a second).
class TestHostileTls : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString openssl;
    QSslKey leafKey;
    QSslCertificate expired;
    QSslCertificate wrongHost;
    QSslCertificate cnOnly;  // CN=127.0.0.1, but its subjectAltName names another host

    bool run(const QStringList &args)
    {
        QProcess p;
        p.start(openssl, args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning() << "openssl" << args << p.readAllStandardError();
            return false;
        }
        return true;
    }

    QString path(const QString &name) const { return dir.filePath(name); }

    // A certificate for `subject` (CN and subjectAltName both: Qt matches either, RFC 6125 says
    // the SAN wins; a CN of 127.0.0.1 would make any SAN pass) signed by the test CA.
    QSslCertificate signLeaf(const QString &name, const QString &cn, const QString &san, int days)
    {
        if (!run({u"req"_s, u"-new"_s, u"-key"_s, path(u"leaf.key"_s), u"-out"_s, path(name + u".csr"_s), u"-subj"_s,
                u"/CN="_s + cn}))
            return QSslCertificate();
        QFile ext(path(name + u".ext"_s));
        if (!ext.open(QIODevice::WriteOnly))
            return QSslCertificate();
        ext.write("subjectAltName=" + san.toLatin1() + "\n");
        ext.close();
        // -days -1: valid until yesterday, i.e. expired, with a CA that is itself valid.
        if (!run({u"x509"_s, u"-req"_s, u"-in"_s, path(name + u".csr"_s), u"-CA"_s, path(u"ca.pem"_s), u"-CAkey"_s,
                path(u"ca.key"_s), u"-set_serial"_s, QString::number(qHash(name) & 0xffff), u"-days"_s,
                QString::number(days), u"-extfile"_s, ext.fileName(), u"-out"_s, path(name + u".pem"_s)}))
            return QSslCertificate();
        QFile f(path(name + u".pem"_s));
        return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll(), QSsl::Pem) : QSslCertificate();
    }

    static QString fingerprintOf(const QSslCertificate &c)
    {
        return displayFingerprint(QString::fromLatin1(c.digest(QCryptographicHash::Sha256).toHex()));
    }

    // Detection against `port` through a manager of its own, as each profile has (ClusterSession).
    static std::optional<Result<ServerInfo>> detect(const TlsOptions &tls, quint16 port, int timeoutMs = 5000)
    {
        QNetworkAccessManager nam;
        GpuStackClient client(&nam);
        client.setTimeoutMs(timeoutMs);
        client.setDeadlineMs(timeoutMs);
        ServerEndpoint e;
        e.url = QUrl(u"https://127.0.0.1:%1"_s.arg(port));
        e.secret = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
        e.proxy.mode = ProxyOptions::Mode::None;
        e.tls = tls;
        client.setEndpoint(e);
        std::optional<Result<ServerInfo>> out;
        QObject ctx;
        client.detectServer(&ctx, [&out](Result<ServerInfo> r) { out.emplace(std::move(r)); });
        (void)QTest::qWaitFor([&]() { return out.has_value(); }, timeoutMs + 5000);
        return out;
    }

    void startServer(ScriptedHttpServer &server, const QSslCertificate &cert)
    {
        server.enableTls(cert, leafKey);
        server.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(server.start());
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt was built without a TLS backend here");
        openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("the openssl command is not installed, so no test certificate can be made");
        QVERIFY(dir.isValid());
        const QStringList ec{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
        QVERIFY(run(QStringList{u"req"_s, u"-x509"_s} + ec
            + QStringList{u"-days"_s, u"2"_s, u"-keyout"_s, path(u"ca.key"_s), u"-out"_s, path(u"ca.pem"_s), u"-subj"_s,
                u"/CN=Parallax Test CA"_s, u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
                u"keyUsage=critical,keyCertSign,cRLSign"_s}));
        QVERIFY(run({u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-out"_s,
            path(u"leaf.key"_s)}));
        QFile k(path(u"leaf.key"_s));
        QVERIFY(k.open(QIODevice::ReadOnly));
        leafKey = QSslKey(k.readAll(), QSsl::Ec, QSsl::Pem);
        QVERIFY(!leafKey.isNull());
        expired = signLeaf(u"expired"_s, u"127.0.0.1"_s, u"IP:127.0.0.1"_s, -1);
        wrongHost = signLeaf(u"wronghost"_s, u"wrong-host.invalid"_s, u"DNS:wrong-host.invalid"_s, 2);
        cnOnly = signLeaf(u"cnonly"_s, u"127.0.0.1"_s, u"DNS:wrong-host.invalid"_s, 2);
        QVERIFY(!expired.isNull() && !wrongHost.isNull() && !cnOnly.isNull());
        QVERIFY(expired.expiryDate() < QDateTime::currentDateTimeUtc());
    }

    void refusedEvenFromATrustedCa_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("why");  // words of Qt's QSslError::errorString()
        QTest::newRow("expired") << u"expired"_s << u"expired"_s;
        QTest::newRow("wrong host name") << u"wronghost"_s << u"host name"_s;
        // Qt alone accepts this one (CN match); RFC 6125 ignores the CN once SANs exist.
        QTest::newRow("CN matches, SAN names another host") << u"cnonly"_s << u"subject alternative names"_s;
    }
    void refusedEvenFromATrustedCa()
    {
        QFETCH(QString, which);
        QFETCH(QString, why);
        const QSslCertificate cert = which == u"expired"_s ? expired : which == u"cnonly"_s ? cnOnly : wrongHost;
        ScriptedHttpServer server;
        startServer(server, cert);
        TlsOptions tls;
        tls.extraCaFile = path(u"ca.pem"_s);
        const auto r = detect(tls, server.serverPort());
        QVERIFY2(r.has_value(), "no answer: the client hung");
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, ErrorCode::TlsFailure);
        QVERIFY2(r->error().message.contains(why, Qt::CaseInsensitive), qPrintable(r->error().message));
        // What the user needs to pin it, if they trust it anyway.
        QVERIFY2(r->error().message.contains(fingerprintOf(cert)), qPrintable(r->error().message));
        QCOMPARE(server.requests.size(), 0);  // no request, so no credential, went over it
    }

    void acceptedWhereThatProfilePinnedIt_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("expired") << u"expired"_s;
        QTest::newRow("wrong host name") << u"wronghost"_s;
        QTest::newRow("CN matches, SAN names another host") << u"cnonly"_s;
    }
    void acceptedWhereThatProfilePinnedIt()
    {
        QFETCH(QString, which);
        const QSslCertificate cert = which == u"expired"_s ? expired : which == u"cnonly"_s ? cnOnly : wrongHost;
        const QSslCertificate other = which == u"expired"_s ? wrongHost : expired;
        ScriptedHttpServer server;
        startServer(server, cert);

        TlsOptions pinned;
        pinned.pinnedSha256 = fingerprintOf(cert);
        const auto ok = detect(pinned, server.serverPort());
        QVERIFY(ok.has_value());
        QVERIFY2(ok->ok(), qPrintable(ok->ok() ? QString() : ok->error().message));
        QCOMPARE(ok->value().version, u"v2.2.3"_s);

        // Another profile for the same server that pinned nothing, or another certificate, is
        // still refused: a pin is that profile's decision, not a remembered exception.
        const auto unpinned = detect({}, server.serverPort());
        QVERIFY(unpinned && !unpinned->ok());
        QCOMPARE(unpinned->error().code, ErrorCode::TlsFailure);
        TlsOptions otherPin;
        otherPin.pinnedSha256 = fingerprintOf(other);
        const auto wrongPin = detect(otherPin, server.serverPort());
        QVERIFY(wrongPin && !wrongPin->ok());
        QCOMPARE(wrongPin->error().code, ErrorCode::TlsFailure);
    }

    void silentTlsServerEndsInTheTimeout()
    {
        // Accepts the connection, never answers the ClientHello.
        QTcpServer mute;
        QVERIFY(mute.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> held;
        connect(&mute, &QTcpServer::newConnection, this, [&]() {
            while (QTcpSocket *s = mute.nextPendingConnection())
                held.append(s);
        });
        QElapsedTimer clock;
        clock.start();
        const auto r = detect({}, mute.serverPort(), 1000);
        QVERIFY2(r.has_value(), "no answer: the client hung");
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, ErrorCode::Timeout);
        QVERIFY2(clock.elapsed() < 1000 + 2000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestHostileTls)
#include "tst_hostiletls.moc"

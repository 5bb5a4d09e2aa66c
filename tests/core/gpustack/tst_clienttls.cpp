#include "gpustack/gpustackclient.h"

#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

// A profile's TLS options against a real TLS server on loopback with a self-signed
// certificate made by the openssl CLI (Qt 6.4 has no QSslServer: QTcpServer + QSslSocket).
class TestClientTls : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QSslCertificate cert;
    QSslKey key;
    QString fingerprint;
    QNetworkAccessManager nam;

    std::optional<Result<ServerInfo>> detect(const TlsOptions &tls, quint16 port)
    {
        GpuStackClient client(&nam);
        ServerEndpoint e;
        e.url = QUrl(u"https://127.0.0.1:%1"_s.arg(port));
        e.secret = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
        e.proxy.mode = ProxyOptions::Mode::None;
        e.tls = tls;
        client.setEndpoint(e);
        std::optional<Result<ServerInfo>> out;
        QObject ctx;
        client.detectServer(&ctx, [&out](Result<ServerInfo> r) { out.emplace(std::move(r)); });
        (void)QTest::qWaitFor([&]() { return out.has_value(); }, 10000);
        nam.clearConnectionCache();
        nam.clearAccessCache();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt was built without a TLS backend here");
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("the openssl command is not installed, so no test certificate can be made");
        QVERIFY(dir.isValid());
        QProcess p;
        p.start(openssl,
            {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s, u"-keyout"_s,
                dir.filePath(u"key.pem"_s), u"-out"_s, dir.filePath(u"cert.pem"_s), u"-subj"_s, u"/CN=127.0.0.1"_s,
                u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QFile c(dir.filePath(u"cert.pem"_s));
        QFile k(dir.filePath(u"key.pem"_s));
        QVERIFY(c.open(QIODevice::ReadOnly) && k.open(QIODevice::ReadOnly));
        cert = QSslCertificate(c.readAll(), QSsl::Pem);
        key = QSslKey(k.readAll(), QSsl::Rsa, QSsl::Pem);
        QVERIFY(!cert.isNull() && !key.isNull());
        fingerprint = QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex());
    }

    void untrustedCertificateIsRefusedWithItsFingerprint()
    {
        ScriptedHttpServer server;
        server.enableTls(cert, key);
        server.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(server.start());
        const auto r = detect({}, server.serverPort());
        QVERIFY(r.has_value());
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, ErrorCode::TlsFailure);
        // The message gives the user what they need to pin it, if they trust it.
        QVERIFY2(r->error().message.contains(displayFingerprint(fingerprint)), qPrintable(r->error().message));
        QCOMPARE(server.requests.size(), 0);
    }

    void pinnedFingerprintIsAccepted()
    {
        ScriptedHttpServer server;
        server.enableTls(cert, key);
        server.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(server.start());
        TlsOptions tls;
        tls.pinnedSha256 = displayFingerprint(fingerprint);  // "AB:CD:…" as a person pastes it
        const auto r = detect(tls, server.serverPort());
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
        QCOMPARE(r->value().version, u"v2.2.3"_s);
    }

    void wrongPinIsRefused()
    {
        ScriptedHttpServer server;
        server.enableTls(cert, key);
        server.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(server.start());
        TlsOptions tls;
        tls.pinnedSha256 = QString(64, u'a');
        const auto r = detect(tls, server.serverPort());
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, ErrorCode::TlsFailure);
    }

    void extraCaFileIsTrusted()
    {
        ScriptedHttpServer server;
        server.enableTls(cert, key);
        server.setHandler([](const HttpRequest &) { return versionReply(); });
        QVERIFY(server.start());
        TlsOptions tls;
        tls.extraCaFile = dir.filePath(u"cert.pem"_s);  // self-signed: it is its own CA
        const auto r = detect(tls, server.serverPort());
        QVERIFY(r.has_value());
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
    }
};

QTEST_GUILESS_MAIN(TestClientTls)
#include "tst_clienttls.moc"

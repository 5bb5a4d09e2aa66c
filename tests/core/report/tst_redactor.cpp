#include "report/redactor.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// What the redactor takes out of free text, and what it must leave alone.
class TestRedactor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void removesCredentialShapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept");
        const QString key = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
        QTest::newRow("api key") << u"key %1 rejected"_s.arg(key) << key << u"rejected"_s;
        QTest::newRow("bearer header") << u"Authorization: Bearer abcdef123456"_s << u"abcdef123456"_s
                                       << u"Authorization"_s;
        QTest::newRow("basic header") << u"authorization=Basic YWRtaW46cGFzc3dvcmQ="_s << u"YWRtaW46cGFzc3dvcmQ"_s
                                      << u"authorization"_s;
        QTest::newRow("x-api-key header") << u"X-API-Key: s3cr3t-value"_s << u"s3cr3t-value"_s << u"X-API-Key"_s;
        QTest::newRow("cookie header") << u"Cookie: gpustack_session=abc.def.ghi; theme=dark"_s << u"abc.def.ghi"_s
                                       << u"Cookie"_s;
        QTest::newRow("set-cookie") << u"Set-Cookie: gpustack_session=zzzyyyxxx; HttpOnly"_s << u"zzzyyyxxx"_s
                                    << u"Set-Cookie"_s;
        QTest::newRow("session in text") << u"sent gpustack_session=qwertyuiop to the server"_s << u"qwertyuiop"_s
                                         << u"to the server"_s;
        QTest::newRow("jwt") << u"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig-nature_x here"_s
                             << u"eyJzdWIiOiJhIn0"_s << u"here"_s;
        QTest::newRow("password=") << u"username=admin&password=hunter2xyz"_s << u"hunter2xyz"_s << u"username=admin"_s;
        QTest::newRow("json password") << u"{\"password\": \"hunter2xyz\"}"_s << u"hunter2xyz"_s << u"password"_s;
        QTest::newRow("url userinfo") << u"GET https://admin:pa55word@gpustack.example.com/v2"_s << u"pa55word"_s
                                      << u"gpustack.example.com/v2"_s;
        QTest::newRow("token=") << u"https://x/v2/workers?token=abcdef0123"_s << u"abcdef0123"_s << u"/v2/workers"_s;
    }

    void removesCredentialShapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        const QString out = Redactor().text(input);
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY2(out.contains(kept), qPrintable(out));
        QVERIFY2(out.contains(u"[redacted]"_s), qPrintable(out));
    }

    void removesRegisteredSecretsAnywhere()
    {
        Redactor r;
        r.addSecret(u"Correct Horse&Battery"_s);
        r.addSecret(u"abc"_s);  // too short to register: would eat ordinary words
        const QString out =
            r.text(u"login with Correct Horse&Battery failed (body: pw=Correct%20Horse%26Battery) abc"_s);
        QVERIFY2(!out.contains(u"Correct Horse"_s), qPrintable(out));
        QVERIFY2(!out.contains(u"Correct%20Horse"_s), qPrintable(out));
        QVERIFY2(out.endsWith(u" abc"_s), qPrintable(out));
    }

    void leavesOrdinaryTextAlone()
    {
        const QString text = u"TCP connect to 10.0.0.3:10150 timed out after 2000 ms; GET /healthz answered \"ok\"."_s;
        QCOMPARE(Redactor().text(text), text);
    }

    void cleansControlAndBidiCharacters()
    {
        QString s = u"a"_s;
        s += QChar(0);
        s += u"b\u202Ec"_s;
        s += QChar(char16_t(0xDC00));
        s += u"\nd\te\x1b[31m"_s;
        QCOMPARE(Redactor::clean(s), u"abc\uFFFD\nd\te[31m"_s);
    }

    void urlsLoseCredentialsQueryAndFragment()
    {
        Redactor r;
        const QUrl u = r.url(QUrl(u"https://admin:secret@gpustack.example.com:8443/base?token=x#frag"_s));
        QCOMPARE(u.toString(), u"https://gpustack.example.com:8443/base"_s);
    }

    void settingsWithSecretNamesAreReplaced()
    {
        Redactor r;
        QCOMPARE(r.setting(u"api_key"_s, u"whatever"_s).toString(), u"[redacted]"_s);
        QCOMPARE(r.setting(u"password"_s, u"x"_s).toString(), u"[redacted]"_s);
        QCOMPARE(r.setting(u"session_cookie"_s, u"x"_s).toString(), u"[redacted]"_s);
        QCOMPARE(r.setting(u"api_key_env"_s, u"GPUSTACK_API_KEY"_s).toString(), u"GPUSTACK_API_KEY"_s);
        QCOMPARE(r.setting(u"probe_interval_s"_s, 15).toInt(), 15);
        // How one logs in is not a secret, and the reader of a report needs it.
        QCOMPARE(r.setting(u"auth_mode"_s, u"api-key"_s).toString(), u"api-key"_s);
    }

    void pseudonymsAreConsistent()
    {
        Redactor r;
        r.setPseudonymizeHosts(true);
        QCOMPARE(r.host(u"gpu-node-7.corp.example.com"_s), u"host-1"_s);
        QCOMPARE(r.host(u"10.1.2.3"_s), u"ip-1"_s);
        QCOMPARE(r.host(u"GPU-NODE-7.corp.example.com"_s), u"host-1"_s);  // host names are case-insensitive
        QCOMPARE(r.host(u"10.1.2.4"_s), u"ip-2"_s);
        QCOMPARE(r.host(u"fe80::1"_s), u"ip-3"_s);
        QCOMPARE(r.host(u"127.0.0.1"_s), u"127.0.0.1"_s);  // loopback identifies nobody and is evidence
        QCOMPARE(r.host(u"0.0.0.0"_s), u"0.0.0.0"_s);
        QCOMPARE(r.text(u"probe of 10.1.2.3:10150 and gpu-node-7.corp.example.com failed; 10.9.9.9 too."_s),
            u"probe of ip-1:10150 and host-1 failed; ip-4 too."_s);
        // Ranges, versions and file names are not hosts.
        QCOMPARE(r.text(u"address in 172.17.0.0/16, worker v2.2.3, see worker_request.py"_s),
            u"address in 172.17.0.0/16, worker v2.2.3, see worker_request.py"_s);
        QCOMPARE(r.url(QUrl(u"http://gpu-node-7.corp.example.com:10150/healthz"_s)).toString(),
            u"http://host-1:10150/healthz"_s);
    }

    // Names with spaces are matched whole, the longest first, whatever the order they were
    // registered in: "gpu box 2" is not "gpu box" followed by "2".
    void namesSharingAStartGetTheirOwnPseudonyms()
    {
        for (bool shortFirst : {true, false}) {
            Redactor r;
            r.setPseudonymizeHosts(true);
            const QString shortName = r.host(shortFirst ? u"gpu box"_s : u"gpu box 2"_s);
            const QString longName = r.host(shortFirst ? u"gpu box 2"_s : u"gpu box"_s);
            const QString box = shortFirst ? shortName : longName;
            const QString box2 = shortFirst ? longName : shortName;
            QVERIFY(box != box2);
            QCOMPARE(r.text(u"GPU Box 2 and gpu box are down; gpu boxes are fine."_s),
                u"%1 and %2 are down; gpu boxes are fine."_s.arg(box2, box));
            QCOMPARE(r.text(u"(gpu box 2:10150)"_s), u"(%1:10150)"_s.arg(box2));
        }
    }

    // 1,000 registered names that share their starts ("rack 1 gpu 1" … "rack 1 gpu 1000"): each
    // text names its own pseudonym.
    void thousandNamesSharingPrefixes()
    {
        Redactor r;
        r.setPseudonymizeHosts(true);
        QStringList pseudonyms;
        for (int i = 1; i <= 1000; ++i)
            pseudonyms.append(r.host(u"rack 1 gpu %1"_s.arg(i)));
        QCOMPARE(QSet<QString>(pseudonyms.cbegin(), pseudonyms.cend()).size(), 1000);
        QString text;
        QString expected;
        for (int i = 1000; i >= 1; i -= 7) {
            text += u"rack 1 gpu %1 failed; "_s.arg(i);
            expected += u"%1 failed; "_s.arg(pseudonyms.at(i - 1));
        }
        QCOMPARE(r.text(text), expected);
        QCOMPARE(r.text(u"Rack 1 GPU 100"_s), pseudonyms.at(99));
        QCOMPARE(r.text(u"rack 1 gpu 1001"_s), u"rack 1 gpu 1001"_s);  // no registered name ends there
    }

    void pseudonymsOffLeavesHosts()
    {
        Redactor r;
        QCOMPARE(r.host(u"10.1.2.3"_s), u"10.1.2.3"_s);
        QCOMPARE(r.text(u"gpu-node-7.corp.example.com"_s), u"gpu-node-7.corp.example.com"_s);
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"

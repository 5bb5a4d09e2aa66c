#include "settings/profilestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

class TestProfileStore : public QObject {
    Q_OBJECT

    static ServerProfile sample(const QString &name, const QString &url)
    {
        ServerProfile p = newServerProfile(name, QUrl(url));
        return p;
    }

private Q_SLOTS:
    void severalProfilesRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"nested/profiles.json"_s);
        ServerProfile a = sample(u"Lab v2"_s, u"https://gpustack.lab.example:443"_s);
        a.authMode = AuthMode::ApiKeyHeader;
        a.tls.pinnedSha256 =
            u"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"_s;
        a.tls.extraCaFile = u"/etc/ssl/lab-ca.pem"_s;
        a.proxy.mode = ProxyOptions::Mode::Explicit;
        a.proxy.url = QUrl(u"http://proxy.lab.example:3128"_s);
        a.probe =
            ProbeTuning{.intervalS = 60, .timeoutMs = 8000, .failuresToDown = 3, .successesToUp = 1, .concurrency = 32};
        ServerProfile b = sample(u"Old cluster"_s, u"http://10.0.0.5"_s);
        b.authMode = AuthMode::Password;
        b.username = u"ops"_s;
        b.apiVersion = ApiVersion::V0;
        b.proxy.mode = ProxyOptions::Mode::None;

        {
            ProfileStore store(path);
            QVERIFY(store.load().ok());  // a missing file is an empty store
            QCOMPARE(store.profiles().size(), 0);
            store.upsert(a);
            store.upsert(b);
            store.setOpenProfileIds({a.id, b.id});
            const Result<void> saved = store.save();
            QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
        }
        ProfileStore again(path);
        QVERIFY(again.load().ok());
        QCOMPARE(again.profiles().size(), 2);
        ServerProfile expectedA = a;
        expectedA.tls.pinnedSha256 = normalizedFingerprint(a.tls.pinnedSha256);  // stored normalised
        QCOMPARE(again.profile(a.id).value(), expectedA);
        QCOMPARE(again.profile(b.id).value(), b);
        QCOMPARE(again.profile(a.id)->probe->timeoutMs, 8000);  // its own probe settings
        QVERIFY(!again.profile(b.id)->probe);  // the defaults from Settings
        QCOMPARE(again.openProfileIds(), (QStringList{a.id, b.id}));
        QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
        QVERIFY(!(QFile::permissions(path) & QFileDevice::ReadOther));
    }

    void upsertReplacesAndRemoveForgetsOpenState()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"p.json"_s));
        QSignalSpy changed(&store, &ProfileStore::changed);
        ServerProfile a = sample(u"A"_s, u"http://127.0.0.1:8080"_s);
        store.upsert(a);
        a.name = u"A renamed"_s;
        store.upsert(a);
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(store.profiles().first().name, u"A renamed"_s);
        store.setOpenProfileIds({a.id});
        QVERIFY(store.remove(a.id));
        QVERIFY(store.openProfileIds().isEmpty());
        QVERIFY(!store.remove(a.id));
        QCOMPARE(changed.count(), 4);
    }

    void olderFileIsMigrated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // (Not a raw string literal: moc reads "//" inside one as a comment.)
        f.write(
            "{\"profiles\":[{\"id\":\"p1\",\"name\":\"Legacy\",\"serverUrl\":\"http://10.1.1.1\",\"auth\":\"apikey\"}]}");
        f.close();
        ProfileStore store(path);
        QVERIFY(store.load().ok());
        QCOMPARE(store.profiles().size(), 1);
        QCOMPARE(store.profiles().first().authMode, AuthMode::ApiKeyBearer);
        QVERIFY(store.save().ok());
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(saved.readAll()).object().value(u"version"_s).toInt(),
            ProfileStore::CurrentVersion);
    }

    void damagedOrNewerFileIsAnErrorAndLeftAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"profiles\": [ truncated");
        f.close();
        ProfileStore store(path);
        const Result<void> r = store.load();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::StorageFailure);
        QVERIFY(r.error().message.contains(path));

        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version":99,"profiles":[]})");
        f.close();
        QVERIFY(!store.load().ok());
    }

    void noSecretsInTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"profiles.json"_s);
        ServerProfile a = sample(u"Proxy with password"_s, u"https://user:hunter2@gpustack.example"_s);
        a.proxy.mode = ProxyOptions::Mode::Explicit;
        a.proxy.url = QUrl(u"http://puser:proxy-pass-123@proxy.example:3128"_s);
        ProfileStore store(path);
        store.upsert(a);
        QVERIFY(store.save().ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(!text.contains("hunter2"));
        QVERIFY(!text.contains("proxy-pass-123"));
    }

    void validationSaysWhatToFix_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("name") << u"name"_s;
        QTest::newRow("url") << u"url"_s;
        QTest::newRow("user") << u"user"_s;
        QTest::newRow("fingerprint") << u"fingerprint"_s;
        QTest::newRow("proxy") << u"proxy"_s;
    }

    void validationSaysWhatToFix()
    {
        QFETCH(QString, field);
        ServerProfile p = sample(u"ok"_s, u"https://gpustack.example"_s);
        QVERIFY(validateProfile(p).ok());
        if (field == u"name"_s)
            p.name = u"  "_s;
        if (field == u"url"_s)
            p.serverUrl = QUrl(u"ftp://x"_s);
        if (field == u"user"_s)
            p.authMode = AuthMode::Password;
        if (field == u"fingerprint"_s)
            p.tls.pinnedSha256 = u"12:34"_s;
        if (field == u"proxy"_s) {
            p.proxy.mode = ProxyOptions::Mode::Explicit;
            p.proxy.url = QUrl(u"not a url"_s);
        }
        const Result<void> r = validateProfile(p);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!r.error().message.isEmpty());
    }

    void credentialKeyIsNamespaced()
    {
        ServerProfile p = sample(u"x"_s, u"https://gpustack.example:8443/"_s);
        QCOMPARE(p.credentialKey(), u"https://gpustack.example:8443|api-key"_s);
        p.authMode = AuthMode::Password;
        p.username = u"ops"_s;
        QCOMPARE(p.credentialKey(), u"https://gpustack.example:8443|ops"_s);
        const ServerEndpoint e = p.endpoint(u"pw"_s);
        QCOMPARE(e.secret, u"pw"_s);
        QCOMPARE(e.username, u"ops"_s);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"

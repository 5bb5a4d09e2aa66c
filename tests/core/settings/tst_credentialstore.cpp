#include "settings/credentialstore.h"
#include "settings/keychaincredentialstore.h"
#include "settings/profilestore.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

template <typename T>
std::optional<Result<T>> waitFor(const std::function<void(QObject *, std::function<void(Result<T>)>)> &start)
{
    QObject context;
    std::optional<Result<T>> out;
    start(&context, [&out](Result<T> r) { out.emplace(std::move(r)); });
    (void)QTest::qWaitFor([&]() { return out.has_value(); }, 15000);
    return out;
}

std::optional<Result<QString>> readSecret(CredentialStore &s, const QString &key)
{
    return waitFor<QString>([&](QObject *ctx, auto cb) { s.read(key, ctx, cb); });
}
std::optional<Result<void>> writeSecret(CredentialStore &s, const QString &key, const QString &secret)
{
    return waitFor<void>([&](QObject *ctx, auto cb) { s.write(key, secret, ctx, cb); });
}
std::optional<Result<void>> removeSecret(CredentialStore &s, const QString &key)
{
    return waitFor<void>([&](QObject *ctx, auto cb) { s.remove(key, ctx, cb); });
}

// A store whose keychain is missing, as on a headless box without Secret Service.
class NoKeychain final : public CredentialStore {
public:
    using CredentialStore::CredentialStore;
    Error unavailable() const { return Error{ErrorCode::KeychainUnavailable, u"no backend"_s, u"test"_s}; }
    void read(const QString &, QObject *c, ReadCallback d) override
    {
        QTimer::singleShot(0, c, [d, this] { d(unavailable()); });
    }
    void write(const QString &, const QString &, QObject *c, DoneCallback d) override
    {
        QTimer::singleShot(0, c, [d, this] { d(unavailable()); });
    }
    void remove(const QString &, QObject *c, DoneCallback d) override
    {
        QTimer::singleShot(0, c, [d, this] { d(unavailable()); });
    }
    bool persistent() const override { return true; }
};

}  // namespace

class TestCredentialStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryStoreRoundTrips()
    {
        MemoryCredentialStore store;
        QVERIFY(!store.persistent());
        auto r = readSecret(store, u"k"_s);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, ErrorCode::SecretNotFound);
        QVERIFY(writeSecret(store, u"k"_s, u"v"_s)->ok());
        r = readSecret(store, u"k"_s);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value(), u"v"_s);
        QVERIFY(removeSecret(store, u"k"_s)->ok());
        QCOMPARE(readSecret(store, u"k"_s)->error().code, ErrorCode::SecretNotFound);
    }

    void noKeychainFallsBackToMemoryAndSaysSo()
    {
        NoKeychain keychain;
        FallbackCredentialStore store(&keychain);
        QSignalSpy told(&store, &FallbackCredentialStore::sessionOnly);
        QVERIFY(writeSecret(store, u"https://a|api-key"_s, u"secret-1"_s)->ok());
        QCOMPARE(told.count(), 1);
        QVERIFY(!told.first().first().toString().isEmpty());
        QVERIFY(!store.persistent());
        const auto r = readSecret(store, u"https://a|api-key"_s);
        QVERIFY(r && r->ok());
        QCOMPARE(r->value(), u"secret-1"_s);
    }

    // The real Secret Service (gnome-keyring in scripts/test-session.sh's private D-Bus).
    void realKeychainRoundTripsAndNothingOnDisk()
    {
        // Set by with-private-keyring.sh (ctest: tst_credentialstore_keyring). Elsewhere a
        // keyring may be locked and its prompt would stall the test.
        if (qEnvironmentVariable("PARALLAX_KEYRING_READY") != u"1"_s)
            QSKIP("needs an unlocked throwaway keyring: runs as the ctest tst_credentialstore_keyring");
        KeychainCredentialStore keychain(nullptr, u"Parallax-test"_s);
        const QString secret = u"gpustack_%1_%2"_s.arg(QUuid::createUuid().toString(QUuid::Id128).left(16),
                                                      QUuid::createUuid().toString(QUuid::Id128));
        const QString key = credentialKey(QUrl(u"https://gpustack.test.invalid:8443"_s), QString());

        const auto written = writeSecret(keychain, key, secret);
        QVERIFY(written.has_value());
        if (!written->ok() && written->error().code == ErrorCode::KeychainUnavailable)
            QSKIP("no Secret Service here: run through scripts/test-session.sh to test the real keychain");
        QVERIFY2(written->ok(), qPrintable(written->error().detail));

        // A profile saved beside it, in its own settings folder.
        QTemporaryDir settingsDir;
        ServerProfile profile = newServerProfile(u"Keychain test"_s, QUrl(u"https://gpustack.test.invalid:8443"_s));
        QCOMPARE(profile.credentialKey(), key);
        ProfileStore store(settingsDir.filePath(u"profiles.json"_s));
        store.upsert(profile);
        QVERIFY(store.save().ok());

        const auto read = readSecret(keychain, key);
        QVERIFY(read && read->ok());
        QCOMPARE(read->value(), secret);

        // A fresh store object (as after a restart) finds it too.
        KeychainCredentialStore again(nullptr, u"Parallax-test"_s);
        QCOMPARE(readSecret(again, key)->value(), secret);

        // No file in the settings folder, nor in this session's config home, holds the secret.
        QStringList roots{settingsDir.path()};
        if (const QByteArray xdg = qgetenv("XDG_CONFIG_HOME"); !xdg.isEmpty())
            roots.append(QString::fromLocal8Bit(xdg));
        int scanned = 0;
        for (const QString &root : roots) {
            QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                if (!f.open(QIODevice::ReadOnly))
                    continue;
                ++scanned;
                QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
            }
        }
        QVERIFY(scanned >= 1);

        QVERIFY(removeSecret(keychain, key)->ok());
        const auto gone = readSecret(keychain, key);
        QVERIFY(gone && !gone->ok());
        QCOMPARE(gone->error().code, ErrorCode::SecretNotFound);
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"

#include "credentialstore.h"
#include "base/trcontexts.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax {

QString credentialKey(const QUrl &serverUrl, const QString &username)
{
    QString url =
        serverUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash)
            .toString();
    while (url.endsWith(u'/'))  // "https://h:8443/" and "https://h:8443" are one server
        url.chop(1);
    return url + u'|' + (username.isEmpty() ? u"api-key"_s : username);
}

namespace {

// Deliver on the next event-loop turn, like a real keychain job, and only while `context` lives.
template<typename T> void later(QObject *context, std::function<void(T)> done, T value)
{
    QTimer::singleShot(
        0, context, [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); });
}

Error notFound(const QString &key)
{
    return Error{ErrorCode::SecretNotFound, Profiles::tr("No saved secret for this server; enter it again."),
        u"no secret for key "_s + key};
}

}  // namespace

void MemoryCredentialStore::read(const QString &key, QObject *context, ReadCallback done)
{
    const auto it = m_secrets.constFind(key);
    Result<QString> r = it == m_secrets.cend() ? Result<QString>(notFound(key)) : Result<QString>(*it);
    later<Result<QString>>(context, std::move(done), std::move(r));
}

void MemoryCredentialStore::write(const QString &key, const QString &secret, QObject *context, DoneCallback done)
{
    m_secrets.insert(key, secret);
    later<Result<void>>(context, std::move(done), Result<void>());
}

void MemoryCredentialStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    m_secrets.remove(key);
    later<Result<void>>(context, std::move(done), Result<void>());
}

FallbackCredentialStore::FallbackCredentialStore(CredentialStore *keychain, QObject *parent)
    : CredentialStore(parent)
    , m_keychain(keychain)
{
}

bool FallbackCredentialStore::fallsBack(const Error &error)
{
    // A locked keyring whose unlock prompt was dismissed, or a denial, is as good as no keychain
    // for this session: the user is asked for the secret and it is kept in memory.
    return error.code == ErrorCode::KeychainUnavailable || error.code == ErrorCode::KeychainDenied;
}

void FallbackCredentialStore::switchToMemory(const Error &why)
{
    if (m_usingMemory)
        return;
    m_usingMemory = true;
    qCWarning(lcSettings).noquote() << "keychain not usable, keeping secrets in memory:" << logSafe(why.detail);
    if (why.code == ErrorCode::KeychainDenied) {
        Q_EMIT sessionOnly(Profiles::tr("Access to the system keychain was denied or it stayed locked. "
                                        "Parallax keeps your secrets in memory until it quits and will "
                                        "ask for them again next time."));
        return;
    }
    Q_EMIT sessionOnly(Profiles::tr("The system keychain is not available (%1). Parallax keeps your "
                                    "secrets in memory until it quits and will ask for them again next time.")
                           .arg(why.message));
}

void FallbackCredentialStore::read(const QString &key, QObject *context, ReadCallback done)
{
    if (m_usingMemory) {
        m_memory.read(key, context, std::move(done));
        return;
    }
    QPointer<QObject> ctx(context);
    m_keychain->read(key, this, [this, key, ctx, done](Result<QString> r) {
        if (!ctx)
            return;
        if (!r.ok() && fallsBack(r.error())) {
            switchToMemory(r.error());
            m_memory.read(key, ctx, done);
            return;
        }
        done(std::move(r));
    });
}

void FallbackCredentialStore::write(const QString &key, const QString &secret, QObject *context, DoneCallback done)
{
    if (m_usingMemory) {
        m_memory.write(key, secret, context, std::move(done));
        return;
    }
    QPointer<QObject> ctx(context);
    m_keychain->write(key, secret, this, [this, key, secret, ctx, done](Result<void> r) {
        if (!ctx)
            return;
        if (!r.ok() && fallsBack(r.error())) {
            switchToMemory(r.error());
            m_memory.write(key, secret, ctx, done);
            return;
        }
        done(std::move(r));
    });
}

void FallbackCredentialStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    if (m_usingMemory) {
        m_memory.remove(key, context, std::move(done));
        return;
    }
    QPointer<QObject> ctx(context);
    m_keychain->remove(key, this, [ctx, done](Result<void> r) {
        if (ctx)
            done(std::move(r));
    });
}

}  // namespace parallax

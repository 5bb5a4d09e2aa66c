#include "keychaincredentialstore.h"
#include "base/trcontexts.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QPointer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

Error mapError(const QKeychain::Job *job, const QString &key)
{
    // The key names a server and user, never the secret: safe in the detail.
    const QString detail = u"keychain error %1 for %2: %3"_s.arg(int(job->error())).arg(key, job->errorString());
    switch (job->error()) {
    case QKeychain::NoError: return Error{ErrorCode::None, {}, {}};
    case QKeychain::EntryNotFound:
        return Error{
            ErrorCode::SecretNotFound, Profiles::tr("No saved secret for this server; enter it again."), detail};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{ErrorCode::KeychainDenied,
            Profiles::tr("Access to the system keychain was denied. Allow Parallax in the "
                         "keychain prompt, or enter the secret for this session only."),
            detail};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: break;
    }
    return Error{ErrorCode::KeychainUnavailable,
        Profiles::tr("The system keychain is not available (%1). Unlock or install a keychain "
                     "(for example GNOME Keyring or KWallet) to keep secrets between sessions.")
            .arg(job->errorString()),
        detail};
}

}  // namespace

KeychainCredentialStore::KeychainCredentialStore(QObject *parent, const QString &service)
    : CredentialStore(parent)
    , m_service(service)
{
}

void KeychainCredentialStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context, [key, done](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError) {
            done(mapError(j, key));
            return;
        }
        done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
    });
    job->start();
}

void KeychainCredentialStore::write(const QString &key, const QString &secret, QObject *context, DoneCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, context, [key, done](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError) {
            done(mapError(j, key));
            return;
        }
        qCDebug(lcSettings) << "stored secret for" << key;
        done({});
    });
    job->start();
}

void KeychainCredentialStore::remove(const QString &key, QObject *context, DoneCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context, [key, done](QKeychain::Job *j) {
        // Deleting what is not there is fine: the outcome the caller wanted.
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound) {
            done(mapError(j, key));
            return;
        }
        done({});
    });
    job->start();
}

}  // namespace parallax

#pragma once

#include "base/result.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace parallax {

// "<server url>|<user or 'api-key'>": secrets are namespaced by server and user, so two
// profiles of the same server with different users do not overwrite each other.
QString credentialKey(const QUrl &serverUrl, const QString &username);

// Where API keys and passwords live. Asynchronous (the OS keychain may prompt); every
// callback takes a context object and is not called after the context is destroyed.
// Errors: SecretNotFound ("ask the user"), KeychainUnavailable, KeychainDenied.
// Implementations never log or write a secret in plain text.
class CredentialStore : public QObject {
    Q_OBJECT
public:
    using ReadCallback = std::function<void(Result<QString>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    using QObject::QObject;

    virtual void read(const QString &key, QObject *context, ReadCallback done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, DoneCallback done) = 0;
    virtual void remove(const QString &key, QObject *context, DoneCallback done) = 0;
    // false: secrets are forgotten when the app quits (the UI says so).
    virtual bool persistent() const = 0;
};

// Session-only store: the fallback when no keychain is available, and for tests.
class MemoryCredentialStore final : public CredentialStore {
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &secret, QObject *context, DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    bool persistent() const override { return false; }

private:
    QHash<QString, QString> m_secrets;
};

// The OS keychain first; when it is unavailable, locked or denies access, memory for this
// session, and sessionOnly() tells the user (Nextcloud's httpcredentials.cpp does the same).
// A read then answers SecretNotFound, so the caller asks the user for the secret.
class FallbackCredentialStore final : public CredentialStore {
    Q_OBJECT
public:
    FallbackCredentialStore(CredentialStore *keychain, QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &secret, QObject *context, DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    bool persistent() const override { return !m_usingMemory; }
    bool usingMemory() const { return m_usingMemory; }

Q_SIGNALS:
    // Translated: the keychain could not be used, secrets are kept only until Parallax quits.
    void sessionOnly(const QString &message);

private:
    static bool fallsBack(const Error &error);
    void switchToMemory(const Error &why);

    CredentialStore *m_keychain;
    MemoryCredentialStore m_memory;
    bool m_usingMemory = false;
};

}  // namespace parallax

#pragma once

#include "settings/credentialstore.h"

namespace parallax {

// Secrets in the OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows). Jobs are asynchronous, never fall back to an insecure
// file (setInsecureFallback(false)), and entries live under service "Parallax" with keys
// from credentialKey(). Errors map to: EntryNotFound → SecretNotFound; NoBackendAvailable,
// NotImplemented, OtherError → KeychainUnavailable; AccessDenied(ByUser) → KeychainDenied.
class KeychainCredentialStore final : public CredentialStore {
    Q_OBJECT
public:
    explicit KeychainCredentialStore(QObject *parent = nullptr, const QString &service = QStringLiteral("Parallax"));

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QString &secret, QObject *context, DoneCallback done) override;
    void remove(const QString &key, QObject *context, DoneCallback done) override;
    bool persistent() const override { return true; }

private:
    QString m_service;
};

}  // namespace parallax

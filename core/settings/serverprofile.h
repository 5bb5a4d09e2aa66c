#pragma once

#include "base/result.h"
#include "gpustack/serverendpoint.h"
#include "probe/probetuning.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace parallax {

// "profile:<id>": the cluster part of the history keys of the profile with this id.
QString profileHistoryKey(const QString &profileId);

// One GPUStack server the user connects to. Holds no secret: the API key or password lives
// in the CredentialStore under credentialKey().
struct ServerProfile {
    QString id;  // stable, generated once (QUuid without braces)
    QString name;
    QUrl serverUrl;
    AuthMode authMode = AuthMode::ApiKeyBearer;
    QString username;  // Password/Basic only
    ApiVersion apiVersion = ApiVersion::Auto;  // override of the detection
    TlsOptions tls;
    ProxyOptions proxy;
    std::optional<ProbeTuning> probe;  // empty: the defaults from Settings apply

    // "<server url>|<user or 'api-key'>": the keychain entry of this profile's secret.
    QString credentialKey() const;
    // "profile:<id>": the cluster part of this profile's history keys (stable across renames).
    QString historyKey() const { return profileHistoryKey(id); }
    // The client's view of this profile with the secret filled in.
    ServerEndpoint endpoint(const QString &secret) const;

    bool operator==(const ServerProfile &) const = default;
};

// A new profile with a fresh id.
ServerProfile newServerProfile(const QString &name, const QUrl &serverUrl);

// Problems a person can fix in the profile dialog (translated), or ok.
Result<void> validateProfile(const ServerProfile &profile);

QJsonObject profileToJson(const ServerProfile &profile);
Result<ServerProfile> profileFromJson(const QJsonObject &object);

}  // namespace parallax

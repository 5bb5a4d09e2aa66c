#include "serverprofile.h"
#include "base/trcontexts.h"

#include "settings/credentialstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace parallax {

QString profileHistoryKey(const QString &profileId)
{
    return u"profile:"_s + profileId;
}

QString ServerProfile::credentialKey() const
{
    const bool userSecret = authMode == AuthMode::Password || authMode == AuthMode::Basic;
    return parallax::credentialKey(serverUrl, userSecret ? username : QString());
}

ServerEndpoint ServerProfile::endpoint(const QString &secret) const
{
    ServerEndpoint e;
    e.url = serverUrl;
    e.authMode = authMode;
    e.username = username;
    e.secret = secret;
    e.apiVersion = apiVersion;
    e.tls = tls;
    e.proxy = proxy;
    return e;
}

ServerProfile newServerProfile(const QString &name, const QUrl &serverUrl)
{
    ServerProfile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.name = name;
    p.serverUrl = serverUrl;
    return p;
}

Result<void> validateProfile(const ServerProfile &p)
{
    const auto fail = [](const QString &message, const QString &detail) {
        return Result<void>(Error{ErrorCode::InvalidArgument, message, detail});
    };
    if (p.name.trimmed().isEmpty())
        return fail(Profiles::tr("Give the profile a name."), u"empty name"_s);
    const QString scheme = p.serverUrl.scheme().toLower();
    if (!p.serverUrl.isValid() || p.serverUrl.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s))
        return fail(
            Profiles::tr("Enter the server URL as http://host:port or https://host:port."), u"bad server url"_s);
    if (!p.serverUrl.userInfo().isEmpty())
        return fail(
            Profiles::tr("Remove the user name and password from the server URL; enter them in the sign-in fields."),
            u"userinfo in server url"_s);
    if ((p.authMode == AuthMode::Password || p.authMode == AuthMode::Basic) && p.username.trimmed().isEmpty())
        return fail(Profiles::tr("Enter the user name to sign in with."), u"password auth without user"_s);
    if (!p.tls.pinnedSha256.isEmpty() && normalizedFingerprint(p.tls.pinnedSha256).isEmpty())
        return fail(
            Profiles::tr(
                "The certificate fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed."),
            u"bad fingerprint"_s);
    if (!p.tls.extraCaFile.isEmpty() && !QFileInfo(p.tls.extraCaFile).isReadable())
        return fail(Profiles::tr("The CA file %1 cannot be read.").arg(p.tls.extraCaFile), u"unreadable ca file"_s);
    if (p.proxy.mode == ProxyOptions::Mode::Explicit) {
        const QString ps = p.proxy.url.scheme().toLower();
        if (!p.proxy.url.isValid() || p.proxy.url.host().isEmpty() || (ps != u"http"_s && ps != u"socks5"_s))
            return fail(Profiles::tr("Enter the proxy as http://host:port or socks5://host:port."), u"bad proxy url"_s);
        if (!p.proxy.url.password().isEmpty())
            return fail(
                Profiles::tr("Parallax does not store proxy passwords in the profile; remove it from the proxy URL."),
                u"proxy password"_s);
    }
    return {};
}

QJsonObject profileToJson(const ServerProfile &p)
{
    QJsonObject tls{
        {u"extraCaFile"_s, p.tls.extraCaFile}, {u"pinnedSha256"_s, normalizedFingerprint(p.tls.pinnedSha256)}};
    // A proxy password would be a secret on disk: never written.
    const QUrl proxyUrl = p.proxy.url.adjusted(QUrl::RemovePassword);
    QJsonObject proxy{{u"mode"_s, proxyModeId(p.proxy.mode)}, {u"url"_s, proxyUrl.toString()}};
    QJsonObject o{
        {u"id"_s, p.id},
        {u"name"_s, p.name},
        {u"serverUrl"_s, p.serverUrl.adjusted(QUrl::RemoveUserInfo).toString()},
        {u"auth"_s, authModeId(p.authMode)},
        {u"username"_s, p.username},
        {u"apiVersion"_s, apiVersionId(p.apiVersion)},
        {u"tls"_s, tls},
        {u"proxy"_s, proxy},
    };
    if (p.probe)
        o.insert(u"probe"_s, p.probe->toJson());
    return o;
}

Result<ServerProfile> profileFromJson(const QJsonObject &o)
{
    ServerProfile p;
    p.id = o.value(u"id"_s).toString();
    p.name = o.value(u"name"_s).toString();
    p.serverUrl = QUrl(o.value(u"serverUrl"_s).toString());
    if (p.id.isEmpty() || !p.serverUrl.isValid()) {
        return Error{ErrorCode::StorageFailure, Profiles::tr("A saved server profile is incomplete and was skipped."),
            u"profile without id or url"_s};
    }
    bool ok = true;
    p.authMode = authModeFromId(o.value(u"auth"_s).toString(), &ok);
    p.username = o.value(u"username"_s).toString();
    p.apiVersion = apiVersionFromId(o.value(u"apiVersion"_s).toString());
    const QJsonObject tls = o.value(u"tls"_s).toObject();
    p.tls.extraCaFile = tls.value(u"extraCaFile"_s).toString();
    p.tls.pinnedSha256 = tls.value(u"pinnedSha256"_s).toString();
    const QJsonObject proxy = o.value(u"proxy"_s).toObject();
    p.proxy.mode = proxyModeFromId(proxy.value(u"mode"_s).toString());
    p.proxy.url = QUrl(proxy.value(u"url"_s).toString());
    if (o.value(u"probe"_s).isObject())
        p.probe = ProbeTuning::fromJson(o.value(u"probe"_s).toObject());
    return p;
}

}  // namespace parallax

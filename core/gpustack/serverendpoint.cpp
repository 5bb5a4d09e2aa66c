#include "serverendpoint.h"

using namespace Qt::StringLiterals;

namespace parallax {

QString apiVersionId(ApiVersion version)
{
    switch (version) {
    case ApiVersion::Auto: return u"auto"_s;
    case ApiVersion::V2: return u"v2"_s;
    case ApiVersion::V0: return u"v0"_s;
    }
    return u"auto"_s;
}

ApiVersion apiVersionFromId(const QString &id)
{
    const QString t = id.trimmed().toLower();
    if (t == u"v2"_s)
        return ApiVersion::V2;
    if (t == u"v0"_s || t == u"v1"_s)
        return ApiVersion::V0;
    return ApiVersion::Auto;
}

QString apiPrefix(ApiVersion version)
{
    return version == ApiVersion::V0 ? u"/v1"_s : u"/v2"_s;
}

QString authModeId(AuthMode mode)
{
    switch (mode) {
    case AuthMode::ApiKeyBearer: return u"api-key"_s;
    case AuthMode::ApiKeyHeader: return u"api-key-header"_s;
    case AuthMode::Password: return u"password"_s;
    case AuthMode::Basic: return u"basic"_s;
    case AuthMode::None: return u"none"_s;
    }
    return u"none"_s;
}

AuthMode authModeFromId(const QString &id, bool *ok)
{
    const QString t = id.trimmed().toLower();
    if (ok)
        *ok = true;
    if (t == u"api-key"_s)
        return AuthMode::ApiKeyBearer;
    if (t == u"api-key-header"_s)
        return AuthMode::ApiKeyHeader;
    if (t == u"password"_s)
        return AuthMode::Password;
    if (t == u"basic"_s)
        return AuthMode::Basic;
    if (t == u"none"_s)
        return AuthMode::None;
    if (ok)
        *ok = false;
    return AuthMode::ApiKeyBearer;
}

bool authUsesApiKey(AuthMode mode)
{
    return mode == AuthMode::ApiKeyBearer || mode == AuthMode::ApiKeyHeader;
}

QString normalizedFingerprint(const QString &text)
{
    QString hex;
    for (const QChar c : text) {
        if (c == u':' || c == u' ' || c == u'-')
            continue;
        if (!c.isDigit() && !(c.toLower() >= u'a' && c.toLower() <= u'f'))
            return {};
        hex.append(c.toLower());
    }
    return hex.size() == 64 ? hex : QString();
}

QString displayFingerprint(const QString &normalized)
{
    QString out;
    for (qsizetype i = 0; i < normalized.size(); i += 2) {
        if (!out.isEmpty())
            out.append(u':');
        out.append(normalized.mid(i, 2).toUpper());
    }
    return out;
}

QString proxyModeId(ProxyOptions::Mode mode)
{
    switch (mode) {
    case ProxyOptions::Mode::System: return u"system"_s;
    case ProxyOptions::Mode::None: return u"none"_s;
    case ProxyOptions::Mode::Explicit: return u"explicit"_s;
    }
    return u"system"_s;
}

ProxyOptions::Mode proxyModeFromId(const QString &id)
{
    const QString t = id.trimmed().toLower();
    if (t == u"none"_s)
        return ProxyOptions::Mode::None;
    if (t == u"explicit"_s)
        return ProxyOptions::Mode::Explicit;
    return ProxyOptions::Mode::System;
}

}  // namespace parallax

#include "gpustack/serverdetection.h"

#include "base/trcontexts.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// Failures that say nothing about whether the server is GPUStack: reported as they are.
bool isTransportFailure(ErrorCode code)
{
    switch (code) {
    case ErrorCode::ConnectionRefused:
    case ErrorCode::HostNotFound:
    case ErrorCode::Timeout:
    case ErrorCode::TlsFailure:
    case ErrorCode::HostUnreachable:
    case ErrorCode::NetworkUnreachable:
    case ErrorCode::ProxyFailure:
    case ErrorCode::ConnectionReset:
    case ErrorCode::ReplyTooLarge:
    case ErrorCode::Redirect: return true;
    default: return false;
    }
}

}  // namespace

Result<VersionReply> readVersionReply(const Result<QJsonDocument> &reply, const ServerEndpoint &endpoint)
{
    if (!reply.ok() && isTransportFailure(reply.error().code))
        return reply.error();
    VersionReply out;
    if (reply.ok()) {
        const QJsonObject o = reply.value().object();
        out.version = o.value(u"version"_s).toString();
        out.gitCommit = o.value(u"git_commit"_s).toString();
    }
    if (!out.version.isEmpty() || endpoint.apiVersion != ApiVersion::Auto)
        return out;
    // GET /version answers {"version":…} without credentials in every release (ref §3).
    if (!reply.ok() && reply.error().code == ErrorCode::ServerError)
        return reply.error();
    return Error{ErrorCode::NotGpuStack,
        GpuStack::tr("%1 does not look like a GPUStack server: it has no GPUStack /version. Check the server "
                     "URL (scheme, host and port of the GPUStack UI).")
            .arg(endpoint.url.adjusted(QUrl::RemoveUserInfo).toDisplayString()),
        reply.ok() ? u"no version field"_s : reply.error().detail};
}

ApiChoice chooseApi(const ServerVersion &v, ApiVersion profileOverride)
{
    if (profileOverride != ApiVersion::Auto)
        return {profileOverride, {}};
    // Known: v0.5–v0.7 (/v1) and v2.0–v2.2 (/v2). Anything else is tried as the nearest.
    if (v.isKnown() && v.major() == 0 && v.minor() >= 5 && v.minor() <= 7)
        return {ApiVersion::V0, {}};
    if (v.isKnown() && v.major() == 2 && v.minor() <= 2)
        return {ApiVersion::V2, {}};
    if (v.isKnown() && v.major() == 0)
        return {ApiVersion::V0,
            GpuStack::tr("GPUStack %1 is not a version Parallax was tested with; treating it as v0.x.").arg(v.text())};
    if (v.isKnown() && v.major() >= 2)
        return {ApiVersion::V2,
            GpuStack::tr("GPUStack %1 is newer than the versions Parallax was tested with; treating it as v2.2.")
                .arg(v.text())};
    return {std::nullopt,
        GpuStack::tr("GPUStack version “%1” is unknown (a development build?); Parallax chose the API from the "
                     "routes the server answers.")
            .arg(v.text())};
}

ApiVersion apiFromRouteProbe(int status)
{
    return status == 404 ? ApiVersion::V0 : ApiVersion::V2;
}

bool acceptsHeaderKey(ApiVersion api, const ServerVersion &version)
{
    return api == ApiVersion::V2 && version.atLeast(2, 2);
}

QString headerKeyDowngradeWarning(const ServerVersion &version)
{
    return GpuStack::tr("This server (%1) predates the X-API-Key header; Parallax sends the key as a Bearer token "
                        "instead.")
        .arg(version.text());
}

}  // namespace parallax

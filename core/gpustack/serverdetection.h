#pragma once

#include "base/result.h"
#include "gpustack/serverendpoint.h"
#include "gpustack/serverversion.h"

#include <QJsonDocument>
#include <QString>

#include <optional>

namespace parallax {

// What GET /version says about a server, and which API prefix Parallax speaks to it.

struct VersionReply {
    QString version;  // as the server spelled it; empty when the profile overrides the API
    QString gitCommit;
};

// Reads the answer to GET /version (asked without credentials). A transport failure or a server
// error is passed on; a server without a version is not GPUStack, unless the profile names the
// API version itself.
Result<VersionReply> readVersionReply(const Result<QJsonDocument> &reply, const ServerEndpoint &endpoint);

// The API prefix for a server version. `api` is empty when only the routes can tell (an unknown
// version: ask users/me, apiFromRouteProbe). `warning` (translated) when the version is not
// one Parallax was tested with.
struct ApiChoice {
    std::optional<ApiVersion> api;
    QString warning;
};
ApiChoice chooseApi(const ServerVersion &version, ApiVersion profileOverride);

// An unauthenticated GET /v2/users/me: 401 where the route exists, 404 where it does not.
ApiVersion apiFromRouteProbe(int status);

// X-API-Key is accepted since v2.2.0 only (gpustack/api/auth.py); Bearer works everywhere.
bool acceptsHeaderKey(ApiVersion api, const ServerVersion &version);
QString headerKeyDowngradeWarning(const ServerVersion &version);

}  // namespace parallax

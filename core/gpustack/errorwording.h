#pragma once

#include "base/result.h"
#include "gpustack/serverendpoint.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

class QNetworkReply;
struct QJsonParseError;

namespace parallax {

// What a person reads when a request to a GPUStack server fails: each describe… turns one kind
// of failure into an Error with a translated message that says what to check, and a detail for
// the log (never a secret).

// A reply that failed in transport (refused, unresolved, timed out, reset, TLS, proxy…), or, for
// a watch stream, with an HTTP status. `timeoutMs` is the inactivity timeout in force.
Error describeNetworkFailure(const QNetworkReply *reply, int timeoutMs, const ServerEndpoint &endpoint);

// An HTTP status where data was expected; `body` may carry GPUStack's {"message": …}. 401 and
// 403 are worded for the profile's way of signing in.
Error describeHttpStatus(int status, const QByteArray &body, const QUrl &url, const ServerEndpoint &endpoint);

// A 200 whose body is not JSON: a web page (a login portal, a proxy) or broken JSON.
Error describeUnreadableBody(
    const QByteArray &body, const QByteArray &contentType, const QUrl &url, const QJsonParseError &parseError);

// A server that did not finish its answer within the whole-request deadline.
Error describeDeadlinePassed(const QUrl &url, int deadlineMs);
// An answer larger than `capBytes`.
Error describeReplyTooLarge(qint64 capBytes, const QString &detail);
// A redirect to another origin (never followed with credentials), or one redirect too many.
Error describeForeignRedirect(const QUrl &from, const QUrl &target);
Error describeRedirectLoop(const QUrl &target);
// A request dropped because the profile's server settings changed while it ran.
Error describeEndpointChanged(const QString &detail);

}  // namespace parallax

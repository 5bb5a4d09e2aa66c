#pragma once

#include "gpustack/serverendpoint.h"

#include <QList>
#include <QNetworkProxy>

class QNetworkAccessManager;
class QNetworkProxyQuery;

namespace parallax {

// Which proxy the requests to one server go through, from the profile's ProxyOptions.

// The system's proxy, except for loopback: the embedded simulator and tests live there and an
// http_proxy in the environment must not capture them.
QList<QNetworkProxy> systemProxyFor(const QNetworkProxyQuery &query);

// The proxy a profile names: socks… URLs are SOCKS5 (port 1080 unless given), anything else an
// HTTP proxy (port 8080 unless given); credentials in the URL are the proxy's.
QNetworkProxy explicitProxy(const QUrl &url);

// Sets the proxy (or proxy factory) of `network` for `options`.
void applyProxyChoice(QNetworkAccessManager *network, const ProxyOptions &options);

}  // namespace parallax

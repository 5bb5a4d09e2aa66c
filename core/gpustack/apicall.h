#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkCookie>
#include <QUrl>

namespace parallax {

// One request to a GPUStack server as ApiTransport sends it, and what came back.
struct ApiCall {
    QByteArray verb = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    bool authenticated = true;
    bool allowRelogin = true;
    int redirectsLeft = 3;
    quint64 generation = 0;
    bool stream = false;  // watch: no transfer timeout, the watcher checks the keep-alive
    QByteArray sentCookie;  // the session this call carried, to tell a stale 401 from a fresh one
};

struct RawReply {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkCookie> cookies;
    QUrl url;
};

}  // namespace parallax

#pragma once

#include "gpustack/serverendpoint.h"

#include <QSslConfiguration>
#include <QString>

class QNetworkReply;
class QObject;
class QSslCertificate;

namespace parallax {

// How Parallax trusts a server's certificate (TlsOptions): the system's CAs plus the profile's
// CA file, a pinned SHA-256 fingerprint that accepts exactly that certificate, and RFC 6125's
// rule that listed subjectAltNames are the only names a certificate holds.

// The TLS configuration of a request: the system's CAs and the profile's extra CA file.
QSslConfiguration tlsConfigurationFor(const TlsOptions &tls);

// RFC 6125 §6.4.4: when a certificate lists subjectAltNames, its CN is not consulted. Qt
// (QSslSocketPrivate::isMatchingHostname) accepts a CN match even then, so a certificate for
// "CN=10.0.0.5, SAN=DNS:other.example" would pass for 10.0.0.5. True when the certificate has
// SANs and none names `host` (exact, or a "*." wildcard for one leftmost label).
bool subjectAltNamesMiss(const QSslCertificate &cert, const QString &host);

// Watches the handshake of `reply` (connections live as long as `context`): accepts the pinned
// certificate despite its errors, aborts before any byte of the request when the SANs miss the
// host, and notes on the reply what went wrong (tlsRefusalOf).
void guardTls(QNetworkReply *reply, const TlsOptions &tls, QObject *context);

// What guardTls noted on a reply whose handshake was refused or had errors.
struct TlsRefusal {
    QString peerFingerprint;  // lower-case hex SHA-256 of the server's certificate, when seen
    QString errors;  // the TLS errors, joined; empty when none were noted
    bool nameRefused = false;  // aborted because the SANs miss the host
};
TlsRefusal tlsRefusalOf(const QNetworkReply *reply);

}  // namespace parallax

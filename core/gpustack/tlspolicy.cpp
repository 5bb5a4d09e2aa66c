#include "gpustack/tlspolicy.h"

#include "base/logging.h"
#include "base/trcontexts.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslError>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

constexpr const char *kPeerFingerprint = "parallaxPeerFingerprint";
constexpr const char *kSslErrors = "parallaxSslErrors";
constexpr const char *kNameRefused = "parallaxNameRefused";

QString peerFingerprint(const QNetworkReply *reply)
{
    const QSslCertificate cert = reply->sslConfiguration().peerCertificate();
    return QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex());
}

}  // namespace

QSslConfiguration tlsConfigurationFor(const TlsOptions &tls)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!tls.extraCaFile.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(tls.extraCaFile, QSsl::Pem);
        if (!certs.isEmpty())
            conf.addCaCertificates(certs);
    }
    return conf;
}

bool subjectAltNamesMiss(const QSslCertificate &cert, const QString &host)
{
    const auto sans = cert.subjectAlternativeNames();
    if (sans.isEmpty() || host.isEmpty())
        return false;
    const QHostAddress address(host);
    for (auto it = sans.cbegin(); it != sans.cend(); ++it) {
        const QString name = it.value().trimmed();
        if (it.key() == QSsl::IpAddressEntry) {
            if (!address.isNull() && QHostAddress(name).isEqual(address))
                return false;
            continue;
        }
        if (it.key() != QSsl::DnsEntry)
            continue;
        if (name.compare(host, Qt::CaseInsensitive) == 0)
            return false;
        if (address.isNull() && name.startsWith(u"*."_s)) {
            const qsizetype dot = host.indexOf(u'.');
            if (dot > 0 && host.mid(dot).compare(name.mid(1), Qt::CaseInsensitive) == 0)
                return false;
        }
    }
    return true;
}

void guardTls(QNetworkReply *reply, const TlsOptions &tls, QObject *context)
{
    const QString pin = normalizedFingerprint(tls.pinnedSha256);
    QObject::connect(reply, &QNetworkReply::sslErrors, context, [reply, pin](const QList<QSslError> &errors) {
        const QString fp = peerFingerprint(reply);
        reply->setProperty(kPeerFingerprint, fp);
        if (!pin.isEmpty() && fp == pin) {
            qCDebug(lcGpustack) << "accepting pinned certificate for" << reply->url().host();
            reply->ignoreSslErrors(errors);
            return;
        }
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        reply->setProperty(kSslErrors, texts.join(u"; "_s));
    });
    // After the handshake, before any byte of the request (so before any credential).
    QObject::connect(reply, &QNetworkReply::encrypted, context, [reply, pin]() {
        const QString fp = peerFingerprint(reply);
        if ((!pin.isEmpty() && fp == pin)
            || !subjectAltNamesMiss(reply->sslConfiguration().peerCertificate(), reply->url().host()))
            return;
        reply->setProperty(kPeerFingerprint, fp);
        reply->setProperty(kSslErrors,
            GpuStack::tr("the certificate's subject alternative names do not include %1").arg(reply->url().host()));
        reply->setProperty(kNameRefused, true);
        reply->abort();
    });
}

TlsRefusal tlsRefusalOf(const QNetworkReply *reply)
{
    return {reply->property(kPeerFingerprint).toString(), reply->property(kSslErrors).toString(),
        reply->property(kNameRefused).toBool()};
}

}  // namespace parallax

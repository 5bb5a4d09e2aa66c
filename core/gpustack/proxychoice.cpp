#include "gpustack/proxychoice.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

class SystemProxyFactory final : public QNetworkProxyFactory {
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override { return systemProxyFor(query); }
};

}  // namespace

QList<QNetworkProxy> systemProxyFor(const QNetworkProxyQuery &query)
{
    const QString host = query.peerHostName();
    QHostAddress address(host);
    if (host == u"localhost"_s || (!address.isNull() && address.isLoopback()))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    return QNetworkProxyFactory::systemProxyForQuery(query);
}

QNetworkProxy explicitProxy(const QUrl &url)
{
    const bool socks = url.scheme().startsWith(u"socks"_s);
    return QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
        quint16(url.port(socks ? 1080 : 8080)), url.userName(), url.password());
}

void applyProxyChoice(QNetworkAccessManager *network, const ProxyOptions &options)
{
    switch (options.mode) {
    case ProxyOptions::Mode::System: network->setProxyFactory(new SystemProxyFactory); break;
    case ProxyOptions::Mode::None:
        network->setProxyFactory(nullptr);
        network->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyOptions::Mode::Explicit:
        network->setProxyFactory(nullptr);
        network->setProxy(explicitProxy(options.url));
        break;
    }
}

}  // namespace parallax

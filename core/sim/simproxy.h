#pragma once

#include "scenario.h"
#include "simhttp.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace parallax::sim {

// NO_PROXY as GPUStack's server applies it to its health probe (ref §7 step 3): true when the
// probe of `host` goes direct. "*" bypasses everything; a host or domain entry matches the
// host itself and its subdomains (a leading "." is ignored); with `cidrAware` (v2.0.2+,
// gpustack/utils/network.py use_proxy_env_for_url) an IP host also matches any IPv4 network
// entry ("10.0.0.0/8", and a bare IP as a /32). Without it (v0.7.1–v2.0.1) a CIDR entry
// matches nothing (#1387).
bool noProxyBypasses(const QString &host, const QStringList &noProxy, bool cidrAware);

// How a GPUStack server of `version` ("v2.2.3") treats proxy variables in its probe.
struct ProxyHandling {
    bool honoursProxyEnv = true;  // v0.7.1+ (trust_env=True); v0.5.0–v0.7.0 ignore them
    bool cidrNoProxy = true;  // v2.0.2+
};
ProxyHandling proxyHandlingFor(const QString &serverVersion);

// What sits at the simulated server's HTTP_PROXY: a loopback HTTP proxy that either cannot
// reach the workers (answers 504 Gateway Timeout, the corporate proxy of #373) or relays the
// request to a loopback target. It never connects beyond loopback: a non-loopback target gets
// 502 without a packet being sent.
class SimProxy : public QObject {
    Q_OBJECT
public:
    explicit SimProxy(const ServerProxy &config, QObject *parent = nullptr);

    // Binds 127.0.0.1 on a free port. For Kind::Refused the port is bound, then released, so
    // nothing listens there.
    bool start();
    quint16 port() const { return m_port; }
    int requestCount() const { return m_requests; }
    QByteArray lastTarget() const { return m_lastTarget; }

private:
    void handle(const HttpRequest &req, HttpConnection *conn);
    void forward(const QUrl &url, HttpConnection *conn);

    ServerProxy m_config;
    HttpServer m_http;
    quint16 m_port = 0;
    int m_requests = 0;
    QByteArray m_lastTarget;
};

}  // namespace parallax::sim

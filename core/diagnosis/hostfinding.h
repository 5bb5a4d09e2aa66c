#pragma once

#include "addressclass.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace parallax {

// `env | grep -i proxy`, `env`, or `docker info` proxy lines from the server host / container.
struct ProxyEnvFinding {
    bool recognized = false;
    bool proxySet = false;  // HTTP(S)_PROXY / ALL_PROXY in the environment
    bool dockerDaemonProxy = false;  // `docker info` shows a daemon proxy (pulls, not container traffic)
    QMap<QString, QString> variables;  // name as printed → value
    QStringList noProxy;  // NO_PROXY entries
    QString explanation;
    QStringList lines;

    // Whether a request to `host` would bypass the proxy (exact names, domain suffixes,
    // CIDR blocks, "*"). GPUStack ≥ 2.0.2 honours CIDR entries; older servers do not
    // (ref/gpustack-api.md §7, issue #373): pass `cidrAware = false` for them.
    bool bypasses(const QString &host, bool cidrAware = true) const;
};
ProxyEnvFinding parseProxyEnv(const QString &text);

// One address from `ip addr` (or a bare list such as `hostname -I`).
struct InterfaceAddress {
    QString ifname;  // "eth0", "eth0:1" (label); empty for bare lists
    QString address;
    int prefix = -1;
    QString scope;  // global / link / host
    bool up = true;
    AddressClass addressClass = AddressClass::Invalid;
    bool bridge = false;  // docker0 / br-… / docker_gwbridge / cni / virbr / a 172.x.0.1 bridge gateway
};

struct DefaultRoute {
    QString via;
    QString dev;
    QString src;
    int metric = 0;
    QString table;  // empty = main
};

// `ip addr` / `ip a s` / `ip route` / `ip route show table all` / `hostname -I` lists.
struct IpFinding {
    bool recognized = false;
    QList<InterfaceAddress> addresses;
    QList<DefaultRoute> defaultRoutes;  // main table only
    QStringList candidates;  // addresses a worker could be reached at, best first
    QString primary;  // the best candidate (empty when none)
    QStringList bridgeAddresses;
    bool ambiguous = false;  // several global candidates: ask which one the server reaches
    bool multipleDefaults = false;
    bool wsl = false;  // WSL2 (Hyper-V MAC 00:15:5d, `wsl` in the command)
    std::optional<bool> pingAnswered;
    QString explanation;
    QStringList lines;
};
IpFinding parseIp(const QString &text);

// `timedatectl` (old and new layouts).
struct ClockFinding {
    bool recognized = false;
    std::optional<bool> synchronized;
    std::optional<bool> ntpActive;  // "NTP service: active" / "NTP enabled: yes"; nullopt for n/a
    QString explanation;
    QStringList lines;
};
ClockFinding parseTimedatectl(const QString &text);

}  // namespace parallax

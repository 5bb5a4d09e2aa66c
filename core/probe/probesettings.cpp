#include "probesettings.h"

#include <algorithm>

namespace parallax {

QList<AllowedNetwork> ProbeSettings::loopbackOnly()
{
    return {
        QHostAddress::parseSubnet(QStringLiteral("127.0.0.0/8")), QHostAddress::parseSubnet(QStringLiteral("::1/128"))};
}

bool ProbeSettings::isAllowed(const QHostAddress &address) const
{
    if (allowedNetworks.isEmpty())
        return true;
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
    QHostAddress a = address;
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4)
        a = QHostAddress(v4);
    return std::any_of(
        allowedNetworks.cbegin(), allowedNetworks.cend(), [&](const AllowedNetwork &n) { return a.isInSubnet(n); });
}

ProbeSettings ProbeSettings::normalized() const
{
    ProbeSettings s = *this;
    s.intervalMs = std::max(s.intervalMs, 10);
    s.timeoutMs = std::max(s.timeoutMs, 1);
    s.failureThreshold = std::max(s.failureThreshold, 1);
    s.successThreshold = std::max(s.successThreshold, 1);
    s.jitter = std::clamp(s.jitter, 0.0, 0.5);
    s.concurrency = std::max(s.concurrency, 1);
    s.troubleDivisor = std::max(s.troubleDivisor, 1);
    s.confirmDelayMs = std::max(s.confirmDelayMs, 0);
    s.hostnameRecheckMs = std::max(s.hostnameRecheckMs, 0);
    s.maxResponseBytes = std::max(s.maxResponseBytes, 256);
    s.localNetworkWindowMs = std::max(s.localNetworkWindowMs, 1);
    s.localNetworkMinTargets = std::max(s.localNetworkMinTargets, 2);
    s.localNetworkFailFraction = std::clamp(s.localNetworkFailFraction, 0.5, 1.0);
    return s;
}

}  // namespace parallax

#include "cause.h"

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
struct CauseName {
    CauseId id;
    const char16_t *text;
};
constexpr CauseName kCauseNames[] = {
    {CauseId::FirewallDrop, u"firewall_drop"},
    {CauseId::FirewallReject, u"firewall_reject"},
    {CauseId::PortClosed, u"port_closed"},
    {CauseId::BridgeAddressRegistered, u"bridge_address_registered"},
    {CauseId::IpChanged, u"ip_changed"},
    {CauseId::HealthSlow, u"health_slow"},
    {CauseId::HealthBadStatus, u"health_bad_status"},
    {CauseId::ServerPathBlocked, u"server_path_blocked"},
    {CauseId::HeartbeatLost, u"heartbeat_lost"},
    {CauseId::ClockSkew, u"clock_skew"},
    {CauseId::ServerCheckDisabled, u"server_check_disabled"},
    {CauseId::DnsFailure, u"dns_failure"},
    {CauseId::LocalNetwork, u"local_network"},
};
}  // namespace

QString causeIdString(CauseId id)
{
    for (const auto &n : kCauseNames) {
        if (n.id == id)
            return QString::fromUtf16(n.text);
    }
    return u"local_network"_s;
}

bool causeIdFromString(const QString &text, CauseId *out)
{
    for (const auto &n : kCauseNames) {
        if (text == QString::fromUtf16(n.text)) {
            if (out)
                *out = n.id;
            return true;
        }
    }
    return false;
}

QList<CauseId> allCauseIds()
{
    QList<CauseId> ids;
    for (const auto &n : kCauseNames)
        ids.append(n.id);
    return ids;
}

}  // namespace parallax

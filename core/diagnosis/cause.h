#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace parallax {

// DESIGN.md's cause vocabulary. The ids are stable: the JSON report and tests use them.
enum class CauseId {
    FirewallDrop,
    FirewallReject,
    PortClosed,
    BridgeAddressRegistered,
    IpChanged,
    HealthSlow,
    HealthBadStatus,
    ServerPathBlocked,
    HeartbeatLost,
    ClockSkew,
    ServerCheckDisabled,
    DnsFailure,
    LocalNetwork,
};

QString causeIdString(CauseId id);  // "firewall_drop", …
bool causeIdFromString(const QString &text, CauseId *out);
QList<CauseId> allCauseIds();

// A named, ranked explanation with what was observed and how to fix it.
struct Cause {
    CauseId id = CauseId::LocalNetwork;
    double confidence = 0.0;  // 0–1
    QString title;  // translated, short: "A firewall drops port 10150"
    QString evidence;  // translated sentence naming what was observed
    QString fix;  // translated advice
    QStringList commands;  // shell commands, values quoted safely
    QString wouldDecide;  // when evidence is missing: what would decide it (translated)

    bool operator==(const Cause &) const = default;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::Cause)

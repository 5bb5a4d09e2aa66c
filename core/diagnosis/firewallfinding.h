#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace parallax {

// What a pasted firewall listing says about one port (10150/tcp unless asked otherwise).
enum class PortVerdict {
    Unknown,  // the paste does not decide it (inactive zone, excerpt, nothing pasted)
    Open,  // accepted for everyone
    OpenRestricted,  // accepted only from some sources / on some interfaces / to some addresses
    NotAllowed,  // not listed, but the paste does not show what happens to unlisted ports
    Dropped,  // silently dropped: a client times out
    Rejected,  // rejected (icmp-host-prohibited / admin-prohibited): a client sees "No route to host"
    NotFiltering,  // this firewall is not running, so it cannot be what blocks the port
};

QString portVerdictId(PortVerdict verdict);  // "open", "dropped", "rejected", …

enum class FirewallTool { Unknown, Firewalld, Ufw, Iptables, Nftables };
QString firewallToolId(FirewallTool tool);

// One firewalld zone as `--list-all`, `--list-all-zones` or `--get-active-zones` showed it.
struct FirewallZone {
    QString name;
    bool active = false;
    bool isDefault = false;
    QString target;  // "default", "DROP", "%%REJECT%%", "ACCEPT"; empty when not shown
    QStringList interfaces;
    QStringList sources;
    QStringList services;
    QStringList ports;  // "32000/tcp", "2001-2003/tcp"
    QStringList richRules;
    bool listedAll = false;  // the zone's ports/services were shown, so "not listed" means not open
};

struct FirewallFinding {
    bool recognized = false;  // the paste looked like output of a firewall tool
    FirewallTool tool = FirewallTool::Unknown;
    int port = 10150;
    QString protocol = QStringLiteral("tcp");
    PortVerdict verdict = PortVerdict::Unknown;
    std::optional<bool> running;  // firewalld --state / ufw Status
    std::optional<bool> changeApplied;  // add-port / add-source: success or ALREADY_ENABLED
    bool needsReload = false;  // a --permanent change was made: runtime needs --reload
    bool rateLimited = false;  // the reject is rate-limited (drops above the limit)
    bool trailingReject = false;  // a catch-all REJECT rule sits at the end of INPUT
    QList<FirewallZone> zones;
    QStringList restrictedTo;  // sources/interfaces an OpenRestricted verdict applies to
    QString explanation;  // translated, plain sentence
    QStringList lines;  // the lines that justify the verdict
};

// Each parser is tolerant of prompts, Fabric prefixes, lost indentation, CRLF and tabs.
FirewallFinding parseFirewallCmd(
    const QString &text, int port = 10150, const QString &protocol = QStringLiteral("tcp"));
FirewallFinding parseUfw(const QString &text, int port = 10150, const QString &protocol = QStringLiteral("tcp"));
FirewallFinding parseIptables(const QString &text, int port = 10150, const QString &protocol = QStringLiteral("tcp"));
FirewallFinding parseNft(const QString &text, int port = 10150, const QString &protocol = QStringLiteral("tcp"));
// Recognises which tool printed the paste and runs its parser.
FirewallFinding parseFirewallListing(
    const QString &text, int port = 10150, const QString &protocol = QStringLiteral("tcp"));

// Well-known service names to ports, for `dpt:ssh` and firewalld services (a small table:
// only what matters for telling 10150 apart). Returns -1 when unknown.
int servicePort(const QString &name);
// "1025-65535", "8300:8302", "80,443", "22" → whether `port` is inside.
bool portSpecContains(const QString &spec, int port);

}  // namespace parallax

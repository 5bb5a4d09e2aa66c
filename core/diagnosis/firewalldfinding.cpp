// firewall-cmd and ufw parsers, and the shared helpers of firewallfinding.h.
#include "base/trcontexts.h"
#include "firewallfinding.h"

#include "pastetext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

QString portVerdictId(PortVerdict verdict)
{
    switch (verdict) {
    case PortVerdict::Unknown: return u"unknown"_s;
    case PortVerdict::Open: return u"open"_s;
    case PortVerdict::OpenRestricted: return u"open_restricted"_s;
    case PortVerdict::NotAllowed: return u"not_allowed"_s;
    case PortVerdict::Dropped: return u"dropped"_s;
    case PortVerdict::Rejected: return u"rejected"_s;
    case PortVerdict::NotFiltering: return u"not_filtering"_s;
    }
    return u"unknown"_s;
}

QString firewallToolId(FirewallTool tool)
{
    switch (tool) {
    case FirewallTool::Unknown: return u"unknown"_s;
    case FirewallTool::Firewalld: return u"firewalld"_s;
    case FirewallTool::Ufw: return u"ufw"_s;
    case FirewallTool::Iptables: return u"iptables"_s;
    case FirewallTool::Nftables: return u"nftables"_s;
    }
    return u"unknown"_s;
}

int servicePort(const QString &name)
{
    struct Svc {
        const char16_t *name;
        int port;
    };
    static constexpr Svc table[] = {
        {u"ssh", 22},
        {u"domain", 53},
        {u"dns", 53},
        {u"bootps", 67},
        {u"bootpc", 68},
        {u"http", 80},
        {u"https", 443},
        {u"smtp", 25},
        {u"cockpit", 9090},
        {u"nfs", 2049},
        {u"mdns", 5353},
        {u"dhcpv6-client", 546},
        {u"samba-client", 137},
        {u"mysql", 3306},
        {u"postgresql", 5432},
        {u"redis", 6379},
    };
    const QString lower = name.toLower();
    for (const auto &s : table) {
        if (lower == QString::fromUtf16(s.name))
            return s.port;
    }
    bool ok = false;
    const int n = name.toInt(&ok);
    return ok ? n : -1;
}

bool portSpecContains(const QString &spec, int port)
{
    const QStringList parts = spec.split(u',', Qt::SkipEmptyParts);
    for (QString part : parts) {
        part = part.trimmed();
        const qsizetype sep = part.indexOf(QRegularExpression(u"[-:]"_s));
        if (sep > 0) {
            const int lo = servicePort(part.left(sep));
            const int hi = servicePort(part.mid(sep + 1));
            if (lo >= 0 && hi >= 0 && port >= lo && port <= hi)
                return true;
        } else if (servicePort(part) == port) {
            return true;
        }
    }
    return false;
}

namespace {

// "2001-2003/tcp" matches port/proto.
bool firewalldPortMatches(const QString &entry, int port, const QString &proto)
{
    const QString spec = entry.section(u'/', 0, 0);
    const QString p = entry.section(u'/', 1, 1);
    if (!p.isEmpty() && p.compare(proto, Qt::CaseInsensitive) != 0)
        return false;
    return portSpecContains(spec, port);
}

PortVerdict zoneVerdict(const FirewallZone &z, int port, const QString &proto, QStringList *restricted)
{
    for (const QString &p : z.ports) {
        if (firewalldPortMatches(p, port, proto))
            return PortVerdict::Open;
    }
    for (const QString &s : z.services) {
        if (servicePort(s) == port)
            return PortVerdict::Open;
    }
    static const QRegularExpression richPort(uR"re(port\s+port="?([\d\-]+)"?\s+protocol="?(\w+)"?)re"_s);
    for (const QString &r : z.richRules) {
        const auto m = richPort.match(r);
        if (m.hasMatch() && portSpecContains(m.captured(1), port) && m.captured(2) == proto
            && r.contains(u"accept"_s)) {
            if (r.contains(u"source address"_s)) {
                static const QRegularExpression src(uR"re(source address="([^"]+)")re"_s);
                if (restricted)
                    restricted->append(src.match(r).captured(1));
            } else {
                return PortVerdict::Open;
            }
        }
    }
    if (restricted && !restricted->isEmpty())
        return PortVerdict::OpenRestricted;
    if (!z.listedAll)
        return PortVerdict::NotAllowed;
    const QString t = z.target.toUpper();
    if (t == u"DROP"_s)
        return PortVerdict::Dropped;
    if (t == u"ACCEPT"_s)
        return PortVerdict::Open;
    // "default", "%%REJECT%%", or no target line (firewalld 0.3): firewalld rejects unlisted
    // ports with icmp-host-prohibited (iptables backend) / admin-prohibited (nftables).
    return PortVerdict::Rejected;
}

QString explainVerdict(const FirewallFinding &f)
{
    const QString port = u"%1/%2"_s.arg(f.port).arg(f.protocol);
    switch (f.verdict) {
    case PortVerdict::Open: return Findings::tr("%1 is open in this firewall.").arg(port);
    case PortVerdict::OpenRestricted:
        return Findings::tr("%1 is allowed only from or on %2; other sources fall to the default.")
            .arg(port, f.restrictedTo.join(u", "_s));
    case PortVerdict::NotAllowed:
        return Findings::tr(
            "%1 is not listed; the paste does not show what happens to unlisted ports (paste the full `--list-all`).")
            .arg(port);
    case PortVerdict::Dropped:
        return Findings::tr("%1 is not allowed and unlisted ports are dropped: a client's connect times out.")
            .arg(port);
    case PortVerdict::Rejected:
        return Findings::tr("%1 is not allowed and unlisted ports are rejected: a client sees \"No route to host\".")
            .arg(port);
    case PortVerdict::NotFiltering:
        return Findings::tr("This firewall is not running, so it cannot be what blocks %1.").arg(port);
    case PortVerdict::Unknown: break;
    }
    return Findings::tr("The paste does not decide whether %1 is open.").arg(port);
}

}  // namespace

FirewallFinding parseFirewallCmd(const QString &text, int port, const QString &protocol)
{
    FirewallFinding f;
    f.tool = FirewallTool::Firewalld;
    f.port = port;
    f.protocol = protocol;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text);
    static const QRegularExpression zoneHeader(uR"re(^([A-Za-z0-9_\-]+)(?:\s+\(([^)]*)\))?$)re"_s);
    static const QRegularExpression keyValue(uR"re(^([a-z][a-z \-]*):\s*(.*)$)re"_s);
    static const QRegularExpression portsOnly(uR"re(^(?:\d+(?:-\d+)?/(?:tcp|udp|sctp|dccp)\s*)+$)re"_s);
    static const QRegularExpression zoneArg(uR"re(--zone[= ](\S+))re"_s);

    QList<FirewallZone> zones;
    FirewallZone *current = nullptr;
    QList<PasteLine> justify;
    QStringList looseRichRules;
    QStringList loosePorts;
    bool sawLooseList = false;
    bool lastCommandPermanentAdd = false;
    QString commandZone;
    bool sawKeys = false;

    auto zoneNamed = [&](const QString &name) -> FirewallZone * {
        for (auto &z : zones) {
            if (z.name == name)
                return &z;
        }
        FirewallZone z;
        z.name = name;
        zones.append(z);
        return &zones.last();
    };

    for (const PasteLine &l : lines) {
        const QString t = l.text;
        if (l.isCommand) {
            const auto zm = zoneArg.match(l.command);
            commandZone = zm.hasMatch() ? zm.captured(1) : QString();
            lastCommandPermanentAdd = l.command.contains(u"--permanent"_s) && l.command.contains(u"--add-"_s);
            if (l.command.contains(u"--add-"_s) || l.command.contains(u"--list"_s) || l.command.contains(u"--state"_s))
                f.recognized = f.recognized || l.command.contains(u"firewall-cmd"_s);
            current = nullptr;
            continue;
        }
        if (t.isEmpty())
            continue;
        if (t == u"running"_s) {
            f.running = true;
            f.recognized = true;
            justify.append(l);
            continue;
        }
        if (t == u"not running"_s || t.contains(u"FirewallD is not running"_s, Qt::CaseInsensitive)) {
            f.running = false;
            f.recognized = true;
            if (t.contains(u"FirewallD"_s, Qt::CaseInsensitive))
                f.changeApplied = false;
            justify.append(l);
            continue;
        }
        if (t == u"success"_s || t.startsWith(u"Warning: ALREADY_ENABLED"_s)) {
            f.recognized = true;
            f.changeApplied = true;
            if (lastCommandPermanentAdd)
                f.needsReload = true;
            justify.append(l);
            continue;
        }
        if (t.startsWith(u"Warning: NOT_ENABLED"_s) || t.startsWith(u"Error:"_s)) {
            f.recognized = true;
            justify.append(l);
            if (t.startsWith(u"Error:"_s))
                f.changeApplied = false;
            continue;
        }
        if (t.startsWith(u"rule "_s)) {
            f.recognized = true;
            if (current)
                current->richRules.append(t);
            else
                looseRichRules.append(t);
            justify.append(l);
            continue;
        }
        if (portsOnly.match(t).hasMatch()) {
            f.recognized = true;
            sawLooseList = true;
            loosePorts += t.split(u' ', Qt::SkipEmptyParts);
            justify.append(l);
            continue;
        }
        if (t.startsWith(u"-A "_s) || t.startsWith(u"-P "_s)) {
            // iptables -S lines pasted alongside (firewalld's own direct rules).
            if (t.startsWith(u"-A INPUT"_s) && t.contains(u"REJECT"_s)) {
                f.trailingReject = true;
                justify.append(l);
            }
            continue;
        }
        const auto kv = keyValue.match(t);
        if (kv.hasMatch()) {
            const QString key = kv.captured(1).trimmed();
            const QStringList values = kv.captured(2).split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
            FirewallZone *z = current;
            if (!z && !commandZone.isEmpty())
                z = current = zoneNamed(commandZone);
            if (!z)
                continue;
            f.recognized = true;
            sawKeys = true;
            if (key == u"target"_s) {
                z->target = values.value(0);
                justify.append(l);
            } else if (key == u"interfaces"_s) {
                z->interfaces = values;
                if (!values.isEmpty())
                    z->active = true;
            } else if (key == u"sources"_s) {
                z->sources = values;
                if (!values.isEmpty())
                    z->active = true;
            } else if (key == u"services"_s) {
                z->services = values;
                z->listedAll = true;
                justify.append(l);
            } else if (key == u"ports"_s) {
                z->ports = values;
                z->listedAll = true;
                justify.append(l);
            } else if (key == u"rich rules"_s && !kv.captured(2).trimmed().isEmpty()) {
                z->richRules.append(kv.captured(2).trimmed());
            }
            continue;
        }
        const auto zh = zoneHeader.match(t);
        if (zh.hasMatch()) {
            current = zoneNamed(zh.captured(1));
            const QString flags = zh.captured(2);
            if (flags.contains(u"active"_s))
                current->active = true;
            if (flags.contains(u"default"_s))
                current->isDefault = true;
            justify.append(l);
            continue;
        }
    }
    Q_UNUSED(sawKeys);
    f.zones = zones;

    // Decide.
    if (f.running == false) {
        f.verdict = PortVerdict::NotFiltering;
    } else {
        QList<const FirewallZone *> applying;
        for (const auto &z : zones) {
            if (z.active)
                applying.append(&z);
        }
        if (!applying.isEmpty()) {
            QList<PortVerdict> verdicts;
            for (const FirewallZone *z : applying) {
                QStringList restricted;
                const bool hasTargetOnly = !z->listedAll && !z->target.isEmpty();
                FirewallZone copy = *z;
                if (hasTargetOnly)
                    copy.listedAll = true;  // `| grep target`: nothing is listed in these zones
                if (!z->listedAll && z->target.isEmpty()) {
                    verdicts.append(PortVerdict::Unknown);  // --get-active-zones only
                    continue;
                }
                verdicts.append(zoneVerdict(copy, port, protocol, &restricted));
                f.restrictedTo += restricted;
            }
            bool same = true;
            for (PortVerdict v : verdicts)
                same = same && v == verdicts.first();
            f.verdict = same ? verdicts.first() : PortVerdict::Unknown;
        } else if (zones.isEmpty() && (sawLooseList || !looseRichRules.isEmpty())) {
            FirewallZone loose;
            loose.ports = loosePorts;
            loose.richRules = looseRichRules;
            f.verdict = zoneVerdict(loose, port, protocol, &f.restrictedTo);
        } else {
            f.verdict = PortVerdict::Unknown;  // only inactive zones, or a bare --state
        }
    }
    f.lines = evidenceLines(justify);
    if (!f.recognized) {
        f.explanation = Findings::tr("This does not look like firewall-cmd output.");
        return f;
    }
    f.explanation = explainVerdict(f);
    if (f.verdict == PortVerdict::Unknown) {
        int activeCount = 0;
        for (const auto &z : zones)
            activeCount += z.active ? 1 : 0;
        if (activeCount > 1)
            f.explanation =
                Findings::tr("Several zones are active: the one bound to the network interface that carries worker "
                             "traffic decides. Paste `firewall-cmd --zone=ZONE --list-all` for it.");
        else if (!zones.isEmpty() && activeCount == 0)
            f.explanation =
                Findings::tr("None of the zones shown is active (no interfaces or sources), so none of them applies. "
                             "Paste `firewall-cmd --list-all` for the active zone.");
        else if (f.running == true)
            f.explanation =
                Findings::tr("firewalld is running. Paste `firewall-cmd --list-all` to see whether %1/%2 is open.")
                    .arg(port)
                    .arg(protocol);
        else if (f.changeApplied == true)
            f.explanation = f.needsReload
                ? Findings::tr(
                    "The change succeeded in the permanent configuration; run `firewall-cmd --reload` to apply it now.")
                : Findings::tr("The change succeeded (or was already in place).");
    }
    if (f.changeApplied == true && f.needsReload && f.verdict != PortVerdict::Unknown)
        f.explanation +=
            u' ' + Findings::tr("A permanent change was made: it takes effect after `firewall-cmd --reload`.");
    if (f.trailingReject)
        f.explanation += u' ' + Findings::tr("INPUT also ends in a catch-all REJECT rule.");
    return f;
}

FirewallFinding parseUfw(const QString &text, int port, const QString &protocol)
{
    FirewallFinding f;
    f.tool = FirewallTool::Ufw;
    f.port = port;
    f.protocol = protocol;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text);
    static const QRegularExpression status(uR"re(^Status:\s*(\S+))re"_s);
    static const QRegularExpression defaults(uR"re(^Default:\s*(\w+)\s*\(incoming\))re"_s);
    static const QRegularExpression rule(
        uR"re(^(?:\[\s*\d+\]\s*)?(.+?)\s{2,}(ALLOW|DENY|REJECT|LIMIT)(?:\s+(IN|OUT|FWD))?\s+(.+?)(?:\s+#.*)?$)re"_s);
    static const QRegularExpression portsSpec(uR"re(^([\d,:]+)(?:/(tcp|udp))?$)re"_s);
    std::optional<PortVerdict> defaultVerdict;
    std::optional<PortVerdict> decided;
    QList<PasteLine> justify;
    for (const PasteLine &l : lines) {
        if (l.isCommand || l.text.isEmpty())
            continue;
        const QString t = l.text;
        if (const auto m = status.match(t); m.hasMatch()) {
            f.recognized = true;
            // ufw prints "Status: active" / "inactive" (also localized as "状态：激活"; only the
            // English form was seen in real pastes).
            f.running = m.captured(1).toLower() == u"active"_s;
            justify.append(l);
            continue;
        }
        if (t.startsWith(u"状态"_s)) {
            f.recognized = true;
            f.running = !t.contains(u"不活动"_s) && !t.contains(u"未激活"_s);
            justify.append(l);
            continue;
        }
        if (const auto m = defaults.match(t); m.hasMatch()) {
            const QString d = m.captured(1).toLower();
            defaultVerdict = d == u"allow"_s ? PortVerdict::Open
                : d == u"reject"_s           ? PortVerdict::Rejected
                                             : PortVerdict::Dropped;
            justify.append(l);
            continue;
        }
        const auto m = rule.match(t);
        if (!m.hasMatch() || decided)
            continue;
        f.recognized = true;
        if (m.captured(3) == u"OUT"_s || m.captured(3) == u"FWD"_s)
            continue;
        QString to = m.captured(1).trimmed();
        QString from = m.captured(4).trimmed();
        QString iface;
        to.remove(u" (v6)"_s);
        from.remove(u" (v6)"_s);
        if (const qsizetype on = to.indexOf(u" on "_s); on >= 0) {
            iface = to.mid(on + 4).trimmed();
            to = to.left(on).trimmed();
        }
        bool matchesPort = false;
        if (to == u"Anywhere"_s) {
            matchesPort = true;
        } else if (const auto pm = portsSpec.match(to); pm.hasMatch()) {
            matchesPort =
                (pm.captured(2).isEmpty() || pm.captured(2) == protocol) && portSpecContains(pm.captured(1), port);
        } else {
            continue;  // an address with a protocol (10.0.0.1/esp) or an application profile (mDNS)
        }
        if (!matchesPort)
            continue;
        const QString action = m.captured(2);
        const bool restricted = (from != u"Anywhere"_s) || !iface.isEmpty();
        if (action == u"ALLOW"_s || action == u"LIMIT"_s) {
            if (restricted) {
                f.restrictedTo.append(iface.isEmpty() ? from : iface);
                justify.append(l);
                continue;
            }
            decided = PortVerdict::Open;
        } else if (!restricted) {
            decided = action == u"REJECT"_s ? PortVerdict::Rejected : PortVerdict::Dropped;
        } else {
            continue;
        }
        justify.append(l);
    }
    if (f.running == false)
        f.verdict = PortVerdict::NotFiltering;
    else if (decided)
        f.verdict = *decided;
    else if (!f.restrictedTo.isEmpty())
        f.verdict = PortVerdict::OpenRestricted;
    else if (defaultVerdict)
        f.verdict = *defaultVerdict;
    else if (f.running == true)
        f.verdict = PortVerdict::NotAllowed;  // plain `ufw status` does not print the default
    f.restrictedTo.removeDuplicates();
    f.lines = evidenceLines(justify);
    f.explanation = f.recognized ? explainVerdict(f) : Findings::tr("This does not look like ufw output.");
    if (f.verdict == PortVerdict::NotAllowed)
        f.explanation = Findings::tr(
            "%1/%2 is not allowed; `ufw status verbose` shows whether unlisted ports are denied or rejected.")
                            .arg(port)
                            .arg(protocol);
    return f;
}

FirewallFinding parseFirewallListing(const QString &text, int port, const QString &protocol)
{
    static const QRegularExpression nftChain(uR"re((^|\n)\s*(table|chain)\s+\S+.*\{)re"_s);
    static const QRegularExpression iptChain(
        uR"re((^|\n)\s*(Chain \S+ \(|-P \w+ \w+|-A \w+ |:\w+ (ACCEPT|DROP|-) \[))re"_s);
    if ((text.contains(u"Status: "_s) || text.contains(u"状态"_s)) && !text.contains(u"Chain "_s))
        return parseUfw(text, port, protocol);
    if (nftChain.match(text).hasMatch() || text.contains(u"reject with icmpx"_s) || text.contains(u"policy drop;"_s))
        return parseNft(text, port, protocol);
    if (iptChain.match(text).hasMatch() && !text.contains(u"firewall-cmd"_s))
        return parseIptables(text, port, protocol);
    return parseFirewallCmd(text, port, protocol);
}

}  // namespace parallax

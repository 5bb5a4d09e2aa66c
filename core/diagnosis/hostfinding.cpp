#include "hostfinding.h"
#include "base/trcontexts.h"

#include "pastetext.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

}  // namespace

// ---- proxy environment ----

bool ProxyEnvFinding::bypasses(const QString &host, bool cidrAware) const
{
    const QString h = host.toLower();
    QHostAddress addr;
    const bool isAddr = addr.setAddress(host);
    for (QString e : noProxy) {
        e = e.trimmed().toLower();
        if (e.isEmpty())
            continue;
        if (e == u"*"_s || e == h)
            return true;
        if (e.contains(u'/')) {
            if (!cidrAware || !isAddr)
                continue;
            const auto subnet = QHostAddress::parseSubnet(e);
            if (subnet.second >= 0 && addr.isInSubnet(subnet))
                return true;
            continue;
        }
        const QString suffix = e.startsWith(u'.') ? e : u'.' + e;
        if (!isAddr && h.endsWith(suffix))
            return true;
    }
    return false;
}

ProxyEnvFinding parseProxyEnv(const QString &text)
{
    ProxyEnvFinding f;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    static const QRegularExpression envLine(uR"re(^(?:export\s+|declare -x\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$)re"_s);
    static const QRegularExpression dockerLine(uR"re(^(HTTP Proxy|HTTPS Proxy|No Proxy):\s*(.*)$)re"_s);
    bool sawEnv = false;
    QList<PasteLine> justify;
    for (const PasteLine &l : splitPaste(text)) {
        const QString t = l.text;
        if (l.isCommand && !t.startsWith(u"export "_s))
            continue;
        if (const auto m = dockerLine.match(t); m.hasMatch()) {
            f.recognized = true;
            f.variables.insert(m.captured(1), m.captured(2).trimmed());
            if (m.captured(1) == u"No Proxy"_s)
                f.noProxy += m.captured(2).split(u',', Qt::SkipEmptyParts);
            else
                f.dockerDaemonProxy = true;
            justify.append(l);
            continue;
        }
        const auto m = envLine.match(t);
        if (!m.hasMatch())
            continue;
        sawEnv = true;
        const QString name = m.captured(1);
        QString value = m.captured(2).trimmed();
        if (value.size() >= 2 && (value.startsWith(u'"') || value.startsWith(u'\'')))
            value = value.mid(1, value.size() - 2);
        const QString lower = name.toLower();
        if (lower == u"http_proxy"_s || lower == u"https_proxy"_s || lower == u"all_proxy"_s
            || lower == u"ftp_proxy"_s) {
            f.variables.insert(name, value);
            if (lower != u"ftp_proxy"_s && !value.isEmpty())
                f.proxySet = true;
            justify.append(l);
        } else if (lower == u"no_proxy"_s) {
            f.variables.insert(name, value);
            f.noProxy += value.split(u',', Qt::SkipEmptyParts);
            justify.append(l);
        }
    }
    f.noProxy.removeDuplicates();
    f.recognized = f.recognized || sawEnv;
    f.lines = evidenceLines(justify);
    if (!f.recognized)
        f.explanation = Findings::tr("This does not look like environment variables or docker info output.");
    else if (f.proxySet)
        f.explanation = f.noProxy.isEmpty()
            ? Findings::tr(
                "An HTTP proxy is set and NO_PROXY is empty: HTTP health checks from here go through the proxy.")
            : Findings::tr("An HTTP proxy is set; NO_PROXY lists %1. Addresses not covered go through the proxy.")
                  .arg(f.noProxy.join(u", "_s));
    else if (f.dockerDaemonProxy)
        f.explanation =
            Findings::tr("The Docker daemon uses a proxy: that affects image pulls, not traffic from containers.");
    else
        f.explanation = Findings::tr("No proxy is configured in this environment.");
    return f;
}

// ---- ip addr / ip route ----

namespace {

bool isBridgeIfname(const QString &n)
{
    static const QRegularExpression re(
        uR"re(^(docker\d*|docker_gwbridge|br-[0-9a-f]+|cni\d*|flannel\.\d+|virbr\d+|podman\d*|veth\S*|cali\S*|vxlan\S*|kube-\S+|lxcbr\d*|lxdbr\d*))re"_s);
    return re.match(n).hasMatch();
}

bool isTunnelIfname(const QString &n)
{
    static const QRegularExpression re(
        uR"re(^(wg\S*|tun\d*|tap\d*|tunl\d*|sit\d*|tailscale\d*|zt\S*|ppp\d*|utun\d*)(@\S+)?$)re"_s);
    return re.match(n).hasMatch();
}

}  // namespace

IpFinding parseIp(const QString &text)
{
    IpFinding f;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    static const QRegularExpression ifHeader(uR"re(^\d+:\s+(\S+?):\s+<([^>]*)>(?:.*\bstate (\S+))?)re"_s);
    static const QRegularExpression inetLine(
        uR"re(^inet6?\s+([0-9a-fA-F.:]+)/(\d+)(?:\s+brd\s+\S+)?\s+scope\s+(\w+)(?:.*?\s(\S+))?\s*$)re"_s);
    static const QRegularExpression defaultRoute(uR"re(^default\s+(?:via\s+(\S+)\s+)?dev\s+(\S+)(.*)$)re"_s);
    static const QRegularExpression routeSrc(uR"re(^(\S+)\s+dev\s+(\S+).*\bsrc\s+(\S+))re"_s);
    static const QRegularExpression bareAddr(uR"re(^(\d{1,3}(?:\.\d{1,3}){3})$)re"_s);
    static const QRegularExpression hyperVMac(uR"re(link/ether 00:15:5d:)re"_s);
    QString ifname;
    bool ifUp = true;
    QList<PasteLine> justify;
    QList<QPair<QString, QString>> routeSources;  // dev, src
    for (const PasteLine &l : splitPaste(text)) {
        const QString t = l.text;
        if (l.isCommand) {
            if (l.command.contains(u"wsl"_s))
                f.wsl = true;
            continue;
        }
        if (t.isEmpty())
            continue;
        if (t.contains(u"wsl "_s, Qt::CaseInsensitive) && t.contains(u"hostname"_s))
            f.wsl = true;  // PowerShell `(wsl hostname -I)`: not a prompt the paste splitter knows
        if (hyperVMac.match(t).hasMatch())
            f.wsl = true;
        if (const auto m = ifHeader.match(t); m.hasMatch()) {
            f.recognized = true;
            ifname = m.captured(1);
            if (const qsizetype at = ifname.indexOf(u'@'); at > 0)
                ifname = ifname.left(at);
            ifUp = m.captured(2).split(u',').contains(u"UP"_s) && m.captured(3) != u"DOWN"_s;
            continue;
        }
        if (const auto m = inetLine.match(t); m.hasMatch()) {
            f.recognized = true;
            InterfaceAddress a;
            a.address = m.captured(1);
            a.prefix = m.captured(2).toInt();
            a.scope = m.captured(3);
            const QString label = m.captured(4);
            a.ifname = !label.isEmpty() && label.startsWith(ifname) ? label : ifname;
            a.up = ifUp;
            a.addressClass = classifyAddress(a.address);
            a.bridge = isBridgeIfname(ifname);
            f.addresses.append(a);
            justify.append(l);
            continue;
        }
        if (const auto m = defaultRoute.match(t); m.hasMatch()) {
            f.recognized = true;
            DefaultRoute r;
            r.via = m.captured(1);
            r.dev = m.captured(2);
            const QString rest = m.captured(3);
            static const QRegularExpression metric(uR"re(\bmetric (\d+))re"_s);
            static const QRegularExpression table(uR"re(\btable (\S+))re"_s);
            static const QRegularExpression src(uR"re(\bsrc (\S+))re"_s);
            r.metric = metric.match(rest).captured(1).toInt();
            r.table = table.match(rest).captured(1);
            r.src = src.match(rest).captured(1);
            if (r.table.isEmpty() || r.table == u"main"_s)
                f.defaultRoutes.append(r);
            justify.append(l);
            continue;
        }
        if (const auto m = routeSrc.match(t); m.hasMatch()) {
            f.recognized = true;
            if (t.contains(u" table "_s) && !t.contains(u"table main"_s))
                continue;  // local / policy tables repeat the addresses
            const QString dev = m.captured(2);
            const QString srcAddr = m.captured(3);
            routeSources.append({dev, srcAddr});
            if (isBridgeIfname(dev) && !f.bridgeAddresses.contains(srcAddr))
                f.bridgeAddresses.append(srcAddr);
            continue;
        }
        if (const auto m = bareAddr.match(t); m.hasMatch()) {
            f.recognized = true;
            InterfaceAddress a;
            a.address = m.captured(1);
            a.scope = u"global"_s;
            a.addressClass = classifyAddress(a.address);
            // `hostname -I` lists Docker bridge gateways as 172.x.0.1 after the host's own address.
            a.bridge = !f.addresses.isEmpty() && a.address.startsWith(u"172."_s) && a.address.endsWith(u".0.1"_s);
            bool dup = false;
            for (const auto &e : f.addresses)
                dup = dup || e.address == a.address;
            if (!dup)
                f.addresses.append(a);
            continue;
        }
        if (t.contains(u"Request timed out"_s) || t.contains(u"100% packet loss"_s) || t.contains(u"100% loss"_s)) {
            f.pingAnswered = false;
            justify.append(l);
        } else if (t.contains(u"Reply from"_s) || t.contains(u"bytes from"_s)) {
            f.pingAnswered = true;
        }
    }
    // Addresses from route `src` when no `ip addr` was pasted.
    for (const auto &[dev, src] : routeSources) {
        bool known = false;
        for (const auto &a : f.addresses)
            known = known || a.address == src;
        if (known)
            continue;
        InterfaceAddress a;
        a.ifname = dev;
        a.address = src;
        a.scope = u"global"_s;
        a.addressClass = classifyAddress(src);
        a.bridge = isBridgeIfname(dev);
        f.addresses.append(a);
    }
    for (auto &a : f.addresses) {
        if (a.bridge && !f.bridgeAddresses.contains(a.address))
            f.bridgeAddresses.append(a.address);
    }
    // Candidates: global scope, up, not loopback/link-local/bridge/tunnel /32, IPv4 first.
    QStringList defaultDevs;
    for (const auto &r : f.defaultRoutes)
        defaultDevs.append(r.dev);
    QList<const InterfaceAddress *> cands;
    for (const auto &a : f.addresses) {
        if (a.bridge || !a.up || a.scope == u"link"_s || a.scope == u"host"_s)
            continue;
        if (a.addressClass == AddressClass::Loopback || a.addressClass == AddressClass::LinkLocal
            || a.addressClass == AddressClass::Unspecified || a.addressClass == AddressClass::Invalid)
            continue;
        if (isTunnelIfname(a.ifname) && a.prefix == 32)
            continue;
        if (a.address.contains(u':'))
            continue;  // the wizard suggests IPv4 worker addresses; IPv6 stays in `addresses`
        cands.append(&a);
    }
    std::stable_sort(cands.begin(), cands.end(), [&](const InterfaceAddress *x, const InterfaceAddress *y) {
        auto rank = [&](const InterfaceAddress *a) {
            int r = 0;
            if (!defaultDevs.isEmpty() && !defaultDevs.contains(a->ifname.section(u':', 0, 0)))
                r += 2;
            // In WSL2 the 172.16/12 NAT address is not reachable from the LAN; a LAN address
            // added by hand (eth0:1) is.
            if (f.wsl && a->addressClass == AddressClass::DockerUserNetwork && !a->ifname.contains(u':'))
                r += 1;
            return r;
        };
        return rank(x) < rank(y);
    });
    for (const auto *a : cands) {
        if (!f.candidates.contains(a->address))
            f.candidates.append(a->address);
    }
    // The default route's src / its device's route src decides when present.
    for (const auto &r : f.defaultRoutes) {
        if (!r.src.isEmpty() && f.candidates.contains(r.src)) {
            f.candidates.removeAll(r.src);
            f.candidates.prepend(r.src);
            break;
        }
    }
    f.primary = f.candidates.value(0);
    int mainDefaults = 0;
    for (const auto &r : f.defaultRoutes)
        mainDefaults += r.table.isEmpty() ? 1 : 0;
    f.multipleDefaults = mainDefaults > 1;
    f.ambiguous = f.candidates.size() > 1 && !f.wsl;
    f.lines = evidenceLines(justify);
    if (!f.recognized) {
        f.explanation = Findings::tr("This does not look like `ip addr` or `ip route` output.");
        return f;
    }
    QStringList parts;
    if (f.primary.isEmpty())
        parts << Findings::tr("No address here is reachable from other hosts.");
    else if (f.ambiguous)
        parts << Findings::tr("Several addresses could carry worker traffic (%1): pin the one the server reaches with "
                              "--worker-ip / --advertise-address.")
                     .arg(f.candidates.join(u", "_s));
    else
        parts << Findings::tr("The worker's address on the network is %1.").arg(f.primary);
    if (f.wsl)
        parts << Findings::tr(
            "This is WSL2: its NAT address is not reachable from other hosts without port forwarding or "
            "mirrored networking.");
    if (!f.bridgeAddresses.isEmpty())
        parts << Findings::tr("%1 belong to container bridges and must not be registered as the worker address.")
                     .arg(f.bridgeAddresses.join(u", "_s));
    if (f.multipleDefaults)
        parts << Findings::tr("There are several default routes.");
    if (f.pingAnswered == false)
        parts << Findings::tr("The address did not answer ping.");
    f.explanation = parts.join(u' ');
    return f;
}

// ---- timedatectl ----

ClockFinding parseTimedatectl(const QString &text)
{
    ClockFinding f;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    static const QRegularExpression sync(uR"re((?:System clock|NTP) synchronized:\s*(\S+))re"_s);
    static const QRegularExpression ntp(
        uR"re((?:NTP service|NTP enabled|systemd-timesyncd\.service active):\s*(\S+))re"_s);
    QList<PasteLine> justify;
    for (const PasteLine &l : splitPaste(text)) {
        if (const auto m = sync.match(l.text); m.hasMatch()) {
            f.recognized = true;
            f.synchronized = m.captured(1) == u"yes"_s;
            justify.append(l);
        } else if (const auto m2 = ntp.match(l.text); m2.hasMatch()) {
            f.recognized = true;
            const QString v = m2.captured(1);
            if (v == u"active"_s || v == u"yes"_s)
                f.ntpActive = true;
            else if (v == u"inactive"_s || v == u"no"_s)
                f.ntpActive = false;
            else
                f.ntpActive.reset();
            justify.append(l);
        }
    }
    f.lines = evidenceLines(justify);
    if (!f.recognized)
        f.explanation = Findings::tr("This does not look like timedatectl output.");
    else if (f.synchronized == true)
        f.explanation = Findings::tr("The clock is synchronized.");
    else if (f.ntpActive == true)
        f.explanation = Findings::tr(
            "The clock is NOT synchronized although NTP is active: check that the NTP servers are reachable.");
    else
        f.explanation =
            Findings::tr("The clock is NOT synchronized and NTP is off: run `sudo timedatectl set-ntp true`.");
    return f;
}

}  // namespace parallax

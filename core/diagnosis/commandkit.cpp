#include "commandkit.h"
#include "base/trcontexts.h"

#include "gpustack/worker.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSysInfo>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

QString onServer()
{
    return CommandKit::tr("on the server host");
}
QString inServerContainer()
{
    return CommandKit::tr("on the server host (runs inside the server container)");
}
QString onWorker()
{
    return CommandKit::tr("on the worker");
}
QString here()
{
    return CommandKit::tr("here");
}

// Placeholders are plain words: "<worker-address>" would be a redirection in sh, and run
// unedited it could truncate a file named like the next word.
const QString kAddressPlaceholder = u"WORKER_ADDRESS"_s;
const QString kUrlPlaceholder = u"WORKER_URL"_s;
const QString kContainerPlaceholder = u"CONTAINER_NAME"_s;
const QString kInterfacePlaceholder = u"INTERFACE_NAME"_s;

ShellCommand make(
    const QString &text, const QString &purpose, const QString &where, OsFamily os = OsFamily::Linux, bool root = false)
{
    ShellCommand c;
    c.text = text;
    c.purpose = purpose;
    const QString note = placeholderNote(placeholdersIn(text));
    if (!note.isEmpty())
        c.purpose += u' ' + note;
    c.where = where;
    c.os = os;
    c.needsRoot = root;
    return c;
}

QString q(const QString &v, OsFamily os = OsFamily::Linux)
{
    return quoteArgument(v, os);
}

QString containerArg(const QString &v)
{
    return isContainerArgument(v) ? q(v) : kContainerPlaceholder;
}

QString interfaceArg(const QString &v)
{
    // Linux interface names: at most 15 bytes, no '/', no whitespace; ':' and '@' appear in
    // aliases and VLANs ("eth0:1", "eth0.10@eth0").
    static const QRegularExpression name(uR"re(^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,31}$)re"_s);
    return name.match(v).hasMatch() ? q(v) : kInterfacePlaceholder;
}

// "--" ends the options of nc, telnet and getent; Windows telnet and PowerShell take none.
QString endOfOptions(OsFamily os)
{
    return os == OsFamily::Windows ? QString() : u"-- "_s;
}

}  // namespace

QString osFamilyId(OsFamily os)
{
    switch (os) {
    case OsFamily::Unknown: return u"unknown"_s;
    case OsFamily::Linux: return u"linux"_s;
    case OsFamily::MacOs: return u"macos"_s;
    case OsFamily::Windows: return u"windows"_s;
    }
    return u"unknown"_s;
}

OsFamily osFamilyOf(const Worker &worker)
{
    if (!worker.status)
        return OsFamily::Unknown;
    const QString os = worker.status->osName.toLower();
    if (os.isEmpty())
        return OsFamily::Unknown;
    if (os.contains(u"windows"_s))
        return OsFamily::Windows;
    if (os.contains(u"darwin"_s) || os.contains(u"macos"_s) || os.contains(u"mac os"_s) || os.contains(u"os x"_s))
        return OsFamily::MacOs;
    return OsFamily::Linux;
}

OsFamily localOsFamily()
{
    const QString kernel = QSysInfo::kernelType();
    if (kernel == u"winnt"_s)
        return OsFamily::Windows;
    if (kernel == u"darwin"_s)
        return OsFamily::MacOs;
    return OsFamily::Linux;
}

QString quoteArgument(const QString &value, OsFamily os)
{
    QString v;
    v.reserve(value.size());
    for (QChar c : value)
        v.append(c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator
                ? u'?'
                : c);
    if (os == OsFamily::Windows) {
        static const QRegularExpression safeWin(uR"re(^[A-Za-z0-9@+=:,./_\-]+$)re"_s);
        if (!v.isEmpty() && safeWin.match(v).hasMatch())
            return v;
        QString out = v;
        // PowerShell treats the typographic single quotes as quote characters too: ‘ ’ ‚ ‛
        // (U+2018–U+201B, its IsSingleQuote), so each is doubled like '.
        out.replace(u'\'', u"''"_s);
        for (char16_t quote : {u'\u2018', u'\u2019', u'\u201A', u'\u201B'})
            out.replace(QChar(quote), u"''"_s);
        return u'\'' + out + u'\'';
    }
    static const QRegularExpression safe(uR"re(^[A-Za-z0-9@%+=:,./_\-]+$)re"_s);
    if (!v.isEmpty() && safe.match(v).hasMatch() && !v.startsWith(u'-'))
        return v;
    QString out = v;
    out.replace(u'\'', u"'\\''"_s);
    return u'\'' + out + u'\'';
}

bool isHostArgument(const QString &value)
{
    if (value.isEmpty() || value.size() > 253 || value.startsWith(u'-'))
        return false;
    // IPv6 with an optional zone ("fe80::1%eth0"), or IPv4.
    static const QRegularExpression address(uR"re(^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$)re"_s);
    if (address.match(value).hasMatch() && !QHostAddress(value).isNull())
        return true;
    // A host name, internationalized ones in their ACE form.
    QString name = QUrl::toAce(value).isEmpty() ? value : QString::fromLatin1(QUrl::toAce(value));
    if (name.endsWith(u'.'))
        name.chop(1);
    static const QRegularExpression label(uR"re(^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$)re"_s);
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.cbegin(), labels.cend(), [](const QString &l) { return label.match(l).hasMatch(); });
}

bool isUrlArgument(const QString &value)
{
    const QUrl url(value, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) && value.startsWith(url.scheme())
        && isHostArgument(url.host()) && !value.contains(u' ');
}

bool isContainerArgument(const QString &value)
{
    static const QRegularExpression name(uR"re(^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$)re"_s);
    return name.match(value).hasMatch();
}

QString hostArgument(const QString &host, OsFamily os)
{
    return isHostArgument(host) ? q(host, os) : kAddressPlaceholder;
}

QString urlArgument(const QString &url, OsFamily os)
{
    return isUrlArgument(url) ? q(url, os) : kUrlPlaceholder;
}

QString placeholderNote(const QStringList &placeholders)
{
    if (placeholders.isEmpty())
        return {};
    return CommandKit::tr(
        "%1 stands in for a value that cannot be used here as it is (not a valid host name, address, URL or name; "
        "such values come from the server): put the right one in before running this.")
        .arg(placeholders.join(u", "_s));
}

QStringList placeholdersIn(const QString &commandText)
{
    QStringList out;
    for (const QString &p : {kAddressPlaceholder, kUrlPlaceholder, kContainerPlaceholder, kInterfacePlaceholder}) {
        if (commandText.contains(p))
            out.append(p);
    }
    return out;
}

QStringList commandTexts(const QList<ShellCommand> &list)
{
    QStringList out;
    for (const auto &c : list)
        out.append(c.text);
    return out;
}

namespace commands {

ShellCommand tcpCheck(const QString &host, int port, OsFamily os)
{
    if (os == OsFamily::Windows)
        return make(
            u"Test-NetConnection -ComputerName %1 -Port %2"_s.arg(hostArgument(host, os), QString::number(port)),
            CommandKit::tr("Test the TCP port (PowerShell)"), here(), os);
    // macOS' nc and OpenBSD nc both take -z -v -w; -w 2 mirrors GPUStack's 2 s attempt.
    return make(u"nc -zv -w 2 %1%2 %3"_s.arg(endOfOptions(os), hostArgument(host, os), QString::number(port)),
        CommandKit::tr("Test the TCP port"), here(), os);
}

ShellCommand telnetCheck(const QString &host, int port, OsFamily os)
{
    return make(u"telnet %1%2 %3"_s.arg(endOfOptions(os), hostArgument(host, os), QString::number(port)),
        CommandKit::tr("Test the TCP port with telnet (host and port separated by a space)"), here(), os);
}

ShellCommand httpCheck(const QString &url, OsFamily os)
{
    const QString curl = os == OsFamily::Windows ? u"curl.exe"_s : u"curl"_s;
    return make(u"%1 -m 2 -sS %2"_s.arg(curl, urlArgument(url, os)),
        CommandKit::tr("Fetch the health endpoint with GPUStack's 2 s limit: a healthy worker prints \"ok\""), here(),
        os);
}

ShellCommand proxyEnv(const QString &serverContainer)
{
    if (serverContainer.isEmpty())
        return make(
            u"env | grep -i proxy"_s, CommandKit::tr("Show proxy settings the server process may inherit"), onServer());
    return make(u"docker exec %1 sh -c 'env | grep -i proxy'"_s.arg(containerArg(serverContainer)),
        CommandKit::tr("Show proxy settings inside the server container"), inServerContainer());
}

QList<ShellCommand> serverVantage(const QString &url, const QString &host, int port, const QString &serverContainer)
{
    QList<ShellCommand> out;
    if (!serverContainer.isEmpty()) {
        out << make(u"docker exec %1 curl -m 2 -sS %2"_s.arg(containerArg(serverContainer), urlArgument(url)),
            CommandKit::tr(
                "Fetch the worker's health endpoint from inside the server container, where GPUStack's probe runs"),
            inServerContainer());
        // Slim images have no curl; python3 is always in GPUStack's image.
        const QString pyUrl = isUrlArgument(url) ? url : kUrlPlaceholder;
        out << make(u"docker exec %1 python3 -c %2"_s.arg(containerArg(serverContainer),
                        q(u"import urllib.request as u;print(u.urlopen(%1,timeout=2).read())"_s.arg(
                            u'"' + QString(pyUrl).remove(u'"') + u'"'))),
            CommandKit::tr("The same without curl (GPUStack's image has python3)"), inServerContainer());
    } else {
        out << make(u"curl -m 2 -sS %1"_s.arg(urlArgument(url)),
            CommandKit::tr("Fetch the worker's health endpoint from the server host"), onServer());
    }
    out << make(u"nc -zv -w 2 -- %1 %2"_s.arg(hostArgument(host), QString::number(port)),
        CommandKit::tr("Test the TCP port from the server host"), onServer());
    out << proxyEnv(serverContainer);
    return out;
}

QList<ShellCommand> firewallListing(FirewallKind kind)
{
    switch (kind) {
    case FirewallKind::Firewalld:
        return {make(u"sudo firewall-cmd --state"_s, CommandKit::tr("Is firewalld running?"), onWorker(),
                    OsFamily::Linux, true),
            make(u"sudo firewall-cmd --get-active-zones"_s, CommandKit::tr("Which zone each interface is in"),
                onWorker(), OsFamily::Linux, true),
            make(u"sudo firewall-cmd --list-all"_s, CommandKit::tr("Ports, services and target of the default zone"),
                onWorker(), OsFamily::Linux, true)};
    case FirewallKind::Ufw:
        return {make(u"sudo ufw status verbose"_s, CommandKit::tr("ufw rules and the default for incoming traffic"),
            onWorker(), OsFamily::Linux, true)};
    case FirewallKind::Nftables:
        return {make(u"sudo nft list ruleset"_s, CommandKit::tr("The full nftables ruleset"), onWorker(),
            OsFamily::Linux, true)};
    case FirewallKind::Iptables:
        return {make(u"sudo iptables -S INPUT"_s, CommandKit::tr("The INPUT chain of iptables"), onWorker(),
                    OsFamily::Linux, true),
            make(u"sudo iptables-save -t filter"_s, CommandKit::tr("All filter chains, with policies"), onWorker(),
                OsFamily::Linux, true)};
    }
    return {};
}

QList<ShellCommand> allFirewallListings()
{
    QList<ShellCommand> out;
    for (FirewallKind k : {FirewallKind::Firewalld, FirewallKind::Ufw, FirewallKind::Nftables, FirewallKind::Iptables})
        out += firewallListing(k);
    return out;
}

QList<ShellCommand> windowsFirewall(int port)
{
    const QString p = QString::number(port);
    const OsFamily w = OsFamily::Windows;
    return {
        make(u"Get-NetFirewallPortFilter -Protocol TCP | Where-Object LocalPort -eq %1 | Get-NetFirewallRule"_s.arg(p),
            CommandKit::tr("Windows firewall rules for the port (PowerShell)"), onWorker(), w),
        make(
            u"New-NetFirewallRule -DisplayName 'GPUStack worker' -Direction Inbound -Protocol TCP -LocalPort %1 -Action Allow"_s
                .arg(p),
            CommandKit::tr("Allow the port in Windows Defender Firewall (elevated PowerShell)"), onWorker(), w, true)};
}

QList<ShellCommand> firewallOpen(FirewallKind kind, int port)
{
    const QString p = QString::number(port);
    switch (kind) {
    case FirewallKind::Firewalld:
        return {make(u"sudo firewall-cmd --permanent --add-port=%1/tcp"_s.arg(p),
                    CommandKit::tr("Open the port permanently"), onWorker(), OsFamily::Linux, true),
            make(u"sudo firewall-cmd --reload"_s, CommandKit::tr("Apply the permanent configuration now"), onWorker(),
                OsFamily::Linux, true)};
    case FirewallKind::Ufw:
        return {make(
            u"sudo ufw allow %1/tcp"_s.arg(p), CommandKit::tr("Allow the port"), onWorker(), OsFamily::Linux, true)};
    case FirewallKind::Nftables:
        return {make(u"sudo nft insert rule inet filter input tcp dport %1 accept"_s.arg(p),
            CommandKit::tr("Accept the port (adjust table/chain to your ruleset; persist it in /etc/nftables.conf)"),
            onWorker(), OsFamily::Linux, true)};
    case FirewallKind::Iptables:
        return {make(u"sudo iptables -I INPUT -p tcp --dport %1 -j ACCEPT"_s.arg(p),
            CommandKit::tr(
                "Accept the port ahead of any REJECT/DROP (persist with your distribution's iptables-save service)"),
            onWorker(), OsFamily::Linux, true)};
    }
    return {};
}

QList<ShellCommand> dockerNetworkMode(const QString &container)
{
    const QString c = container.isEmpty() ? u"CONTAINER"_s : containerArg(container);
    return {make(u"docker inspect -f '{{.HostConfig.NetworkMode}}' %1"_s.arg(c),
                CommandKit::tr("The worker container's network mode"), onWorker()),
        make(
            u"docker port %1"_s.arg(c), CommandKit::tr("Which container ports are published on the host"), onWorker())};
}

QList<ShellCommand> dockerWorkerFix(const QString &hostAddress, int port)
{
    const QString addr = hostAddress.isEmpty() ? u"HOST_LAN_IP"_s : hostArgument(hostAddress);
    return {make(u"docker run … --network=host … gpustack/gpustack … --worker-ip %1"_s.arg(addr),
                CommandKit::tr("Run the worker with host networking (recommended)"), onWorker()),
        make(u"docker run … -p %1:%1 -p %2:%2 … gpustack/gpustack … --advertise-address %3"_s.arg(
                 QString::number(port), QString::number(port + 1), addr),
            CommandKit::tr("Or publish the worker and metrics ports and advertise the host's address"), onWorker())};
}

QList<ShellCommand> pinWorkerAddress(const QString &address, const QString &ifname)
{
    const QString addr = address.isEmpty() ? u"HOST_LAN_IP"_s : hostArgument(address);
    QList<ShellCommand> out;
    out << make(u"gpustack start … --worker-ip %1"_s.arg(addr),
        CommandKit::tr(
            "Register this address (stops the 15 s address re-detection only together with --worker-ifname)"),
        onWorker());
    if (!ifname.isEmpty())
        out << make(u"gpustack start … --worker-ip %1 --worker-ifname %2"_s.arg(addr, interfaceArg(ifname)),
            CommandKit::tr("Pin both address and interface: GPUStack stops re-detecting the address every 15 s"),
            onWorker());
    out << make(u"gpustack start … --advertise-address %1"_s.arg(addr),
        CommandKit::tr("GPUStack ≥ 2.0.2: the address (or DNS name) the server probes"), onWorker());
    return out;
}

ShellCommand ipAddr(OsFamily os)
{
    if (os == OsFamily::Windows)
        return make(u"ipconfig"_s, CommandKit::tr("The worker's addresses"), onWorker(), os);
    if (os == OsFamily::MacOs)
        return make(u"ifconfig"_s, CommandKit::tr("The worker's addresses"), onWorker(), os);
    return make(u"ip addr; ip route"_s, CommandKit::tr("The worker's addresses and routes"), onWorker(), os);
}

ShellCommand timeStatus(OsFamily os)
{
    if (os == OsFamily::Windows)
        return make(u"w32tm /query /status"_s, CommandKit::tr("Is the clock synchronized?"), onWorker(), os);
    if (os == OsFamily::MacOs)
        return make(u"sntp -d time.apple.com"_s, CommandKit::tr("How far the clock is off"), onWorker(), os);
    return make(u"timedatectl"_s, CommandKit::tr("Is the clock synchronized?"), onWorker(), os);
}

ShellCommand resolve(const QString &host, OsFamily os)
{
    if (os == OsFamily::Windows)
        return make(u"Resolve-DnsName %1"_s.arg(hostArgument(host, os)), CommandKit::tr("Resolve the worker's name"),
            here(), os);
    if (os == OsFamily::MacOs)
        return make(u"dscacheutil -q host -a name %1"_s.arg(hostArgument(host, os)),
            CommandKit::tr("Resolve the worker's name"), here(), os);
    return make(u"getent ahosts -- %1"_s.arg(hostArgument(host, os)),
        CommandKit::tr("Resolve the worker's name as programs do"), here(), os);
}

ShellCommand serverFromWorker(const QString &serverUrl, OsFamily os)
{
    QString url = serverUrl.isEmpty() ? u"SERVER_URL"_s : serverUrl;
    while (url.endsWith(u'/'))
        url.chop(1);
    return make(u"%1 -m 5 -sS %2"_s.arg(os == OsFamily::Windows ? u"curl.exe"_s : u"curl"_s,
                    serverUrl.isEmpty() ? url + u"/healthz"_s : urlArgument(url + u"/healthz"_s, os)),
        CommandKit::tr("Can the worker reach the server (heartbeats go this way)?"), onWorker(), os);
}

ShellCommand workerLogs()
{
    return make(u"sudo journalctl -u gpustack --since '-15 min' | grep -iE 'heartbeat|status|error'"_s,
        CommandKit::tr("Recent worker log lines about heartbeats (systemd install; for Docker use `docker logs`)"),
        onWorker(), OsFamily::Linux, true);
}

}  // namespace commands

}  // namespace parallax

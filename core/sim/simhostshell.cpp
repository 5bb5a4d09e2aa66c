#include "simhostshell.h"

#include "simcluster.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

QString prompt(const QString &host, const QString &command)
{
    return u"[root@%1 ~]# %2\n"_s.arg(host, command);
}

// Docker's default address pool (172.17.0.0/16 and its neighbours up to 172.31).
bool isDockerBridgeAddress(const QString &ip)
{
    return QHostAddress(ip).isInSubnet(QHostAddress(u"172.16.0.0"_s), 12);
}

// WSL2's NAT address that GPUStack registers from inside the Linux VM (10.255.255.254).
bool isWslAddress(const QString &ip)
{
    return QHostAddress(ip).isInSubnet(QHostAddress(u"10.255.0.0"_s), 16);
}

}  // namespace

std::optional<QString> SimHostShell::run(const QString &workerName, HostCommand command) const
{
    if (m_cluster.workerId(workerName) < 0)
        return std::nullopt;
    switch (command) {
    case HostCommand::FirewallListing: return firewallListing(workerName);
    case HostCommand::DockerNetworkMode: return dockerNetworkMode(workerName);
    case HostCommand::ClockStatus: return clockStatus(workerName);
    case HostCommand::ServerConnectCheck: return serverConnectCheck(workerName);
    }
    return std::nullopt;
}

QString SimHostShell::firewallListing(const QString &name) const
{
    // iptables -S, the listing every Linux host has (firewalld and ufw write into it too).
    const WorkerFaults f = m_cluster.faults(name);
    const QString health = QString::number(m_cluster.workerHealthPort(name));
    const quint16 metrics = m_cluster.workerMetricsPort(name);
    QStringList rules = {u"-P INPUT ACCEPT"_s, u"-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"_s,
        u"-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"_s};
    if (metrics)
        rules << u"-A INPUT -p tcp -m tcp --dport %1 -j ACCEPT"_s.arg(metrics);
    // A DROP on the worker is what the "drop" fault is; a REJECT is the firewall fault. A path
    // blocked between server and worker, or the client's own network, leaves this host open.
    if (f.firewallRejectsHealthPort)
        rules << u"-A INPUT -p tcp -m tcp --dport %1 -j REJECT --reject-with tcp-reset"_s.arg(health);
    else if (f.health == HealthBehaviour::Drop)
        rules << u"-A INPUT -p tcp -m tcp --dport %1 -j DROP"_s.arg(health);
    else
        rules << u"-A INPUT -p tcp -m tcp --dport %1 -j ACCEPT"_s.arg(health);
    return prompt(name, u"iptables -S INPUT"_s) + rules.join(u'\n') + u'\n';
}

QString SimHostShell::dockerNetworkMode(const QString &name) const
{
    const WorkerFaults f = m_cluster.faults(name);
    const QString registered = f.registeredIp.value_or(QString());
    const QString inspect = u"docker inspect -f '{{.HostConfig.NetworkMode}}' gpustack-worker"_s;
    const QString port = u"docker port gpustack-worker"_s;
    if (isWslAddress(registered))
        return prompt(name, inspect) + u"-bash: docker: command not found\n"_s;
    if (!isDockerBridgeAddress(registered))
        return prompt(name, inspect) + u"host\n"_s + prompt(name, port);
    // Bridge mode: the container registered its own address; the ports are published on the host.
    const quint16 health = m_cluster.workerHealthPort(name);
    QString out = prompt(name, inspect) + u"bridge\n"_s + prompt(name, port);
    out += u"%1/tcp -> 0.0.0.0:%1\n%1/tcp -> [::]:%1\n"_s.arg(health);
    if (const quint16 metrics = m_cluster.workerMetricsPort(name))
        out += u"%1/tcp -> 0.0.0.0:%1\n%1/tcp -> [::]:%1\n"_s.arg(metrics);
    return out;
}

QString SimHostShell::clockStatus(const QString &name) const
{
    const WorkerFaults f = m_cluster.faults(name);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(m_cluster.nowMs() + f.clockSkewMs, Qt::UTC);
    const QString stamp = QLocale::c().toString(local, u"ddd yyyy-MM-dd HH:mm:ss"_s);
    // A skewed clock is one that nothing keeps in step.
    const bool synced = f.clockSkewMs == 0;
    QString out = prompt(name, u"timedatectl"_s);
    out += u"               Local time: %1 UTC\n"_s.arg(stamp);
    out += u"           Universal time: %1 UTC\n"_s.arg(stamp);
    out += u"                 RTC time: %1\n"_s.arg(stamp);
    out += u"                Time zone: Etc/UTC (UTC, +0000)\n"_s;
    out += u"System clock synchronized: %1\n"_s.arg(synced ? u"yes"_s : u"no"_s);
    out += u"              NTP service: %1\n"_s.arg(synced ? u"active"_s : u"inactive"_s);
    out += u"          RTC in local TZ: no\n"_s;
    return out;
}

QString SimHostShell::serverConnectCheck(const QString &name) const
{
    // OpenBSD netcat on the server host, to the address and port the server probes.
    const WorkerFaults f = m_cluster.faults(name);
    const QString host = m_cluster.registeredHost(name);
    const QString port = QString::number(m_cluster.workerHealthPort(name));
    QString out = prompt(u"gpustack-server"_s, u"nc -zv -w 2 %1 %2"_s.arg(host, port));
    // The server's path: the worker's own behaviour, without the client's network.
    HealthBehaviour h = m_cluster.effectiveHealth(name);
    if (f.clientPathDown)
        h = f.firewallRejectsHealthPort ? HealthBehaviour::Refused : f.health;
    const QHostAddress address(host);
    if (address.isNull())  // an advertised name that does not resolve
        return out + u"nc: getaddrinfo for host \"%1\" port %2: Name or service not known\n"_s.arg(host, port);
    // An address the worker does not hold: a container's or WSL's private address goes nowhere
    // from the server; an address the worker left (DHCP drift) has nothing listening.
    const bool held = m_cluster.workerAddress(name) == address;
    if (f.serverPathBlocked || h == HealthBehaviour::Drop || (!held && !address.isLoopback()))
        return out + u"nc: connect to %1 port %2 (tcp) timed out: Operation now in progress\n"_s.arg(host, port);
    if (h == HealthBehaviour::Refused || !held)
        return out + u"nc: connect to %1 port %2 (tcp) failed: Connection refused\n"_s.arg(host, port);
    // nc ignores proxy variables; GPUStack's probe does not (the step asks for both).
    return out + u"Connection to %1 %2 port [tcp/*] succeeded!\n"_s.arg(host, port) + serverProxyEnvironment();
}

QString SimHostShell::serverProxyEnvironment() const
{
    const quint16 proxyPort = m_cluster.serverProxyPort();
    if (!proxyPort)
        return {};
    // NO_PROXY as the scenario describes it: its literal entries, then the address of every
    // worker it covers (what a subnet entry would do on a real network).
    QStringList noProxy = m_cluster.scenario().serverProxy.noProxy;
    for (const QString &worker : m_cluster.workerNames()) {
        if (!m_cluster.serverProbeUsesProxy(worker))
            noProxy << m_cluster.registeredHost(worker);
    }
    noProxy.removeDuplicates();
    const QString proxy = u"http://127.0.0.1:%1"_s.arg(proxyPort);
    return prompt(u"gpustack-server"_s, u"env | grep -i _proxy"_s)
        + u"HTTP_PROXY=%1\nHTTPS_PROXY=%1\nNO_PROXY=%2\n"_s.arg(proxy, noProxy.join(u','));
}

}  // namespace parallax::sim

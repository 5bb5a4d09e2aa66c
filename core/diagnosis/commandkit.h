#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parallax {

struct Worker;

// The shell family a command is written for. Values from the server (worker names, host
// names, container names) are untrusted: every one goes through quoteArgument().
enum class OsFamily { Unknown, Linux, MacOs, Windows };
QString osFamilyId(OsFamily os);
// From WorkerStatus.os_name ("Ubuntu", "macOS", "Windows 11 Pro", "Darwin"); Unknown when absent.
OsFamily osFamilyOf(const Worker &worker);
// The machine Parallax runs on: commands marked "here" are written for it.
OsFamily localOsFamily();

// POSIX sh (Linux, macOS, Unknown): bare when only [A-Za-z0-9@%+=:,./_-], else single quotes
// with ' written as '\''. Windows: PowerShell single quotes with ' doubled. Control
// characters (newlines, ESC) are never passed through: they are replaced by '?' so a pasted
// command cannot run a second line.
QString quoteArgument(const QString &value, OsFamily os = OsFamily::Linux);

// One command to show, copy or run: what it checks and where to run it.
struct ShellCommand {
    QString text; // the command line, arguments quoted
    QString purpose; // translated: "Test the TCP port from the server host"
    QString where; // translated: "on the server host", "on the worker", "here"
    OsFamily os = OsFamily::Linux;
    bool needsRoot = false;

    bool operator==(const ShellCommand &) const = default;
};

enum class FirewallKind { Firewalld, Ufw, Nftables, Iptables };

namespace commands {

// `nc -zv -w 2 HOST PORT` (Linux/macOS), `Test-NetConnection` (Windows).
ShellCommand tcpCheck(const QString &host, int port, OsFamily os = OsFamily::Linux);
// `telnet HOST PORT` (a space, not a colon: Windows telnet reads HOST:PORT as a host name).
ShellCommand telnetCheck(const QString &host, int port, OsFamily os = OsFamily::Linux);
// `curl -m 2 -sS URL` (curl.exe on Windows: PowerShell 5 aliases curl to Invoke-WebRequest).
ShellCommand httpCheck(const QString &url, OsFamily os = OsFamily::Linux);
// The server's vantage: inside its container when `serverContainer` is set, else on its host.
QList<ShellCommand> serverVantage(const QString &url, const QString &host, int port, const QString &serverContainer);
// `env | grep -i proxy` (in the container when given).
ShellCommand proxyEnv(const QString &serverContainer = QString());
QList<ShellCommand> firewallListing(FirewallKind kind);
QList<ShellCommand> firewallOpen(FirewallKind kind, int port = 10150);
QList<ShellCommand> allFirewallListings();
// Windows Defender Firewall on a Windows worker (PowerShell).
QList<ShellCommand> windowsFirewall(int port = 10150);
// docker inspect -f '{{.HostConfig.NetworkMode}}' CONTAINER, docker port CONTAINER.
QList<ShellCommand> dockerNetworkMode(const QString &container);
// The docker run options that make a worker container reachable.
QList<ShellCommand> dockerWorkerFix(const QString &hostAddress, int port = 10150);
// Worker flags pinning the registered address (ref §9: #904, #3795, #3890).
QList<ShellCommand> pinWorkerAddress(const QString &address, const QString &ifname = QString());
ShellCommand ipAddr(OsFamily os = OsFamily::Linux);
ShellCommand timeStatus(OsFamily os = OsFamily::Linux);
ShellCommand resolve(const QString &host, OsFamily os = OsFamily::Linux);
// The worker → server direction (heartbeats): the server's own health endpoint from the worker.
ShellCommand serverFromWorker(const QString &serverUrl, OsFamily os = OsFamily::Linux);
ShellCommand workerLogs();

} // namespace commands

QStringList commandTexts(const QList<ShellCommand> &list);

} // namespace parallax

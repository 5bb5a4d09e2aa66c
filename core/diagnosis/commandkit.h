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

// Whether a value from the server may stand in a command as a host: an IP address (IPv6 with
// an optional zone) or a host name of dot-separated labels of letters, digits, '-' and '_',
// none starting or ending with '-'. Quoting cannot stop "-n.bashrc" or "--help" from being read
// as an option (the shell removes the quotes), so the commands below put a placeholder such
// as WORKER_ADDRESS in place of any other value, and say so in their purpose.
bool isHostArgument(const QString &value);
// A health or server URL a command may carry: http or https, with a host as above.
bool isUrlArgument(const QString &value);
// A Docker container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*, as Docker allows).
bool isContainerArgument(const QString &value);
// The value quoted for a command, or its placeholder (WORKER_ADDRESS, WORKER_URL).
QString hostArgument(const QString &host, OsFamily os = OsFamily::Linux);
QString urlArgument(const QString &url, OsFamily os = OsFamily::Linux);
// The note a command carries when `placeholders` stand in for values it could not use.
QString placeholderNote(const QStringList &placeholders);
// The placeholders present in a command line ("WORKER_ADDRESS", "WORKER_URL", …).
QStringList placeholdersIn(const QString &commandText);

// One command to show, copy or run: what it checks and where to run it.
struct ShellCommand {
    QString text;  // the command line, arguments quoted
    QString purpose;  // translated: "Test the TCP port from the server host"
    QString where;  // translated: "on the server host", "on the worker", "here"
    OsFamily os = OsFamily::Linux;
    bool needsRoot = false;

    bool operator==(const ShellCommand &) const = default;
};

enum class FirewallKind { Firewalld, Ufw, Nftables, Iptables };

namespace commands {

// Host-bearing commands take the host after "--" where the tool reads it (nc, telnet, getent);
// a value that is not a host (isHostArgument()) becomes WORKER_ADDRESS, a URL that is not one
// (isUrlArgument()) WORKER_URL, a container name CONTAINER_NAME, an interface INTERFACE_NAME.
// `nc -zv -w 2 -- HOST PORT` (Linux/macOS), `Test-NetConnection` (Windows).
ShellCommand tcpCheck(const QString &host, int port, OsFamily os = OsFamily::Linux);
// `telnet -- HOST PORT` (a space, not a colon: Windows telnet reads HOST:PORT as a host name;
// Windows telnet takes no "--").
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

}  // namespace commands

QStringList commandTexts(const QList<ShellCommand> &list);

}  // namespace parallax

#pragma once

#include <QString>

#include <optional>

namespace parallax::sim {

class SimCluster;

// The commands the troubleshooting wizard asks a person to run on a worker or on the server.
enum class HostCommand {
    FirewallListing,  // on the worker: iptables -S INPUT
    DockerNetworkMode,  // on the worker: docker inspect -f '{{.HostConfig.NetworkMode}}'; docker port
    ClockStatus,  // on the worker: timedatectl
    ServerConnectCheck,  // on the server: nc -zv -w 2 <registered address> <port>; env | grep -i _proxy
};

// A shell on the simulated hosts, for the demo: what these commands print on a simulated
// worker (or its server), as a root terminal transcript with the prompt and the command line.
//
// Every line follows from the simulator's own model of that host — its faults, its real and
// registered addresses, its clock — in the formats of the real tools (the wizard's parsers are
// tested against real pastes of them). Nothing here is a verdict: the wizard parses these texts
// exactly like a paste, and the diagnosis draws its own conclusion. That is how the demo shows
// a cause whose only evidence is on the worker itself, such as a firewall REJECT rule that
// answers like a closed port.
class SimHostShell {
public:
    explicit SimHostShell(const SimCluster &cluster)
        : m_cluster(cluster)
    {
    }

    // The transcript, or nullopt for a worker the simulator does not know.
    std::optional<QString> run(const QString &workerName, HostCommand command) const;

private:
    QString firewallListing(const QString &name) const;
    QString dockerNetworkMode(const QString &name) const;
    QString clockStatus(const QString &name) const;
    QString serverConnectCheck(const QString &name) const;
    QString serverProxyEnvironment() const;

    const SimCluster &m_cluster;
};

}  // namespace parallax::sim

#pragma once

#include <QString>

namespace parallax {

// What kind of address a worker registered (or an interface carries). GPUStack probes the
// registered address; several kinds are unreachable from other hosts by construction
// (ref/gpustack-api.md §9: #1366 Docker bridge, #1294 10.0.0.1 virtual adapter, #1576 0.0.0.0,
// #4278 pod addresses).
enum class AddressClass {
    Invalid,  // empty or unparsable
    Unspecified,  // 0.0.0.0, ::
    Loopback,  // 127.0.0.0/8, ::1
    LinkLocal,  // 169.254.0.0/16, fe80::/10
    DockerBridge,  // 172.17.0.0/16: Docker's default bridge
    DockerUserNetwork,  // 172.18.0.0/16 … 172.31.0.0/16: Docker user/compose networks (likely; also WSL2 NAT, LANs)
    Podman,  // 10.88.0.0/16: podman's default network
    KubernetesPod,  // 10.42.0.0/16 (k3s), 10.244.0.0/16 (kubeadm/flannel): likely a pod address
    Wsl,  // 10.255.0.0/16: WSL
    VirtualAdapter,  // 10.0.0.1: a Windows virtual adapter (Hyper-V / VPN) picked as the worker IP
    Cgnat,  // 100.64.0.0/10: carrier-grade NAT / Tailscale
    Private,  // RFC 1918, fc00::/7
    Public,
    Multicast,
    Hostname,  // a DNS name, not an address
};

QString addressClassId(AddressClass cls);  // "docker_bridge", "wsl", …
AddressClass classifyAddress(const QString &address);
// Container, virtual, loopback, link-local and unspecified addresses: the server on another
// host cannot reach a worker registered at one of these.
bool isUnroutableForPeers(AddressClass cls);
// How sure the class makes us that the address is a container/virtual one (0 for ordinary
// addresses): 172.17/16 is near-certain, 172.18–31 is "likely".
double bridgeLikelihood(AddressClass cls);
// Whether the GPUStack server runs on this machine: its URL's host is a loopback address or
// localhost. Its loopback is then a worker's loopback too (an all-in-one host, and the demo's
// simulated hosts, which stand for real ones on 127.x addresses).
bool serverOnThisHost(const QString &serverHost);
// isUnroutableForPeers(), except for a loopback worker of a server on this host: the one rule
// the cause classifier and the wizard's steps share.
bool isUnroutableForServer(AddressClass cls, const QString &serverHost);
// A translated phrase: "Docker's default bridge network (172.17.0.0/16)".
QString addressClassDescription(AddressClass cls);

}  // namespace parallax

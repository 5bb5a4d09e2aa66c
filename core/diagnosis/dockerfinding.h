#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parallax {

// How a container is attached to the network (HostConfig.NetworkMode).
enum class DockerNetworkMode {
    Unknown,  // not in the paste
    Host,  // shares the host's stack: a worker binds 10150 on the host directly
    Bridge,  // the default bridge (NetworkMode "default" or "bridge")
    Custom,  // a user-defined / compose / stack network: still a bridge for reachability
    None,  // no network at all
    Container,  // "container:<id>": shares another container's stack
};
QString dockerNetworkModeId(DockerNetworkMode mode);

// One published mapping: host [hostIp]:hostPort(s) → container port(s).
struct PublishedPort {
    QString hostIp;  // "0.0.0.0", "::", "172.16.149.96"; empty = all addresses
    int hostFirst = 0;
    int hostLast = 0;
    int containerFirst = 0;
    int containerLast = 0;
    QString protocol;  // tcp / udp

    bool coversContainerPort(int port, const QString &proto) const;
    int hostPortFor(int containerPort) const;  // -1 when not covered
    bool operator==(const PublishedPort &) const = default;
};

// `docker inspect <container>` (full, excerpt, or the `-f '{{.HostConfig.NetworkMode}}'`
// one-liner) or `docker ps` / `docker container ls`.
struct DockerFinding {
    bool recognized = false;
    bool notFound = false;  // "No such object / container / image", podman's "no such object"
    DockerNetworkMode mode = DockerNetworkMode::Unknown;
    QString networkName;  // "dodo_default", "mage-net", "bridge", "host"
    QList<PublishedPort> published;
    QList<int> exposedOnly;  // container ports exposed but not published
    QString explanation;  // translated
    QStringList lines;

    bool isPublished(int containerPort, const QString &proto = QStringLiteral("tcp")) const;
    // The host port a container port is published on, or -1.
    int hostPortFor(int containerPort, const QString &proto = QStringLiteral("tcp")) const;
};

DockerFinding parseDocker(const QString &text, int workerPort = 10150);

}  // namespace parallax

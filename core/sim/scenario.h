#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace parallax::sim {

// What a simulated worker's health endpoint (:10150) does with a connection.
enum class HealthBehaviour {
    Ok,  // 200 "ok"
    Refused,  // nothing listens: the listener is closed, the kernel answers RST
    Slow,  // 200 "ok" after slowMs (GPUStack gives up after 2 s per attempt)
    BadStatus,  // HTTP `status` (503 by default)
    WrongBody,  // 200 with a body that is not "ok" (another service on the port)
    Hang,  // accepts, reads, never answers
    Reset,  // accepts, then aborts with RST (SO_LINGER 0)
    Drop,  // SYNs are dropped: connect() times out, like a DROP firewall rule
};

QString healthBehaviourId(HealthBehaviour b);
bool healthBehaviourFromId(const QString &id, HealthBehaviour *out);

// Everything that can go wrong with one worker. Switchable at run time (SimCluster) and
// from scenario files (faults / events).
struct WorkerFaults {
    HealthBehaviour health = HealthBehaviour::Ok;
    int slowMs = 3000;
    int badStatus = 503;
    bool metricsDown = false;
    bool heartbeatStopped = false;  // worker → server direction lost
    std::optional<QString> registeredIp;  // what the worker registered instead of its real address
    std::optional<QString> advertiseAddress;  // --advertise-address (IP or FQDN)
    bool serverPathBlocked = false;  // the server's probe fails, the client's path works
    // The worker's packet filter rejects the health port (iptables `-j REJECT --reject-with
    // tcp-reset`): every connect to it is refused, from the server and the client alike, while
    // the metrics port answers. On the wire that is a closed port; only the worker's firewall
    // listing (SimHostShell) tells the two apart, as on a real host.
    bool firewallRejectsHealthPort = false;
    // The mirror: the path from the client to the worker is down (health and metrics ports
    // drop SYNs) while the server's path is not (its probe result stands). Set on every
    // worker at once, it is what an impaired vantage point looks like from the client.
    bool clientPathDown = false;
    qint64 clockSkewMs = 0;  // worker clock − true time
    int flapPeriodMs = 0;  // > 0: the health endpoint alternates up / refused
    bool maintenance = false;
    QString maintenanceMessage;

    bool operator==(const WorkerFaults &) const = default;
};

// Applies the keys of a scenario "faults" object (or a timed event) onto `faults`.
Result<void> applyFaultsJson(const QJsonObject &json, WorkerFaults *faults);

struct ScenarioGpu {
    QString name = QStringLiteral("NVIDIA A100-SXM4-80GB");
    QString vendor = QStringLiteral("nvidia");
    QString type = QStringLiteral("cuda");
    QString archFamily = QStringLiteral("ampere");
    QString computeCapability = QStringLiteral("8.0");
    qint64 memoryBytes = 80LL << 30;
    int cores = 6912;
};

struct ScenarioInstance {
    QString modelName;
};

struct ScenarioCluster {
    qint64 id = 0;
    QString name;
    QString description;
    QString provider = QStringLiteral("Docker");
};

struct ScenarioWorker {
    QString name;
    QString cluster;  // cluster name; empty = the first cluster
    QString hostname;
    QString ifname = QStringLiteral("eth0");
    int cpuCores = 32;
    qint64 memoryBytes = 128LL << 30;
    QString osName = QStringLiteral("Ubuntu");
    QString osVersion = QStringLiteral("22.04.4 LTS (Jammy Jellyfish)");
    QString workerVersion;  // empty = the server's version
    QMap<QString, QString> labels;
    QList<ScenarioGpu> gpus;
    QList<ScenarioInstance> instances;
    WorkerFaults faults;
};

// A change at a moment after the start: `changes` holds fault keys (see docs/scenarios.md),
// {"move": {"reregister": bool}} for DHCP drift, or {"delete": true} (DELETE /v2/workers/{id}).
struct ScenarioEvent {
    qint64 atMs = 0;
    QStringList workers;
    QJsonObject changes;
};

enum class ApiVersion { V2, V0 };

// What GET /auth/config tells a login page (gpustack/routes/auth.py get_auth_config): `{}` for
// local accounts, {"is_oidc":true,"is_saml":false} / the reverse with SSO, plus
// first_time_setup and get_initial_password_command while the initial admin password file exists.
struct AuthConfig {
    enum class Type { Local, Oidc, Saml };
    Type type = Type::Local;
    bool firstTimeSetup = false;
};

// The server process's HTTP proxy environment and what sits at HTTP_PROXY (ref §7 step 3,
// issues #373 / #1387). The server's health probe goes through the proxy unless NO_PROXY
// covers the worker's address; how NO_PROXY is read depends on the server version:
// v0.5.0–v0.7.0 ignore proxy variables, v0.7.1–v2.0.1 honour them without CIDR entries
// (aiohttp trust_env), v2.0.2+ also match IPs against CIDR entries (use_proxy_env_for_url).
struct ServerProxy {
    enum class Kind {
        None,  // no HTTP_PROXY
        GatewayTimeout,  // a proxy that cannot reach the workers' network: answers `status` (504)
        Forward,  // a proxy that relays to loopback targets
        Refused,  // HTTP_PROXY names a port where nothing listens
    };
    Kind kind = Kind::None;
    int status = 504;
    int delayMs = 0;  // before the proxy answers (GatewayTimeout)
    QStringList noProxy;  // literal NO_PROXY entries: hosts, domains, IPs, CIDRs, "*"
    // NO_PROXY also covers these workers' addresses (the scenario cannot name them: each run
    // draws its own loopback addresses). `all` covers every worker but `bypassExcept`.
    bool bypassAllWorkers = false;
    QStringList bypassWorkers;
    QStringList bypassExcept;
    std::optional<bool> cidrNoProxy;  // unset = from server_version (≥ v2.0.2)

    bool operator==(const ServerProxy &) const = default;
};
enum class CheckMode { Auto, Enabled, Disabled };  // GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE

struct Scenario {
    QString name;
    QString description;
    ApiVersion apiVersion = ApiVersion::V2;
    QString serverVersion = QStringLiteral("v2.2.3");
    CheckMode checkMode = CheckMode::Auto;
    bool workerMetrics = true;  // :10151 listeners (scale turns them off when fds are short)
    qint64 serverClockSkewMs = 0;  // the server's clock − true time (its Date header)
    AuthConfig auth;
    ServerProxy serverProxy;
    bool idOnlyDeletes = false;  // "deleted_events": "id_only"
    QList<ScenarioCluster> clusters;
    QList<ScenarioWorker> workers;
    QList<ScenarioEvent> events;

    // Parses a scenario document (JSON with // and /* */ comments allowed).
    static Result<Scenario> fromJson(const QByteArray &text);
    static Result<Scenario> fromFile(const QString &path);
    // "demo" (shipped in resources/scenarios/demo.json) or "scale".
    static Result<Scenario> builtin(const QString &name, int workers = -1);
    // `workers` healthy workers in 2 clusters, a few with faults; default 10,000.
    static Scenario scale(int workers = 10000);
    // A small healthy cluster for tests: `workers` workers named worker-1…
    static Scenario simple(int workers = 3);
};

// Removes // and /* */ comments outside JSON strings (so the example can explain itself).
QByteArray stripJsonComments(const QByteArray &text);

}  // namespace parallax::sim

#pragma once

// A realistic synthetic report input shared by the report tests: a cluster with every verdict,
// every cause id of DESIGN.md's vocabulary, 24 h of history for the workers in trouble, wizard
// findings, and names, messages and labels crafted to break a careless writer.

#include "report/reportinput.h"

#include <QDateTime>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace reportfixture {

using namespace parallax;

inline constexpr qint64 kNowMs = 1'780'000'000'000;  // 2026-05-28 20:26:40 UTC
inline constexpr qint64 kDayMs = 86'400'000;

// Strings a hostile or broken server could send; each must come out inert in every format.
inline QString scriptName()
{
    return u"<script>alert(1)</script>"_s;
}
inline QString linkName()
{
    return u"evil](javascript:alert(2))"_s;
}
inline QString shellName()
{
    return u"\"; rm -rf / #"_s;
}
inline QString imgMessage()
{
    return u"<img src=x onerror=alert(3)> worker is <b>unreachable</b>"_s;
}
inline QString htmlLabel()
{
    return u"<a href=\"http://evil.invalid/\">click</a>"_s;
}
inline QString mdLabel()
{
    return u"[phish](https://evil.invalid/) ![x](https://evil.invalid/p.png) | # heading"_s;
}
// A NUL, an unpaired surrogate (from invalid UTF-8 upstream) and a right-to-left override.
inline QString brokenText()
{
    QString s = u"nul"_s;
    s += QChar(0);
    s += u"lone"_s;
    s += QChar(char16_t(0xD800));
    s += u"rtl"_s;
    s += QChar(char16_t(0x202E));
    s += u"gpj.exe"_s;
    return s;
}

inline ProbePhase okPhase(qint64 us)
{
    return ProbePhase{true, true, ProbeError::None, us, {}};
}

inline ProbePhase failedPhase(ProbeError e, qint64 us, const QString &detail)
{
    return ProbePhase{true, false, e, us, detail};
}

inline ProbeResult healthyProbe(qint64 id, const QString &host, qint64 totalUs = 4'200)
{
    ProbeResult p;
    p.workerId = id;
    p.host = host;
    p.port = 10150;
    p.startedMs = kNowMs - 2'000;
    p.tcp = okPhase(totalUs / 3);
    p.http = okPhase(totalUs - totalUs / 3);
    p.httpStatus = 200;
    p.bodyExcerpt = "\"ok\"";
    p.connectUs = totalUs / 3;
    p.firstByteUs = totalUs - 100;
    p.totalUs = totalUs;
    p.serverDate = QDateTime::fromMSecsSinceEpoch(kNowMs - 2'000, Qt::UTC);
    return p;
}

inline ProbeResult failedProbe(qint64 id, const QString &host, ProbeError e, const QString &detail)
{
    ProbeResult p;
    p.workerId = id;
    p.host = host;
    p.port = 10150;
    p.startedMs = kNowMs - 2'000;
    if (e == ProbeError::DnsFailure) {
        p.dns = failedPhase(e, 30'000, detail);
    } else if (e == ProbeError::BadStatus || e == ProbeError::BadBody) {
        p.tcp = okPhase(900);
        p.http = failedPhase(e, 12'000, detail);
        p.httpStatus = e == ProbeError::BadStatus ? 503 : 200;
        p.bodyExcerpt = "Service Unavailable";
    } else {
        p.tcp = failedPhase(e, e == ProbeError::TimedOut ? 2'000'000 : 400, detail);
        p.metrics = failedPhase(e, 400, detail);
    }
    return p;
}

inline Cause cause(CauseId id, double confidence, const QString &host)
{
    Cause c;
    c.id = id;
    c.confidence = confidence;
    c.title = u"Cause %1 on %2"_s.arg(causeIdString(id), host);
    c.evidence = u"Observed from here: %1 while probing %2:10150."_s.arg(causeIdString(id), host);
    c.fix = u"Check the worker %1 and run the commands below on it."_s.arg(host);
    c.commands = {
        u"curl -sS --max-time 2 'http://%1:10150/healthz'"_s.arg(host), u"nc -vz -w 2 '%1' 10150"_s.arg(host)};
    return c;
}

inline Worker worker(qint64 id, const QString &name, const QString &ip, WorkerState state)
{
    Worker w;
    w.id = id;
    w.name = name;
    w.hostname = name;
    w.ip = ip;
    w.port = 10150;
    w.metricsPort = 10151;
    w.clusterId = 1;
    w.state = state;
    w.stateText = workerStateId(state);
    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNowMs - 12'000, Qt::UTC);
    w.workerVersion = u"v2.2.3"_s;
    w.labels = {{u"gpu"_s, u"a100"_s}};
    return w;
}

// A day of history: up, an outage of the given views in the last hours, then now.
inline WorkerHistory history(bool serverDown, bool localDown)
{
    WorkerHistory h;
    const qint64 from = kNowMs - kDayMs;
    for (qint64 t = from; t < kNowMs; t += 60'000) {
        const bool late = t > kNowMs - 3 * 3'600'000;
        TimelinePoint p;
        p.atMs = t;
        p.server = late && serverDown ? ViewState::Down : ViewState::Up;
        p.local = late && localDown ? ViewState::Down : ViewState::Up;
        if (p.local == ViewState::Up)
            p.latencyMs = 3.0 + double((t / 60'000) % 17) + (late ? 1500.0 : 0.0);
        h.timeline.append(p);
    }
    h.lastHour = {serverDown ? 0.0 : 1.0, localDown ? 0.0 : 1.0};
    h.lastDay = {serverDown ? 0.875 : 1.0, localDown ? 0.875 : 1.0};
    return h;
}

struct WorkerSpec {
    Worker w;
    std::optional<ProbeResult> probe;
    LocalState local;
    Verdict verdict;
    QList<std::pair<CauseId, double>> causes;
};

inline ReportInput cluster()
{
    ReportInput in;
    in.generatedAtMs = kNowMs;
    in.rangeFromMs = kNowMs - kDayMs;
    in.environment = {u"0.1.0"_s, u"6.4.2"_s, u"Debian GNU/Linux 12 (bookworm)"_s, u"ops-laptop.corp.example.com"_s};
    in.server.url = QUrl(u"https://gpustack.corp.example.com:8443/"_s);
    in.server.version = u"v2.2.3"_s;
    in.server.reachable = true;
    in.clusterId = 1;
    in.settings = {{u"probe_interval_s"_s, 15}, {u"probe_timeout_s"_s, 2.0}, {u"hysteresis_k"_s, 3},
        {u"server"_s, u"https://gpustack.corp.example.com:8443/"_s}};

    QList<WorkerSpec> specs;
    specs.append({worker(1, u"gpu-a-01"_s, u"10.20.0.11"_s, WorkerState::Ready), healthyProbe(1, u"10.20.0.11"_s),
        LocalState::Up, Verdict::AgreeUp, {}});
    specs.append({worker(2, u"gpu-a-02"_s, u"10.20.0.12"_s, WorkerState::Unreachable),
        healthyProbe(2, u"10.20.0.12"_s, 1'800'000), LocalState::Up, Verdict::SplitServerDown,
        {{CauseId::ServerPathBlocked, 0.82}, {CauseId::HealthSlow, 0.4}}});
    specs.append({worker(3, u"gpu-a-03"_s, u"10.20.0.13"_s, WorkerState::Ready),
        failedProbe(3, u"10.20.0.13"_s, ProbeError::TimedOut, u"connect timed out"_s), LocalState::Down,
        Verdict::SplitLocalDown, {{CauseId::FirewallDrop, 0.7}, {CauseId::ServerCheckDisabled, 0.5}}});
    specs.append({worker(4, u"gpu-b-01"_s, u"10.20.1.21"_s, WorkerState::Unreachable),
        failedProbe(4, u"10.20.1.21"_s, ProbeError::Refused, u"Connection refused"_s), LocalState::Down,
        Verdict::AgreeDown, {{CauseId::PortClosed, 0.9}}});
    {
        Worker w = worker(5, u"gpu-b-02"_s, u"10.20.1.22"_s, WorkerState::NotReady);
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNowMs - 400'000, Qt::UTC);
        specs.append({w, healthyProbe(5, u"10.20.1.22"_s), LocalState::Up, Verdict::SplitServerDown,
            {{CauseId::HeartbeatLost, 0.8}, {CauseId::ClockSkew, 0.3}}});
    }
    {
        Worker w = worker(6, u"gpu-c-01"_s, u"172.17.0.2"_s, WorkerState::Unreachable);
        w.advertiseAddress = u"172.17.0.2"_s;
        specs.append(
            {w, failedProbe(6, u"172.17.0.2"_s, ProbeError::TimedOut, u"connect timed out"_s), LocalState::Down,
                Verdict::AgreeDown, {{CauseId::BridgeAddressRegistered, 0.9}, {CauseId::IpChanged, 0.35}}});
    }
    specs.append({worker(7, u"gpu-c-02.corp.example.com"_s, u"10.20.2.31"_s, WorkerState::Ready),
        failedProbe(7, u"gpu-c-02.corp.example.com"_s, ProbeError::DnsFailure, u"Host not found"_s), LocalState::Down,
        Verdict::SplitLocalDown, {{CauseId::DnsFailure, 0.85}}});
    specs.append({worker(8, u"gpu-c-03"_s, u"10.20.2.32"_s, WorkerState::Unreachable),
        failedProbe(8, u"10.20.2.32"_s, ProbeError::HostUnreachable, u"No route to host"_s), LocalState::Down,
        Verdict::AgreeDown, {{CauseId::FirewallReject, 0.75}}});
    specs.append({worker(9, u"gpu-d-01"_s, u"10.20.3.41"_s, WorkerState::Unreachable),
        failedProbe(9, u"10.20.3.41"_s, ProbeError::BadStatus, u"HTTP 503"_s), LocalState::Down, Verdict::AgreeDown,
        {{CauseId::HealthBadStatus, 0.8}}});
    specs.append({worker(10, u"gpu-d-02"_s, u"10.20.3.42"_s, WorkerState::Ready),
        failedProbe(10, u"10.20.3.42"_s, ProbeError::NetworkUnreachable, u"Network is unreachable"_s),
        LocalState::UnknownLocalNetwork, Verdict::Unknown, {{CauseId::LocalNetwork, 0.9}}});
    {
        // The hostile one: its name, message and labels try HTML, Markdown and shell injection.
        Worker w = worker(11, scriptName(), u"10.20.4.51"_s, WorkerState::Unreachable);
        w.hostname = linkName();
        w.stateMessage = imgMessage() + u" "_s + brokenText();
        w.labels = {
            {u"owner"_s, htmlLabel()}, {u"note"_s, mdLabel()}, {u"cmd"_s, shellName()}, {u"broken"_s, brokenText()}};
        w.workerVersion = shellName();
        specs.append({w, healthyProbe(11, u"10.20.4.51"_s), LocalState::Up, Verdict::SplitServerDown,
            {{CauseId::ServerPathBlocked, 0.6}}});
    }
    {
        Worker w = worker(12, linkName(), u"10.20.4.52"_s, WorkerState::Other);
        w.stateText = u"<i>weird</i>"_s;
        w.stateMessage = shellName() + u" ```\n# not a heading\n<details>"_s;
        specs.append({w, std::nullopt, LocalState::Unknown, Verdict::Unknown, {}});
    }

    for (const WorkerSpec &s : specs) {
        ReportWorker rw;
        rw.view.server = s.w;
        rw.view.serverSeenMs = kNowMs - 1'000;
        rw.view.lastProbe = s.probe;
        rw.view.local = s.local;
        rw.view.verdict = s.verdict;
        rw.view.verdictSinceMs = kNowMs - 3 * 3'600'000;
        for (const auto &[id, conf] : s.causes)
            rw.view.causes.append(cause(id, conf, s.w.name));
        if (isTrouble(s.verdict)) {
            const bool serverDown = s.verdict != Verdict::SplitLocalDown;
            const bool localDown = s.verdict != Verdict::SplitServerDown;
            rw.history = history(serverDown, localDown);
        } else {
            rw.history = WorkerHistory{{1.0, 1.0}, {0.99, 1.0}, {}};
        }
        in.workers.append(rw);
    }
    in.workers[1].view.flapping = true;
    in.workers[10].view.causes.first().commands.append(u"echo '````' ```` `whoami` $(id) "_s + scriptName());
    in.workers[2].wizard = {{u"tcp_connect"_s, u"failed"_s, u"TCP connect to port 10150 timed out after 2 s."_s},
        {u"metrics_port"_s, u"failed"_s, u"The metrics port 10151 does not answer either."_s}};
    in.workers[10].wizard = {{u"<b>step</b>"_s, u"passed"_s, imgMessage()}};

    for (qint64 t = kNowMs - kDayMs; t < kNowMs; t += 300'000) {
        const bool late = t > kNowMs - 3 * 3'600'000;
        in.clusterAvailability.append({t, late ? 6.0 / 12.0 : 11.0 / 12.0, late ? 7.0 / 12.0 : 1.0});
    }
    return in;
}

// Secrets a careless run could leak: planted in every place text reaches a report.
struct PlantedSecrets {
    QString apiKey = u"gpustack_0123456789abcdef_0123456789abcdef0123456789abcdef"_s;
    QString password = u"Hunter2-Correct-Horse"_s;
    QString cookie = u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNlY3JldA"_s;
    QString workerToken = u"gpustack_fedcba9876543210_fedcba9876543210fedcba9876543210"_s;
};

inline void plantSecrets(ReportInput &in, const PlantedSecrets &s)
{
    in.server.url = QUrl(u"https://admin:%1@gpustack.corp.example.com:8443/?token=%2"_s.arg(s.password, s.apiKey));
    in.server.error = Error{ErrorCode::Unauthorized, u"The server refused the credentials."_s,
        u"HTTP 401 for GET /v2/workers with Authorization: Bearer %1; Cookie: gpustack_session=%2"_s.arg(
            s.apiKey, s.cookie)};
    in.settings.insert(u"api_key"_s, s.apiKey);
    in.settings.insert(u"password"_s, s.password);
    in.settings.insert(u"session_cookie"_s, s.cookie);
    in.settings.insert(u"proxy"_s, u"http://ops:%1@proxy.corp.example.com:3128"_s.arg(s.password));
    in.settings.insert(u"extra_headers"_s, u"X-API-Key: %1"_s.arg(s.apiKey));
    ReportWorker &w = in.workers[1];
    w.view.server.stateMessage += u" worker token %1 rejected"_s.arg(s.workerToken);
    w.view.server.labels.insert(u"note"_s, u"password=%1"_s.arg(s.password));
    w.view.lastProbe->http.detail = u"Set-Cookie: gpustack_session=%1; HttpOnly"_s.arg(s.cookie);
    w.view.causes[0].commands.append(u"curl -H 'Authorization: Bearer %1' https://gpustack/v2/workers"_s.arg(s.apiKey));
    w.view.causes[0].evidence += u" (the password %1 was used)"_s.arg(s.password);
    w.wizard.append({u"login"_s, u"failed"_s, u"login as admin with %1 and cookie %2"_s.arg(s.password, s.cookie)});
}

}  // namespace reportfixture

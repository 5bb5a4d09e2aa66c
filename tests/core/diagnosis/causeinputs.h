#pragma once

// Inputs that make the cause classifier name each cause of DESIGN.md's vocabulary first.
// tst_causeclassifier checks the ranking and evidence on them; tst_i18n checks that the same
// causes read in Chinese under the zh_CN translator.
#include "diagnosis/diagnosisinput.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace parallax::testinputs {

using namespace Qt::StringLiterals;

inline constexpr qint64 kNow = 1'780'000'000'000;

inline Worker worker(WorkerState state = WorkerState::Unreachable, const QString &ip = u"192.168.1.57"_s)
{
    Worker w;
    w.id = 7;
    w.name = u"gpu-07"_s;
    w.hostname = u"gpu-07"_s;
    w.ip = ip;
    w.ifname = u"eno1"_s;
    w.port = 10150;
    w.metricsPort = 10151;
    w.state = state;
    w.stateText = workerStateId(state);
    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNow - 20'000, Qt::UTC);
    return w;
}

inline ProbePhase phase(bool ok, ProbeError e, qint64 us)
{
    ProbePhase p;
    p.attempted = true;
    p.ok = ok;
    p.error = e;
    p.durationUs = us;
    return p;
}

inline ProbeResult tcpFailure(const Worker &w, ProbeError e, std::optional<bool> metricsOk, qint64 us = 2'000'000)
{
    ProbeResult p;
    p.workerId = w.id;
    p.host = w.probeHost();
    p.port = 10150;
    p.metricsPort = 10151;
    p.startedMs = kNow;
    p.tcp = phase(false, e, us);
    if (metricsOk)
        p.metrics = phase(*metricsOk, *metricsOk ? ProbeError::None : e, *metricsOk ? 1'200 : us);
    return p;
}

inline ProbeResult healthy(const Worker &w, qint64 answerUs)
{
    ProbeResult p;
    p.workerId = w.id;
    p.host = w.probeHost();
    p.port = 10150;
    p.startedMs = kNow;
    p.tcp = phase(true, ProbeError::None, 800);
    p.http = phase(true, ProbeError::None, answerUs);
    p.httpStatus = 200;
    p.bodyExcerpt = "\"ok\"";
    p.firstByteUs = answerUs;
    p.totalUs = answerUs + 100;
    return p;
}

inline DiagnosisInput input(const Worker &w, std::optional<ProbeResult> probe)
{
    DiagnosisInput in;
    in.worker = w;
    in.probe = probe;
    in.nowMs = kNow;
    in.clusterSize = 8;
    in.serverVersion = u"v2.2.0"_s;
    return in;
}

struct CauseCase {
    QString row;
    DiagnosisInput in;
    QString top;  // the cause id diagnose() ranks first
    QStringList evidenceMentions;  // what its evidence must quote
};

inline QList<CauseCase> causeCases()
{
    QList<CauseCase> cases;
    {
        const Worker w = worker();
        cases.append({u"firewall_drop"_s, input(w, tcpFailure(w, ProbeError::TimedOut, true)), u"firewall_drop"_s,
            QStringList{u"192.168.1.57:10150"_s, u"10151"_s, u"2.0 s"_s}});
        cases.append({u"firewall_reject"_s, input(w, tcpFailure(w, ProbeError::HostUnreachable, true, 3'000)),
            u"firewall_reject"_s, QStringList{u"No route to host"_s, u"10151"_s}});
        cases.append({u"port_closed"_s, input(w, tcpFailure(w, ProbeError::Refused, true, 400)), u"port_closed"_s,
            QStringList{u"refused"_s, u"10151"_s}});
    }
    {
        const Worker w = worker(WorkerState::Unreachable, u"172.17.0.10"_s);
        cases.append({u"bridge_address_registered"_s,
            input(w, tcpFailure(w, ProbeError::HostUnreachable, false, 3'000)), u"bridge_address_registered"_s,
            QStringList{u"172.17.0.10"_s, u"172.17.0.0/16"_s, u"http://172.17.0.10:10150/healthz"_s}});
        const Worker zero = worker(WorkerState::Unreachable, u"0.0.0.0"_s);
        cases.append({u"bridge 0.0.0.0"_s, input(zero, tcpFailure(zero, ProbeError::Refused, false, 100)),
            u"bridge_address_registered"_s, QStringList{u"0.0.0.0"_s}});
        const Worker virt = worker(WorkerState::Unreachable, u"10.0.0.1"_s);
        cases.append({u"bridge 10.0.0.1"_s, input(virt, tcpFailure(virt, ProbeError::TimedOut, false)),
            u"bridge_address_registered"_s, QStringList{u"10.0.0.1"_s, u"virtual adapter"_s}});
    }
    {
        Worker w = worker(WorkerState::Unreachable, u"192.168.1.80"_s);
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::TimedOut, false));
        in.addressHistory = {{kNow - 86'400'000, u"192.168.1.57"_s, {}}, {kNow - 600'000, u"192.168.1.80"_s, {}}};
        cases.append({u"ip_changed"_s, in, u"ip_changed"_s, QStringList{u"192.168.1.57"_s, u"192.168.1.80"_s}});
    }
    {
        const Worker w = worker();
        cases.append(
            {u"health_slow"_s, input(w, healthy(w, 3'200'000)), u"health_slow"_s, QStringList{u"3.2 s"_s, u"2 s"_s}});
        ProbeResult bad = healthy(w, 5'000);
        bad.http = phase(false, ProbeError::BadStatus, 5'000);
        bad.httpStatus = 503;
        bad.bodyExcerpt = "upstream not ready\x1b[31m";
        cases.append({u"health_bad_status"_s, input(w, bad), u"health_bad_status"_s,
            QStringList{u"503"_s, u"upstream not ready"_s}});
        cases.append({u"server_path_blocked"_s, input(w, healthy(w, 12'000)), u"server_path_blocked"_s,
            QStringList{u"12 ms"_s, u"http://192.168.1.57:10150/healthz"_s}});
    }
    {
        Worker w = worker(WorkerState::NotReady);
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNow - 400'000, Qt::UTC);
        w.stateMessage = u"Heartbeat lost (last heartbeat: …)"_s;
        cases.append({u"heartbeat_lost"_s, input(w, healthy(w, 9'000)), u"heartbeat_lost"_s,
            QStringList{u"not_ready"_s, u"6 min"_s, u"worker → server"_s}});
    }
    {
        Worker w = worker(WorkerState::Ready);
        DiagnosisInput in = input(w, healthy(w, 9'000));
        in.clockSkewMs = 300'000;
        in.serverVersion = u"v0.7.1"_s;
        in.verdict = Verdict::AgreeUp;
        cases.append({u"clock_skew"_s, in, u"clock_skew"_s, QStringList{u"5 min"_s, u"ahead of"_s, u"v0.7.1"_s}});
    }
    {
        Worker w = worker(WorkerState::Ready);
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::TimedOut, false));
        in.clusterSize = 120;
        in.serverVersion = u"v2.1.0"_s;
        in.local = LocalState::Down;
        in.verdict = Verdict::SplitLocalDown;
        cases.append({u"server_check_disabled"_s, in, u"server_check_disabled"_s, QStringList{u"120"_s, u"50"_s}});
    }
    {
        Worker w = worker();
        w.advertiseAddress = u"gpu-07.lab.example"_s;
        ProbeResult p;
        p.host = w.probeHost();
        p.dns = phase(false, ProbeError::DnsFailure, 30'000);
        p.dns.detail = u"Host not found"_s;
        cases.append({u"dns_failure"_s, input(w, p), u"dns_failure"_s,
            QStringList{u"gpu-07.lab.example"_s, u"Host not found"_s}});
    }
    {
        const Worker w = worker();
        DiagnosisInput in = input(w, tcpFailure(w, ProbeError::NetworkUnreachable, false, 100));
        in.allProbesFailSame = true;
        in.sameFailureCount = 40;
        in.sameFailureError = ProbeError::NetworkUnreachable;
        in.local = LocalState::UnknownLocalNetwork;
        cases.append({u"local_network"_s, in, u"local_network"_s, QStringList{u"40"_s, u"network_unreachable"_s}});
    }
    return cases;
}

}  // namespace parallax::testinputs

#pragma once

// A realistic synthetic GPUStack fleet for UI tests, screenshots and bench/ui_bench: it
// drives a real ClusterMonitor through its public inputs (snapshots, watch upserts, probe
// results) with a ManualClock, exactly as the client and the probe scheduler do.

#include "base/clock.h"
#include "monitor/clustermonitor.h"

#include <QRandomGenerator>
#include <QTimeZone>

namespace parallax::fleet {

using namespace Qt::StringLiterals;

inline GpuDevice gpu(int index, const QString &name, qint64 vramGiB, double util, double memUtil)
{
    GpuDevice g;
    g.index = index;
    g.name = name;
    g.vendor = u"NVIDIA"_s;
    g.type = u"cuda"_s;
    g.driverVersion = u"550.54.15"_s;
    g.coreUtilization = util;
    g.memoryUtilization = memUtil;
    g.memoryTotal = vramGiB << 30;
    g.memoryUsed = qint64(double(vramGiB << 30) * memUtil / 100.0);
    g.temperature = 38 + util / 3;
    return g;
}

inline Worker worker(qint64 id, const QString &name, const QString &ip, int gpus, const QString &gpuName,
    qint64 vramGiB, double util, qint64 nowMs)
{
    Worker w;
    w.id = id;
    w.name = name;
    w.hostname = name + u".dc1.example.internal"_s;
    w.ip = ip;
    w.ifname = u"eth0"_s;
    w.port = 10150;
    w.metricsPort = 10151;
    w.clusterId = 1;
    w.state = WorkerState::Ready;
    w.stateText = u"ready"_s;
    w.unreachable = false;
    w.maintenanceEnabled = false;
    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(nowMs - 4000 - (id * 1337) % 20000, Qt::UTC);
    w.workerVersion = u"v2.0.3"_s;
    w.labels = {{u"zone"_s, id % 2 ? u"rack-a"_s : u"rack-b"_s}, {u"gpu"_s, gpuName.section(u' ', 1, 1).toLower()}};
    WorkerStatus s;
    s.cpuCores = 64;
    s.cpuUtilization = 10 + util / 4;
    s.memoryTotal = 512LL << 30;
    s.memoryUsed = (140LL + id * 7) << 30;
    s.osName = u"Ubuntu"_s;
    s.osVersion = u"22.04"_s;
    s.kernelRelease = u"5.15.0-105-generic"_s;
    s.architecture = u"x86_64"_s;
    for (int i = 0; i < gpus; ++i)
        s.gpus.append(
            gpu(i, gpuName, vramGiB, qBound(0.0, util + i * 3 - 4, 100.0), qBound(0.0, util * 0.9 + 8, 100.0)));
    w.status = s;
    return w;
}

inline ProbeResult probe(
    const Worker &w, qint64 atMs, bool healthy, double latencyMs, ProbeError error = ProbeError::TimedOut)
{
    ProbeResult p;
    p.workerId = w.id;
    p.host = w.probeHost();
    p.port = quint16(w.port.value_or(10150));
    p.startedMs = atMs;
    p.tcp.attempted = true;
    if (healthy) {
        p.tcp.ok = true;
        p.tcp.durationUs = qint64(latencyMs * 300);
        p.http.attempted = true;
        p.http.ok = true;
        p.http.durationUs = qint64(latencyMs * 700);
        p.httpStatus = 200;
        p.bodyExcerpt = "ok";
        p.connectUs = p.tcp.durationUs;
        p.firstByteUs = qint64(latencyMs * 900);
        p.totalUs = qint64(latencyMs * 1000);
    } else {
        p.tcp.ok = false;
        p.tcp.error = error;
        p.tcp.durationUs = error == ProbeError::TimedOut ? 2'000'000 : 900;
        p.tcp.detail = error == ProbeError::TimedOut ? u"Connection timed out"_s : u"Connection refused"_s;
    }
    return p;
}

// One probe as the scheduler delivers it: the result, then the local state after its
// hysteresis (here: the probe's own outcome, as with k = 1).
inline void observe(ClusterMonitor &monitor, const ProbeResult &result)
{
    monitor.addProbeResult(result);
    monitor.setLocalState(result.workerId, result.healthy() ? LocalState::Up : LocalState::Down);
}

// Twenty workers with the situations an on-call engineer meets: split views both ways,
// a worker down for everyone, maintenance, provisioning, a slow one and a flapping one.
struct Demo {
    QList<Worker> workers;

    explicit Demo(qint64 nowMs)
    {
        const QStringList kinds{
            u"NVIDIA A100-SXM4-80GB"_s, u"NVIDIA L40S"_s, u"NVIDIA H100 80GB HBM3"_s, u"NVIDIA GeForce RTX 4090"_s};
        const QList<qint64> vram{80, 48, 80, 24};
        for (int i = 1; i <= 20; ++i) {
            const int k = (i - 1) % 4;
            const QString family = QStringList{u"a100"_s, u"l40s"_s, u"h100"_s, u"rtx4090"_s}.at(k);
            workers.append(
                worker(i, u"gpu-%1-%2"_s.arg(family).arg(i, 2, 10, QChar(u'0')), u"10.20.%1.%2"_s.arg(k).arg(10 + i),
                    k == 3 ? 2 : 8, kinds.at(k), vram.at(k), 20 + (i * 37) % 75, nowMs));
        }
        // A worker that registered the docker bridge address (gpustack issue: advertise_address).
        workers[2].advertiseAddress = u"172.17.0.1"_s;
        workers[18].state = WorkerState::Provisioning;
        workers[18].stateText = u"provisioning"_s;
        workers[18].status.reset();
    }
};

// Moves the clock from now-`spanMs` to now in `stepMs` steps, feeding server state and probes
// with the stories above; the monitor (and any RecentHistory on it) sees each step as a batch.
// The fleet is first seen as it was at now-`spanMs` (the first step), not as it is now: every
// transition the monitor publishes is then one of the stories, in time order.
inline void play(ClusterMonitor &monitor, ManualClock &clock, Demo &demo, qint64 spanMs, qint64 stepMs)
{
    const qint64 end = clock.nowMs();
    QRandomGenerator rng(42);
    for (qint64 t = end - spanMs; t <= end; t += stepMs) {
        clock.setNowMs(t);
        const qint64 ago = end - t;
        for (Worker w : demo.workers) {
            bool healthy = true;
            double latency = 1.5 + rng.generateDouble() * 4 + (w.id % 5);
            ProbeError error = ProbeError::TimedOut;
            w.state = WorkerState::Ready;
            w.stateText = u"ready"_s;
            w.stateMessage.clear();
            w.maintenanceEnabled = false;
            w.maintenanceMessage.clear();
            w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(t - 2000 - qint64(rng.bounded(25000)), Qt::UTC);
            switch (w.id) {
            case 3:  // server cannot reach the advertised bridge address; we reach the ip
                if (ago < 40 * 60 * 1000) {
                    w.state = WorkerState::Unreachable;
                    w.stateText = u"unreachable"_s;
                    w.stateMessage =
                        u"Server cannot access the worker's health check endpoint at http://172.17.0.1:10150/healthz. "
                        "Please check the network connection."_s;
                    w.unreachable = true;
                }
                if (ago > 2 * 3600 * 1000)
                    w.advertiseAddress = u"10.20.2.13"_s;
                break;
            case 7:  // ready on the server, dropped by a firewall between us and the worker
                if (ago < 25 * 60 * 1000)
                    healthy = false;
                break;
            case 12:  // dead for everyone
                if (ago < 60 * 60 * 1000) {
                    healthy = false;
                    error = ProbeError::Refused;
                    w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(end - 61 * 60 * 1000, Qt::UTC);
                    w.state = WorkerState::NotReady;
                    w.stateText = u"not_ready"_s;
                    w.stateMessage =
                        u"Heartbeat lost (last heartbeat: %1 UTC)."_s.arg(w.heartbeatTime.toString(Qt::ISODate));
                }
                break;
            case 15:  // maintenance with untrusted HTML in the note
                if (ago < 3 * 3600 * 1000) {
                    w.state = WorkerState::Maintenance;
                    w.stateText = u"maintenance"_s;
                    w.maintenanceEnabled = true;
                    w.maintenanceMessage =
                        u"<b>Driver upgrade</b> to 550.54 <img src=\"http://example.invalid/x.png\">"_s;
                    w.stateMessage = w.maintenanceMessage;
                }
                break;
            case 5:  // slow health answers, around GPUStack's 2 s limit
                latency = 900 + rng.generateDouble() * 1500;
                break;
            case 18:  // flapping link
                if (ago < 90 * 60 * 1000 && (t / stepMs) % 7 < 2) {
                    healthy = false;
                    w.state = WorkerState::Unreachable;
                    w.stateText = u"unreachable"_s;
                }
                latency = 40 + rng.generateDouble() * 400;
                break;
            case 20:  // ready on the server, nothing listens from here
                if (ago < 12 * 60 * 1000) {
                    healthy = false;
                    error = ProbeError::Refused;
                }
                break;
            case 19:
                w.state = WorkerState::Provisioning;
                w.stateText = u"provisioning"_s;
                w.status.reset();
                monitor.upsertServerWorker(w);
                continue;
            default: break;
            }
            monitor.upsertServerWorker(w);
            observe(monitor, probe(w, t, healthy, latency, error));
        }
        monitor.flush();
    }
    clock.setNowMs(end);
}

// n plain ready workers (bench, scale tests).
inline QList<Worker> many(int n, qint64 nowMs)
{
    QList<Worker> out;
    out.reserve(n);
    for (int i = 1; i <= n; ++i)
        out.append(worker(i, u"node-%1"_s.arg(i, 5, 10, QChar(u'0')),
            u"10.%1.%2.%3"_s.arg(i / 65536).arg((i / 256) % 256).arg(i % 256), 4, u"NVIDIA L40S"_s, 48, (i * 13) % 100,
            nowMs));
    return out;
}

}  // namespace parallax::fleet

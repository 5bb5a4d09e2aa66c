#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <functional>

// The alternatives ProbeEngine was measured against (DESIGN.md: "measure and decide"):
// one QTcpSocket per probe, and one QNetworkAccessManager GET per probe. Same targets,
// same concurrency cap, same "Connection: close"; only the success path is compared.
namespace qtprobes {

struct Outcome {
    int ok = 0;
    int failed = 0;
};

// Runs `count` probes against 127.0.0.1 on `ports` (round robin) with at most `concurrency`
// in flight, then calls `done`. `http` false = TCP connect only (QTcpSocket engine only).
void runQTcpSocket(int count, const QList<quint16> &ports, int concurrency, int timeoutMs, bool http,
    std::function<void(Outcome)> done);
void runQnam(int count, const QList<quint16> &ports, int concurrency, int timeoutMs, std::function<void(Outcome)> done);

}  // namespace qtprobes

#pragma once

#include "probe/probetarget.h"

#include <QList>
#include <QString>

#include <sys/types.h>

// The simulator as the bench's server: `parallax-cli sim --scenario scale --workers N` in its
// own process, every worker on its own 127.N.x.y:10150, and the targets read from its API
// (GET /v2/workers, paginated) exactly as a ClusterSession would build them.
struct SimTargets {
    qint64 pid = -1;
    QList<parallax::ProbeTarget> targets;
    QString error;

    // Runs the event loop until the simulator is up and its worker list is read.
    bool start(const QString &cliPath, int workers);
    void stop();
};

#pragma once

#include <QtGlobal>

// The simulator side of the soak, run in a child process (`soak_bench --sim-child …`) so the
// figures of the monitoring side are its own: a SimCluster with the scale scenario, and a set
// of workers whose health endpoint flips between answering and refused. Every flip is printed
// on stdout ("flip <worker> down|up <epoch ms>") for the parent to count.
struct SimChildOptions {
    int workers = 10000;
    double flipFraction = 0.02;  // of the workers without a fault of their own
    int holdMs = 45'000;  // each state holds this long at least
    qint64 flipFromMs = 0;  // epoch ms: no flip before …
    qint64 flipUntilMs = 0;  // … nor after
    quint32 seed = 1;
};

int runSimChild(const SimChildOptions &options);

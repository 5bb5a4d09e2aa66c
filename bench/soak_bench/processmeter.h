#pragma once

#include <QtGlobal>

// What the soak watches in its own process: resident memory, open file descriptors, and the
// QObjects alive (counted through Qt's object hooks, the ones GammaRay uses), with the timers
// among them: QTimer objects (and how many run) and pending QTimer::singleShot calls.
struct ProcessSample {
    qint64 rssKiB = 0;
    int fds = 0;
    qint64 objects = 0;  // every live QObject, all threads
    int timers = 0;  // QTimer objects on the main thread
    int activeTimers = 0;  // … of which running
    int singleShots = 0;  // pending QTimer::singleShot (QSingleShotTimer objects)
};

namespace processmeter {
void installObjectHooks();  // before the QCoreApplication, to see every object
ProcessSample sample();
qint64 rssKiB(qint64 pid);  // another process's (the simulator's); 0 if unknown
}  // namespace processmeter

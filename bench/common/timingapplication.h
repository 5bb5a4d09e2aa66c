#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <time.h>

#include <algorithm>

namespace parallax {

// The longest gap between the ticks of a 1 ms timer: the event loop's longest stall.
struct StallMeter {
    QTimer tick;
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    void start()
    {
        tick.setInterval(1);
        tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&tick, &QTimer::timeout, &tick, [this] {
            const qint64 now = clock.nsecsElapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        clock.start();
        last = 0;
        worst = 0;
        tick.start();
    }
    double worstMs() const { return worst / 1e6; }
};

// Which events take the loop away longest: the top-level dispatches over 15 ms, by receiver
// class and event type, so a missed stall target names its culprit. Each also keeps the CPU
// this thread spent in its worst dispatch: on a machine shared with other work, wall time
// far above CPU time is the machine, CPU time is the dispatch's own cost.
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || !recording || QThread::currentThread() != thread())  // the GUI thread's stalls only
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpuBefore = threadCpuMs();
        // The receiver may delete itself in its own dispatch (a deferred delete, a finished
        // reply): what names it is taken before, and only read after while it still exists.
        const char *className = receiver->metaObject()->className();
        const int type = int(event->type());
        const QPointer<QObject> alive(receiver);
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = t.nsecsElapsed() / 1e6;
        if (ms > 15) {
            QByteArray key = QByteArray(className) + " / event " + QByteArray::number(type);
            if (!alive)
                key += " (deleted in it)";
            else
                key += (receiver->objectName().isEmpty() ? QByteArray() : " (" + receiver->objectName().toUtf8() + ")")
                    + (receiver->parent() ? QByteArray(" in ") + receiver->parent()->metaObject()->className()
                                          : QByteArray());
            Slow &worst = slow[key];
            if (ms > worst.wallMs)
                worst = {ms, threadCpuMs() - cpuBefore};
            ++worst.count;
        }
        return r;
    }
    bool recording = false;
    struct Slow {
        double wallMs = 0;
        double cpuMs = 0;  // of the worst one
        int count = 0;  // dispatches of this kind over 15 ms
    };
    QMap<QByteArray, Slow> slow;

    static double threadCpuMs()
    {
        timespec ts{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }

private:
    int m_depth = 0;
};

}  // namespace parallax

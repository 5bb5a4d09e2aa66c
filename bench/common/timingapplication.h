#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QThread>
#include <QTimer>

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
// class and event type, so a missed stall target names its culprit.
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
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = t.nsecsElapsed() / 1e6;
        if (ms > 15) {
            const QByteArray key = QByteArray(receiver->metaObject()->className()) + " / event " + QByteArray::number(int(event->type()))
                + (receiver->objectName().isEmpty() ? QByteArray() : " (" + receiver->objectName().toUtf8() + ")")
                + (receiver->parent() ? QByteArray(" in ") + receiver->parent()->metaObject()->className() : QByteArray());
            double &worst = slow[key];
            worst = std::max(worst, ms);
        }
        return r;
    }
    bool recording = false;
    QMap<QByteArray, double> slow;

private:
    int m_depth = 0;
};

}  // namespace parallax

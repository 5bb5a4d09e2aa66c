#pragma once

#include <QDateTime>
#include <QTimeZone>
#include <QtGlobal>

namespace parallax {

// Wall-clock time, injectable so tests can run GPUStack's 150 s and 20 s rules in
// milliseconds. Monotonic durations (probe timings) use QElapsedTimer directly.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;  // milliseconds since the Unix epoch, UTC
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs = 1'780'000'000'000)
        : m_now(startMs)
    {
    }
    qint64 nowMs() const override { return m_now; }
    void setNowMs(qint64 ms) { m_now = ms; }
    void advanceMs(qint64 ms) { m_now += ms; }

private:
    qint64 m_now;
};

}  // namespace parallax

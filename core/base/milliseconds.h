#pragma once

#include <QLocale>
#include <QString>

namespace parallax {

// A duration in microseconds as a number of milliseconds, for a person: `decimals` as the
// caller shows them, but two below a millisecond, where the wire timings of a healthy loopback
// or LAN answer live (0.04 ms, not "0.0 ms" or "0 ms").
inline QString millisecondsNumber(qint64 us, int decimals, const QLocale &locale = QLocale::c())
{
    const double ms = double(us) / 1000.0;
    return locale.toString(ms, 'f', us > 0 && us < 1000 ? 2 : decimals);
}

}  // namespace parallax

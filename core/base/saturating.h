#pragma once

#include <QtNumeric>

#include <limits>

namespace parallax {

// a + b, held at the ends of qint64 instead of overflowing (undefined behaviour): for sums of
// counts a server sent, such as the memory of every GPU of a worker.
inline qint64 saturatingAdd(qint64 a, qint64 b)
{
    qint64 sum = 0;
    if (!qAddOverflow(a, b, &sum))
        return sum;
    return b > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
}

}  // namespace parallax

#include "timelinedata.h"

#include <algorithm>

namespace parallax {

QList<TimelinePoint> downsampleMinMax(const QList<TimelinePoint> &points, qint64 fromMs, qint64 toMs, int columns)
{
    QList<TimelinePoint> out;
    if (points.isEmpty() || toMs <= fromMs || columns <= 0)
        return out;
    const auto byTime = [](const TimelinePoint &p, qint64 t) { return p.atMs < t; };
    auto begin = std::lower_bound(points.cbegin(), points.cend(), fromMs, byTime);
    auto end = std::lower_bound(begin, points.cend(), toMs + 1, byTime);
    if (begin != points.cbegin())
        out.append(*(begin - 1));
    const qint64 span = toMs - fromMs;
    if (end - begin <= 2 * columns) {
        out.append(QList<TimelinePoint>(begin, end));
    } else {
        out.reserve(2 * columns + 2);
        auto it = begin;
        while (it != end) {
            const qint64 column = (it->atMs - fromMs) * columns / span;
            TimelinePoint lo = *it, hi = *it;
            ++it;
            while (it != end && (it->atMs - fromMs) * columns / span == column) {
                if (it->value < lo.value)
                    lo = *it;
                if (it->value > hi.value)
                    hi = *it;
                ++it;
            }
            if (lo.atMs == hi.atMs) {
                out.append(lo);
            } else if (lo.atMs < hi.atMs) {
                out.append(lo);
                out.append(hi);
            } else {
                out.append(hi);
                out.append(lo);
            }
        }
    }
    if (end != points.cend())
        out.append(*end);
    return out;
}

}  // namespace parallax

#pragma once

#include "history/historytypes.h"

#include <QByteArray>

#include <utility>
#include <vector>

namespace parallax {

// A log-scale latency histogram: values below 16 µs exactly, above that 8 bins per power of
// two (relative error ≤ 1/16). Sparse, so a minute with two probes stores two bins.
class LatencyHistogram {
public:
    void add(quint32 valueUs, quint32 count = 1);
    void merge(const LatencyHistogram &other);
    // Nearest-rank quantile (q in (0, 1]); the bin's midpoint. -1 when empty.
    qint64 quantile(double q) const;
    quint64 total() const;
    bool isEmpty() const { return m_bins.empty(); }

    QByteArray encode() const;  // varint pairs (bin delta, count)
    static LatencyHistogram decode(const QByteArray &bytes);

    static int binOf(quint32 valueUs);
    static qint64 binMidpoint(int bin);

private:
    std::vector<std::pair<quint16, quint32>> m_bins;  // sorted by bin
};

// The running rollup of one worker's probes in one minute or hour. Keeps the exact latencies
// while there are few (a minute or an hour at the default 30 s interval), so p95 is exact
// there; beyond that, or after a restart, p95 comes from the histogram.
class RollupAccumulator {
public:
    static constexpr int ExactLimit = 256;

    void add(const ProbeSample &sample);
    RollupRow row(qint64 bucketStartMs) const;

    // Restores the state stored in the database (exact latencies are not stored).
    static RollupAccumulator fromStored(qint64 count, qint64 failures, qint64 okCount, qint64 minUs, qint64 maxUs,
        qint64 sumUs, const QByteArray &histogram);

    qint64 count = 0;
    qint64 failures = 0;
    qint64 okCount = 0;
    qint64 minUs = -1;
    qint64 maxUs = -1;
    qint64 sumUs = 0;
    LatencyHistogram histogram;

private:
    std::vector<quint32> m_exact;
    bool m_exactComplete = true;  // m_exact holds every successful latency
};

}  // namespace parallax

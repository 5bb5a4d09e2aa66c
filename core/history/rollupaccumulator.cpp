#include "history/rollupaccumulator.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace parallax {

int LatencyHistogram::binOf(quint32 valueUs)
{
    if (valueUs < 16)
        return int(valueUs);
    const int exponent = 31 - std::countl_zero(valueUs);  // ≥ 4
    const int sub = int((valueUs >> (exponent - 3)) & 7u);
    return 16 + (exponent - 4) * 8 + sub;
}

qint64 LatencyHistogram::binMidpoint(int bin)
{
    if (bin < 16)
        return bin;
    const int exponent = (bin - 16) / 8 + 4;
    const int sub = (bin - 16) % 8;
    const qint64 low = qint64(8 + sub) << (exponent - 3);
    const qint64 width = qint64(1) << (exponent - 3);
    return low + width / 2;
}

void LatencyHistogram::add(quint32 valueUs, quint32 count)
{
    const auto bin = quint16(binOf(valueUs));
    auto it = std::lower_bound(
        m_bins.begin(), m_bins.end(), bin, [](const auto &entry, quint16 b) { return entry.first < b; });
    if (it != m_bins.end() && it->first == bin)
        it->second += count;
    else
        m_bins.insert(it, {bin, count});
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (const auto &[bin, count] : other.m_bins) {
        auto it = std::lower_bound(
            m_bins.begin(), m_bins.end(), bin, [](const auto &entry, quint16 b) { return entry.first < b; });
        if (it != m_bins.end() && it->first == bin)
            it->second += count;
        else
            m_bins.insert(it, {bin, count});
    }
}

quint64 LatencyHistogram::total() const
{
    quint64 sum = 0;
    for (const auto &entry : m_bins)
        sum += entry.second;
    return sum;
}

qint64 LatencyHistogram::quantile(double q) const
{
    const quint64 n = total();
    if (n == 0)
        return -1;
    const auto rank = std::max<quint64>(1, quint64(std::ceil(q * double(n))));
    quint64 seen = 0;
    for (const auto &[bin, count] : m_bins) {
        seen += count;
        if (seen >= rank)
            return binMidpoint(bin);
    }
    return binMidpoint(m_bins.back().first);
}

static void appendVarint(QByteArray &out, quint32 value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

static bool readVarint(const QByteArray &in, qsizetype &pos, quint32 &value)
{
    value = 0;
    for (int shift = 0; shift < 35 && pos < in.size(); shift += 7) {
        const auto byte = quint8(in.at(pos++));
        value |= quint32(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

QByteArray LatencyHistogram::encode() const
{
    QByteArray out;
    out.reserve(int(m_bins.size()) * 3);
    quint16 previous = 0;
    for (const auto &[bin, count] : m_bins) {
        appendVarint(out, quint32(bin - previous));
        appendVarint(out, count);
        previous = bin;
    }
    return out;
}

LatencyHistogram LatencyHistogram::decode(const QByteArray &bytes)
{
    LatencyHistogram h;
    qsizetype pos = 0;
    quint32 bin = 0;
    while (pos < bytes.size()) {
        quint32 delta = 0, count = 0;
        if (!readVarint(bytes, pos, delta) || !readVarint(bytes, pos, count))
            break;  // a damaged blob loses its tail, never the process
        bin += delta;
        if (bin > 0xffff)
            break;
        h.m_bins.emplace_back(quint16(bin), count);
    }
    return h;
}

void RollupAccumulator::add(const ProbeSample &sample)
{
    ++count;
    if (!sample.ok) {
        ++failures;
        return;
    }
    ++okCount;
    const qint64 v = sample.totalUs;
    minUs = minUs < 0 ? v : std::min(minUs, v);
    maxUs = std::max(maxUs, v);
    sumUs += v;
    histogram.add(sample.totalUs);
    if (m_exactComplete) {
        if (int(m_exact.size()) < ExactLimit) {
            m_exact.push_back(sample.totalUs);
        } else {
            m_exactComplete = false;
            m_exact = {};
        }
    }
}

RollupRow RollupAccumulator::row(qint64 bucketStartMs) const
{
    RollupRow r;
    r.bucketStartMs = bucketStartMs;
    r.count = count;
    r.failures = failures;
    if (okCount > 0) {
        r.latencyMinUs = minUs;
        r.latencyMaxUs = maxUs;
        r.latencyAvgUs = sumUs / okCount;
        if (m_exactComplete && qint64(m_exact.size()) == okCount) {
            std::vector<quint32> sorted = m_exact;
            const auto rank = std::max<size_t>(1, size_t(std::ceil(0.95 * double(sorted.size()))));
            std::nth_element(sorted.begin(), sorted.begin() + qsizetype(rank - 1), sorted.end());
            r.latencyP95Us = sorted[rank - 1];
        } else {
            r.latencyP95Us = std::clamp(histogram.quantile(0.95), minUs, maxUs);
        }
    }
    return r;
}

RollupAccumulator RollupAccumulator::fromStored(qint64 count, qint64 failures, qint64 okCount, qint64 minUs,
    qint64 maxUs, qint64 sumUs, const QByteArray &histogram)
{
    RollupAccumulator a;
    a.count = count;
    a.failures = failures;
    a.okCount = okCount;
    a.minUs = minUs;
    a.maxUs = maxUs;
    a.sumUs = sumUs;
    a.histogram = LatencyHistogram::decode(histogram);
    a.m_exactComplete = okCount == 0;
    return a;
}

}  // namespace parallax

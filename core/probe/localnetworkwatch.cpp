#include "localnetworkwatch.h"

#include <algorithm>

namespace parallax {

bool LocalNetworkWatch::record(qint64 workerId, qint64 atMs, bool ok, ProbeError error, std::optional<qint64> startedMs)
{
    expire(atMs);
    if (ok) {
        m_latestOkStartedMs = std::max(m_latestOkStartedMs, startedMs.value_or(atMs));
        m_okSinceSuspect = true;
    }
    m_entries.push_back({atMs, workerId, ok, error});
    ++m_perWorker[workerId];
    if (!ok) {
        ++m_failures;
        ++m_failuresByError[int(error)];
    }
    evaluate();
    return m_suspect;
}

void LocalNetworkWatch::expire(qint64 nowMs)
{
    while (!m_entries.empty() && m_entries.front().atMs < nowMs - m_settings.windowMs) {
        const Entry &e = m_entries.front();
        if (--m_perWorker[e.workerId] <= 0)
            m_perWorker.remove(e.workerId);
        if (!e.ok) {
            --m_failures;
            if (--m_failuresByError[int(e.error)] <= 0)
                m_failuresByError.remove(int(e.error));
        }
        m_entries.pop_front();
    }
}

void LocalNetworkWatch::evaluate()
{
    const auto total = qsizetype(m_entries.size());
    if (m_perWorker.size() < m_settings.minTargets || total == 0) {
        // Too little evidence to accuse our own side; keep an existing suspicion only while
        // nothing has succeeded since.
        if (m_suspect && m_failures < total)
            m_suspect = false;
        return;
    }
    int top = 0;
    ProbeError topError = ProbeError::None;
    for (auto it = m_failuresByError.cbegin(); it != m_failuresByError.cend(); ++it) {
        if (it.value() > top) {
            top = it.value();
            topError = ProbeError(it.key());
        }
    }
    const double needed = m_settings.failFraction * double(total);
    const bool sameWay = double(top) >= needed;
    // Once accused, our side is cleared by a success only: a worker failing its own way (a name
    // that never resolves, answering in 1 ms while every timeout takes seconds) can tip the mix
    // under the threshold in the middle of an outage, and every worker then flipped to Down
    // and back within seconds.
    if (m_suspect && !sameWay && !m_okSinceSuspect)
        return;
    if (sameWay && !m_suspect)
        m_okSinceSuspect = false;
    m_suspect = sameWay;
    m_commonError = m_suspect ? topError : ProbeError::None;
}

void LocalNetworkWatch::clear()
{
    m_entries.clear();
    m_perWorker.clear();
    m_failuresByError.clear();
    m_failures = 0;
    m_latestOkStartedMs = 0;
    m_suspect = false;
    m_commonError = ProbeError::None;
}

}  // namespace parallax

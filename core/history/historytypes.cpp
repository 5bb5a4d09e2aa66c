#include "history/historytypes.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

static quint32 clampUs(qint64 us)
{
    return quint32(std::clamp<qint64>(us, 0, 0xffffffffLL));
}

ProbeSample ProbeSample::fromResult(const ProbeResult &result)
{
    ProbeSample s;
    s.atMs = result.startedMs;
    s.connectUs = clampUs(result.connectUs);
    s.firstByteUs = clampUs(result.firstByteUs);
    s.totalUs = clampUs(result.totalUs);
    s.httpStatus = quint16(std::clamp(result.httpStatus, 0, 0xffff));
    s.ok = result.healthy();
    s.error = s.ok ? ProbeError::None : result.firstError();
    s.target = result.viaHostname ? ProbeRoute::Hostname : ProbeRoute::Registered;
    return s;
}

QString historyEventKindId(HistoryEventKind kind)
{
    switch (kind) {
    case HistoryEventKind::ServerState: return u"server_state"_s;
    case HistoryEventKind::Verdict: return u"verdict"_s;
    case HistoryEventKind::LocalState: return u"local_state"_s;
    case HistoryEventKind::Address: return u"address"_s;
    case HistoryEventKind::Maintenance: return u"maintenance"_s;
    }
    return u"unknown"_s;
}

QString historyResolutionId(HistoryResolution resolution)
{
    switch (resolution) {
    case HistoryResolution::Raw: return u"raw"_s;
    case HistoryResolution::Minute: return u"minute"_s;
    case HistoryResolution::Hour: return u"hour"_s;
    }
    return u"raw"_s;
}

}  // namespace parallax

#include "proberesult.h"

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
struct ErrorName {
    ProbeError error;
    const char16_t *id;
};
constexpr ErrorName kErrorNames[] = {
    {ProbeError::None, u"none"},
    {ProbeError::DnsFailure, u"dns"},
    {ProbeError::Refused, u"refused"},
    {ProbeError::TimedOut, u"timed_out"},
    {ProbeError::HostUnreachable, u"host_unreachable"},
    {ProbeError::NetworkUnreachable, u"network_unreachable"},
    {ProbeError::Reset, u"reset"},
    {ProbeError::Tls, u"tls"},
    {ProbeError::BadStatus, u"bad_status"},
    {ProbeError::BadBody, u"bad_body"},
    {ProbeError::Protocol, u"protocol"},
    {ProbeError::Skipped, u"skipped"},
    {ProbeError::Other, u"other"},
};
}  // namespace

QString probeErrorId(ProbeError error)
{
    for (const auto &n : kErrorNames) {
        if (n.error == error)
            return QString::fromUtf16(n.id);
    }
    return u"other"_s;
}

ProbeError probeErrorFromId(const QString &id)
{
    for (const auto &n : kErrorNames) {
        if (id == QString::fromUtf16(n.id))
            return n.error;
    }
    return ProbeError::Other;
}

ProbeError ProbeResult::firstError() const
{
    for (const ProbePhase *p : {&dns, &tcp, &http}) {
        if (p->attempted && !p->ok)
            return p->error;
    }
    return ProbeError::None;
}

QString localStateId(LocalState state)
{
    switch (state) {
    case LocalState::Unknown: return u"unknown"_s;
    case LocalState::Up: return u"up"_s;
    case LocalState::Down: return u"down"_s;
    case LocalState::UnknownLocalNetwork: return u"unknown_local_network"_s;
    }
    return u"unknown"_s;
}

}  // namespace parallax

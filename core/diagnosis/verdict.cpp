#include "verdict.h"

using namespace Qt::StringLiterals;

namespace parallax {

QString verdictId(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Unknown: return u"unknown"_s;
    case Verdict::AgreeUp: return u"agree_up"_s;
    case Verdict::AgreeDown: return u"agree_down"_s;
    case Verdict::SplitServerDown: return u"split_server_down"_s;
    case Verdict::SplitLocalDown: return u"split_local_down"_s;
    }
    return u"unknown"_s;
}

Verdict verdictFromId(const QString &id)
{
    for (Verdict v : {Verdict::AgreeUp, Verdict::AgreeDown, Verdict::SplitServerDown, Verdict::SplitLocalDown}) {
        if (verdictId(v) == id)
            return v;
    }
    return Verdict::Unknown;
}

bool isSplit(Verdict verdict)
{
    return verdict == Verdict::SplitServerDown || verdict == Verdict::SplitLocalDown;
}

bool isTrouble(Verdict verdict)
{
    return verdict == Verdict::AgreeDown || isSplit(verdict);
}

}  // namespace parallax

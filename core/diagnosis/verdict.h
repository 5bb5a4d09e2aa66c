#pragma once

#include <QMetaType>
#include <QString>

namespace parallax {

// The two views of one worker compared (DESIGN.md "Compares").
enum class Verdict {
    Unknown,  // one of the views is missing, stale, or our network is the suspect
    AgreeUp,  // server says ready, we reach it
    AgreeDown,  // server says unreachable/not_ready, we do not reach it either
    SplitServerDown,  // server says unreachable/not_ready, we reach it
    SplitLocalDown,  // server says ready, we do not reach it
};

QString verdictId(Verdict verdict);  // "agree_up", "split_server_down", …
Verdict verdictFromId(const QString &id);
bool isSplit(Verdict verdict);
bool isTrouble(Verdict verdict);  // anything but agree_up / unknown

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::Verdict)

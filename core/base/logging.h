#pragma once

#include <QLoggingCategory>
#include <QString>

// One category per component; enable with QT_LOGGING_RULES="parallax.probe.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcGpustack)
Q_DECLARE_LOGGING_CATEGORY(lcSettings)
Q_DECLARE_LOGGING_CATEGORY(lcSim)
Q_DECLARE_LOGGING_CATEGORY(lcProbe)
Q_DECLARE_LOGGING_CATEGORY(lcHistory)
Q_DECLARE_LOGGING_CATEGORY(lcDiagnosis)
Q_DECLARE_LOGGING_CATEGORY(lcMonitor)
Q_DECLARE_LOGGING_CATEGORY(lcReport)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace parallax {

// Text from outside (the GPUStack server's version, messages and names, a profile file) as
// it may go into a log line: C0 and C1 control characters (newline and tab too), DEL and the
// Unicode bidi controls are written as visible escapes ("\x1b", "\u202e"), so a logged value
// cannot recolour or clear a terminal, forge a second journal line or reorder what it says.
// Every qC*() line that carries such text with noquote() passes it through this.
QString logSafe(QStringView text);

}  // namespace parallax

#include "logging.h"

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApp, "parallax.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGpustack, "parallax.gpustack", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "parallax.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "parallax.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProbe, "parallax.probe", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "parallax.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDiagnosis, "parallax.diagnosis", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMonitor, "parallax.monitor", QtInfoMsg)
Q_LOGGING_CATEGORY(lcReport, "parallax.report", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "parallax.ui", QtInfoMsg)

namespace parallax {

namespace {

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

}  // namespace

QString logSafe(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            out += u"\\x"_s + QString::number(c, 16).rightJustified(2, u'0');
        else if (isBidiControl(c))
            out += u"\\u"_s + QString::number(c, 16).rightJustified(4, u'0');
        else
            out += ch;
    }
    return out;
}

}  // namespace parallax

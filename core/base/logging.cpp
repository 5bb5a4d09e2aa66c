#include "logging.h"

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

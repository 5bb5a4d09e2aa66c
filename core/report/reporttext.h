#pragma once

#include "report/reportinput.h"

#include <QString>

#include <optional>

// Sentences and figures the Markdown and HTML reports share, translated once here
// (context "Report") so both formats say the same thing in the same words.
namespace parallax::reporttext {

QString verdictTitle(Verdict verdict);  // "Server says down, this machine reaches it"
QString probeErrorText(ProbeError error);  // "connection refused"
QString serverState(const Worker &worker);  // GPUStack's own state id, or its verbatim text
QString serverView(const Worker &worker);  // "unreachable (heartbeat 12 s ago)"
QString localView(const WorkerView &view);  // "healthy: HTTP 200 in 12.3 ms"
QString address(const Worker &worker);  // "10.0.0.3:10150" (what the server probes)
QString percent(const std::optional<double> &fraction);  // "99.5 %" or "–"
QString duration(qint64 ms);  // "42 s", "3 min 5 s", "2 h 10 min"
QString utc(qint64 ms);  // "2026-05-28 12:00:00 UTC"
QString milliseconds(qint64 us);  // "12.3 ms"
QString confidence(double c);  // "85 %"
QString dash();  // the "no value" mark

}  // namespace parallax::reporttext

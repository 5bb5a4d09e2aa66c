#pragma once

#include "diagnosis/verdict.h"
#include "gpustack/worker.h"
#include "probe/proberesult.h"

#include <QColor>
#include <QString>

#include <optional>

namespace parallax {

// How worker facts read and look on screen. Colours follow GPUStack's own UI
// (gpustack-ui src/config/index.ts StatusMaps: success green, error red, warning orange,
// transitioning blue) so an engineer who knows the web UI reads the badges at once.
QString stateLabel(WorkerState state, const QString &stateText = {});
QColor stateColor(WorkerState state);
int stateSeverity(WorkerState state);  // lower = worse, for sorting

QString verdictLabel(Verdict verdict);  // short, for the table
QColor verdictColor(Verdict verdict);
int verdictSeverity(Verdict verdict);  // splits first, then down, unknown, up

QString localStateLabel(LocalState state);
QString probeErrorLabel(ProbeError error);
// "HTTP 200 in 4 ms", "TCP refused", "timed out after 2.0 s" …
QString probeSummary(const ProbeResult &probe);
// Latency of the probe in ms, or nullopt when it failed.
std::optional<double> probeLatencyMs(const ProbeResult &probe);

QString formatAge(qint64 ms);
QString formatBytes(qint64 bytes);
QString formatLabels(const QMap<QString, QString> &labels);
QString gpuSummary(const Worker &worker);
double gpuUtilization(const Worker &worker);  // mean core utilisation, -1 when unknown

// state_message arrives from the server as HTML (the web UI renders it raw). Here it is
// untrusted text: tags are dropped, entities decoded, whitespace collapsed, length capped.
QString plainTextFromServerHtml(const QString &html);
// A rich-text tooltip that contains only our markup: the server's words are escaped, so
// no tag, link or image from the server is ever interpreted or loaded.
QString safeTooltip(const QString &title, const QString &serverHtml);

// The address as GPUStack registered it: "ip" or "ip / advertise" when they differ
// (gpustack-ui use-worker-columns.tsx shows "ip (internal) / advertise_address (external)").
QString registeredAddress(const Worker &worker);

}  // namespace parallax

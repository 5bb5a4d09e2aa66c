#pragma once

#include "report/redactor.h"
#include "report/reportinput.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

namespace parallax {

enum class ReportFormat { Json, Markdown, Html };

QString reportFormatId(ReportFormat format);  // "json", "md", "html"
std::optional<ReportFormat> reportFormatFromId(const QString &id);
QString reportFileSuffix(ReportFormat format);  // "json", "md", "html"

// The one way to write a report: the input goes through the redactor first, so secrets
// never reach a writer, then the writer for the format produces UTF-8 bytes.
QByteArray renderReport(ReportInput input, ReportFormat format, const Redactor &redactor);
// The same bytes handed to `sink` in pieces (about a megabyte each for JSON): a 10,000-worker
// JSON report is 19 MB that need not be held whole to be written to a file. Stops and returns
// false as soon as the sink returns false.
using ReportSink = std::function<bool(QByteArrayView piece)>;
bool renderReport(ReportInput input, ReportFormat format, const Redactor &redactor, const ReportSink &sink);

// The writers themselves take input that has already been redacted (Redactor::apply).
QByteArray writeJsonReport(const ReportInput &redacted);
bool writeJsonReport(const ReportInput &redacted, const ReportSink &sink);
QByteArray writeMarkdownReport(const ReportInput &redacted);
QByteArray writeHtmlReport(const ReportInput &redacted);

// The JSON report's schema id, also the "$id"'s last part in docs/report-schema.json.
inline constexpr QLatin1StringView kReportSchemaId{"parallax.report/1"};

}  // namespace parallax

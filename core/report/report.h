#pragma once

#include "report/redactor.h"
#include "report/reportinput.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace parallax {

enum class ReportFormat { Json, Markdown, Html };

QString reportFormatId(ReportFormat format);  // "json", "md", "html"
std::optional<ReportFormat> reportFormatFromId(const QString &id);
QString reportFileSuffix(ReportFormat format);  // "json", "md", "html"

// The one way to write a report: the input goes through the redactor first, so secrets
// never reach a writer, then the writer for the format produces UTF-8 bytes.
QByteArray renderReport(ReportInput input, ReportFormat format, const Redactor &redactor);

// The writers themselves take input that has already been redacted (Redactor::apply).
QByteArray writeJsonReport(const ReportInput &redacted);
QByteArray writeMarkdownReport(const ReportInput &redacted);
QByteArray writeHtmlReport(const ReportInput &redacted);

// The JSON report's schema id, also the "$id"'s last part in docs/report-schema.json.
inline constexpr QLatin1StringView kReportSchemaId{"parallax.report/1"};

}  // namespace parallax

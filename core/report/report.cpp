#include "report.h"

using namespace Qt::StringLiterals;

namespace parallax {

QString reportFormatId(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Json: return u"json"_s;
    case ReportFormat::Markdown: return u"md"_s;
    case ReportFormat::Html: return u"html"_s;
    }
    return u"json"_s;
}

std::optional<ReportFormat> reportFormatFromId(const QString &id)
{
    const QString t = id.trimmed().toLower();
    if (t == u"json"_s)
        return ReportFormat::Json;
    if (t == u"md"_s || t == u"markdown"_s)
        return ReportFormat::Markdown;
    if (t == u"html"_s || t == u"htm"_s)
        return ReportFormat::Html;
    return std::nullopt;
}

QString reportFileSuffix(ReportFormat format)
{
    return reportFormatId(format);
}

bool renderReport(ReportInput input, ReportFormat format, const Redactor &redactor, const ReportSink &sink)
{
    const ReportInput safe = redactor.apply(std::move(input));
    switch (format) {
    case ReportFormat::Json: return writeJsonReport(safe, sink);
    case ReportFormat::Markdown: return sink(writeMarkdownReport(safe));
    case ReportFormat::Html: return sink(writeHtmlReport(safe));
    }
    return false;
}

QByteArray renderReport(ReportInput input, ReportFormat format, const Redactor &redactor)
{
    const ReportInput safe = redactor.apply(std::move(input));
    switch (format) {
    case ReportFormat::Json: return writeJsonReport(safe);
    case ReportFormat::Markdown: return writeMarkdownReport(safe);
    case ReportFormat::Html: return writeHtmlReport(safe);
    }
    return {};
}

}  // namespace parallax

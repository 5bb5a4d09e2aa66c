#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace parallax {

// The one conversion of a number a server sent (JSON, or a string where a number belongs) to
// C++ numbers: a value out of range or not finite is unknown (nullopt), never converted.
// qint64 ends at 9.22e18 and turning a larger double into one is undefined behaviour, so
// 1e300 as an id must not reach qint64(double); and 1e300 °C must not reach qRound().
constexpr double kJsonIntegerLimit = 9.0e18;
std::optional<qint64> jsonInteger(double value);
// Measured quantities: 1e15 lies far above any (the fixtures' largest is an uptime of 6.9e9)
// and doubles still hold every integer there. Rates and temperatures, shown through qRound()
// (an int), are held to 1e6: no percentage or °C comes near, and qRound() of it fits.
constexpr double kJsonMeasureLimit = 1.0e15;
constexpr double kJsonRateLimit = 1.0e6;
std::optional<double> jsonMeasure(double value, double limit = kJsonMeasureLimit);

// Reads fields of one JSON object tolerantly: a missing or null field is "unknown"
// (std::nullopt / empty / invalid QDateTime); a field of the wrong type is unknown too and
// leaves a note ("status.cpu.total: expected a number, got string") in `notes`. GPUStack's
// shapes change between versions (ref/gpustack-api.md §4), so nothing here is fatal.
class JsonRead {
public:
    JsonRead(const QJsonObject &object, QStringList *notes, QString path = {});

    bool has(const QString &key) const;  // present and not null
    std::optional<QString> string(const QString &key) const;
    QString text(const QString &key) const { return string(key).value_or(QString()); }
    std::optional<qint64> integer(const QString &key) const;  // within ±kJsonIntegerLimit
    std::optional<int> smallInteger(const QString &key) const;  // a port, an index: within int
    std::optional<double> number(const QString &key, double limit = kJsonMeasureLimit) const;  // finite, within ±limit
    std::optional<bool> boolean(const QString &key) const;
    QDateTime time(const QString &key) const;  // naive timestamps are UTC (§3.3)
    std::optional<QJsonObject> object(const QString &key) const;
    std::optional<QJsonArray> array(const QString &key) const;
    JsonRead child(const QString &key) const;  // empty reader when absent / wrong type

    QString pathOf(const QString &key) const;
    void note(const QString &key, const QString &what) const;

private:
    QJsonObject m_object;
    QStringList *m_notes;
    QString m_path;
};

// QJsonDocument::fromJson for bytes a server sent. Invalid UTF-8 in one string (a broken or
// hostile server, a proxy re-encoding) makes Qt refuse the whole document, and one worker's
// name would cost the whole list: such bytes become U+FFFD and everything else is kept.
// Qt's nesting limit (1024 levels) stays: deeper documents are an error, not a stack overflow.
QJsonDocument parseServerJson(const QByteArray &bytes, QJsonParseError *error = nullptr);

// "2026-08-21T07:53:25Z", "…+00:00", naive "2024-07-05T02:17:42.123456", "2026-08-21 07:45:02".
QDateTime parseGpuStackTime(const QString &text);

}  // namespace parallax

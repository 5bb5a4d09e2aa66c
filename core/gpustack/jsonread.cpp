#include "jsonread.h"

#include <QJsonParseError>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"bool"_s;
    case QJsonValue::Double: return u"number"_s;
    case QJsonValue::String: return u"string"_s;
    case QJsonValue::Array: return u"array"_s;
    case QJsonValue::Object: return u"object"_s;
    case QJsonValue::Undefined: return u"nothing"_s;
    }
    return u"?"_s;
}

}  // namespace

std::optional<qint64> jsonInteger(double value)
{
    if (!std::isfinite(value) || std::abs(value) >= kJsonIntegerLimit)
        return std::nullopt;
    return qint64(std::llround(value));
}

std::optional<double> jsonMeasure(double value, double limit)
{
    if (!std::isfinite(value) || std::abs(value) > limit)
        return std::nullopt;
    return value;
}

QJsonDocument parseServerJson(const QByteArray &bytes, QJsonParseError *error)
{
    QJsonParseError local;
    QJsonParseError *err = error ? error : &local;
    QJsonDocument doc = QJsonDocument::fromJson(bytes, err);
    if (err->error == QJsonParseError::IllegalUTF8String)
        doc = QJsonDocument::fromJson(QString::fromUtf8(bytes).toUtf8(), err);  // invalid sequences → U+FFFD
    return doc;
}

QDateTime parseGpuStackTime(const QString &input)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return {};
    if (text.size() > 10 && text.at(10) == u' ')
        text[10] = u'T';
    // Qt parses at most milliseconds reliably; Python's isoformat() sends microseconds.
    const qsizetype dot = text.indexOf(u'.', 19);
    if (dot == 19) {
        qsizetype end = dot + 1;
        while (end < text.size() && text.at(end).isDigit())
            ++end;
        const QString frac = text.mid(dot + 1, end - dot - 1).left(3).leftJustified(3, u'0');
        text = text.left(dot + 1) + frac + text.mid(end);
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime)  // naive: GPUStack means UTC (ref §3.3)
        dt.setTimeSpec(Qt::UTC);
    return dt.toUTC();
}

JsonRead::JsonRead(const QJsonObject &object, QStringList *notes, QString path)
    : m_object(object)
    , m_notes(notes)
    , m_path(std::move(path))
{
}

QString JsonRead::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

void JsonRead::note(const QString &key, const QString &what) const
{
    if (m_notes)
        m_notes->append(pathOf(key) + u": "_s + what);
}

bool JsonRead::has(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    return !v.isUndefined() && !v.isNull();
}

std::optional<QString> JsonRead::string(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {  // tolerate numbers where a string was expected, but say so
        note(key, u"expected a string, got number"_s);
        return QString::number(v.toDouble());
    }
    note(key, u"expected a string, got "_s + typeName(v));
    return std::nullopt;
}

std::optional<qint64> JsonRead::integer(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isDouble()) {
        const std::optional<qint64> n = jsonInteger(v.toDouble());
        if (!n)
            note(key, u"number out of range"_s);
        return n;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().trimmed().toLongLong(&ok);
        note(key, u"expected a number, got string"_s);
        if (ok && std::abs(double(n)) < kJsonIntegerLimit)
            return n;
        return std::nullopt;
    }
    note(key, u"expected a number, got "_s + typeName(v));
    return std::nullopt;
}

std::optional<int> JsonRead::smallInteger(const QString &key) const
{
    const std::optional<qint64> n = integer(key);
    if (!n)
        return std::nullopt;
    if (*n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max()) {
        note(key, u"number out of range"_s);
        return std::nullopt;
    }
    return int(*n);
}

std::optional<double> JsonRead::number(const QString &key, double limit) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    std::optional<double> d;
    if (v.isDouble()) {
        d = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        d = v.toString().trimmed().toDouble(&ok);  // "inf" and "nan" read as numbers here
        note(key, u"expected a number, got string"_s);
        if (!ok)
            return std::nullopt;
    }
    if (d) {
        const std::optional<double> measure = jsonMeasure(*d, limit);
        if (!measure)
            note(key, u"number out of range"_s);
        return measure;
    }
    note(key, u"expected a number, got "_s + typeName(v));
    return std::nullopt;
}

std::optional<bool> JsonRead::boolean(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isBool())
        return v.toBool();
    note(key, u"expected true/false, got "_s + typeName(v));
    return std::nullopt;
}

QDateTime JsonRead::time(const QString &key) const
{
    const std::optional<QString> s = string(key);
    if (!s || s->isEmpty())
        return {};
    const QDateTime dt = parseGpuStackTime(*s);
    if (!dt.isValid())
        note(key, u"not an ISO-8601 time: "_s + s->left(40));
    return dt;
}

std::optional<QJsonObject> JsonRead::object(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isObject())
        return v.toObject();
    note(key, u"expected an object, got "_s + typeName(v));
    return std::nullopt;
}

std::optional<QJsonArray> JsonRead::array(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isArray())
        return v.toArray();
    note(key, u"expected a list, got "_s + typeName(v));
    return std::nullopt;
}

JsonRead JsonRead::child(const QString &key) const
{
    return JsonRead(object(key).value_or(QJsonObject()), m_notes, pathOf(key));
}

}  // namespace parallax

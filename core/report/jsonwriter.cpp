#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace parallax {

namespace {

char hexDigit(uint v)
{
    return char(v < 10 ? '0' + v : 'a' + v - 10);
}

void appendUnicodeEscape(QByteArray &out, char16_t u)
{
    const char e[] = {
        '\\', 'u', hexDigit((u >> 12) & 0xf), hexDigit((u >> 8) & 0xf), hexDigit((u >> 4) & 0xf), hexDigit(u & 0xf)};
    out.append(e, sizeof e);
}

}  // namespace

void JsonWriter::appendEscaped(QByteArray &out, QStringView s)
{
    const char16_t *src = s.utf16();
    const char16_t *const end = src + s.size();
    while (src != end) {
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                out.append(char(u));
                continue;
            }
            switch (u) {
            case u'"': out.append("\\\"", 2); break;
            case u'\\': out.append("\\\\", 2); break;
            case 0x8: out.append("\\b", 2); break;
            case 0xc: out.append("\\f", 2); break;
            case 0xa: out.append("\\n", 2); break;
            case 0xd: out.append("\\r", 2); break;
            case 0x9: out.append("\\t", 2); break;
            default: {
                const char e[] = {'\\', 'u', '0', '0', hexDigit(u >> 4), hexDigit(u & 0xf)};
                out.append(e, sizeof e);
            }
            }
        } else if (u < 0x800) {
            const char e[] = {char(0xc0 | (u >> 6)), char(0x80 | (u & 0x3f))};
            out.append(e, sizeof e);
        } else if (!QChar::isSurrogate(u)) {
            const char e[] = {char(0xe0 | (u >> 12)), char(0x80 | ((u >> 6) & 0x3f)), char(0x80 | (u & 0x3f))};
            out.append(e, sizeof e);
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t c = QChar::surrogateToUcs4(u, *src++);
            const char e[] = {char(0xf0 | (c >> 18)), char(0x80 | ((c >> 12) & 0x3f)), char(0x80 | ((c >> 6) & 0x3f)),
                char(0x80 | (c & 0x3f))};
            out.append(e, sizeof e);
        } else {
            // A lone surrogate is not UTF-8: QJsonDocument writes it as an escape.
            appendUnicodeEscape(out, u);
        }
    }
}

void JsonWriter::beforeValue()
{
    if (m_levels.isEmpty())
        return;
    Level &l = m_levels.last();
    if (l.object) {
        Q_ASSERT_X(m_afterKey, "JsonWriter", "a member needs its key first");
        m_afterKey = false;
        return;
    }
    if (l.count++ > 0)
        m_out.append(",\n", 2);
    indent(depth());
}

void JsonWriter::key(QStringView key)
{
    Q_ASSERT(!m_levels.isEmpty() && m_levels.last().object && !m_afterKey);
    Level &l = m_levels.last();
#ifndef NDEBUG
    Q_ASSERT_X(l.count == 0 || l.lastKey < key, "JsonWriter", "keys must ascend as QJsonObject orders them");
    l.lastKey = key.toString();
#endif
    if (l.count++ > 0)
        m_out.append(",\n", 2);
    indent(depth());
    m_out.append('"');
    appendEscaped(m_out, key);
    m_out.append("\": ", 3);
    m_afterKey = true;
}

void JsonWriter::open(char c)
{
    beforeValue();
    m_out.append(c);
    m_out.append('\n');
    m_levels.append(Level{c == '{', 0});
}

void JsonWriter::close(char c)
{
    Q_ASSERT(!m_levels.isEmpty() && m_levels.last().object == (c == '}') && !m_afterKey);
    const Level l = m_levels.takeLast();
    if (l.count > 0)
        m_out.append('\n');
    indent(depth());
    m_out.append(c);
}

void JsonWriter::string(QStringView s)
{
    beforeValue();
    m_out.append('"');
    appendEscaped(m_out, s);
    m_out.append('"');
}

void JsonWriter::optionalString(QStringView s)
{
    if (s.isEmpty())
        null();
    else
        string(s);
}

void JsonWriter::boolean(bool b)
{
    beforeValue();
    m_out.append(b ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::integer(qint64 n)
{
    beforeValue();
    m_out.append(QByteArray::number(n));
}

void JsonWriter::number(double d)
{
    // QJsonDocument's choice between digits and an exponent is its own: the common range
    // (durations, ages, confidences) is written here, the rest through QJsonDocument itself.
    const double a = std::abs(d);
    if (a < 1e15 && (a >= 1e-4 || a == 0)) {
        beforeValue();
        if (std::trunc(d) == d)
            m_out.append(QByteArray::number(qint64(d)));
        else
            m_out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
        return;
    }
    value(QJsonValue(d));
}

void JsonWriter::null()
{
    beforeValue();
    m_out.append("null", 4);
}

void JsonWriter::value(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: null(); return;
    case QJsonValue::Bool: boolean(v.toBool()); return;
    case QJsonValue::String: string(v.toString()); return;
    case QJsonValue::Double: {
        // A one-element array in compact form is "[" + the number + "]": QJsonDocument's own
        // choice between an integer's digits and the shortest double.
        beforeValue();
        const QByteArray one = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        m_out.append(QByteArrayView(one).sliced(1, one.size() - 2));
        return;
    }
    case QJsonValue::Array:
    case QJsonValue::Object: {
        beforeValue();
        const QByteArray doc = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)
                                           : QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented);
        // Every line but the first shifted right to this depth; the document's last line break dropped.
        const QByteArray pad(4 * depth(), ' ');
        qsizetype from = 0;
        while (from < doc.size()) {
            qsizetype to = doc.indexOf('\n', from);
            if (to < 0)
                to = doc.size();
            if (from > 0)
                m_out.append('\n').append(pad);
            m_out.append(QByteArrayView(doc).sliced(from, to - from));
            from = to + 1;
        }
        return;
    }
    }
}

}  // namespace parallax

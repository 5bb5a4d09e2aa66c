#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QStringView>

#include <optional>

namespace parallax {

// Writes JSON straight into a byte array, byte for byte as QJsonDocument::toJson(Indented)
// writes the same document: keys given in the order QJsonObject keeps them (ascending), the
// same escaping, the same numbers. The JSON report streams 10,000 workers through it; building
// a QJsonObject per worker and serialising it was most of the report's cost.
// tst_jsonwriter compares it with QJsonDocument on hostile strings, numbers and shapes.
class JsonWriter {
public:
    // `level` is the indentation (in steps of four spaces) of the first value written.
    explicit JsonWriter(QByteArray &out, int level = 0)
        : m_out(out)
        , m_base(level)
    {
    }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    // The next member's key. Keys must come in ascending order (checked in debug builds).
    void key(QStringView key);

    void string(QStringView s);
    void optionalString(QStringView s);  // null when empty
    void boolean(bool b);
    void integer(qint64 n);
    void number(double d);  // null when not finite, as QJsonDocument writes it
    void null();
    // Anything else (rare or small parts): written through QJsonDocument.
    void value(const QJsonValue &v);

    template<typename T> void optional(const std::optional<T> &v)
    {
        if (!v)
            null();
        else if constexpr (std::is_floating_point_v<T>)
            number(*v);
        else if constexpr (std::is_same_v<T, bool>)
            boolean(*v);
        else if constexpr (std::is_integral_v<T>)
            integer(*v);
        else
            string(*v);
    }

    // The escaped form QJsonDocument gives a string, without quotes.
    static void appendEscaped(QByteArray &out, QStringView s);

private:
    struct Level {
        bool object = false;
        int count = 0;
#ifndef NDEBUG
        QString lastKey;
#endif
    };

    void beforeValue();
    void open(char c);
    void close(char c);
    void indent(int level)
    {
        m_out.append(4 * level, ' ');
    }
    int depth() const
    {
        return m_base + int(m_levels.size());
    }

    QByteArray &m_out;
    int m_base = 0;
    QList<Level> m_levels;
    bool m_afterKey = false;
};

}  // namespace parallax

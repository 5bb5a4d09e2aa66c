#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QString>

#include <optional>

// Checks of exposition text shared by the exporter's tests: a strict reading of the syntax
// both formats share (what a hostile label could break), and promtool when it is installed.
namespace parallax::test {

using namespace Qt::StringLiterals;

struct Sample {
    QByteArray name;
    QHash<QByteArray, QByteArray> labels;  // unescaped values
    QByteArray value;
};

// Reads one sample line; nullopt (and `error`) when it is not valid exposition syntax.
inline std::optional<Sample> parseSample(const QByteArray &line, QString *error)
{
    static const QRegularExpression name(u"^[a-zA-Z_][a-zA-Z0-9_]*"_s);
    Sample s;
    const auto m = name.match(QString::fromUtf8(line));
    if (!m.hasMatch()) {
        *error = u"no metric name: "_s + QString::fromUtf8(line);
        return std::nullopt;
    }
    s.name = m.captured().toUtf8();
    qsizetype i = s.name.size();
    if (i < line.size() && line[i] == '{') {
        ++i;
        while (i < line.size() && line[i] != '}') {
            const qsizetype eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != '"') {
                *error = u"bad label in: "_s + QString::fromUtf8(line);
                return std::nullopt;
            }
            const QByteArray key = line.mid(i, eq - i);
            i = eq + 2;
            QByteArray value;
            while (i < line.size() && line[i] != '"') {
                if (line[i] == '\n') {
                    *error = u"raw line feed in a label"_s;
                    return std::nullopt;
                }
                if (line[i] == '\\') {
                    const char c = i + 1 < line.size() ? line[i + 1] : 0;
                    if (c == '\\')
                        value += '\\';
                    else if (c == '"')
                        value += '"';
                    else if (c == 'n')
                        value += '\n';
                    else {
                        *error = u"bad escape in: "_s + QString::fromUtf8(line);
                        return std::nullopt;
                    }
                    i += 2;
                    continue;
                }
                value += line[i++];
            }
            if (i >= line.size()) {
                *error = u"unterminated label value in: "_s + QString::fromUtf8(line);
                return std::nullopt;
            }
            ++i;  // closing quote
            if (s.labels.contains(key)) {
                *error = u"label twice: "_s + QString::fromUtf8(key);
                return std::nullopt;
            }
            s.labels.insert(key, value);
            if (i < line.size() && line[i] == ',')
                ++i;
        }
        if (i >= line.size()) {
            *error = u"unterminated label set in: "_s + QString::fromUtf8(line);
            return std::nullopt;
        }
        ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') {
        *error = u"no value in: "_s + QString::fromUtf8(line);
        return std::nullopt;
    }
    s.value = line.mid(i + 1);
    bool ok = false;
    s.value.toDouble(&ok);
    if (!ok && s.value != "NaN" && s.value != "+Inf" && s.value != "-Inf") {
        *error = u"bad value in: "_s + QString::fromUtf8(line);
        return std::nullopt;
    }
    return s;
}

// Every sample of `text`, or an error naming the first line that breaks the format: metadata
// before samples, families contiguous, OpenMetrics ending with "# EOF".
inline QList<Sample> readExposition(const QByteArray &text, bool openMetrics, QString *error)
{
    QList<Sample> samples;
    if (!text.endsWith('\n')) {
        *error = u"no final line feed"_s;
        return {};
    }
    QList<QByteArray> lines = text.left(text.size() - 1).split('\n');
    if (openMetrics) {
        if (lines.isEmpty() || lines.last() != "# EOF") {
            *error = u"OpenMetrics text does not end with # EOF"_s;
            return {};
        }
        lines.removeLast();
    }
    QSet<QByteArray> typed;
    QSet<QByteArray> closed;
    QByteArray current;
    for (const QByteArray &line : std::as_const(lines)) {
        if (line.startsWith('#')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() < 3 || (parts[1] != "HELP" && parts[1] != "TYPE" && parts[1] != "UNIT")
                || (parts[1] == "UNIT" && !openMetrics)) {
                *error = u"unexpected comment: "_s + QString::fromUtf8(line);
                return {};
            }
            if (parts[2] != current) {
                if (!current.isEmpty())
                    closed.insert(current);
                current = parts[2];
                if (closed.contains(current)) {
                    *error = u"family split: "_s + QString::fromUtf8(current);
                    return {};
                }
            }
            if (parts[1] == "TYPE")
                typed.insert(parts[2]);
            continue;
        }
        if (line.isEmpty()) {
            *error = u"empty line"_s;
            return {};
        }
        auto s = parseSample(line, error);
        if (!s)
            return {};
        if (s->name != current || !typed.contains(s->name)) {
            *error = u"sample outside its family: "_s + QString::fromUtf8(line);
            return {};
        }
        samples.append(*s);
    }
    return samples;
}

inline QString promtoolPath()
{
    return QStandardPaths::findExecutable(u"promtool"_s);
}

// `promtool check metrics` on `text`: its complaint, or an empty string when it is clean.
inline QString promtoolComplaint(const QByteArray &text)
{
    QProcess p;
    p.start(promtoolPath(), {u"check"_s, u"metrics"_s});
    if (!p.waitForStarted(10'000))
        return u"promtool did not start"_s;
    p.write(text);
    p.closeWriteChannel();
    if (!p.waitForFinished(60'000))
        return u"promtool did not finish"_s;
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    if (p.exitCode() != 0 || !out.isEmpty())
        return u"exit %1: %2"_s.arg(p.exitCode()).arg(out.left(2000));
    return {};
}

}  // namespace parallax::test

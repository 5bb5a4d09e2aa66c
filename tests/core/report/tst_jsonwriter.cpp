#include "reportfixture.h"

#include "report/jsonwriter.h"
#include "report/report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace parallax;

// JsonWriter against QJsonDocument, byte for byte: the JSON report streams its workers through
// the writer and promises the bytes QJsonDocument would write for the whole document.
class TestJsonWriter : public QObject {
    Q_OBJECT

    static QByteArray whole(const QJsonArray &a) { return QJsonDocument(a).toJson(QJsonDocument::Indented); }

    // Odd strings: every code unit below 0x100, non-ASCII, pairs and lone surrogates.
    static QStringList strings()
    {
        QStringList out;
        QString low;
        for (char16_t u = 0; u < 0x100; ++u)
            low.append(QChar(u));
        out << low << QString() << u"plain"_s << u"é ü ß"_s << u"中文 名称"_s << u"\U0001F600 emoji"_s;
        out << QString(QChar(0xD83D)) << (QString(QChar(0xDE00)) + u"x"_s) << (QString(QChar(0xD83D)) + QChar(0xD83D))
            << (QString(QChar(0xDE00)) + QChar(0xD83D)) << QString(QChar(0xFFFF)) << QString(QChar(0xFFFE))
            << QString(QChar(0xE000)) << QString(QChar(0x7FF)) << QString(QChar(0x800));
        out << reportfixture::scriptName() << reportfixture::shellName() << reportfixture::brokenText();
        return out;
    }

private Q_SLOTS:
    void stringsAreEscapedAsQJsonDocumentDoes()
    {
        for (const QString &s : strings()) {
            QByteArray out;
            JsonWriter j(out);
            j.beginArray();
            j.string(s);
            j.endArray();
            out.append('\n');
            QCOMPARE(out, whole(QJsonArray{s}));
        }
    }

    void numbersAreWrittenAsQJsonDocumentDoes()
    {
        const double inf = std::numeric_limits<double>::infinity();
        const QList<double> numbers{0.0, -0.0, 1.0, -1.0, 1.5, 0.1, 6.241, 2000.0, 0.875, 1e-5, 1e-7, 123.456789, 1e15,
            1e16, 1e17, 1e18, -1e18, 9.2e18, 1e19, 1e21, 9007199254740992.0, 9007199254740994.0,
            std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(), inf, -inf,
            std::numeric_limits<double>::quiet_NaN(), 0.0001, 0.00012345, 0.00009999, 123456789.123, 99999999999999.9,
            999999999999999.0, 0.3, 2.675, 1.0 / 3.0, -2.5e-3, 1234.5678, 5e-324 * 3, 4.35, 0.001, 2.779, 1e14 + 0.5};
        QList<double> all = numbers;
        QRandomGenerator rng(13);  // fixed seed: the same numbers every run
        for (int i = 0; i < 2000; ++i) {
            all.append(double(rng.bounded(10'000'000)) / 1000.0);  // milliseconds with µs precision
            all.append(std::ldexp(rng.generateDouble(), int(rng.bounded(100)) - 50) * (i % 2 ? 1 : -1));
        }
        for (double d : all) {
            QByteArray out;
            JsonWriter j(out);
            j.beginArray();
            j.number(d);
            j.integer(qint64(1) << 62);
            j.integer(-7);
            j.endArray();
            out.append('\n');
            QCOMPARE(out, whole(QJsonArray{d, qint64(1) << 62, -7}));
        }
    }

    // Keys in QMap order (labels from the server) are QJsonObject's order, odd keys included.
    void objectsArrangeKeysAsQJsonObjectDoes()
    {
        QMap<QString, QString> labels;
        int n = 0;
        for (const QString &k : strings())
            labels.insert(k, QString::number(++n));
        labels.insert(u"B"_s, u"upper"_s);
        labels.insert(u"a"_s, u"lower"_s);
        QJsonObject expected;
        QByteArray out;
        JsonWriter j(out);
        j.beginArray();
        j.beginObject();
        for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
            expected.insert(it.key(), it.value());
            j.key(it.key());
            j.string(it.value());
        }
        j.endObject();
        j.endArray();
        out.append('\n');
        QCOMPARE(out, whole(QJsonArray{expected}));
    }

    void shapesNestAsQJsonDocumentDoes()
    {
        const QJsonObject nested{{u"a"_s, QJsonArray{1, QJsonObject{}, QJsonArray{}, u"x"_s}},
            {u"b"_s, QJsonValue::Null}, {u"c"_s, QJsonObject{{u"d"_s, true}, {u"e"_s, 2.5}}}};
        QByteArray out;
        JsonWriter j(out);
        j.beginArray();
        j.beginObject();
        j.endObject();
        j.beginArray();
        j.endArray();
        j.beginObject();
        j.key(u"empty");
        j.beginArray();
        j.endArray();
        j.key(u"fallback");
        j.value(nested);
        j.key(u"list");
        j.beginArray();
        j.value(QJsonArray{1, 2});
        j.boolean(false);
        j.null();
        j.optionalString(QString());
        j.optional(std::optional<qint64>(5));
        j.optional(std::optional<QString>(u"s"_s));
        j.endArray();
        j.endObject();
        j.endArray();
        out.append('\n');
        const QJsonArray expected{QJsonObject{}, QJsonArray{},
            QJsonObject{{u"empty"_s, QJsonArray{}}, {u"fallback"_s, nested},
                {u"list"_s, QJsonArray{QJsonArray{1, 2}, false, QJsonValue::Null, QJsonValue::Null, 5, u"s"_s}}}};
        QCOMPARE(out, whole(expected));
    }

    // The whole report with odd strings in every worker field: still QJsonDocument's bytes.
    void reportWithOddStringsIsTheWholeDocument()
    {
        ReportInput in = reportfixture::cluster();
        const QStringList odd = strings();
        for (qsizetype i = 0; i < in.workers.size(); ++i) {
            Worker &w = in.workers[i].view.server;
            const QString s = odd.at(i % odd.size());
            w.name = s;
            w.hostname = odd.at((i + 1) % odd.size());
            w.stateMessage = odd.at((i + 2) % odd.size());
            w.labels.insert(s, s);
            w.labels.insert(odd.at((i + 3) % odd.size()), u"v"_s);
            if (in.workers[i].view.lastProbe)
                in.workers[i].view.lastProbe->host = s;
        }
        const QByteArray streamed = writeJsonReport(in);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(streamed, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(doc.object().value(u"workers"_s).toArray().size(), in.workers.size());
        QCOMPARE(streamed, doc.toJson(QJsonDocument::Indented));
    }

    // The report handed out in pieces is the same bytes, never held whole; a sink that fails stops it.
    void reportInPiecesIsTheSameBytes()
    {
        ReportInput in = reportfixture::cluster();
        const QList<ReportWorker> base = in.workers;
        for (int copy = 1; in.workers.size() < 2000; ++copy) {
            for (ReportWorker w : base) {
                w.view.server.id += copy * 1000;
                in.workers.append(w);
            }
        }
        const QByteArray whole = writeJsonReport(in);
        QVERIFY(whole.size() > 3 * (1 << 20));
        QByteArray joined;
        int pieces = 0;
        qsizetype largest = 0;
        QVERIFY(writeJsonReport(in, [&](QByteArrayView piece) {
            joined.append(piece);
            largest = std::max(largest, piece.size());
            ++pieces;
            return true;
        }));
        QCOMPARE(joined, whole);
        QVERIFY2(pieces >= 3, qPrintable(QString::number(pieces)));
        QVERIFY(largest < 2 * (1 << 20));

        int calls = 0;
        QVERIFY(!writeJsonReport(in, [&](QByteArrayView) { return ++calls, false; }));
        QCOMPARE(calls, 1);

        QByteArray rendered;
        QVERIFY(renderReport(in, ReportFormat::Json, Redactor(), [&](QByteArrayView piece) {
            rendered.append(piece);
            return true;
        }));
        QCOMPARE(rendered, renderReport(in, ReportFormat::Json, Redactor()));
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"

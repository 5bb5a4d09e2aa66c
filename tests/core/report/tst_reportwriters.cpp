#include "jsonschemacheck.h"
#include "reportfixture.h"

#include "report/report.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace parallax;

// Every writer on the synthetic cluster: the JSON against docs/report-schema.json, the
// Markdown and HTML against what a reader (or an attacker naming a worker) would see.
class TestReportWriters : public QObject {
    Q_OBJECT

    QJsonObject m_schema;

    static QJsonObject parse(const QByteArray &json)
    {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        if (err.error != QJsonParseError::NoError)
            qWarning() << "JSON does not parse:" << err.errorString() << "at" << err.offset;
        return doc.object();
    }

    static QJsonObject workerById(const QJsonObject &report, qint64 id)
    {
        for (const QJsonValue &w : report.value(u"workers"_s).toArray()) {
            if (w.toObject().value(u"id"_s).toInteger() == id)
                return w.toObject();
        }
        return {};
    }

    static int unescapedPipes(const QString &line)
    {
        int n = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line.at(i) == u'|' && (i == 0 || line.at(i - 1) != u'\\'))
                ++n;
        }
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(QStringLiteral(PARALLAX_SOURCE_DIR "/docs/report-schema.json"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
        QVERIFY(doc.isObject());
        m_schema = doc.object();
        QCOMPARE(m_schema.value(u"$schema"_s).toString(), u"https://json-schema.org/draft/2020-12/schema"_s);
    }

    void jsonValidatesAgainstSchema_data()
    {
        QTest::addColumn<bool>("pseudonymize");
        QTest::addColumn<bool>("empty");
        QTest::newRow("cluster") << false << false;
        QTest::newRow("cluster, hosts pseudonymized") << true << false;
        QTest::newRow("server unreachable, no workers") << false << true;
    }

    void jsonValidatesAgainstSchema()
    {
        QFETCH(bool, pseudonymize);
        QFETCH(bool, empty);
        ReportInput in = reportfixture::cluster();
        if (empty) {
            in.workers.clear();
            in.clusterAvailability.clear();
            in.server.reachable = false;
            in.server.version.clear();
            in.server.error =
                Error{ErrorCode::ConnectionRefused, u"Nothing answers at that address."_s, u"127.0.0.1:9"_s};
        }
        Redactor r;
        r.setPseudonymizeHosts(pseudonymize);
        const QByteArray json = renderReport(in, ReportFormat::Json, r);
        const QJsonObject report = parse(json);
        QVERIFY(!report.isEmpty());
        const QStringList errors = jsonschemacheck::validate(report, m_schema);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.mid(0, 20).join(u'\n')));
        QCOMPARE(report.value(u"schema"_s).toString(), u"parallax.report/1"_s);
        QCOMPARE(report.value(u"workers"_s).toArray().size(), in.workers.size());
    }

    // The JSON report is written a worker at a time; its bytes must be exactly those of one
    // QJsonDocument holding everything, so streaming changes nothing a reader can see.
    void jsonIsTheSameDocumentWrittenWhole_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("none") << 0;
        QTest::newRow("one") << 1;
        QTest::newRow("all") << -1;
    }

    void jsonIsTheSameDocumentWrittenWhole()
    {
        QFETCH(int, workers);
        ReportInput in = reportfixture::cluster();
        QVERIFY(in.workers.size() > 2);
        if (workers >= 0)
            in.workers = in.workers.mid(0, workers);
        const QByteArray streamed = renderReport(in, ReportFormat::Json, Redactor());
        QJsonParseError error;
        const QJsonDocument whole = QJsonDocument::fromJson(streamed, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(whole.object().value(u"workers"_s).toArray().size(), in.workers.size());
        QCOMPARE(streamed, whole.toJson(QJsonDocument::Indented));
    }

    // The validator must be able to say no, or the test above proves nothing.
    void schemaRejectsWhatItShould()
    {
        const QJsonObject good = parse(renderReport(reportfixture::cluster(), ReportFormat::Json, Redactor()));
        QVERIFY(jsonschemacheck::validate(good, m_schema).isEmpty());

        QJsonObject bad = good;
        QJsonArray workers = bad.value(u"workers"_s).toArray();
        QJsonObject w = workers.at(0).toObject();
        w.insert(u"verdict"_s, u"probably_fine"_s);
        w.remove(u"server_state"_s);
        w.insert(u"surprise"_s, 1);
        workers.replace(0, w);
        bad.insert(u"workers"_s, workers);
        bad.insert(u"schema"_s, u"parallax.report/2"_s);
        const QString errors = jsonschemacheck::validate(bad, m_schema).join(u'\n');
        QVERIFY2(errors.contains(u"$.workers[0].verdict"_s), qPrintable(errors));
        QVERIFY2(errors.contains(u"missing required 'server_state'"_s), qPrintable(errors));
        QVERIFY2(errors.contains(u"$.workers[0].surprise"_s), qPrintable(errors));
        QVERIFY2(errors.contains(u"$.schema"_s), qPrintable(errors));
    }

    void jsonCarriesBothViewsCausesAndSummary()
    {
        const QJsonObject report = parse(renderReport(reportfixture::cluster(), ReportFormat::Json, Redactor()));
        QCOMPARE(report.value(u"server"_s).toObject().value(u"url"_s).toString(),
            u"https://gpustack.corp.example.com:8443/"_s);
        QCOMPARE(report.value(u"server"_s).toObject().value(u"version"_s).toString(), u"v2.2.3"_s);

        const QJsonObject w3 = workerById(report, 3);
        QCOMPARE(w3.value(u"server_state"_s).toString(), u"ready"_s);
        QCOMPARE(w3.value(u"verdict"_s).toString(), u"split_local_down"_s);
        QCOMPARE(w3.value(u"heartbeat_age_s"_s).toDouble(), 12.0);
        QCOMPARE(w3.value(u"port"_s).toInt(), 10150);
        const QJsonObject tcp = w3.value(u"probe"_s).toObject().value(u"tcp"_s).toObject();
        QCOMPARE(tcp.value(u"ok"_s).toBool(), false);
        QCOMPARE(tcp.value(u"error"_s).toString(), u"timed_out"_s);
        QCOMPARE(tcp.value(u"duration_ms"_s).toDouble(), 2000.0);
        const QJsonArray causes = w3.value(u"causes"_s).toArray();
        QCOMPARE(causes.size(), 2);
        QCOMPARE(causes.at(0).toObject().value(u"id"_s).toString(), u"firewall_drop"_s);
        QVERIFY(causes.at(0).toObject().value(u"confidence"_s).toDouble()
            > causes.at(1).toObject().value(u"confidence"_s).toDouble());
        QCOMPARE(w3.value(u"wizard"_s).toArray().size(), 2);
        const QJsonObject day =
            w3.value(u"history"_s).toObject().value(u"availability"_s).toObject().value(u"24h"_s).toObject();
        QCOMPARE(day.value(u"server"_s).toDouble(), 1.0);
        QCOMPARE(day.value(u"local"_s).toDouble(), 0.875);

        const QJsonObject w2 = workerById(report, 2);
        QCOMPARE(w2.value(u"probe"_s).toObject().value(u"http"_s).toObject().value(u"status"_s).toInt(), 200);
        QCOMPARE(
            w2.value(u"probe"_s).toObject().value(u"timings_ms"_s).toObject().value(u"total"_s).toDouble(), 1800.0);
        QCOMPARE(w2.value(u"flapping"_s).toBool(), true);
        // A day at one point a minute, compacted: every state change kept, latency hourly.
        const QJsonArray timeline = w2.value(u"history"_s).toObject().value(u"timeline"_s).toArray();
        QVERIFY2(timeline.size() >= 24 && timeline.size() <= 30, qPrintable(QString::number(timeline.size())));
        QCOMPARE(timeline.first().toObject().value(u"server"_s).toString(), u"up"_s);
        QCOMPARE(timeline.last().toObject().value(u"server"_s).toString(), u"down"_s);
        QCOMPARE(timeline.last().toObject().value(u"local"_s).toString(), u"up"_s);

        QCOMPARE(workerById(report, 6).value(u"advertise_address"_s).toString(), u"172.17.0.2"_s);
        QVERIFY(workerById(report, 1).value(u"advertise_address"_s).isNull());
        QVERIFY(workerById(report, 12).value(u"probe"_s).isNull());
        QCOMPARE(workerById(report, 12).value(u"server_state"_s).toString(), u"<i>weird</i>"_s);

        // Every cause id of the vocabulary occurs, and the summary counts best causes.
        QSet<QString> seen;
        for (const QJsonValue &w : report.value(u"workers"_s).toArray()) {
            for (const QJsonValue &c : w.toObject().value(u"causes"_s).toArray())
                seen.insert(c.toObject().value(u"id"_s).toString());
        }
        for (CauseId id : allCauseIds())
            QVERIFY2(seen.contains(causeIdString(id)), qPrintable(causeIdString(id)));

        const QJsonObject summary = report.value(u"summary"_s).toObject();
        QCOMPARE(summary.value(u"workers"_s).toInt(), 12);
        const QJsonObject byVerdict = summary.value(u"by_verdict"_s).toObject();
        QCOMPARE(byVerdict.value(u"agree_up"_s).toInt(), 1);
        QCOMPARE(byVerdict.value(u"agree_down"_s).toInt(), 4);
        QCOMPARE(byVerdict.value(u"split_server_down"_s).toInt(), 3);
        QCOMPARE(byVerdict.value(u"split_local_down"_s).toInt(), 2);
        QCOMPARE(byVerdict.value(u"unknown"_s).toInt(), 2);
        QCOMPARE(summary.value(u"by_cause"_s).toObject().value(u"server_path_blocked"_s).toInt(), 2);
        QVERIFY(!summary.value(u"by_cause"_s).toObject().contains(u"clock_skew"_s));  // never the best cause here
    }

    void jsonKeepsHostileTextAsInertData()
    {
        const QByteArray json = renderReport(reportfixture::cluster(), ReportFormat::Json, Redactor());
        const QJsonObject w11 = workerById(parse(json), 11);
        QCOMPARE(w11.value(u"name"_s).toString(), reportfixture::scriptName());
        QCOMPARE(w11.value(u"labels"_s).toObject().value(u"owner"_s).toString(), reportfixture::htmlLabel());
        QCOMPARE(w11.value(u"worker_version"_s).toString(), reportfixture::shellName());
        // NUL and the right-to-left override are removed, the unpaired surrogate replaced.
        QCOMPARE(w11.value(u"labels"_s).toObject().value(u"broken"_s).toString(), u"nullone\uFFFDrtlgpj.exe"_s);
        QVERIFY(!json.contains("\\u0000"));
        QVERIFY(!json.contains("\xe2\x80\xae"));  // U+202E in UTF-8
        QVERIFY(QString::fromUtf8(json).toUtf8() == json);  // valid UTF-8 throughout
    }

    void markdownIsShapedForATicket()
    {
        const QString md =
            QString::fromUtf8(renderReport(reportfixture::cluster(), ReportFormat::Markdown, Redactor()));
        for (const QString &heading : {u"\n## Summary\n"_s, u"\n## Environment\n"_s, u"\n## Workers in trouble\n"_s,
                 u"\n## All workers\n"_s, u"\n### gpu-a-02 (id 2)\n"_s})
            QVERIFY2(md.contains(heading), qPrintable(heading));
        QVERIFY(md.contains(u"| GPUStack version | v2.2.3 |"_s));
        QVERIFY(md.contains(u"`split_local_down`"_s));
        QVERIFY(md.contains(u"`firewall_drop` (70 %)"_s));
        QVERIFY(md.contains(u"TCP connect failed: connection timed out after 2000.0 ms"_s));
        // The phase cells are words for the ticket's reader, not the JSON's ids.
        QVERIFY2(md.contains(u"| Probe phases | – | TCP connection timed out 2000.0 ms"_s), qPrintable(md.left(6000)));
        QVERIFY(!md.contains(u"timed_out"_s));
        QVERIFY2(md.contains(u"```sh\n   curl -sS --max-time 2 'http://gpu-a-03:10150/healthz'"_s),
            qPrintable(md.left(4000)));
        // Healthy workers are listed but not detailed.
        QVERIFY(!md.contains(u"### gpu-a-01"_s));
    }

    void markdownNeutralizesInjection()
    {
        const QString md =
            QString::fromUtf8(renderReport(reportfixture::cluster(), ReportFormat::Markdown, Redactor()));
        // Outside code fences (whose content every renderer shows literally).
        QString prose;
        {
            bool fenced = false;
            for (const QString &line : md.split(u'\n')) {
                if (line.trimmed().startsWith(u"```"_s)) {
                    fenced = !fenced;
                    continue;
                }
                if (!fenced)
                    prose += line + u'\n';
            }
            QVERIFY(!fenced);
        }
        for (const QString &bad : {u"<script"_s, u"<img"_s, u"<a href"_s, u"<i>"_s, u"<b>"_s, u"](javascript"_s,
                 u"](https://evil"_s, u"\n# heading"_s, u"\n# not a heading"_s, u"https://evil"_s})
            QVERIFY2(!prose.contains(bad, Qt::CaseInsensitive), qPrintable(bad));
        QVERIFY(md.contains(u"&lt;script&gt;alert\\(1\\)&lt;/script&gt;"_s));
        QVERIFY(!md.contains(QChar(0)));
        QVERIFY(!md.contains(QChar(char16_t(0x202E))));
        // Only our own raw HTML: <details>/<summary> around the settings and the footer's <sub>.
        static const QRegularExpression tag(u"<(/?)([a-zA-Z]+)"_s);
        auto it = tag.globalMatch(prose);
        while (it.hasNext()) {
            const QString name = it.next().captured(2).toLower();
            QVERIFY2(name == u"details"_s || name == u"summary"_s || name == u"sub"_s, qPrintable(name));
        }
        // Every table row has exactly its columns' pipes: a name cannot add a column.
        bool inFence = false;
        int columns = 0;
        for (const QString &line : md.split(u'\n')) {
            if (line.trimmed().startsWith(u"```"_s))
                inFence = !inFence;
            if (inFence || !line.startsWith(u"| "_s)) {
                columns = 0;
                continue;
            }
            if (columns == 0)
                columns = unescapedPipes(line);
            QVERIFY2(unescapedPipes(line) == columns, qPrintable(line));
        }
        // The command with backtick runs sits in a longer fence that it cannot close.
        QVERIFY(md.contains(u"`````sh\n"_s));
    }

    void htmlIsWellFormedAndInert()
    {
        const ReportInput in = reportfixture::cluster();
        const QByteArray html = renderReport(in, ReportFormat::Html, Redactor());
        QXmlStreamReader xml(html);
        int svgs = 0;
        int articles = 0;
        QString text;
        QStringList sectionIds;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                const QString name = xml.name().toString().toLower();
                QVERIFY2(!QStringList({u"script"_s, u"iframe"_s, u"object"_s, u"embed"_s, u"img"_s, u"link"_s,
                                          u"form"_s, u"foreignobject"_s})
                              .contains(name),
                    qPrintable(name));
                for (const QXmlStreamAttribute &a : xml.attributes()) {
                    QVERIFY2(!a.name().startsWith(u"on"_s, Qt::CaseInsensitive), qPrintable(a.name().toString()));
                    if (a.name() == u"href"_s)
                        QVERIFY2(a.value().startsWith(u'#'), qPrintable(a.value().toString()));
                    if (a.name() == u"style"_s)
                        QVERIFY2(!a.value().contains(u"url("_s), qPrintable(a.value().toString()));
                }
                svgs += name == u"svg"_s ? 1 : 0;
                articles += name == u"article"_s ? 1 : 0;
                if (name == u"section"_s)
                    sectionIds.append(xml.attributes().value(u"id"_s).toString());
            } else if (xml.isCharacters()) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + u" at line "_s + QString::number(xml.lineNumber())));
        QCOMPARE(sectionIds,
            (QStringList{u"summary"_s, u"environment"_s, u"cluster-availability"_s, u"trouble"_s, u"all-workers"_s}));
        int trouble = 0;
        for (const ReportWorker &w : in.workers)
            trouble += inTrouble(w) ? 1 : 0;
        QCOMPARE(articles, trouble);
        QCOMPARE(svgs, trouble + 2);  // a timeline per worker in trouble, the verdict bar, cluster availability
        // Hostile text is shown as text, exactly.
        QVERIFY(text.contains(reportfixture::scriptName()));
        QVERIFY(text.contains(reportfixture::htmlLabel()));
        QVERIFY(text.contains(u"<i>weird</i>"_s));
        QVERIFY(html.contains("default-src 'none'"));
        // Probe phases in words, as in the Markdown report.
        QVERIFY(text.contains(u"connection timed out"_s));
        QVERIFY(!text.contains(u"timed_out"_s));
    }

    void redactedHostsStayConsistentAcrossFormats()
    {
        Redactor r;
        r.setPseudonymizeHosts(true);
        const ReportInput in = reportfixture::cluster();
        const QJsonObject report = parse(renderReport(in, ReportFormat::Json, r));
        const QString md = QString::fromUtf8(renderReport(in, ReportFormat::Markdown, r));
        const QString html = QString::fromUtf8(renderReport(in, ReportFormat::Html, r));
        for (const QString &host : {u"10.20.0.13"_s, u"gpu-a-03"_s, u"corp.example.com"_s, u"ops-laptop"_s}) {
            QVERIFY2(!QJsonDocument(report).toJson().contains(host.toUtf8()), qPrintable(host));
            QVERIFY2(!md.contains(host), qPrintable(host));
            QVERIFY2(!html.contains(host), qPrintable(host));
        }
        const QJsonObject w3 = workerById(report, 3);
        const QString name = w3.value(u"name"_s).toString();
        const QString ip = w3.value(u"ip"_s).toString();
        QVERIFY2(name.startsWith(u"host-"_s), qPrintable(name));
        QVERIFY2(ip.startsWith(u"ip-"_s), qPrintable(ip));
        QCOMPARE(w3.value(u"probe"_s).toObject().value(u"host"_s).toString(), ip);
        // The same pseudonym in the evidence text and in the other formats.
        QVERIFY(w3.value(u"causes"_s)
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(u"evidence"_s)
                    .toString()
                    .contains(name + u":10150"_s));
        QVERIFY(md.contains(u"### "_s + name + u" (id 3)"_s));
        QVERIFY(html.contains(u"<h3>"_s + name + u" <span"_s));
        // Loopback-free bridge evidence stays readable: 172.17.0.2 is pseudonymized, a range would not be.
        QVERIFY(!workerById(report, 6).value(u"ip"_s).toString().contains(u"172.17"_s));
    }
};

QTEST_GUILESS_MAIN(TestReportWriters)
#include "tst_reportwriters.moc"

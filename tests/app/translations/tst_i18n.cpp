// What a person reading Chinese sees, produced by the real code paths under the zh_CN
// translator the applications install: every cause's title, evidence and fix, the wizard's
// steps, the report headings, and parallax-cli's help and errors (a real process, --lang).
// The .ts file can be complete while the window still shows English: that happened when
// the code asked the translator for contexts lupdate had filed the messages under.
#include "base/translations.h"
#include "base/trcontexts.h"
#include "causeinputs.h"
#include "diagnosis/wizardstep.h"
#include "report/report.h"
#include "report/reportinput.h"

#include <QCoreApplication>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include "../cjk.h"

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

// The cause each case is about, from diagnose() (not just whichever comes first).
std::optional<Cause> causeOf(const testinputs::CauseCase &c)
{
    for (const Cause &cause : diagnose(c.in))
        if (causeIdString(cause.id) == c.top)
            return cause;
    return std::nullopt;
}

QStringList headingLines(const QByteArray &markdown)
{
    QStringList out;
    for (const QString &line : QString::fromUtf8(markdown).split(u'\n'))
        if (line.startsWith(u'#'))
            out << line;
    return out;
}

ReportInput reportInput()
{
    ReportInput in;
    in.generatedAtMs = testinputs::kNow;
    in.server.url = QUrl(u"http://gpustack.lab:8080"_s);
    in.environment = currentEnvironment();
    return in;
}

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

CliRun cli(const QStringList &args, const QMap<QString, QString> &env = {})
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"LANG"_s, u"LANGUAGE"_s, u"LC_ALL"_s, u"LC_MESSAGES"_s})
        e.remove(name);
    e.insert(u"LANG"_s, u"C.UTF-8"_s);
    for (auto it = env.begin(); it != env.end(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), args);
    if (!p.waitForFinished(30'000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

class TestI18n : public QObject {
    Q_OBJECT

    QMap<QString, Cause> m_english;  // by cause id, made before any translator is installed
    QList<WizardStep> m_englishSteps;
    QStringList m_englishHeadings;

private Q_SLOTS:
    void initTestCase()
    {
        for (const testinputs::CauseCase &c : testinputs::causeCases()) {
            const std::optional<Cause> cause = causeOf(c);
            QVERIFY2(cause, qPrintable(c.row));
            m_english.insert(c.top, *cause);
        }
        WizardContext ctx;
        ctx.input = testinputs::input(testinputs::worker(), std::nullopt);
        m_englishSteps = wizardSteps(ctx);
        m_englishHeadings = headingLines(writeMarkdownReport(reportInput()));
        QVERIFY(m_englishHeadings.contains(u"## Summary"_s));

        installTranslations(*QCoreApplication::instance(), Language::SimplifiedChinese);
    }

    void everyCauseIdHasACase()
    {
        QSet<QString> expected;
        for (CauseId id : allCauseIds())
            expected.insert(causeIdString(id));
        QCOMPARE(expected.size(), 13);
        QCOMPARE(QSet<QString>(m_english.keyBegin(), m_english.keyEnd()), expected);
    }

    void everyCauseReadsInChinese_data()
    {
        QTest::addColumn<QString>("id");
        QSet<QString> seen;
        for (const testinputs::CauseCase &c : testinputs::causeCases())
            if (!seen.contains(c.top)) {
                seen.insert(c.top);
                QTest::newRow(qPrintable(c.top)) << c.top;
            }
    }

    void everyCauseReadsInChinese()
    {
        QFETCH(QString, id);
        const Cause english = m_english.value(id);
        std::optional<Cause> chinese;
        for (const testinputs::CauseCase &c : testinputs::causeCases())
            if (c.top == id && !chinese)
                chinese = causeOf(c);
        QVERIFY(chinese);
        const QList<std::pair<QString, QString>> texts{
            {english.title, chinese->title}, {english.evidence, chinese->evidence}, {english.fix, chinese->fix}};
        for (const auto &[en, zh] : texts) {
            QVERIFY2(hasChinese(zh), qPrintable(zh));
            QVERIFY2(zh != en, qPrintable(zh));
        }
    }

    void wizardStepsReadInChinese()
    {
        WizardContext ctx;
        ctx.input = testinputs::input(testinputs::worker(), std::nullopt);
        const QList<WizardStep> steps = wizardSteps(ctx);
        QCOMPARE(steps.size(), m_englishSteps.size());
        for (qsizetype i = 0; i < steps.size(); ++i) {
            QVERIFY2(
                hasChinese(steps[i].title) && steps[i].title != m_englishSteps[i].title, qPrintable(steps[i].title));
            QVERIFY2(hasChinese(steps[i].purpose), qPrintable(steps[i].purpose));
        }
    }

    void reportHeadingsReadInChinese()
    {
        const QStringList headings = headingLines(writeMarkdownReport(reportInput()));
        QCOMPARE(headings.size(), m_englishHeadings.size());
        for (qsizetype i = 0; i < headings.size(); ++i)
            QVERIFY2(hasChinese(headings[i]) && headings[i] != m_englishHeadings[i], qPrintable(headings[i]));
        const QString html = QString::fromUtf8(writeHtmlReport(reportInput()));
        QVERIFY(!html.contains(u"<h2>Summary</h2>"_s));
        QVERIFY2(html.contains(u"<h2>"_s + Report::tr("Summary") + u"</h2>"_s), qPrintable(html.left(2000)));
        QVERIFY(hasChinese(Report::tr("Summary")));
    }

    // The .qm the applications load answers every message of the .ts in its context: a
    // stale or partial .qm, or a context lost on the way, shows here as the message it drops.
    void compiledTranslationsAnswerEveryMessage()
    {
        QTranslator qm;
        QVERIFY(qm.load(u":/i18n/parallax_zh_CN.qm"_s));
        QFile ts(QStringLiteral(PARALLAX_SOURCE_DIR "/translations/parallax_zh_CN.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        QString context, source, comment;
        bool numerus = false;
        int messages = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isEndElement() && xml.name() == u"message"_s) {
                const QByteArray c = context.toUtf8(), s = source.toUtf8(), d = comment.toUtf8();
                const QString answer =
                    qm.translate(c.constData(), s.constData(), d.isEmpty() ? nullptr : d.constData(), numerus ? 2 : -1);
                QVERIFY2(!answer.isEmpty(), qPrintable(context + u": "_s + source));
                ++messages;
            } else if (xml.isStartElement() && xml.name() == u"name"_s) {
                context = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == u"message"_s) {
                numerus = xml.attributes().value(u"numerus"_s) == u"yes"_s;
                source.clear();
                comment.clear();
            } else if (xml.isStartElement() && xml.name() == u"source"_s) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == u"comment"_s) {
                comment = xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(messages > 900, QByteArray::number(messages).constData());
    }

    // parallax-cli as a person runs it: --lang chooses, otherwise LANG / LANGUAGE does.
    void cliHelpAndErrorsFollowLang()
    {
        const CliRun help = cli({u"check"_s, u"--lang"_s, u"zh_CN"_s, u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(hasChinese(help.out), qPrintable(help.out));
        QVERIFY2(!help.out.contains(u"Probe every worker"_s), qPrintable(help.out));

        const CliRun english = cli({u"--lang=en"_s, u"check"_s, u"--help"_s}, {{u"LANGUAGE"_s, u"zh_CN"_s}});
        QCOMPARE(english.exitCode, 0);
        QVERIFY2(english.out.contains(u"Probe every worker"_s), qPrintable(english.out));
        QVERIFY(!hasChinese(english.out));

        const CliRun unknown = cli({u"--lang"_s, u"zh_CN"_s, u"frobnicate"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(hasChinese(unknown.err) && unknown.err.contains(u"frobnicate"_s), qPrintable(unknown.err));

        // No --lang: the locale decides.
        const CliRun byLocale = cli({u"watch"_s}, {{u"LANG"_s, u"zh_CN.UTF-8"_s}, {u"LANGUAGE"_s, u"zh_CN"_s}});
        QCOMPARE(byLocale.exitCode, 2);
        QVERIFY2(hasChinese(byLocale.err), qPrintable(byLocale.err));

        const CliRun badLanguage = cli({u"--lang"_s, u"klingon"_s, u"check"_s});
        QCOMPARE(badLanguage.exitCode, 2);
        QVERIFY2(badLanguage.err.contains(u"klingon"_s), qPrintable(badLanguage.err));
    }
};

QTEST_GUILESS_MAIN(TestI18n)
#include "tst_i18n.moc"

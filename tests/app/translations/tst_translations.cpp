#include "base/translations.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// Counted words read right in every language: English gets its plural forms from
// parallax_en.ts ("1 worker", "3 workers", never "3 worker(s)"), Chinese from parallax_zh_CN.ts.
class TestTranslations : public QObject {
    Q_OBJECT

    static QString workers(int n) { return Report::tr("%n worker(s), %1 in trouble.", nullptr, n).arg(0); }

private Q_SLOTS:
    void englishPlurals()
    {
        installTranslations(*QCoreApplication::instance(), Language::English);
        QCOMPARE(workers(1), u"1 worker, 0 in trouble."_s);
        QCOMPARE(workers(3), u"3 workers, 0 in trouble."_s);
        QCOMPARE(QCoreApplication::translate(
                     "parallax::IncidentNotifier", "%n workers unreachable in cluster %1", nullptr, 1)
                     .arg(u"prod"_s),
            u"1 worker unreachable in cluster prod"_s);
    }

    void chineseWinsOverTheEnglishPlurals()
    {
        installTranslations(*QCoreApplication::instance(), Language::SimplifiedChinese);
        const QString text = workers(3);
        QVERIFY2(!text.contains(u"worker"_s), qPrintable(text));
        QVERIFY(text.contains(u'3'));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

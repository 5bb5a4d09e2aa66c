#include "report/pdfreport.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace parallax;

// The PDF export: the report's inline SVG charts become pictures (QTextDocument would print
// their text as a jumble), styled by the report's own CSS.
class TestPdfReport : public QObject {
    Q_OBJECT

    static QString report()
    {
        return QString::fromUtf8(
            "<!DOCTYPE html><html><head><style>\n"
            "body{font:14px sans-serif}.chart{display:block}.chart .label{font-size:12px;fill:#1f2328}\n"
            "</style></head><body><h1>Parallax report</h1><p>before</p>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 40\" width=\"100%\" class=\"chart\"><title>Timeline of both views for w1</title>\n"
            "<rect x=\"0\" y=\"0\" width=\"100\" height=\"40\" fill=\"#d64545\"/><text x=\"150\" y=\"20\" class=\"label\">Server</text></svg>\n"
            "<p>between</p><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 20\" class=\"chart\"><rect width=\"100\" height=\"20\" fill=\"#3a9d5d\"/></svg>\n"
            "<p>after</p></body></html>\n");
    }

private Q_SLOTS:
    void chartsBecomePictures()
    {
        QTextDocument doc;
        QCOMPARE(loadReportHtml(doc, report()), 2);
        const QString text = doc.toPlainText();
        QVERIFY(text.contains(u"before"_s) && text.contains(u"between"_s) && text.contains(u"after"_s));
        QVERIFY2(!text.contains(u"Timeline of both views"_s), qPrintable(text));  // no SVG text dumped
        const QImage first = doc.resource(QTextDocument::ImageResource, QUrl(u"chart:0"_s)).value<QImage>();
        QCOMPARE(first.size(), QSize(400, 80));  // drawn at twice the view box
        QCOMPARE(QColor(first.pixel(20, 40)), QColor(u"#d64545"_s));  // the red band
        QCOMPARE(QColor(first.pixel(390, 5)), QColor(Qt::white));  // outside it
        const QImage second = doc.resource(QTextDocument::ImageResource, QUrl(u"chart:1"_s)).value<QImage>();
        QCOMPARE(QColor(second.pixel(10, 10)), QColor(u"#3a9d5d"_s));
    }

    void writesAWholePdfOrNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.pdf"_s);
        QVERIFY(writePdfReport(path, report(), u"t"_s));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.contains("/Subtype /Image"));  // the charts are pictures in the PDF
        QVERIFY(!writePdfReport(dir.filePath(u"missing/r.pdf"_s), report(), u"t"_s));
        QVERIFY(!QFile::exists(dir.filePath(u"missing/r.pdf"_s)));
    }
};

QTEST_MAIN(TestPdfReport)
#include "tst_pdfreport.moc"

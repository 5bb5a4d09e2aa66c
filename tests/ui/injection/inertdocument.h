#pragma once

// Lays rich text or Markdown out in a QTextDocument that records every resource it is asked
// to load, and lists the images and links it would show (issue 9, injection tests).

#include <QAbstractTextDocumentLayout>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

class RecordingDocument : public QTextDocument {
public:
    QList<QUrl> loads;

protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        loads.append(name);
        return QTextDocument::loadResource(type, name);
    }
};

// What a document would show, and whether anything active came with it.
struct Inspection {
    QList<QUrl> loads;
    QStringList images;
    QStringList links;
    QString plain;
};

Inspection inspect(QTextDocument &doc, const QList<QUrl> *loads)
{
    Inspection out;
    (void)doc.size();  // lays it out: images and CSS backgrounds are fetched now, if ever
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (f.isImageFormat())
                out.images.append(f.toImageFormat().name());
            if (f.isAnchor() && !f.anchorHref().isEmpty() && !f.anchorHref().startsWith(u'#'))
                out.links.append(f.anchorHref());
        }
    }
    if (loads)
        out.loads = *loads;
    out.plain = doc.toPlainText();
    return out;
}

Inspection inspectHtml(const QString &html)
{
    RecordingDocument doc;
    doc.setHtml(html);
    return inspect(doc, &doc.loads);
}

Inspection inspectMarkdown(const QString &markdown)
{
    RecordingDocument doc;
    doc.setMarkdown(markdown);
    return inspect(doc, &doc.loads);
}

#define EXPECT_INERT(inspection, where)                                                                                \
    do {                                                                                                               \
        const Inspection &i_ = (inspection);                                                                           \
        QVERIFY2(i_.loads.isEmpty(), qPrintable((where) + u": loads "_s + i_.loads.value(0).toString()));              \
        QVERIFY2(i_.images.isEmpty(), qPrintable((where) + u": image "_s + i_.images.value(0)));                       \
        QVERIFY2(i_.links.isEmpty(), qPrintable((where) + u": link "_s + i_.links.value(0)));                          \
    } while (false)

}  // namespace

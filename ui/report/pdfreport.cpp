#include "pdfreport.h"

#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// ".chart .label{…}" rules of the report's stylesheet, as ".label{…}" for a standalone SVG.
QString chartStyle(const QString &html)
{
    static const QRegularExpression rule(u"\\.chart\\s+([^{}]+)\\{([^}]*)\\}"_s);
    QString css;
    for (auto it = rule.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QString selectors = m.captured(1);
        selectors.replace(u".chart "_s, QString());
        css += selectors + u'{' + m.captured(2) + u'}';
    }
    return css + u"text{font-family:'Noto Sans','Noto Sans CJK SC',sans-serif}"_s;
}

}  // namespace

int loadReportHtml(QTextDocument &doc, const QString &html)
{
    static const QRegularExpression svgElement(
        u"<svg\\b[^>]*>.*?</svg>"_s, QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression openTag(u"^<svg\\b[^>]*>"_s);
    const QString style = u"<style>"_s + chartStyle(html) + u"</style>"_s;
    QString out;
    out.reserve(html.size());
    qsizetype last = 0;
    int charts = 0;
    for (auto it = svgElement.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(html).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        QString svg = m.captured();
        const QRegularExpressionMatch open = openTag.match(svg);
        svg.insert(open.capturedEnd(), style);
        QSvgRenderer renderer(svg.toUtf8());
        if (!renderer.isValid())
            continue;  // an undrawable chart is left out rather than dumped as text
        const QSizeF box = renderer.viewBoxF().size();
        const double scale = 2.0;  // crisp when printed
        QImage image((box * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter);
        painter.end();
        const QString name = u"chart:%1"_s.arg(charts++);
        doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
        out += u"<p><img src=\"%1\" width=\"%2\" height=\"%3\"></p>"_s.arg(name)
                   .arg(int(box.width() * 0.85))
                   .arg(int(box.height() * 0.85));
    }
    out += QStringView(html).mid(last);
    doc.setHtml(out);
    return charts;
}

bool writePdfReport(const QString &path, const QString &html, const QString &title)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    {
        QPdfWriter pdf(&file);
        pdf.setTitle(title);
        pdf.setCreator(u"Parallax"_s);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        QTextDocument doc;
        loadReportHtml(doc, html);
        doc.print(&pdf);
    }
    return file.commit();
}

}  // namespace parallax

#pragma once

#include <QString>

class QTextDocument;

namespace parallax {

// Loads the HTML report into a QTextDocument, the way Qt's rich-text engine can lay it out:
// QTextDocument knows no inline SVG, so each chart is drawn by QtSvg into an image resource
// first (styled by the report's own ".chart …" CSS rules) and the <svg> becomes an <img>.
// Returns how many charts were drawn.
int loadReportHtml(QTextDocument &doc, const QString &html);

// The same content as the browser report, as an A4 PDF, without a browser. Written through a
// QSaveFile: an existing file is replaced whole or not at all. False when it cannot be written.
bool writePdfReport(const QString &path, const QString &html, const QString &title);

}  // namespace parallax

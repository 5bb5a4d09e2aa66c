#pragma once

#include <QStyledItemDelegate>

class QFontMetrics;

namespace parallax {

// A cell whose text may take two lines when its row is two lines high (a narrow window: the
// likely cause beside the verdict at 200 %), and reads on one line, elided, otherwise. Its
// size hint stays the one-line width, so columns still ask for the whole sentence when there
// is room.
class TwoLineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Whether `text` reads whole in two lines of `width` pixels of text.
    static bool fitsTwoLines(const QFontMetrics &fm, const QString &text, int width);
    // The text width inside a cell of `cellWidth` (the style's margins taken off).
    static int textWidth(const QStyleOptionViewItem &option, int cellWidth);
};

}  // namespace parallax

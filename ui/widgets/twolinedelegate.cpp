#include "twolinedelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>

namespace parallax {

bool TwoLineDelegate::fitsTwoLines(const QFontMetrics &fm, const QString &text, int width)
{
    if (width <= 0)
        return false;
    const QRect bound = fm.boundingRect(QRect(0, 0, width, 10 * fm.height()), Qt::TextWordWrap, text);
    return bound.width() <= width && bound.height() <= 2 * fm.height();
}

int TwoLineDelegate::textWidth(const QStyleOptionViewItem &option, int cellWidth)
{
    const QWidget *widget = option.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    return cellWidth - 2 * margin;
}

void TwoLineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const bool twoLinesHigh = opt.rect.height() >= 2 * opt.fontMetrics.height();
    if (twoLinesHigh && opt.fontMetrics.horizontalAdvance(opt.text) > textWidth(opt, opt.rect.width())
        && fitsTwoLines(opt.fontMetrics, opt.text, textWidth(opt, opt.rect.width())))
        opt.features |= QStyleOptionViewItem::WrapText;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

}  // namespace parallax

#include "badgedelegate.h"

#include "models/workertablemodel.h"

#include <QApplication>
#include <QPainter>

namespace parallax {

void BadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant color = index.data(WorkerTableModel::BadgeColorRole);
    if (!color.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QColor c = color.value<QColor>();
    const QFontMetrics fm(opt.font);
    const int h = fm.height() + 2;
    const int dot = fm.height() / 2;
    const int w = qMin(opt.rect.width() - 6, fm.horizontalAdvance(text) + dot + 24);
    const QRect pill(opt.rect.left() + 3, opt.rect.center().y() - h / 2, w, h);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = c;
    fill.setAlpha(46);
    painter->setPen(QPen(c, 1));
    painter->setBrush(fill);
    painter->drawRoundedRect(QRectF(pill).adjusted(0.5, 0.5, -0.5, -0.5), h / 2.0, h / 2.0);
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->drawEllipse(QRect(pill.left() + 6, pill.center().y() - dot / 2, dot, dot));
    painter->setFont(opt.font);
    painter->setPen(opt.state & QStyle::State_Selected ? opt.palette.color(QPalette::HighlightedText)
                                                       : opt.palette.color(QPalette::Text));
    const QRect textRect = pill.adjusted(dot + 10, 0, -6, 0);
    painter->drawText(
        textRect, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize BadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.rwidth() += option.fontMetrics.height() + 16;
    return s;
}

}  // namespace parallax

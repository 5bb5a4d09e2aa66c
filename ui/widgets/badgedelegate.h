#pragma once

#include <QStyledItemDelegate>

namespace parallax {

// Paints a cell as a coloured badge (a tinted pill with a dot), the way GPUStack's web UI
// shows worker status. The colour comes from WorkerTableModel::BadgeColorRole.
class BadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

}  // namespace parallax

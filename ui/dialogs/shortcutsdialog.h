#pragma once

#include <QDialog>

namespace parallax {

// Help → Keyboard shortcuts: every action that has one, read from the actions themselves
// so the list never drifts from what the keys do.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

}  // namespace parallax

#pragma once

#include <QMainWindow>

namespace parallax {

// Composes the panes and actions of the main window. It holds no decisions of its own.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

}  // namespace parallax

#include "mainwindow.h"

#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Parallax"));
    setWindowIcon(QIcon(u":/icons/parallax.svg"_s));

    auto *empty = new QLabel(tr("No cluster connected yet.\nUse File → Connect to add a GPUStack server, or start with --demo."), this);
    empty->setObjectName(u"emptyState"_s);
    empty->setAlignment(Qt::AlignCenter);
    setCentralWidget(empty);

    auto *file = menuBar()->addMenu(tr("&File"));
    auto *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    statusBar()->showMessage(tr("Ready"));
    resize(1200, 760);
}

}  // namespace parallax

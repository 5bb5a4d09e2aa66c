#include "scrollingcontent.h"

#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

QScrollArea *scrollingContent(QWidget *content, const QWidget *dialog)
{
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    // A scroll area's own hint is smaller than its content: ask for the content's size, within
    // three quarters of the screen (the title bar and the buttons take the rest).
    const QSize wanted = content->sizeHint();
    const QScreen *screen = dialog->screen();
    const int screenHeight = screen ? screen->availableGeometry().height() : wanted.height();
    scroll->setMinimumWidth(wanted.width() + scroll->verticalScrollBar()->sizeHint().width());
    scroll->setMinimumHeight(std::min(wanted.height(), screenHeight * 3 / 4));
    return scroll;
}

}  // namespace parallax

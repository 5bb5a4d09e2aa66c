#pragma once

class QScrollArea;
class QWidget;

namespace parallax {

// A dialog's content (everything but its buttons) in a scroll area: as tall as the content
// where the screen allows, scrolling on a short screen (a laptop at 200 %), so the lower rows
// and the OK / Connect buttons below it stay reachable. At 100 % there is no scroll bar.
QScrollArea *scrollingContent(QWidget *content, const QWidget *dialog);

}  // namespace parallax

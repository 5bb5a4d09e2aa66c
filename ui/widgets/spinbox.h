#pragma once

#include <QString>

class QSpinBox;
class QWidget;

namespace parallax {

// A spin box for a settings form: its range, a unit suffix (" s", " ms") and the object name
// tests and the accessibility tree find it by.
QSpinBox *makeSpinBox(QWidget *parent, int min, int max, const QString &suffix, const QString &objectName);

}  // namespace parallax

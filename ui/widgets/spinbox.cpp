#include "spinbox.h"

#include <QSpinBox>

namespace parallax {

QSpinBox *makeSpinBox(QWidget *parent, int min, int max, const QString &suffix, const QString &objectName)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setObjectName(objectName);
    return s;
}

}  // namespace parallax

#include "messagebanner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace parallax {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QToolButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(u"messageBanner"_s);
    setAccessibleName(tr("Message"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setObjectName(u"messageBannerText"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);  // messages may quote server text
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setVisible(false);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hideMessage();
        Q_EMIT closed();
    });
    connect(m_action, &QToolButton::clicked, this, [this] {
        if (m_callback)
            m_callback();
    });
    hide();
}

void MessageBanner::showMessage(const QString &text, Kind kind)
{
    m_kind = kind;
    m_text->setText(text);
    m_action->setVisible(false);
    m_callback = nullptr;
    applyKind();
    show();
}

void MessageBanner::setAction(const QString &label, const std::function<void()> &action)
{
    m_action->setText(label);
    m_callback = action;
    m_action->setVisible(true);
}

void MessageBanner::hideMessage()
{
    hide();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::applyKind()
{
    QColor tint;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (m_kind) {
    case Kind::Error:
        tint = QColor(0xff, 0x4d, 0x4f);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case Kind::Warning:
        tint = QColor(0xfa, 0x8c, 0x16);
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Kind::Information: tint = QColor(0x16, 0x77, 0xff); break;
    case Kind::Positive: tint = QColor(0x52, 0xc4, 0x1a); break;
    }
    // A tint of the system palette, so the banner reads in light and dark themes.
    QPalette pal = parentWidget() ? parentWidget()->palette() : palette();
    const QColor base = pal.color(QPalette::Window);
    const QColor mixed = QColor::fromRgbF(base.redF() * 0.8 + tint.redF() * 0.2,
        base.greenF() * 0.8 + tint.greenF() * 0.2, base.blueF() * 0.8 + tint.blueF() * 0.2);
    pal.setColor(QPalette::Window, mixed);
    setPalette(pal);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
}

}  // namespace parallax

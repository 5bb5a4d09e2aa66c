#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QToolButton;

namespace parallax {

// An inline message above the content (after KeePassXC's MessageWidget): recoverable
// problems are said here, in words a person can act on, instead of in a modal box.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Information, Positive };
    Q_ENUM(Kind)

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind);
    // Adds one button ("Retry", "Open settings") to the current message.
    void setAction(const QString &label, const std::function<void()> &action);
    void hideMessage();
    QString text() const;
    Kind kind() const { return m_kind; }

Q_SIGNALS:
    void closed();

private:
    void applyKind();

    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_action;
    QToolButton *m_close;
    std::function<void()> m_callback;
    Kind m_kind = Kind::Information;
};

}  // namespace parallax

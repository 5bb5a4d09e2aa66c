#include "traynotifier.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace parallax {

TrayNotifier::TrayNotifier(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_tray(new QSystemTrayIcon(QIcon(u":/icons/parallax.svg"_s), this))
    , m_menu(new QMenu(window))
    , m_quiet(new QAction(tr("&Quiet mode"), this))
{
    m_tray->setToolTip(tr("Parallax"));
    auto *toggle = m_menu->addAction(tr("&Show or hide Parallax"));
    m_quiet->setCheckable(true);
    m_menu->addAction(m_quiet);
    m_menu->addSeparator();
    auto *quit = m_menu->addAction(tr("&Quit"));
    m_tray->setContextMenu(m_menu);
    connect(toggle, &QAction::triggered, this, &TrayNotifier::toggleWindowRequested);
    connect(quit, &QAction::triggered, this, &TrayNotifier::quitRequested);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT toggleWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (!m_last.workerIds.isEmpty())
            Q_EMIT openWorker(m_last.cluster, m_last.workerIds.constFirst());
    });
    if (isAvailable())
        m_tray->show();
}

QString TrayNotifier::bubbleText(const QString &text)
{
    QString out = text;
    out.replace(u'<', QChar(0x2039)).replace(u'>', QChar(0x203A));
    return out;
}

bool TrayNotifier::isAvailable() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayNotifier::show(const IncidentNotice &notice)
{
    if (!m_enabled)
        return;
    m_last = notice;
    if (isAvailable() && m_tray->isVisible()) {
        const auto icon =
            notice.kind == IncidentNotice::Kind::Recovery ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning;
        m_tray->showMessage(bubbleText(notice.title), bubbleText(notice.body), icon, 10000);
    }
    Q_EMIT noticeShown(notice);
}

}  // namespace parallax

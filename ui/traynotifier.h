#pragma once

#include "monitor/incidentnotifier.h"

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace parallax {

// Shows IncidentNotifier's decisions in the system tray. It decides nothing itself: what is
// announced, grouped or suppressed is IncidentNotifier's business (testable headless).
class TrayNotifier : public QObject {
    Q_OBJECT
public:
    explicit TrayNotifier(QWidget *window, QObject *parent = nullptr);

    bool isAvailable() const;
    // Text for a bubble: freedesktop notification servers with "body-markup" (GNOME, Plasma,
    // dunst) interpret <b>, <a href>, <img> in the body, and Qt passes it on unescaped; worker
    // names are the server's, so '<' and '>' become ‹ ›, which no server reads as markup.
    static QString bubbleText(const QString &text);
    void setEnabled(bool enabled) { m_enabled = enabled; }
    void show(const IncidentNotice &notice);
    // The notice a click on the last bubble opens.
    const IncidentNotice &lastNotice() const { return m_last; }
    QSystemTrayIcon *icon() const { return m_tray; }
    QAction *quietAction() const { return m_quiet; }

Q_SIGNALS:
    void openWorker(const QString &cluster, qint64 workerId);
    void toggleWindowRequested();
    void quitRequested();
    // Every notice shown (or that would have been, without a tray): the window mirrors it.
    void noticeShown(const parallax::IncidentNotice &notice);

private:
    QWidget *m_window;
    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    QAction *m_quiet;
    IncidentNotice m_last;
    bool m_enabled = true;
};

}  // namespace parallax

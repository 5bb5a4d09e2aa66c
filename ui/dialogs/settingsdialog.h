#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace parallax {

// What the settings dialog edits. Stored in QSettings under the keys named in
// settingsdialog.cpp (until core/settings declares typed settings for them).
struct Preferences {
    int probeIntervalS = 15;  // GPUStack's WorkerSyncer sleeps 15 s between cycles
    int probeTimeoutMs = 2000;  // the server's own health-check limit is 2 s
    int failuresToDown = 3;
    int successesToUp = 2;
    int probeConcurrency = 64;
    int rawRetentionHours = 48;
    int rollupRetentionDays = 90;
    QString language = QStringLiteral("system");  // "system" | "en" | "zh_CN"
    bool notifications = true;
    bool quiet = false;
    bool startMinimized = false;

    static Preferences load();
    void save() const;
    bool operator==(const Preferences &) const = default;
};

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const Preferences &prefs, QWidget *parent = nullptr);
    Preferences preferences() const;

private:
    QSpinBox *m_interval;
    QSpinBox *m_timeout;
    QSpinBox *m_failures;
    QSpinBox *m_successes;
    QSpinBox *m_concurrency;
    QSpinBox *m_rawRetention;
    QSpinBox *m_rollupRetention;
    QComboBox *m_language;
    QCheckBox *m_notifications;
    QCheckBox *m_quiet;
    QCheckBox *m_startMinimized;
};

}  // namespace parallax

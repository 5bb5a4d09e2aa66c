#pragma once

#include "probe/probetuning.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace parallax {

class ProbeTuningEditor;

// What the settings dialog edits. Stored in QSettings under the keys named in
// settingsdialog.cpp (until core/settings declares typed settings for them).
struct Preferences {
    ProbeTuning probe;  // the defaults; a server profile may carry its own
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
    ProbeTuningEditor *m_probe;
    QSpinBox *m_rawRetention;
    QSpinBox *m_rollupRetention;
    QComboBox *m_language;
    QCheckBox *m_notifications;
    QCheckBox *m_quiet;
    QCheckBox *m_startMinimized;
};

}  // namespace parallax

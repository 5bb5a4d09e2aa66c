#pragma once

#include "probe/probetuning.h"

#include <QDialog>

#include <optional>

namespace parallax {

class ProbeTuningEditor;

// Probe settings for one open cluster: its own values, or the defaults from Settings. A cluster
// across a slow VPN wants a longer timeout than the one on the next desk; a change applies at
// once, without reconnecting.
class ProbeSettingsDialog : public QDialog {
    Q_OBJECT
public:
    ProbeSettingsDialog(const QString &clusterName, const ProbeTuning &defaults,
        const std::optional<ProbeTuning> &current, QWidget *parent = nullptr);

    // Empty when the defaults apply.
    std::optional<ProbeTuning> tuning() const;
    ProbeTuningEditor *editor() const { return m_editor; }

private:
    ProbeTuningEditor *m_editor;
};

}  // namespace parallax

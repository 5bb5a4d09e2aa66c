#pragma once

#include "probe/probetuning.h"

#include <QGroupBox>

#include <optional>

class QCheckBox;
class QSpinBox;

namespace parallax {

// The five probe values a person sets (interval, timeout, thresholds, concurrency), as one
// group box. In Settings it edits the defaults; in a server profile it may say "use the
// defaults" (Mode::Overridable), and then the values shown are the defaults, greyed out.
class ProbeTuningEditor : public QGroupBox {
    Q_OBJECT
public:
    enum class Mode { Defaults, Overridable };

    ProbeTuningEditor(Mode mode, QWidget *parent = nullptr);

    // What "use the defaults" shows (Overridable only).
    void setDefaults(const ProbeTuning &defaults);
    void setTuning(const std::optional<ProbeTuning> &tuning);
    // Empty when the defaults apply (Overridable with the box ticked).
    std::optional<ProbeTuning> tuning() const;

private:
    void display(const ProbeTuning &t);
    void updateEnabled();

    Mode m_mode;
    ProbeTuning m_defaults;
    QCheckBox *m_useDefaults = nullptr;
    QSpinBox *m_interval;
    QSpinBox *m_timeout;
    QSpinBox *m_failures;
    QSpinBox *m_successes;
    QSpinBox *m_concurrency;
};

}  // namespace parallax

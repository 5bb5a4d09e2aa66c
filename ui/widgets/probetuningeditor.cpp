#include "probetuningeditor.h"
#include "spinbox.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace parallax {

ProbeTuningEditor::ProbeTuningEditor(Mode mode, QWidget *parent)
    : QGroupBox(mode == Mode::Defaults ? tr("Probes") : tr("Probes for this server"), parent)
    , m_mode(mode)
    , m_interval(makeSpinBox(this, 2, 3600, tr(" s"), u"probeInterval"_s))
    , m_timeout(makeSpinBox(this, 100, 60000, tr(" ms"), u"probeTimeout"_s))
    , m_failures(makeSpinBox(this, 1, 20, {}, u"failuresToDown"_s))
    , m_successes(makeSpinBox(this, 1, 20, {}, u"successesToUp"_s))
    , m_concurrency(makeSpinBox(this, 1, 4096, {}, u"probeConcurrency"_s))
{
    setObjectName(mode == Mode::Defaults ? u"probeDefaults"_s : u"probeTuning"_s);
    m_timeout->setSingleStep(500);
    auto *form = new QFormLayout(this);
    if (mode == Mode::Overridable) {
        m_useDefaults = new QCheckBox(tr("Use the &defaults from Settings"), this);
        m_useDefaults->setObjectName(u"useProbeDefaults"_s);
        m_useDefaults->setChecked(true);
        connect(m_useDefaults, &QCheckBox::toggled, this, [this](bool useDefaults) {
            if (useDefaults)
                display(m_defaults);
            updateEnabled();
        });
        form->addRow(m_useDefaults);
    }
    form->addRow(tr("Probe &every:"), m_interval);
    form->addRow(tr("&Give up after:"), m_timeout);
    form->addRow(tr("&Failures before “down”:"), m_failures);
    form->addRow(tr("&Successes before “up”:"), m_successes);
    form->addRow(tr("Probes at &once:"), m_concurrency);
    auto *note = new QLabel(
        tr("GPUStack's server waits 2 s per health check and retries for 20 s before it marks a worker unreachable."),
        this);
    note->setWordWrap(true);
    form->addRow(note);
    display(m_defaults);
    updateEnabled();
}

void ProbeTuningEditor::setDefaults(const ProbeTuning &defaults)
{
    m_defaults = defaults;
    if (m_useDefaults && m_useDefaults->isChecked())
        display(defaults);
}

void ProbeTuningEditor::setTuning(const std::optional<ProbeTuning> &tuning)
{
    if (m_useDefaults)
        m_useDefaults->setChecked(!tuning.has_value());
    display(tuning.value_or(m_defaults));
    updateEnabled();
}

std::optional<ProbeTuning> ProbeTuningEditor::tuning() const
{
    if (m_useDefaults && m_useDefaults->isChecked())
        return std::nullopt;
    ProbeTuning t;
    t.intervalS = m_interval->value();
    t.timeoutMs = m_timeout->value();
    t.failuresToDown = m_failures->value();
    t.successesToUp = m_successes->value();
    t.concurrency = m_concurrency->value();
    return t;
}

void ProbeTuningEditor::display(const ProbeTuning &t)
{
    m_interval->setValue(t.intervalS);
    m_timeout->setValue(t.timeoutMs);
    m_failures->setValue(t.failuresToDown);
    m_successes->setValue(t.successesToUp);
    m_concurrency->setValue(t.concurrency);
}

void ProbeTuningEditor::updateEnabled()
{
    const bool editable = !m_useDefaults || !m_useDefaults->isChecked();
    for (QSpinBox *s : {m_interval, m_timeout, m_failures, m_successes, m_concurrency})
        s->setEnabled(editable);
}

}  // namespace parallax

#include "probesettingsdialog.h"

#include "widgets/probetuningeditor.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

ProbeSettingsDialog::ProbeSettingsDialog(
    const QString &clusterName, const ProbeTuning &defaults, const std::optional<ProbeTuning> &current, QWidget *parent)
    : QDialog(parent)
    , m_editor(new ProbeTuningEditor(ProbeTuningEditor::Mode::Overridable, this))
{
    setObjectName(u"probeSettingsDialog"_s);
    setWindowTitle(tr("Probe settings for %1").arg(clusterName));
    m_editor->setDefaults(defaults);
    m_editor->setTuning(current);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

std::optional<ProbeTuning> ProbeSettingsDialog::tuning() const
{
    return m_editor->tuning();
}

}  // namespace parallax

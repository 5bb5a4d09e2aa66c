#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace parallax {

ExportChoice ExportChoice::load()
{
    QSettings s;
    ExportChoice c;
    c.format = Format(qBound(0, s.value(u"export/format"_s, int(c.format)).toInt(), int(Format::Pdf)));
    c.workers = Workers(qBound(0, s.value(u"export/workers"_s, int(c.workers)).toInt(), int(Workers::Selected)));
    c.rangeHours = s.value(u"export/rangeHours"_s, c.rangeHours).toInt();
    c.includeWizard = s.value(u"export/includeWizard"_s, c.includeWizard).toBool();
    c.redactHosts = s.value(u"export/redactHosts"_s, c.redactHosts).toBool();
    return c;
}

void ExportChoice::save() const
{
    QSettings s;
    s.setValue(u"export/format"_s, int(format));
    s.setValue(u"export/workers"_s, int(workers));
    s.setValue(u"export/rangeHours"_s, rangeHours);
    s.setValue(u"export/includeWizard"_s, includeWizard);
    s.setValue(u"export/redactHosts"_s, redactHosts);
}

QString ExportChoice::suffix() const
{
    switch (format) {
    case Format::Html: return u"html"_s;
    case Format::Markdown: return u"md"_s;
    case Format::Json: return u"json"_s;
    case Format::Pdf: return u"pdf"_s;
    }
    return u"html"_s;
}

ExportDialog::ExportDialog(const ExportChoice &choice, bool haveSelection, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(tr("Export diagnostic report"));
    auto *form = new QFormLayout(this);

    m_format = new QComboBox(this);
    m_format->setObjectName(u"exportFormat"_s);
    m_format->addItem(tr("HTML (self-contained, with charts)"), int(ExportChoice::Format::Html));
    m_format->addItem(tr("Markdown (for a ticket or a GitHub issue)"), int(ExportChoice::Format::Markdown));
    m_format->addItem(tr("JSON (parallax.report/1, for scripts)"), int(ExportChoice::Format::Json));
    m_format->addItem(tr("PDF"), int(ExportChoice::Format::Pdf));
    m_format->setCurrentIndex(m_format->findData(int(choice.format)));
    form->addRow(tr("&Format:"), m_format);

    m_workers = new QComboBox(this);
    m_workers->setObjectName(u"exportWorkers"_s);
    m_workers->addItem(tr("Workers in trouble"), int(ExportChoice::Workers::InTrouble));
    m_workers->addItem(tr("All workers"), int(ExportChoice::Workers::All));
    if (haveSelection)
        m_workers->addItem(tr("The selected worker"), int(ExportChoice::Workers::Selected));
    const int w = m_workers->findData(int(choice.workers));
    m_workers->setCurrentIndex(w < 0 ? 0 : w);
    form->addRow(tr("&Workers:"), m_workers);

    m_range = new QComboBox(this);
    m_range->setObjectName(u"exportRange"_s);
    for (int hours : {1, 6, 24, 24 * 7})
        m_range->addItem(hours < 24 ? tr("Last %n hour(s)", nullptr, hours) : tr("Last %n day(s)", nullptr, hours / 24), hours);
    const int r = m_range->findData(choice.rangeHours);
    m_range->setCurrentIndex(r < 0 ? 2 : r);
    form->addRow(tr("&History:"), m_range);

    m_wizard = new QCheckBox(tr("Include the troubleshooting wizard's findings"), this);
    m_wizard->setChecked(choice.includeWizard);
    form->addRow(m_wizard);
    m_redact = new QCheckBox(tr("Replace host names and addresses with pseudonyms (for sharing outside the company)"), this);
    m_redact->setObjectName(u"exportRedactHosts"_s);
    m_redact->setChecked(choice.redactHosts);
    form->addRow(m_redact);

    auto *note = new QLabel(tr("API keys, passwords, cookies and tokens are always removed."), this);
    note->setWordWrap(true);
    form->addRow(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

ExportChoice ExportDialog::choice() const
{
    ExportChoice c;
    c.format = ExportChoice::Format(m_format->currentData().toInt());
    c.workers = ExportChoice::Workers(m_workers->currentData().toInt());
    c.rangeHours = m_range->currentData().toInt();
    c.includeWizard = m_wizard->isChecked();
    c.redactHosts = m_redact->isChecked();
    return c;
}

}  // namespace parallax

#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolButton>

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
    c.folder = s.value(u"export/folder"_s).toString();
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
    s.setValue(u"export/folder"_s, folder);
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

ExportDialog::ExportDialog(const ExportChoice &choice, bool haveSelection, const QString &baseName, QWidget *parent)
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
    m_range->addItem(tr("Last hour"), 1);
    m_range->addItem(tr("Last 6 hours"), 6);
    m_range->addItem(tr("Last 24 hours"), 24);
    m_range->addItem(tr("Last 7 days"), 24 * 7);
    const int r = m_range->findData(choice.rangeHours);
    m_range->setCurrentIndex(r < 0 ? 2 : r);
    form->addRow(tr("&History:"), m_range);

    m_wizard = new QCheckBox(tr("Include the troubleshooting wizard's findings"), this);
    m_wizard->setChecked(choice.includeWizard);
    form->addRow(m_wizard);
    m_redact =
        new QCheckBox(tr("Replace host names and addresses with pseudonyms (for sharing outside the company)"), this);
    m_redact->setObjectName(u"exportRedactHosts"_s);
    m_redact->setChecked(choice.redactHosts);
    form->addRow(m_redact);

    m_path = new QLineEdit(this);
    m_path->setObjectName(u"exportPath"_s);
    const QString folder =
        choice.folder.isEmpty() || !QFileInfo(choice.folder).isDir() ? QDir::homePath() : choice.folder;
    m_path->setText(QDir(folder).filePath(baseName + u'.' + choice.suffix()));
    auto *browseButton = new QToolButton(this);
    browseButton->setText(tr("…"));
    browseButton->setToolTip(tr("Choose where to save the report"));
    browseButton->setAccessibleName(tr("Choose where to save the report"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    auto *pathLabel = new QLabel(tr("&Save to:"), this);
    pathLabel->setBuddy(m_path);  // a layout row gets no buddy by itself
    form->addRow(pathLabel, pathRow);
    connect(browseButton, &QToolButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::followFormat);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"exportProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b3261e;"_s);
    m_problem->hide();
    form->addRow(m_problem);

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
    c.folder = QFileInfo(path()).absolutePath();
    return c;
}

QString ExportDialog::path() const
{
    return QDir::cleanPath(QDir::fromNativeSeparators(m_path->text().trimmed()));
}

void ExportDialog::followFormat()
{
    // Keep the chosen name, change only a suffix the dialog put there.
    const QFileInfo info(m_path->text().trimmed());
    static const QStringList known{u"html"_s, u"md"_s, u"json"_s, u"pdf"_s};
    if (!known.contains(info.suffix().toLower()))
        return;
    m_path->setText(QDir::toNativeSeparators(info.dir().filePath(info.completeBaseName() + u'.' + choice().suffix())));
}

void ExportDialog::browse()
{
    auto *dialog = new QFileDialog(this, tr("Save report"), path());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(path());
    connect(dialog, &QFileDialog::fileSelected, this,
        [this](const QString &file) { m_path->setText(QDir::toNativeSeparators(file)); });
    dialog->open();
}

void ExportDialog::accept()
{
    const QString p = path();
    const QFileInfo info(p);
    if (p.isEmpty() || info.isDir() || !info.dir().exists()) {
        m_problem->setText(tr("Choose a file in an existing folder to save the report to."));
        m_problem->show();
        m_path->setFocus();
        return;
    }
    QDialog::accept();
}

}  // namespace parallax

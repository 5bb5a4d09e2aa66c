#pragma once

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QComboBox;

namespace parallax {

// What the engineer wants in the report: format, which workers, how much history, whether
// the wizard's findings go in, and whether host names and addresses are pseudonymised for
// sharing outside the company. The last choice is remembered.
struct ExportChoice {
    enum class Format { Html, Markdown, Json, Pdf };
    enum class Workers { All, InTrouble, Selected };
    Format format = Format::Html;
    Workers workers = Workers::InTrouble;
    int rangeHours = 24;
    bool includeWizard = true;
    bool redactHosts = false;

    static ExportChoice load();
    void save() const;
    QString suffix() const;  // "html", "md", "json", "pdf"
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(const ExportChoice &choice, bool haveSelection, QWidget *parent = nullptr);
    ExportChoice choice() const;

private:
    QComboBox *m_format;
    QComboBox *m_workers;
    QComboBox *m_range;
    QCheckBox *m_wizard;
    QCheckBox *m_redact;
};

}  // namespace parallax

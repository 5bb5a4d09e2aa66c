#pragma once

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

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
    QString folder;  // where the last report went; empty = the home folder

    static ExportChoice load();
    void save() const;
    QString suffix() const;  // "html", "md", "json", "pdf"
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `baseName` is the file name without suffix ("parallax-prod-20261128-0310"); the suffix
    // follows the chosen format.
    ExportDialog(const ExportChoice &choice, bool haveSelection, const QString &baseName, QWidget *parent = nullptr);
    ExportChoice choice() const;
    QString path() const;

    void accept() override;

private:
    void browse();
    void followFormat();

    QLineEdit *m_path;
    QLabel *m_problem;
    QComboBox *m_format;
    QComboBox *m_workers;
    QComboBox *m_range;
    QCheckBox *m_wizard;
    QCheckBox *m_redact;
};

}  // namespace parallax

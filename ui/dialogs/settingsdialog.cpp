#include "settingsdialog.h"

#include "widgets/probetuningeditor.h"
#include "widgets/scrollingcontent.h"
#include "widgets/spinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
const QStringList kLanguages{u"system"_s, u"en"_s, u"zh_CN"_s};
}  // namespace

Preferences Preferences::load()
{
    const QSettings s;
    Preferences p;
    p.probe.intervalS = s.value(u"probe/intervalS"_s, p.probe.intervalS).toInt();
    p.probe.timeoutMs = s.value(u"probe/timeoutMs"_s, p.probe.timeoutMs).toInt();
    p.probe.failuresToDown = s.value(u"probe/failuresToDown"_s, p.probe.failuresToDown).toInt();
    p.probe.successesToUp = s.value(u"probe/successesToUp"_s, p.probe.successesToUp).toInt();
    p.probe.concurrency = s.value(u"probe/concurrency"_s, p.probe.concurrency).toInt();
    p.probe = ProbeTuning::fromJson(p.probe.toJson());  // out-of-range values fall back to defaults
    p.rawRetentionHours = s.value(u"history/rawRetentionHours"_s, p.rawRetentionHours).toInt();
    p.rollupRetentionDays = s.value(u"history/rollupRetentionDays"_s, p.rollupRetentionDays).toInt();
    p.language = s.value(u"ui/language"_s, p.language).toString();
    p.notifications = s.value(u"notifications/enabled"_s, p.notifications).toBool();
    p.quiet = s.value(u"notifications/quiet"_s, p.quiet).toBool();
    p.startMinimized = s.value(u"ui/startMinimized"_s, p.startMinimized).toBool();
    return p;
}

void Preferences::save() const
{
    QSettings s;
    s.setValue(u"probe/intervalS"_s, probe.intervalS);
    s.setValue(u"probe/timeoutMs"_s, probe.timeoutMs);
    s.setValue(u"probe/failuresToDown"_s, probe.failuresToDown);
    s.setValue(u"probe/successesToUp"_s, probe.successesToUp);
    s.setValue(u"probe/concurrency"_s, probe.concurrency);
    s.setValue(u"history/rawRetentionHours"_s, rawRetentionHours);
    s.setValue(u"history/rollupRetentionDays"_s, rollupRetentionDays);
    s.setValue(u"ui/language"_s, language);
    s.setValue(u"notifications/enabled"_s, notifications);
    s.setValue(u"notifications/quiet"_s, quiet);
    s.setValue(u"ui/startMinimized"_s, startMinimized);
}

SettingsDialog::SettingsDialog(const Preferences &prefs, QWidget *parent)
    : QDialog(parent)
    , m_probe(new ProbeTuningEditor(ProbeTuningEditor::Mode::Defaults, this))
    , m_rawRetention(makeSpinBox(this, 1, 24 * 30, tr(" h"), u"rawRetention"_s))
    , m_rollupRetention(makeSpinBox(this, 1, 3650, tr(" days"), u"rollupRetention"_s))
    , m_language(new QComboBox(this))
    , m_notifications(new QCheckBox(tr("Show desktop &notifications when a verdict changes"), this))
    , m_quiet(new QCheckBox(tr("&Quiet mode: keep track, but do not pop up"), this))
    , m_startMinimized(new QCheckBox(tr("Start &minimised to the system tray"), this))
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Settings"));
    m_language->setObjectName(u"language"_s);
    m_language->addItems({tr("System language"), u"English"_s, u"简体中文"_s});

    auto *probes = m_probe;
    auto *perServer = new QLabel(tr("A server profile can override these in its own connection settings."), this);
    perServer->setWordWrap(true);
    static_cast<QFormLayout *>(probes->layout())->addRow(perServer);

    auto *history = new QGroupBox(tr("History"), this);
    auto *hf = new QFormLayout(history);
    hf->addRow(tr("Keep every probe for:"), m_rawRetention);
    hf->addRow(tr("Keep minute and hour summaries for:"), m_rollupRetention);

    auto *look = new QGroupBox(tr("Appearance and notifications"), this);
    auto *lf = new QFormLayout(look);
    lf->addRow(tr("&Language:"), m_language);
    auto *restart = new QLabel(tr("A new language takes effect when Parallax restarts."), this);
    restart->setObjectName(u"languageRestartNote"_s);
    lf->addRow(restart);
    lf->addRow(m_notifications);
    lf->addRow(m_quiet);
    lf->addRow(m_startMinimized);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_notifications, &QCheckBox::toggled, m_quiet, &QWidget::setEnabled);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins({});
    contentLayout->addWidget(probes);
    contentLayout->addWidget(history);
    contentLayout->addWidget(look);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scrollingContent(content, this), 1);
    layout->addWidget(buttons);

    m_probe->setTuning(prefs.probe);
    m_rawRetention->setValue(prefs.rawRetentionHours);
    m_rollupRetention->setValue(prefs.rollupRetentionDays);
    m_language->setCurrentIndex(qMax(0, int(kLanguages.indexOf(prefs.language))));
    m_notifications->setChecked(prefs.notifications);
    m_quiet->setChecked(prefs.quiet);
    m_quiet->setEnabled(prefs.notifications);
    m_startMinimized->setChecked(prefs.startMinimized);
}

Preferences SettingsDialog::preferences() const
{
    Preferences p;
    p.probe = m_probe->tuning().value_or(ProbeTuning{});
    p.rawRetentionHours = m_rawRetention->value();
    p.rollupRetentionDays = m_rollupRetention->value();
    p.language = kLanguages.value(m_language->currentIndex(), u"system"_s);
    p.notifications = m_notifications->isChecked();
    p.quiet = m_quiet->isChecked();
    p.startMinimized = m_startMinimized->isChecked();
    return p;
}

}  // namespace parallax

#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
const QStringList kLanguages{u"system"_s, u"en"_s, u"zh_CN"_s};

QSpinBox *spin(QWidget *parent, int min, int max, const QString &suffix, const QString &name)
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setSuffix(suffix);
    s->setObjectName(name);
    return s;
}
}  // namespace

Preferences Preferences::load()
{
    const QSettings s;
    Preferences p;
    p.probeIntervalS = s.value(u"probe/intervalS"_s, p.probeIntervalS).toInt();
    p.probeTimeoutMs = s.value(u"probe/timeoutMs"_s, p.probeTimeoutMs).toInt();
    p.failuresToDown = s.value(u"probe/failuresToDown"_s, p.failuresToDown).toInt();
    p.successesToUp = s.value(u"probe/successesToUp"_s, p.successesToUp).toInt();
    p.probeConcurrency = s.value(u"probe/concurrency"_s, p.probeConcurrency).toInt();
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
    s.setValue(u"probe/intervalS"_s, probeIntervalS);
    s.setValue(u"probe/timeoutMs"_s, probeTimeoutMs);
    s.setValue(u"probe/failuresToDown"_s, failuresToDown);
    s.setValue(u"probe/successesToUp"_s, successesToUp);
    s.setValue(u"probe/concurrency"_s, probeConcurrency);
    s.setValue(u"history/rawRetentionHours"_s, rawRetentionHours);
    s.setValue(u"history/rollupRetentionDays"_s, rollupRetentionDays);
    s.setValue(u"ui/language"_s, language);
    s.setValue(u"notifications/enabled"_s, notifications);
    s.setValue(u"notifications/quiet"_s, quiet);
    s.setValue(u"ui/startMinimized"_s, startMinimized);
}

SettingsDialog::SettingsDialog(const Preferences &prefs, QWidget *parent)
    : QDialog(parent)
    , m_interval(spin(this, 2, 3600, tr(" s"), u"probeInterval"_s))
    , m_timeout(spin(this, 100, 60000, tr(" ms"), u"probeTimeout"_s))
    , m_failures(spin(this, 1, 20, {}, u"failuresToDown"_s))
    , m_successes(spin(this, 1, 20, {}, u"successesToUp"_s))
    , m_concurrency(spin(this, 1, 1024, {}, u"probeConcurrency"_s))
    , m_rawRetention(spin(this, 1, 24 * 30, tr(" h"), u"rawRetention"_s))
    , m_rollupRetention(spin(this, 1, 3650, tr(" days"), u"rollupRetention"_s))
    , m_language(new QComboBox(this))
    , m_notifications(new QCheckBox(tr("Show desktop &notifications when a verdict changes"), this))
    , m_quiet(new QCheckBox(tr("&Quiet mode: keep track, but do not pop up"), this))
    , m_startMinimized(new QCheckBox(tr("Start &minimised to the system tray"), this))
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Settings"));
    m_language->setObjectName(u"language"_s);
    m_language->addItems({tr("System language"), u"English"_s, u"简体中文"_s});

    auto *probes = new QGroupBox(tr("Probes"), this);
    auto *pf = new QFormLayout(probes);
    pf->addRow(tr("Probe every:"), m_interval);
    pf->addRow(tr("Give up after:"), m_timeout);
    pf->addRow(tr("Failures before “down”:"), m_failures);
    pf->addRow(tr("Successes before “up”:"), m_successes);
    pf->addRow(tr("Probes at once:"), m_concurrency);
    auto *note = new QLabel(tr("GPUStack's server waits 2 s per health check and retries for 20 s before it marks a worker unreachable."), this);
    note->setWordWrap(true);
    pf->addRow(note);

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

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(probes);
    layout->addWidget(history);
    layout->addWidget(look);
    layout->addWidget(buttons);

    m_interval->setValue(prefs.probeIntervalS);
    m_timeout->setValue(prefs.probeTimeoutMs);
    m_failures->setValue(prefs.failuresToDown);
    m_successes->setValue(prefs.successesToUp);
    m_concurrency->setValue(prefs.probeConcurrency);
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
    p.probeIntervalS = m_interval->value();
    p.probeTimeoutMs = m_timeout->value();
    p.failuresToDown = m_failures->value();
    p.successesToUp = m_successes->value();
    p.probeConcurrency = m_concurrency->value();
    p.rawRetentionHours = m_rawRetention->value();
    p.rollupRetentionDays = m_rollupRetention->value();
    p.language = kLanguages.value(m_language->currentIndex(), u"system"_s);
    p.notifications = m_notifications->isChecked();
    p.quiet = m_quiet->isChecked();
    p.startMinimized = m_startMinimized->isChecked();
    return p;
}

}  // namespace parallax

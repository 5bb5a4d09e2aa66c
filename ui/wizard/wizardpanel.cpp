#include "wizardpanel.h"

#include "diagnosis/sshcommand.h"
#include "monitor/clustermonitor.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

constexpr int kStepRole = Qt::UserRole + 1;
constexpr int kOutcomeRole = Qt::UserRole + 2;

QIcon outcomeIcon(const QStyle *style, StepOutcome o)
{
    switch (o) {
    case StepOutcome::Pass: return style->standardIcon(QStyle::SP_DialogApplyButton);
    case StepOutcome::Fail: return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case StepOutcome::Unknown: return style->standardIcon(QStyle::SP_MessageBoxQuestion);
    case StepOutcome::Skipped: return style->standardIcon(QStyle::SP_MediaSkipForward);
    case StepOutcome::NotRun: break;
    }
    return QIcon();
}

QString outcomeText(StepOutcome o)
{
    switch (o) {
    case StepOutcome::Pass: return WizardPanel::tr("Pass");
    case StepOutcome::Fail: return WizardPanel::tr("Fail");
    case StepOutcome::Unknown: return WizardPanel::tr("Unknown");
    case StepOutcome::Skipped: return WizardPanel::tr("Skipped");
    case StepOutcome::NotRun: break;
    }
    return WizardPanel::tr("Not run");
}

}  // namespace

WizardPanel::WizardPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"wizardPanel"_s);
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(split);

    m_steps = new QListWidget(split);
    m_steps->setObjectName(u"wizardStepList"_s);
    m_steps->setAccessibleName(tr("Troubleshooting steps"));
    split->addWidget(m_steps);

    // The step's page scrolls rather than growing the window: under a laptop's table it has
    // half of 768 px, and a taller minimum pushed the window past the bottom of the screen.
    auto *scroll = new QScrollArea(split);
    scroll->setObjectName(u"wizardStepScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(scroll);
    auto *v = new QVBoxLayout(page);
    m_title = new QLabel(page);
    m_title->setObjectName(u"wizardStepTitle"_s);
    QFont tf = m_title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.2);
    m_title->setFont(tf);
    m_purpose = new QLabel(page);
    m_purpose->setWordWrap(true);
    m_outcome = new QLabel(page);
    m_outcome->setObjectName(u"wizardStepOutcome"_s);
    m_explanation = new QLabel(page);
    m_pasteLabel = new QLabel(page);
    // These sentences quote the worker's host and URL as the server sent them: a QLabel's
    // AutoText would render "<img src=…>" there as rich text (and load it). Plain text only.
    for (QLabel *l : {m_title, m_purpose, m_outcome, m_explanation, m_pasteLabel})
        l->setTextFormat(Qt::PlainText);
    m_explanation->setObjectName(u"wizardStepExplanation"_s);
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evidence = new QPlainTextEdit(page);
    m_evidence->setObjectName(u"wizardStepEvidence"_s);
    m_evidence->setReadOnly(true);
    m_evidence->setMaximumHeight(110);
    m_evidence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_commandBox = new QWidget(page);
    m_commandLayout = new QVBoxLayout(m_commandBox);
    m_commandLayout->setContentsMargins(0, 0, 0, 0);

    m_pasteLabel->setWordWrap(true);
    m_paste = new QPlainTextEdit(page);
    m_paste->setObjectName(u"wizardPasteBox"_s);
    m_paste->setAccessibleName(tr("Pasted command output"));
    m_paste->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_causes = new QListWidget(page);
    m_causes->setObjectName(u"wizardCauseList"_s);
    m_causeDetail = new QTextBrowser(page);
    m_causeDetail->setObjectName(u"wizardCauseDetail"_s);
    m_causeDetail->setOpenLinks(false);

    auto *buttons = new QHBoxLayout;
    m_rerun = new QPushButton(tr("Re-run"), page);
    m_rerun->setObjectName(u"wizardRerunButton"_s);
    m_skip = new QPushButton(tr("Skip"), page);
    m_skip->setObjectName(u"wizardSkipButton"_s);
    m_addToReport = new QPushButton(tr("Add to report"), page);
    m_addToReport->setObjectName(u"wizardAddToReportButton"_s);
    m_sshCommand = new SshCommand(this);
    m_sshHost = new QLineEdit(page);
    m_sshHost->setObjectName(u"wizardSshHost"_s);
    m_sshHost->setPlaceholderText(tr("user@worker-host"));
    m_sshHost->setToolTip(
        tr("Where to run the command with your own ssh configuration (no password prompt: keys or an agent)"));
    // The prefilled destination is a name the GPUStack server sent: say so before the user lets
    // ssh offer their keys to it.
    m_sshOrigin = new QLabel(page);
    m_sshOrigin->setObjectName(u"wizardSshOrigin"_s);
    m_sshOrigin->setTextFormat(Qt::PlainText);
    m_sshOrigin->setWordWrap(true);
    m_sshOrigin->setVisible(false);
    m_ssh = new QPushButton(tr("Run on the worker (ssh)"), page);
    m_ssh->setObjectName(u"wizardSshButton"_s);
    m_hostRun = new QPushButton(page);
    m_hostRun->setObjectName(u"wizardHostRunButton"_s);
    m_hostRun->setVisible(false);
    buttons->addWidget(m_rerun);
    buttons->addWidget(m_skip);
    buttons->addWidget(m_sshHost);
    buttons->addWidget(m_ssh);
    buttons->addWidget(m_hostRun);
    buttons->addStretch();
    buttons->addWidget(m_addToReport);

    v->addWidget(m_title);
    v->addWidget(m_purpose);
    v->addWidget(m_outcome);
    v->addWidget(m_explanation);
    v->addWidget(m_evidence);
    v->addWidget(m_commandBox);
    v->addWidget(m_pasteLabel);
    v->addWidget(m_paste, 1);
    v->addWidget(m_causes, 1);
    v->addWidget(m_causeDetail, 2);
    v->addWidget(m_sshOrigin);
    v->addLayout(buttons);
    scroll->setWidget(page);
    split->addWidget(scroll);
    split->setStretchFactor(1, 1);
    split->setCollapsible(0, false);

    for (WizardStepId id : allWizardSteps()) {
        auto *item = new QListWidgetItem(m_steps);
        item->setData(kStepRole, int(id));
        item->setData(kOutcomeRole, int(StepOutcome::NotRun));
    }
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showStep(WizardStepId(m_steps->item(row)->data(kStepRole).toInt()));
    });
    connect(m_paste, &QPlainTextEdit::textChanged, this, &WizardPanel::onPasteChanged);
    connect(m_rerun, &QPushButton::clicked, this, &WizardPanel::rerunCurrentStep);
    connect(m_skip, &QPushButton::clicked, this, &WizardPanel::skipCurrentStep);
    connect(m_addToReport, &QPushButton::clicked, this, [this] { Q_EMIT addToReportRequested(session()); });
    connect(m_ssh, &QPushButton::clicked, this, &WizardPanel::runOverSsh);
    connect(m_sshHost, &QLineEdit::textChanged, this, &WizardPanel::updateSshOrigin);
    connect(m_hostRun, &QPushButton::clicked, this, &WizardPanel::runOnHost);
    connect(m_sshCommand, &SshCommand::finished, this, [this](const SshOutcome &o) {
        m_ssh->setEnabled(true);
        if (o.ok)
            m_paste->setPlainText(o.output);  // parsed like a paste
        else
            m_explanation->setText(
                o.error.message + (o.error.detail.isEmpty() ? QString() : u" ("_s + o.error.detail + u')'));
    });
    connect(m_causes, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_session.causes.size()) {
            m_causeDetail->clear();
            return;
        }
        const Cause &c = m_session.causes.at(row);
        QString html = u"<p><b>%1</b></p><p>%2</p><p><i>%3</i></p>"_s.arg(
            c.title.toHtmlEscaped(), c.evidence.toHtmlEscaped(), c.fix.toHtmlEscaped());
        if (!c.commands.isEmpty())
            html += u"<pre>%1</pre>"_s.arg(c.commands.join(u'\n').toHtmlEscaped());
        if (!c.wouldDecide.isEmpty())
            html += u"<p>%1</p>"_s.arg(c.wouldDecide.toHtmlEscaped());
        m_causeDetail->setHtml(html);
    });
    refreshList();
    m_steps->setCurrentRow(0);
}

WizardSession WizardPanel::session() const
{
    return m_session;
}

StepOutcome WizardPanel::outcome(WizardStepId id) const
{
    return m_session.outcome(id);
}

WizardStepId WizardPanel::currentStep() const
{
    const int row = m_steps->currentRow();
    return row < 0 ? WizardStepId::ServerView : WizardStepId(m_steps->item(row)->data(kStepRole).toInt());
}

void WizardPanel::storeWorkerState()
{
    if (m_session.workerId < 0)
        return;
    m_sessions.insert(m_session.workerId, m_session);
    m_pastes.insert(m_session.workerId, m_context.pasted);
}

void WizardPanel::restoreWorkerState(qint64 workerId)
{
    m_session = m_sessions.value(workerId);
    m_session.workerId = workerId;
    m_context.pasted = m_pastes.value(workerId);
}

void WizardPanel::showWorker(const ClusterMonitor *monitor, qint64 workerId)
{
    if (m_monitor != monitor) {
        if (m_monitor)
            disconnect(m_monitor, nullptr, this, nullptr);
        m_monitor = monitor;
        if (monitor)
            connect(monitor, &ClusterMonitor::workersChanged, this, &WizardPanel::onMonitorChanged);
    }
    if (!monitor)
        return;
    if (const std::optional<DiagnosisInput> in = monitor->diagnosisInput(workerId))
        setDiagnosisInput(*in);
}

void WizardPanel::onMonitorChanged(const QList<qint64> &ids)
{
    if (!m_monitor || m_session.workerId < 0 || !ids.contains(m_session.workerId))
        return;
    const std::optional<DiagnosisInput> in = m_monitor->diagnosisInput(m_session.workerId);
    if (!in)
        return;
    // While a re-run waits for its probe, other changes still show; the step waits on.
    if (m_pendingProbe && (in->probe ? in->probe->startedMs : -1) > *m_pendingProbe)
        m_pendingProbe.reset();
    setDiagnosisInput(*in);
}

void WizardPanel::setWorker(const WorkerView &view)
{
    if (m_monitor) {
        disconnect(m_monitor, nullptr, this, nullptr);
        m_monitor = nullptr;
    }
    m_pendingProbe.reset();  // the host calls this with the fresh probe
    DiagnosisInput in;
    if (view.id() == m_session.workerId)
        in = m_context.input;  // keep the extra context the host gave for this worker
    in.worker = view.server;
    in.probe = view.lastProbe;
    in.local = view.local;
    in.verdict = view.verdict;
    in.nowMs = QDateTime::currentMSecsSinceEpoch();
    setDiagnosisInput(in);
}

void WizardPanel::setDiagnosisInput(const DiagnosisInput &input)
{
    if (input.worker.id != m_session.workerId) {
        m_pendingProbe.reset();
        storeWorkerState();
        restoreWorkerState(input.worker.id);
        m_sshHost->clear();  // filled with the new worker's host when shown
    }
    m_context.input = input;
    m_session.workerName = input.worker.name;
    evaluateAll();
    showStep(currentStep());
}

void WizardPanel::evaluate(WizardStepId id)
{
    if (m_session.outcome(id) == StepOutcome::Skipped)
        return;
    StepResult r = evaluateStep(id, m_context);
    r.atMs = QDateTime::currentMSecsSinceEpoch();
    m_session.record(r);
    if (id == WizardStepId::Conclusion) {
        WizardContext withFindings = m_context;
        applyPastedFindings(withFindings);
        m_session.causes = rankedCauses(withFindings.input);
    }
}

void WizardPanel::evaluateAll()
{
    for (WizardStepId id : allWizardSteps())
        evaluate(id);
    refreshList();
}

void WizardPanel::refreshList()
{
    const WizardContext &ctx = m_context;
    for (int row = 0; row < m_steps->count(); ++row) {
        QListWidgetItem *item = m_steps->item(row);
        const auto id = WizardStepId(item->data(kStepRole).toInt());
        const StepOutcome o = m_session.outcome(id);
        item->setText(u"%1. %2 — %3"_s.arg(QString::number(row + 1), wizardStep(id, ctx).title, outcomeText(o)));
        item->setIcon(outcomeIcon(style(), o));
        item->setData(kOutcomeRole, int(o));
    }
    // Every step's line whole ("4. HTTP health check — Unknown"), in any language.
    const int textWidth = m_steps->sizeHintForColumn(0) + 2 * m_steps->frameWidth()
        + m_steps->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_steps) + 4;
    m_steps->setMinimumWidth(textWidth);
}

void WizardPanel::selectStep(WizardStepId id)
{
    const int row = allWizardSteps().indexOf(id);
    if (row == m_steps->currentRow())
        showStep(id);
    else
        m_steps->setCurrentRow(row);
}

void WizardPanel::showStep(WizardStepId id)
{
    m_showing = true;
    const WizardStep step = wizardStep(id, m_context);
    const StepResult r = m_session.results.value(id);
    m_title->setText(step.title);
    m_purpose->setText(step.purpose);
    m_outcome->setText(outcomeText(m_session.outcome(id)));
    m_explanation->setText(r.explanation);
    m_evidence->setPlainText(r.evidence.join(u'\n'));
    m_evidence->setVisible(!r.evidence.isEmpty());
    if (m_pendingProbe && step.live)
        showPendingProbe();

    // Commands: a read-only line each, with a copy button.
    while (QLayoutItem *item = m_commandLayout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->setParent(nullptr);  // out of findChild() and the layout now; deleted later (it may be mid-click)
            w->deleteLater();
        }
        delete item;
    }
    int n = 0;
    for (const ShellCommand &c : step.commands) {
        auto *row = new QWidget(m_commandBox);
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto *line = new QLineEdit(c.text, row);
        line->setReadOnly(true);
        line->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        line->setToolTip(u"%1 (%2)"_s.arg(c.purpose, c.where));
        line->setObjectName(u"wizardCommand_%1"_s.arg(n));
        auto *copy = new QToolButton(row);
        copy->setText(tr("Copy"));
        copy->setToolTip(tr("Copy this command"));
        copy->setObjectName(u"wizardCommandCopy_%1"_s.arg(n));
        const QString text = c.text;
        connect(copy, &QToolButton::clicked, copy, [text] { QGuiApplication::clipboard()->setText(text); });
        h->addWidget(line, 1);
        h->addWidget(copy);
        m_commandLayout->addWidget(row);
        ++n;
    }
    m_commandBox->setVisible(n > 0);

    const bool pasteStep = step.paste != PasteParser::None;
    const bool hostRun = pasteStep && m_hostRunner && m_hostRunner(m_session.workerId, id).has_value();
    m_hostRun->setVisible(hostRun);
    const bool ssh = pasteStep && !hostRun && !step.remoteCommand.isEmpty() && m_sshCommand->isAvailable();
    m_ssh->setVisible(ssh);
    m_sshHost->setVisible(ssh);
    if (ssh && m_sshHost->text().isEmpty()) {
        const Worker &w = m_context.input.worker;
        m_sshHost->setText(w.hostname.isEmpty() ? w.probeHost() : w.hostname);
    }
    if (ssh)
        m_ssh->setToolTip(step.remoteCommand);
    updateSshOrigin();
    m_pasteLabel->setVisible(pasteStep);
    m_paste->setVisible(pasteStep);
    m_pasteLabel->setText(step.pastePrompt);
    const QString pasted = m_context.pasted.value(id);
    if (m_paste->toPlainText() != pasted)
        m_paste->setPlainText(pasted);

    const bool conclusion = id == WizardStepId::Conclusion;
    m_causes->setVisible(conclusion);
    m_causeDetail->setVisible(conclusion);
    m_addToReport->setVisible(conclusion);
    m_addToReport->setEnabled(m_session.workerId >= 0);
    m_skip->setEnabled(!conclusion);
    if (conclusion) {
        m_causes->clear();
        for (const Cause &c : m_session.causes)
            m_causes->addItem(u"%1  (%2%)"_s.arg(c.title, QString::number(qRound(c.confidence * 100))));
        if (m_causes->count() > 0)
            m_causes->setCurrentRow(0);
        else
            m_causeDetail->setPlainText(r.explanation);
    }
    m_showing = false;
}

void WizardPanel::onPasteChanged()
{
    if (m_showing)
        return;
    const WizardStepId id = currentStep();
    m_context.pasted.insert(id, m_paste->toPlainText());
    WizardContext parsed = m_context;
    applyPastedFindings(parsed);
    if (m_session.workerId >= 0)
        Q_EMIT findingsChanged(m_session.workerId, parsed.input.findings);
    evaluate(id);
    evaluate(WizardStepId::Conclusion);
    refreshList();
    const StepResult r = m_session.results.value(id);
    m_outcome->setText(outcomeText(r.outcome));
    m_explanation->setText(r.explanation);
    m_evidence->setPlainText(r.evidence.join(u'\n'));
    m_evidence->setVisible(!r.evidence.isEmpty());
}

void WizardPanel::rerunCurrentStep()
{
    const WizardStepId id = currentStep();
    if (m_session.outcome(id) == StepOutcome::Skipped)
        m_session.results.remove(id);
    const WizardStep step = wizardStep(id, m_context);
    if (step.live && m_session.workerId >= 0) {
        // Evaluating now would only repeat the old probe's answer: ask for a fresh one (once) and
        // evaluate when it arrives.
        if (!m_pendingProbe) {
            m_pendingProbe = m_context.input.probe ? m_context.input.probe->startedMs : -1;
            Q_EMIT probeRequested(m_session.workerId);
        }
        refreshList();
        showStep(id);
        return;
    }
    evaluate(id);
    evaluate(WizardStepId::Conclusion);
    refreshList();
    showStep(id);
}

void WizardPanel::showPendingProbe()
{
    m_outcome->setText(tr("Probing again…"));
    m_explanation->setText(tr("Waiting for a fresh probe of %1 from this machine; this step is evaluated again when it "
                              "arrives.")
                               .arg(m_session.workerName));
}

void WizardPanel::setSshProgram(const QString &program)
{
    m_sshCommand->setProgram(program);
    showStep(currentStep());
}

void WizardPanel::setHostRunner(HostRunner runner, const QString &buttonText)
{
    m_hostRunner = std::move(runner);
    m_hostRun->setText(buttonText);
    showStep(currentStep());
}

void WizardPanel::runOnHost()
{
    if (!m_hostRunner)
        return;
    if (const std::optional<QString> output = m_hostRunner(m_session.workerId, currentStep()))
        m_paste->setPlainText(*output);  // parsed like a paste
}

void WizardPanel::runOverSsh()
{
    const WizardStep step = wizardStep(currentStep(), m_context);
    if (step.remoteCommand.isEmpty() || m_sshCommand->isRunning())
        return;
    SshTarget target;
    const QString dest = m_sshHost->text().trimmed();
    target.host = dest.section(u'@', -1);
    if (dest.contains(u'@'))
        target.user = dest.section(u'@', 0, -2);
    m_ssh->setEnabled(false);
    m_explanation->setText(tr("Running `%1` on %2 over ssh…").arg(step.remoteCommand, target.host));
    m_sshCommand->start(target, step.remoteCommand);
}

void WizardPanel::updateSshOrigin()
{
    const QString host = m_sshHost->text().trimmed().section(u'@', -1);
    const Worker &w = m_context.input.worker;
    const auto fromServer = [&host](const QString &value) {
        return !value.isEmpty() && host.compare(value.trimmed(), Qt::CaseInsensitive) == 0;
    };
    const bool shown = !m_sshHost->isHidden() && !host.isEmpty()
        && (fromServer(w.hostname) || fromServer(w.probeHost()) || fromServer(w.ip));
    m_sshOrigin->setVisible(shown);
    if (shown)
        m_sshOrigin->setText(tr("%1 is the worker's address as the GPUStack server reports it, not one you entered: "
                                "ssh will connect there with your keys and ssh configuration (forwarding nothing to "
                                "it). Check that it is your worker before running the command.")
                                 .arg(host));
}

void WizardPanel::skipCurrentStep()
{
    const WizardStepId id = currentStep();
    if (id == WizardStepId::Conclusion)
        return;
    m_session.skip(id, QDateTime::currentMSecsSinceEpoch());
    refreshList();
    const int row = m_steps->currentRow();
    if (row + 1 < m_steps->count())
        m_steps->setCurrentRow(row + 1);
}

}  // namespace parallax

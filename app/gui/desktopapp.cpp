#include "desktopapp.h"

#include "base/logging.h"
#include "dialogs/exportdialog.h"
#include "dialogs/probesettingsdialog.h"
#include "history/historystore.h"
#include "mainwindow.h"
#include "monitor/clustersession.h"
#include "panes/clusterpage.h"
#include "report/pdfreport.h"
#include "report/report.h"
#include "report/reportassembler.h"
#include "report/storedreporthistory.h"
#include "settings/credentialstore.h"
#include "settings/keychaincredentialstore.h"
#include "settings/profilestore.h"
#include "sim/simcluster.h"
#include "sim/simhostshell.h"
#include "timeline/storedhistory.h"
#include "widgets/messagebanner.h"
#include "wizard/wizardpanel.h"

#include <QDir>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace parallax {

DesktopApp::DesktopApp(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_prefs(Preferences::load())
{
    const QString dataDir = m_options.dataDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : m_options.dataDir;
    HistorySettings historySettings;
    historySettings.rawRetentionMs = qint64(m_prefs.rawRetentionHours) * 3600'000;
    historySettings.rollupRetentionMs = qint64(m_prefs.rollupRetentionDays) * 24 * 3600'000;
    m_history = std::make_unique<HistoryStore>(m_clock, historySettings);
    m_profiles = std::make_unique<ProfileStore>(ProfileStore::defaultPath());
    auto *keychain = new KeychainCredentialStore(this);
    auto *credentials = new FallbackCredentialStore(keychain, this);
    m_credentials = credentials;

    m_window = std::make_unique<MainWindow>(m_clock);
    MainWindow *w = m_window.get();

    connect(m_history.get(), &HistoryStore::errorOccurred, this,
        [w](const Error &error) { w->banner()->showMessage(error.message, MessageBanner::Kind::Warning); });
    connect(credentials, &FallbackCredentialStore::sessionOnly, this,
        [w](const QString &message) { w->banner()->showMessage(message, MessageBanner::Kind::Warning); });

    connect(w, &MainWindow::connectRequested, this, &DesktopApp::connectProfile);
    connect(w, &MainWindow::refreshRequested, this, [this](ClusterMonitor *monitor) {
        if (ClusterSession *s = sessionFor(monitor)) {
            s->stop();
            s->start();
            for (qint64 id : monitor->workerIds())
                s->scheduler().probeNow(id);
        }
    });
    connect(w, &MainWindow::exportRequested, this, &DesktopApp::exportReport);
    connect(w, &MainWindow::preferencesChanged, this, &DesktopApp::applyPreferences);
    connect(w, &MainWindow::probeSettingsRequested, this, &DesktopApp::editProbeSettings);

    // The wizard feeds what was pasted back into the diagnosis, and asks for fresh probes.
    WizardPanel *wizard = w->wizardPanel();
    connect(
        wizard, &WizardPanel::findingsChanged, this, [this, wizard](qint64 workerId, const WizardFindings &findings) {
            if (ClusterSession *s = sessionFor(wizard->monitor()))
                s->monitor().setWizardFindings(workerId, findings);
        });
    connect(wizard, &WizardPanel::probeRequested, this, [this, wizard](qint64 workerId) {
        if (ClusterSession *s = sessionFor(wizard->monitor()))
            s->scheduler().probeNow(workerId);
    });
    connect(wizard, &WizardPanel::addToReportRequested, this, [this, w](const WizardSession &session) {
        if (ClusterSession *s = currentSession()) {
            m_wizardSessions.insert(s->name() + u'/' + QString::number(session.workerId), session);
            w->banner()->showMessage(
                tr("The wizard's findings for %1 will be included in the next report.").arg(session.workerName),
                MessageBanner::Kind::Information);
        }
    });
    m_history->open(QDir(dataDir).filePath(m_options.demo ? u"history-demo.sqlite"_s : u"history.sqlite"_s));
}

DesktopApp::~DesktopApp()
{
    // The window reads the monitors: it goes first, then the sessions, then the simulator.
    m_window.reset();
    m_sessions.clear();
    m_sims.clear();
}

void DesktopApp::start()
{
    if (m_options.demo)
        startDemo();
    else if (m_options.server)
        openSession(m_options.server->url.host(), *m_options.server, SessionOrigin{});
    else
        openSavedProfiles();
}

ProbeSettings DesktopApp::probeSettingsFor(const SessionOrigin &origin) const
{
    ProbeSettings base;
    if (origin.loopbackOnly)
        base.allowedNetworks = ProbeSettings::loopbackOnly();
    return origin.probe.value_or(m_prefs.probe).applyTo(base);
}

ClusterSession *DesktopApp::openSession(
    const QString &name, const ServerEndpoint &endpoint, const SessionOrigin &origin)
{
    SessionConfig config;
    config.name = name;
    // A profile's history follows its id, not its name (renamed or same-named profiles).
    if (!origin.profileId.isEmpty())
        config.historyKey = profileHistoryKey(origin.profileId);
    config.endpoint = endpoint;
    config.probe = probeSettingsFor(origin);
    auto session = std::make_unique<ClusterSession>(config, m_clock, m_history.get());
    ClusterSession *s = session.get();
    m_origins.insert(s, origin);
    MainWindow *w = m_window.get();
    connect(s, &ClusterSession::statusChanged, this, [w, s](ClusterSession::Status status, const Error &error) {
        switch (status) {
        case ClusterSession::Status::Failed:
            w->banner()->showMessage(tr("%1: %2").arg(s->name(), error.message), MessageBanner::Kind::Error);
            break;
        case ClusterSession::Status::Degraded:
            w->banner()->showMessage(
                tr("%1: lost the connection to the server (%2). Reconnecting; the server's view shown is aging.")
                    .arg(s->name(), error.message),
                MessageBanner::Kind::Warning);
            break;
        case ClusterSession::Status::Connected: w->banner()->hideMessage(); break;
        default: break;
        }
    });
    connect(s, &ClusterSession::warning, this, [w, s](const QString &message) {
        w->banner()->showMessage(tr("%1: %2").arg(s->name(), message), MessageBanner::Kind::Warning);
    });
    m_sessions.push_back(std::move(session));
    // The chart shows what the store kept (earlier runs too), not only what this run saw.
    w->addCluster(
        &s->monitor(), new StoredHistory(&s->monitor(), m_history.get(), s->monitor().historyKey(), m_clock, s));
    s->start();
    return s;
}

void DesktopApp::startDemo()
{
    auto scenario = sim::Scenario::builtin(u"demo"_s);
    if (!scenario.ok()) {
        m_window->banner()->showMessage(scenario.error().message, MessageBanner::Kind::Error);
        return;
    }
    // The demo's workers live on loopback addresses; a registered address outside loopback
    // (a Docker bridge address, say) is never contacted, and the probe says so.
    const auto serve = [this](const sim::Scenario &s, const QString &name) {
        auto cluster = std::make_unique<sim::SimCluster>(s);
        const Result<void> started = cluster->start();
        if (!started.ok()) {
            m_window->banner()->showMessage(
                tr("The demo cluster could not start: %1").arg(started.error().message), MessageBanner::Kind::Error);
            return false;
        }
        ServerEndpoint endpoint;
        endpoint.url = cluster->baseUrl();
        endpoint.authMode = AuthMode::ApiKeyBearer;
        endpoint.secret = cluster->apiKey();
        const sim::SimCluster *server = cluster.get();
        m_sims.push_back(std::move(cluster));
        m_simOf.insert(
            openSession(name, endpoint, SessionOrigin{.loopbackOnly = true, .profileId = {}, .probe = std::nullopt}),
            server);
        return true;
    };
    if (!serve(scenario.value(), tr("demo")))
        return;
    m_window->wizardPanel()->setHostRunner(
        [this](qint64 workerId, WizardStepId step) { return runOnSimulatedHost(workerId, step); },
        tr("Run on the simulated host"));
    // A second server above GPUStack's 50-worker line, where its default "auto" check mode stops
    // probing workers: the one with a dead health endpoint stays "ready" on the server
    // (server_check_disabled), which only a probe from here can find.
    serve(sim::Scenario::scale(60), tr("demo, 60 workers"));
    m_window->showCluster(tr("demo"));
    m_window->banner()->showMessage(
        tr("This is the embedded demo cluster: a simulated GPUStack server with workers on this machine's loopback "
           "addresses. Every kind of trouble Parallax knows appears here within a few minutes, including a local "
           "network outage about three minutes in. In the troubleshooting wizard (Ctrl+T), \"Run on the simulated "
           "host\" answers the commands it asks you to run on a worker or the server."),
        MessageBanner::Kind::Information);
}

std::optional<QString> DesktopApp::runOnSimulatedHost(qint64 workerId, WizardStepId step) const
{
    ClusterSession *session = currentSession();
    const sim::SimCluster *server = m_simOf.value(session);
    const WorkerView *view = session ? session->monitor().view(workerId) : nullptr;
    if (!server || !view)
        return std::nullopt;
    sim::HostCommand command;
    switch (step) {
    case WizardStepId::ServerView: command = sim::HostCommand::ClockStatus; break;
    case WizardStepId::ServerVantage: command = sim::HostCommand::ServerConnectCheck; break;
    case WizardStepId::WorkerFirewall: command = sim::HostCommand::FirewallListing; break;
    case WizardStepId::DockerNetwork: command = sim::HostCommand::DockerNetworkMode; break;
    default: return std::nullopt;
    }
    return sim::SimHostShell(*server).run(view->server.name, command);
}

void DesktopApp::openSavedProfiles()
{
    const Result<void> loaded = m_profiles->load();
    if (!loaded.ok()) {
        m_window->banner()->showMessage(loaded.error().message, MessageBanner::Kind::Warning);
        return;
    }
    for (const QString &id : m_profiles->openProfileIds()) {
        const std::optional<ServerProfile> profile = m_profiles->profile(id);
        if (!profile)
            continue;
        const ServerProfile p = *profile;
        m_credentials->read(p.credentialKey(), this, [this, p](Result<QString> secret) {
            if (!secret.ok()) {
                m_window->banner()->showMessage(tr("%1: no saved secret (%2). Use File → Connect to enter it again.")
                                                    .arg(p.name, secret.error().message),
                    MessageBanner::Kind::Warning);
                return;
            }
            openSession(p.name, p.endpoint(secret.value()),
                SessionOrigin{.loopbackOnly = false, .profileId = p.id, .probe = p.probe});
        });
    }
}

void DesktopApp::connectProfile(const ServerProfile &profile, const QString &secret)
{
    m_profiles->upsert(profile);
    QStringList open = m_profiles->openProfileIds();
    if (!open.contains(profile.id))
        open.append(profile.id);
    m_profiles->setOpenProfileIds(open);
    const Result<void> saved = m_profiles->save();
    if (!saved.ok())
        m_window->banner()->showMessage(saved.error().message, MessageBanner::Kind::Warning);
    m_credentials->write(profile.credentialKey(), secret, this, [this](Result<void> written) {
        if (!written.ok())
            m_window->banner()->showMessage(written.error().message, MessageBanner::Kind::Warning);
    });
    openSession(profile.name, profile.endpoint(secret),
        SessionOrigin{.loopbackOnly = false, .profileId = profile.id, .probe = profile.probe});
}

void DesktopApp::applyPreferences(const Preferences &prefs)
{
    m_prefs = prefs;
    m_history->setRetention(qint64(prefs.rawRetentionHours) * 3600'000,
        qint64(prefs.rollupRetentionDays) * 24 * 3600'000, m_history->settings().maxBytesOnDisk);
    m_history->runMaintenance();
    for (const auto &s : m_sessions)
        s->setProbeSettings(probeSettingsFor(m_origins.value(s.get())));
}

void DesktopApp::editProbeSettings(ClusterMonitor *monitor)
{
    ClusterSession *s = sessionFor(monitor);
    if (!s)
        return;
    auto *dialog = new ProbeSettingsDialog(s->name(), m_prefs.probe, m_origins.value(s).probe, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<ClusterSession> session(s);
    connect(dialog, &QDialog::accepted, this, [this, dialog, session] {
        if (!session)
            return;
        SessionOrigin &origin = m_origins[session.data()];
        origin.probe = dialog->tuning();
        session->setProbeSettings(probeSettingsFor(origin));
        if (origin.profileId.isEmpty())
            return;  // the demo: for this run only
        std::optional<ServerProfile> profile = m_profiles->profile(origin.profileId);
        if (!profile)
            return;
        profile->probe = origin.probe;
        m_profiles->upsert(*profile);
        if (const Result<void> saved = m_profiles->save(); !saved.ok())
            m_window->banner()->showMessage(saved.error().message, MessageBanner::Kind::Warning);
    });
    dialog->open();
}

QList<ClusterSession *> DesktopApp::sessions() const
{
    QList<ClusterSession *> out;
    for (const auto &s : m_sessions)
        out.append(s.get());
    return out;
}

ClusterSession *DesktopApp::sessionFor(const ClusterMonitor *monitor) const
{
    for (const auto &s : m_sessions) {
        if (&s->monitor() == monitor)
            return s.get();
    }
    return nullptr;
}

ClusterSession *DesktopApp::currentSession() const
{
    ClusterPage *page = m_window->currentPage();
    return page ? sessionFor(page->monitor()) : nullptr;
}

void DesktopApp::exportReport(ClusterMonitor *monitor)
{
    ClusterSession *session = sessionFor(monitor);
    if (!session)
        return;
    ClusterPage *page = m_window->currentPage();
    const qint64 selected = page ? page->currentWorkerId() : -1;
    const QString baseName = u"parallax-%1-%2"_s.arg(session->name(), m_clock.now().toString(u"yyyyMMdd-HHmm"_s));
    auto *dialog = new ExportDialog(ExportChoice::load(), selected >= 0, baseName, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<ClusterMonitor> target(monitor);
    connect(dialog, &QDialog::accepted, this, [this, dialog, target, selected] {
        const ExportChoice choice = dialog->choice();
        choice.save();
        if (target)
            exportTo(target, choice, selected, dialog->path());
    });
    dialog->open();
}

void DesktopApp::exportTo(ClusterMonitor *monitor, const ExportChoice &choice, qint64 selected, const QString &path)
{
    ClusterSession *session = sessionFor(monitor);
    if (!session)
        return;

    ReportRequest request;
    switch (choice.workers) {
    case ExportChoice::Workers::All: request.scope = ReportRequest::Scope::All; break;
    case ExportChoice::Workers::InTrouble: request.scope = ReportRequest::Scope::InTrouble; break;
    case ExportChoice::Workers::Selected: request.scope = ReportRequest::Scope::One; break;
    }
    request.workerId = selected;
    request.rangeFromMs = m_clock.nowMs() - qint64(choice.rangeHours) * 3600'000;
    if (choice.includeWizard) {
        const QString prefix = session->name() + u'/';
        for (auto it = m_wizardSessions.cbegin(); it != m_wizardSessions.cend(); ++it) {
            if (it.key().startsWith(prefix))
                request.wizard.insert(it->workerId, wizardFindings(*it));
        }
    }
    const QString key = monitor->historyKey();
    std::shared_ptr<StoredReportHistory> history;
    if (m_history && !key.isEmpty())
        history = std::make_shared<StoredReportHistory>(*m_history, key);
    const Redactor redactor = reportRedactor(*session, choice.redactHosts);
    const QString sessionName = session->name();
    // The store answers on its own thread; the file is written when the last answer is in.
    assembleReport(*session, std::move(request), history.get(), m_clock, this,
        [this, path, choice, redactor, sessionName, history](
            ReportInput input) { writeReport(path, std::move(input), choice.format, redactor, sessionName); });
}

void DesktopApp::writeReport(const QString &path, const ReportInput &input, ExportChoice::Format formatChoice,
    const Redactor &redactor, const QString &sessionName)
{
    bool ok = false;
    if (formatChoice == ExportChoice::Format::Pdf) {
        // The PDF is the HTML report laid out by Qt's rich-text engine.
        ok = writePdfReport(path, QString::fromUtf8(renderReport(input, ReportFormat::Html, redactor)),
            tr("Parallax report: %1").arg(sessionName));
    } else {
        const ReportFormat format = formatChoice == ExportChoice::Format::Json ? ReportFormat::Json
            : formatChoice == ExportChoice::Format::Markdown                   ? ReportFormat::Markdown
                                                                               : ReportFormat::Html;
        QSaveFile file(path);
        ok = file.open(QIODevice::WriteOnly) && file.write(renderReport(input, format, redactor)) >= 0 && file.commit();
    }
    Q_EMIT reportWritten(path, ok);
    if (ok)
        m_window->banner()->showMessage(
            tr("Report saved to %1").arg(QDir::toNativeSeparators(path)), MessageBanner::Kind::Information);
    else
        m_window->banner()->showMessage(
            tr("The report could not be saved to %1. Check that the folder exists and is writable.")
                .arg(QDir::toNativeSeparators(path)),
            MessageBanner::Kind::Error);
}

}  // namespace parallax

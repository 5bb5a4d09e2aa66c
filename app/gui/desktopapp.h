#pragma once

#include "base/clock.h"
#include "diagnosis/wizardsession.h"
#include "dialogs/exportdialog.h"
#include "dialogs/settingsdialog.h"
#include "gpustack/serverendpoint.h"
#include "settings/serverprofile.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>
#include <vector>

namespace parallax {

class ClusterMonitor;
class ClusterSession;
class CredentialStore;
class HistoryStore;
class MainWindow;
class ProfileStore;
class Redactor;
struct ReportInput;
struct ProbeSettings;
namespace sim {
class SimCluster;
}

// The GUI's composition root: one clock, one history store, the profiles and the keychain,
// one ClusterSession per open server, and (with --demo) the embedded simulator. It turns the
// window's requests (connect, refresh, troubleshoot, export, preferences) into calls on
// those parts; the decisions stay in core/ and the looks in ui/.
class DesktopApp : public QObject {
    Q_OBJECT
public:
    struct Options {
        bool demo = false;
        QString dataDir;  // empty = QStandardPaths::AppDataLocation
        // Connect to this server instead of the saved profiles (not saved as a profile).
        std::optional<ServerEndpoint> server;
    };

    explicit DesktopApp(const Options &options, QObject *parent = nullptr);
    ~DesktopApp() override;

    MainWindow &window() { return *m_window; }
    void start();
    QList<ClusterSession *> sessions() const;

Q_SIGNALS:
    // An export finished (the banner says the same in words).
    void reportWritten(const QString &path, bool ok);

private:
    // Where a session came from: what decides its probe settings.
    struct SessionOrigin {
        bool loopbackOnly = false;  // demo: never probe beyond loopback
        QString profileId;  // empty for the demo
        std::optional<ProbeTuning> probe;  // the profile's own; empty = m_prefs.probe
    };

    ClusterSession *openSession(const QString &name, const ServerEndpoint &endpoint, const SessionOrigin &origin);
    void editProbeSettings(ClusterMonitor *monitor);
    void startDemo();
    // --demo: the wizard's paste steps can run on the simulated hosts (SimHostShell).
    std::optional<QString> runOnSimulatedHost(qint64 workerId, WizardStepId step) const;
    void openSavedProfiles();
    void connectProfile(const ServerProfile &profile, const QString &secret);
    void exportReport(ClusterMonitor *monitor);
    void exportTo(ClusterMonitor *monitor, const ExportChoice &choice, qint64 selected, const QString &path);
    void writeReport(const QString &path, const ReportInput &input, ExportChoice::Format format,
        const Redactor &redactor, const QString &sessionName);
    void applyPreferences(const Preferences &prefs);
    ProbeSettings probeSettingsFor(const SessionOrigin &origin) const;
    ClusterSession *sessionFor(const ClusterMonitor *monitor) const;
    ClusterSession *currentSession() const;

    Options m_options;
    SystemClock m_clock;
    Preferences m_prefs;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<ProfileStore> m_profiles;
    CredentialStore *m_credentials = nullptr;
    std::vector<std::unique_ptr<sim::SimCluster>> m_sims;  // --demo: the demo servers
    QHash<const ClusterSession *, const sim::SimCluster *> m_simOf;  // --demo: the server behind a session
    std::vector<std::unique_ptr<ClusterSession>> m_sessions;
    QHash<ClusterSession *, SessionOrigin> m_origins;
    QHash<QString, WizardSession> m_wizardSessions;  // "<cluster>/<worker id>" → last "Add to report"
    std::unique_ptr<MainWindow> m_window;
};

}  // namespace parallax

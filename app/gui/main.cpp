#include "base/logging.h"
#include "base/translations.h"
#include "desktopapp.h"
#include "dialogs/settingsdialog.h"
#include "mainwindow.h"

#include <QApplication>
#include <QIcon>
#include <QSystemTrayIcon>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// The translation context of the command line (see core/base/trcontexts.h).
struct CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Parallax"_s);
    QApplication::setApplicationName(u"parallax"_s);
    QApplication::setApplicationDisplayName(u"Parallax"_s);
    QApplication::setApplicationVersion(QStringLiteral(PARALLAX_VERSION));
    QApplication::setDesktopFileName(u"io.parallax.Parallax"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/parallax.svg"_s));

    const QSettings settings;
    parallax::installTranslations(app, parallax::languageFromId(settings.value(u"ui/language"_s, u"system"_s).toString()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Parallax: monitor and reachability doctor for GPUStack clusters."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(u"demo"_s, CommandLine::tr("Start on the embedded demo cluster."));
    const QCommandLineOption quitAfter(
        u"quit-after"_s, CommandLine::tr("Quit after <ms> milliseconds (for tests and screenshots)."), u"ms"_s);
    parser.addOptions({demo, quitAfter});
    parser.process(app);

    parallax::DesktopApp desktop({.demo = parser.isSet(demo), .dataDir = {}});
    parallax::MainWindow &window = desktop.window();
    // "Start minimised to the tray" only when there is a tray to come back from.
    if (parallax::Preferences::load().startMinimized && QSystemTrayIcon::isSystemTrayAvailable()) {
        qCInfo(lcApp) << "main window shown in the system tray (start minimised)";
    } else {
        window.show();
        qCInfo(lcApp) << "main window shown";
    }
    desktop.start();
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QCoreApplication::quit);
    return app.exec();
}

#include "base/buildinfo.h"
#include "base/logging.h"
#include "base/translations.h"
#include "desktopapp.h"
#include "dialogs/settingsdialog.h"
#include "guioptions.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Parallax"_s);
    QCoreApplication::setApplicationName(u"parallax"_s);
    QCoreApplication::setApplicationVersion(parallax::buildinfo::versionLine());
}

parallax::Language chosenLanguage()
{
    const QSettings settings;
    return parallax::languageFromId(settings.value(u"ui/language"_s, u"system"_s).toString());
}

struct Options {
    QCommandLineOption demo = parallax::gui::demoOption().option;
    QCommandLineOption quitAfter = parallax::gui::quitAfterOption().option;
};

void describe(QCommandLineParser &parser)
{
    const parallax::options::ProgramSpec program = parallax::gui::guiProgram();
    parser.setApplicationDescription(program.description);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(parallax::options::parserOptions(program.options));
}

// --help and --version answer without a display: they are handled on a QCoreApplication that
// is gone before the QApplication (which needs a display server) is made. Errors in the
// command line are left to the second pass, where QApplication has taken its own options
// (-platform, -style…) out of argv.
void answerHelpAndVersion(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setIdentity();
    parallax::installTranslations(app, chosenLanguage());
    QCommandLineParser parser;
    describe(parser);
    parser.parse(QCoreApplication::arguments());
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
}

}  // namespace

int main(int argc, char *argv[])
{
    answerHelpAndVersion(argc, argv);

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(u"Parallax"_s);
    QApplication::setDesktopFileName(u"io.parallax.Parallax"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/parallax.svg"_s));
    parallax::installTranslations(app, chosenLanguage());

    QCommandLineParser parser;
    const Options options;
    describe(parser);
    parser.process(app);

    parallax::DesktopApp desktop({.demo = parser.isSet(options.demo), .dataDir = {}});
    parallax::MainWindow &window = desktop.window();
    // "Start minimised to the tray" only when there is a tray to come back from.
    if (parallax::Preferences::load().startMinimized && QSystemTrayIcon::isSystemTrayAvailable()) {
        qCInfo(lcApp) << "main window shown in the system tray (start minimised)";
    } else {
        window.show();
        qCInfo(lcApp) << "main window shown";
    }
    desktop.start();
    if (parser.isSet(options.quitAfter))
        QTimer::singleShot(parser.value(options.quitAfter).toInt(), &app, &QCoreApplication::quit);
    return app.exec();
}

#include "base/logging.h"
#include "base/translations.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Parallax"_s);
    QApplication::setApplicationName(u"parallax"_s);
    QApplication::setApplicationDisplayName(u"Parallax"_s);
    QApplication::setApplicationVersion(QStringLiteral(PARALLAX_VERSION));
    QApplication::setDesktopFileName(u"io.parallax.Parallax"_s);

    const QSettings settings;
    parallax::installTranslations(app, parallax::languageFromId(settings.value(u"ui/language"_s, u"system"_s).toString()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Parallax: monitor and reachability doctor for GPUStack clusters."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(u"demo"_s, QApplication::translate("main", "Start on the embedded demo cluster."));
    const QCommandLineOption quitAfter(u"quit-after"_s,
        QApplication::translate("main", "Quit after <ms> milliseconds (for tests and screenshots)."), u"ms"_s);
    parser.addOptions({demo, quitAfter});
    parser.process(app);

    parallax::MainWindow window;
    window.show();
    qCInfo(lcApp) << "main window shown";
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QCoreApplication::quit);
    return app.exec();
}

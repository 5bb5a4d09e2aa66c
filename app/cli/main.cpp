#include "base/translations.h"
#include "commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

using parallax::cli::kExitUsage;

void printErr(const QString &text)
{
    QTextStream(stderr) << text << '\n';
}

}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Parallax"_s);
    QCoreApplication::setApplicationName(u"parallax-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PARALLAX_VERSION));
    parallax::installTranslations(app, parallax::Language::System);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        parallax::cli::Cli::tr("Parallax headless: check, watch and simulate GPUStack clusters.\n\n"
                               "Commands:\n"
                               "  check   probe every worker once (or for --observe seconds) and write a report\n"
                               "  watch   print verdict and server-state changes as they happen\n"
                               "  sim     run the embedded GPUStack simulator"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, parallax::cli::Cli::tr("check, watch or sim"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    if (!parser.parse(app.arguments())) {
        printErr(parser.errorText());
        printErr(parallax::cli::Cli::tr("Run 'parallax-cli --help' for usage."));
        return kExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.isSet(u"version"_s)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        printErr(parallax::cli::Cli::tr("No command given: use check, watch or sim."));
        printErr(parallax::cli::Cli::tr("Run 'parallax-cli --help' for usage."));
        return kExitUsage;
    }
    const QString command = args.first();
    if (command == u"check"_s)
        return parallax::cli::runCheck(args);
    if (command == u"watch"_s)
        return parallax::cli::runWatch(args);
    if (command == u"sim"_s)
        return parallax::cli::runSim(args);
    printErr(parallax::cli::Cli::tr("Unknown command '%1': use check, watch or sim.").arg(command));
    return kExitUsage;
}

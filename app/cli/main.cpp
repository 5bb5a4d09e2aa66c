#include "base/buildinfo.h"
#include "base/translations.h"
#include "clioptions.h"
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

// --lang may stand anywhere, before or after the command, so it is taken out of the arguments
// before anything is parsed or printed: every line after it, help and errors included, is in
// that language. Returns false (with the value in `bad`) for a language Parallax does not ship.
bool takeLanguage(QStringList &args, parallax::Language &language, QString &bad)
{
    language = parallax::Language::System;
    for (qsizetype i = 1; i < args.size(); ++i) {
        QString value;
        if (args[i] == u"--lang"_s) {
            value = i + 1 < args.size() ? args[i + 1] : QString();
            args.remove(i, qMin<qsizetype>(2, args.size() - i));
        } else if (args[i].startsWith(u"--lang="_s)) {
            value = args[i].mid(7);
            args.remove(i);
        } else {
            continue;
        }
        --i;
        language = parallax::languageFromId(value);
        if (language == parallax::Language::System && value != u"system"_s) {
            bad = value;
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Parallax"_s);
    QCoreApplication::setApplicationName(u"parallax-cli"_s);
    QCoreApplication::setApplicationVersion(parallax::buildinfo::versionLine());
    QStringList arguments = QCoreApplication::arguments();
    parallax::Language language = parallax::Language::System;
    QString badLanguage;
    const bool languageKnown = takeLanguage(arguments, language, badLanguage);
    parallax::installTranslations(app, language);
    if (!languageKnown) {
        printErr(parallax::cli::Cli::tr("Unknown language '%1': use en or zh_CN.").arg(badLanguage));
        return kExitUsage;
    }

    QCommandLineParser parser;
    const parallax::options::ProgramSpec program = parallax::cli::cliProgram();
    parser.setApplicationDescription(program.description);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions(parallax::options::parserOptions(program.options));
    parser.addPositionalArgument(u"command"_s, parallax::cli::Cli::tr("check, watch, serve or sim"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    if (!parser.parse(arguments)) {
        printErr(parser.errorText());
        printErr(parallax::cli::Cli::tr("Run 'parallax-cli --help' for usage."));
        return kExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.isSet(u"version"_s)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
                            << '\n';
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        printErr(parallax::cli::Cli::tr("No command given: use check, watch, serve or sim."));
        printErr(parallax::cli::Cli::tr("Run 'parallax-cli --help' for usage."));
        return kExitUsage;
    }
    const QString command = args.first();
    if (command == u"check"_s)
        return parallax::cli::runCheck(args);
    if (command == u"watch"_s)
        return parallax::cli::runWatch(args);
    if (command == u"serve"_s)
        return parallax::cli::runServe(args);
    if (command == u"sim"_s)
        return parallax::cli::runSim(args);
    printErr(parallax::cli::Cli::tr("Unknown command '%1': use check, watch, serve or sim.").arg(command));
    return kExitUsage;
}

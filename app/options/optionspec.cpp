#include "optionspec.h"

namespace parallax::options {

QList<QCommandLineOption> parserOptions(const QList<OptionSpec> &specs)
{
    QList<QCommandLineOption> out;
    out.reserve(specs.size());
    for (const OptionSpec &spec : specs)
        out.append(spec.option);
    return out;
}

void describe(QCommandLineParser &parser, const CommandSpec &command)
{
    parser.setApplicationDescription(command.description);
    parser.addHelpOption();
    parser.addOptions(parserOptions(command.options));
}

}  // namespace parallax::options

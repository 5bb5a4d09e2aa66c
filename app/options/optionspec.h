#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

// The one source of truth of a program's command line: the parser is fed from these tables, and
// the man pages and shell completions are generated from the same tables at build time
// (app/docgen). An option added to a parser but not to its table fails tst_clidocs.
namespace parallax::options {

// What a shell completes as an option's value.
enum class Value {
    None,  // a flag
    Text,  // anything: nothing to offer
    File,  // a path
    Choice,  // one of `choices`
    FileOrChoice,  // one of `choices`, or a path
};

struct OptionSpec {
    QCommandLineOption option;
    Value value = Value::None;
    QStringList choices;
    bool repeatable = false;
};

struct CommandSpec {
    QString name;
    QString description;  // the command's --help description, and its man page section
    QList<OptionSpec> options;
};

struct ProgramSpec {
    QString name;
    QString description;  // the program's --help description; its first line names it
    QList<OptionSpec> options;  // besides --help and --version, which every program has
    QList<CommandSpec> commands;  // empty for a program without commands
};

// The parser's options of a table, in order.
QList<QCommandLineOption> parserOptions(const QList<OptionSpec> &specs);

// --help, the command's description and its options, in the order --help lists them.
void describe(QCommandLineParser &parser, const CommandSpec &command);

}  // namespace parallax::options

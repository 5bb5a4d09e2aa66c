#pragma once

#include "optionspec.h"

#include <QString>

// The man pages and shell completions of Parallax, written from the option tables the
// programs parse (app/options/optionspec.h). Prose that is not about an option (exit status,
// files, environment) is kept here, in English: man pages are not translated.
namespace parallax::docgen {

// "-h, --help" style spelling of an option's names, each with its dashes.
QStringList dashedNames(const QCommandLineOption &option);

QString manPage(const options::ProgramSpec &program, const QString &version);
QString bashCompletion(const options::ProgramSpec &program);
QString zshCompletion(const options::ProgramSpec &program);

}  // namespace parallax::docgen

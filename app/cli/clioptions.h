#pragma once

#include "optionspec.h"

// parallax-cli's command line: every option of every command, for the parsers in this
// directory and for the man page and completions generated from it (app/docgen).
namespace parallax::cli {

options::OptionSpec languageOption();
options::CommandSpec checkCommand();
options::CommandSpec watchCommand();
options::CommandSpec serveCommand();
options::CommandSpec simCommand();
options::ProgramSpec cliProgram();

}  // namespace parallax::cli

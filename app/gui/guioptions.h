#pragma once

#include "optionspec.h"

#include <QCoreApplication>

// parallax's command line, for its parser (main.cpp) and for the man page generated from it
// (app/docgen).
namespace parallax::gui {

// The translation context of the command line (see core/base/trcontexts.h).
struct CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

options::OptionSpec demoOption();
options::OptionSpec quitAfterOption();
options::ProgramSpec guiProgram();

}  // namespace parallax::gui

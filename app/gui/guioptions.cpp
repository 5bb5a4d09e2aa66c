#include "guioptions.h"

using namespace Qt::StringLiterals;

namespace parallax::gui {

using options::Value;

options::OptionSpec demoOption()
{
    return {{u"demo"_s, CommandLine::tr("Start on the embedded demo cluster.")}};
}

options::OptionSpec quitAfterOption()
{
    return {{u"quit-after"_s, CommandLine::tr("Quit after <ms> milliseconds (for tests and screenshots)."), u"ms"_s},
        Value::Text};
}

options::ProgramSpec guiProgram()
{
    return {u"parallax"_s, CommandLine::tr("Parallax: monitor and reachability doctor for GPUStack clusters."),
        {demoOption(), quitAfterOption()}, {}};
}

}  // namespace parallax::gui

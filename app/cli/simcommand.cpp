#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

namespace parallax::cli {

int runSim(const QStringList &args)
{
    QTextStream(stderr) << QCoreApplication::translate("parallax-cli", "'%1' is not available in this build yet.").arg(args.value(0)) << '\n';
    return kExitUsage;
}

}  // namespace parallax::cli

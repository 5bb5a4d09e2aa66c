#pragma once

#include <QCoreApplication>
#include <QStringList>

// One function per parallax-cli command; each parses its own options from `args`
// (args[0] is the command name) and returns the process exit code:
// 0 success / all agree up, 1 trouble found, 2 usage error, auth failure or server unreachable.
namespace parallax::cli {

// The translation context of everything parallax-cli prints; the pattern is the one of
// core/base/trcontexts.h.
struct Cli {
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

constexpr int kExitOk = 0;
constexpr int kExitTrouble = 1;
constexpr int kExitUsage = 2;

int runCheck(const QStringList &args);
int runWatch(const QStringList &args);
int runSim(const QStringList &args);
int runServe(const QStringList &args);

}  // namespace parallax::cli

// A child process for tst_settingssafety: saves the server profiles over and over, two
// different contents in turn, so the test can kill it with SIGKILL in the middle of a save.
//
//   profile_writer <profiles.json>    prints "saved A" / "saved B" after each save, until killed
#include "settings/profilestore.h"

#include <QCoreApplication>
#include <QTimer>
#include <QUrl>

#include <cstdio>

using namespace parallax;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2)
        return 2;
    // Two contents of different sizes (tens of KiB: a save takes several write calls).
    ProfileStore a(args.at(1));
    ProfileStore b(args.at(1));
    for (int i = 0; i < 120; ++i)
        a.upsert(newServerProfile(
            u"alpha-%1"_s.arg(i, 3, 10, QLatin1Char('0')), QUrl(u"https://alpha-%1.gpustack.test:8443"_s.arg(i))));
    for (int i = 0; i < 80; ++i)
        b.upsert(newServerProfile(
            u"beta-%1"_s.arg(i, 3, 10, QLatin1Char('0')), QUrl(u"https://beta-%1.gpustack.test"_s.arg(i))));
    a.setOpenProfileIds({a.profiles().first().id});

    bool nextIsA = true;
    QTimer saver;
    saver.setInterval(0);
    QObject::connect(&saver, &QTimer::timeout, &app, [&] {
        const Result<void> r = (nextIsA ? a : b).save();
        std::printf("%s %s\n", r.ok() ? "saved" : "failed", nextIsA ? "A" : "B");
        std::fflush(stdout);
        nextIsA = !nextIsA;
    });
    saver.start();
    return app.exec();
}

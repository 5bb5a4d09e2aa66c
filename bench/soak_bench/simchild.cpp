#include "simchild.h"

#include "sim/simcluster.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

struct Flipper {
    QString name;
    bool down = false;
    qint64 nextMs = 0;
};

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace

int runSimChild(const SimChildOptions &o)
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the bench with 10,000 listeners
    const QByteArray key = qgetenv("PARALLAX_SOAK_KEY");
    sim::SimOptions options;
    if (!key.isEmpty())
        options.apiKey = QString::fromLatin1(key);
    sim::SimCluster cluster(sim::Scenario::scale(o.workers), options);
    if (auto started = cluster.start(); !started) {
        say("error " + started.error().message.toUtf8());
        return 1;
    }

    // Workers the scale scenario leaves healthy (it breaks i % 100 == 37 or 73, i % 500 == 111).
    QList<int> healthy;
    for (int i = 0; i < o.workers; ++i) {
        if (i % 100 != 37 && i % 100 != 73 && i % 500 != 111)
            healthy.append(i);
    }
    QRandomGenerator random(o.seed);
    const int count = std::max(1, int(o.workers * o.flipFraction));
    std::vector<Flipper> flippers;
    for (int k = 0; k < count && !healthy.isEmpty(); ++k) {
        const int i = healthy.takeAt(qsizetype(random.bounded(quint32(healthy.size()))));
        // Scenario::scale's naming.
        flippers.push_back({u"node-%1"_s.arg(i + 1, 5, 10, QLatin1Char('0')), false,
            o.flipFromMs + qint64(random.bounded(quint32(o.holdMs)))});
    }
    say("ready " + cluster.baseUrl().toString().toUtf8() + " " + QByteArray::number(qint64(flippers.size())));

    QTimer tick;
    tick.setInterval(250);
    QObject::connect(&tick, &QTimer::timeout, &cluster, [&] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now > o.flipUntilMs)
            return;
        for (Flipper &f : flippers) {
            if (now < f.nextMs)
                continue;
            f.down = !f.down;
            cluster.setHealth(f.name, f.down ? sim::HealthBehaviour::Refused : sim::HealthBehaviour::Ok);
            say("flip " + f.name.toUtf8() + (f.down ? " down " : " up ") + QByteArray::number(now));
            // Hold at least holdMs, up to half as long again, so flips do not fall into step.
            f.nextMs = now + o.holdMs + qint64(random.bounded(quint32(o.holdMs / 2 + 1)));
        }
    });
    tick.start();
    // The parent closes our stdin (or dies): stop.
    return QCoreApplication::exec();
}

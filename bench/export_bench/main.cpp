// export_bench: what one Prometheus scrape of a large cluster costs.
//
//   export_bench [--workers N] [--runs R]
//
// Builds N synthetic worker views (every tenth in trouble, with two causes), then renders
// /metrics R times in each format and prints the median render time and the size.

#include "export/metricsrenderer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

constexpr qint64 kNowMs = 1'780'000'000'000;

QList<WorkerView> syntheticViews(int workers)
{
    QList<WorkerView> views;
    views.reserve(workers);
    for (int i = 0; i < workers; ++i) {
        WorkerView v;
        v.server.id = i + 1;
        v.server.name = u"gpu-node-%1"_s.arg(i + 1, 5, 10, QChar(u'0'));
        v.server.heartbeatTime = QDateTime::fromMSecsSinceEpoch(kNowMs - 10'000 - i, Qt::UTC);
        const bool trouble = i % 10 == 0;
        v.server.state = trouble ? WorkerState::Unreachable : WorkerState::Ready;
        ProbeResult p;
        p.workerId = v.server.id;
        p.tcp = {true, !trouble, trouble ? ProbeError::TimedOut : ProbeError::None, 900, {}};
        if (!trouble)
            p.http = {true, true, ProbeError::None, 1500, {}};
        p.httpStatus = trouble ? 0 : 200;
        p.connectUs = 900;
        p.firstByteUs = trouble ? 0 : 1500;
        p.totalUs = trouble ? 5'000'000 : 2600;
        v.lastProbe = p;
        v.local = trouble ? LocalState::Down : LocalState::Up;
        v.verdict = trouble ? Verdict::AgreeDown : Verdict::AgreeUp;
        if (trouble) {
            Cause a;
            a.id = CauseId::FirewallDrop;
            a.confidence = 0.7;
            Cause b;
            b.id = CauseId::HeartbeatLost;
            b.confidence = 0.3;
            v.causes = {a, b};
        }
        views.append(v);
    }
    return views;
}

}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"workers"_s, u"Workers (default 10000)."_s, u"N"_s, u"10000"_s});
    parser.addOption({u"runs"_s, u"Renders per format (default 9)."_s, u"R"_s, u"9"_s});
    parser.process(app);
    const int workers = std::max(1, parser.value(u"workers"_s).toInt());
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());

    QElapsedTimer build;
    build.start();
    const QList<WorkerView> views = syntheticViews(workers);
    QTextStream out(stdout);
    out << "export_bench: " << workers << " workers (built in " << build.elapsed() << " ms), " << runs
        << " runs per format\n";

    ClusterMetrics cluster;
    cluster.scope = {u"prod"_s, u"laptop-1"_s};
    cluster.nowMs = kNowMs;
    cluster.serverConnected = true;
    cluster.version = QStringLiteral(PARALLAX_VERSION);
    for (const MetricsFormat format : {MetricsFormat::Prometheus, MetricsFormat::OpenMetrics}) {
        QList<double> ms;
        qsizetype bytes = 0;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            const QByteArray text = renderClusterMetrics(cluster, views, format);
            ms.append(double(t.nsecsElapsed()) / 1e6);
            bytes = text.size();
        }
        std::sort(ms.begin(), ms.end());
        out << (format == MetricsFormat::OpenMetrics ? "  openmetrics  " : "  text 0.0.4  ") << "median "
            << QString::number(ms.at(ms.size() / 2), 'f', 1) << " ms, max " << QString::number(ms.last(), 'f', 1)
            << " ms, " << QString::number(double(bytes) / 1e6, 'f', 2) << " MB\n";
    }
    return 0;
}

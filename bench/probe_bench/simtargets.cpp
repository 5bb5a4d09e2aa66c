#include "simtargets.h"

#include "gpustack/workerjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <sys/wait.h>

using namespace Qt::StringLiterals;

namespace {
QProcess *g_sim = nullptr;
}

bool SimTargets::start(const QString &cliPath, int workers)
{
    // Our own key, so the simulator's generated one never needs to be parsed from its output.
    const QString key = u"gpustack_bench_"_s + QString::number(QRandomGenerator::global()->generate64(), 16);
    QTemporaryFile keyFile;
    if (!keyFile.open()) {
        error = u"cannot write the API key file"_s;
        return false;
    }
    keyFile.write(key.toUtf8() + '\n');
    keyFile.flush();

    g_sim = new QProcess;
    g_sim->setProgram(cliPath);
    g_sim->setArguments({u"sim"_s, u"--scenario"_s, u"scale"_s, u"--workers"_s, QString::number(workers),
        u"--api-key-file"_s, keyFile.fileName()});
    g_sim->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QString baseUrl;
    QByteArray out;
    QObject startup;  // context of the start-up connections: they must not outlive this frame
    QObject::connect(g_sim, &QProcess::readyReadStandardOutput, &startup, [&] {
        out += g_sim->readAllStandardOutput();
        const qsizetype at = out.indexOf("Server URL: ");
        const qsizetype end = at >= 0 ? out.indexOf('\n', at) : -1;
        if (end > at) {
            baseUrl = QString::fromUtf8(out.mid(at + 12, end - at - 12)).trimmed();
            QCoreApplication::exit(0);
        }
    });
    QObject::connect(g_sim, &QProcess::finished, &startup, [] { QCoreApplication::exit(1); });
    QObject::connect(g_sim, &QProcess::errorOccurred, &startup, [] { QCoreApplication::exit(1); });
    QTimer::singleShot(300'000, &startup, [] { QCoreApplication::exit(1); });
    g_sim->start();
    if (QCoreApplication::exec() != 0 || baseUrl.isEmpty()) {
        error = u"the simulator did not start: "_s + QString::fromUtf8(out);
        return false;
    }
    pid = g_sim->processId();

    QNetworkAccessManager nam;
    for (int page = 1;; ++page) {
        QUrl url(baseUrl + u"/v2/workers"_s);
        url.setQuery(QUrlQuery{{u"page"_s, QString::number(page)}, {u"perPage"_s, u"1000"_s}});
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        QNetworkReply *reply = nam.get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [] { QCoreApplication::exit(0); });
        QCoreApplication::exec();
        reply->deleteLater();
        const QJsonObject doc = QJsonDocument::fromJson(reply->readAll()).object();
        if (reply->error() != QNetworkReply::NoError) {
            error = u"listing workers failed: "_s + reply->errorString();
            return false;
        }
        const QJsonArray items = doc.value(u"items"_s).toArray();
        for (const QJsonValue &v : items) {
            const auto worker = parallax::workerFromJson(v.toObject());
            if (worker.ok())
                targets.append(parallax::probeTargetFor(worker.value()));
        }
        const QJsonObject pagination = doc.value(u"pagination"_s).toObject();
        if (items.isEmpty() || page >= pagination.value(u"totalPage"_s).toInt(1))
            break;
    }
    return !targets.isEmpty();
}

void SimTargets::stop()
{
    if (g_sim) {
        g_sim->terminate();
        QObject::connect(g_sim, &QProcess::finished, g_sim, [] { QCoreApplication::exit(0); });
        QTimer::singleShot(10'000, g_sim, [] { QCoreApplication::exit(0); });
        g_sim->closeReadChannel(QProcess::StandardOutput);
        if (g_sim->state() != QProcess::NotRunning)
            QCoreApplication::exec();
        delete g_sim;
        g_sim = nullptr;
    }
}

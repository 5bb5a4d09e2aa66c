#include "qtprobes.h"

#include "probe/healthresponse.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace qtprobes {

namespace {

// Starts probes while fewer than the cap are in flight; `one(i, finished)` starts probe i.
struct Driver {
    int count = 0;
    int concurrency = 0;
    int started = 0;
    int finished = 0;
    Outcome outcome;
    std::function<void(int)> startOne;
    std::function<void(Outcome)> done;

    void pump()
    {
        while (started < count && started - finished < concurrency)
            startOne(started++);
    }
    void finish(bool ok)
    {
        ++(ok ? outcome.ok : outcome.failed);
        if (++finished == count)
            done(outcome);
        else
            pump();
    }
};

}  // namespace

void runQTcpSocket(int count, const QList<quint16> &ports, int concurrency, int timeoutMs, bool http,
    std::function<void(Outcome)> done)
{
    auto driver = std::make_shared<Driver>();
    driver->count = count;
    driver->concurrency = concurrency;
    driver->done = std::move(done);
    driver->startOne = [driver, ports, timeoutMs, http](int i) {
        auto *socket = new QTcpSocket;
        auto *timer = new QTimer(socket);
        auto response = std::make_shared<parallax::HealthResponse>();
        const quint16 port = ports.at(i % ports.size());
        auto finish = [driver, socket](bool ok) {
            if (socket->property("done").toBool())
                return;
            socket->setProperty("done", true);
            socket->abort();
            socket->deleteLater();
            driver->finish(ok);
        };
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, socket, [finish] { finish(false); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [finish, socket, response] {
            if (socket->error() == QAbstractSocket::RemoteHostClosedError)
                finish(response->finish() == parallax::HealthResponse::State::Complete);
            else
                finish(false);
        });
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, http, finish, port] {
            if (!http)
                return finish(true);
            socket->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                + "\r\nUser-Agent: bench\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, response, finish] {
            const auto state = response->feed(socket->readAll());
            if (state == parallax::HealthResponse::State::Complete)
                finish(response->status() == 200 && parallax::isGpuStackHealthBody(response->body()));
            else if (state == parallax::HealthResponse::State::Failed)
                finish(false);
        });
        timer->start(timeoutMs);
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    };
    driver->pump();
}

void runQnam(int count, const QList<quint16> &ports, int concurrency, int timeoutMs, std::function<void(Outcome)> done)
{
    auto nam = std::make_shared<QNetworkAccessManager>();
    auto driver = std::make_shared<Driver>();
    driver->count = count;
    driver->concurrency = concurrency;
    driver->done = [nam, done = std::move(done)](Outcome o) { done(o); };
    driver->startOne = [driver, nam, ports, timeoutMs](int i) {
        QUrl url;
        url.setScheme(u"http"_s);
        url.setHost(u"127.0.0.1"_s);
        url.setPort(ports.at(i % ports.size()));
        url.setPath(u"/healthz"_s);
        QNetworkRequest request(url);
        request.setRawHeader("Connection", "close");  // a fresh connection per probe, like the server's check
        request.setTransferTimeout(timeoutMs);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QNetworkReply *reply = nam->get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [driver, reply] {
            const bool ok = reply->error() == QNetworkReply::NoError
                && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200
                && parallax::isGpuStackHealthBody(reply->readAll());
            reply->deleteLater();
            driver->finish(ok);
        });
    };
    driver->pump();
}

}  // namespace qtprobes

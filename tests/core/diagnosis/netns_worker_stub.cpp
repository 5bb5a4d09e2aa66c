// A stand-in for a GPUStack worker, run inside a network namespace by tst_netnsdiagnosis:
// serves GET /healthz (optionally slowly) on --port and accepts connections on --metrics-port.
// Prints "ready" once listening. Everything runs on the event loop.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption({u"bind"_s, u"address"_s, u"address"_s, u"0.0.0.0"_s});
    p.addOption({u"port"_s, u"health port (0 = none)"_s, u"port"_s, u"10150"_s});
    p.addOption({u"metrics-port"_s, u"metrics port (0 = none)"_s, u"port"_s, u"10151"_s});
    p.addOption({u"delay-ms"_s, u"delay before answering /healthz"_s, u"ms"_s, u"0"_s});
    p.process(app);
    const QHostAddress bind(p.value(u"bind"_s));
    const int delay = p.value(u"delay-ms"_s).toInt();

    QTcpServer health;
    QTcpServer metrics;
    QObject::connect(&health, &QTcpServer::newConnection, &health, [&health, delay] {
        while (QTcpSocket *s = health.nextPendingConnection()) {
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            QObject::connect(s, &QTcpSocket::readyRead, s, [s, delay] {
                if (!s->property("req").toByteArray().isEmpty())
                    return;
                const QByteArray req = s->readAll();
                s->setProperty("req", req);
                QPointer<QTcpSocket> guard(s);
                QTimer::singleShot(delay, s, [guard] {
                    if (!guard)
                        return;
                    guard->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                 "4\r\nConnection: close\r\n\r\n\"ok\"");
                    guard->disconnectFromHost();
                });
            });
        }
    });
    QObject::connect(&metrics, &QTcpServer::newConnection, &metrics, [&metrics] {
        while (QTcpSocket *s = metrics.nextPendingConnection()) {
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            s->disconnectFromHost();
        }
    });
    const int port = p.value(u"port"_s).toInt();
    const int mport = p.value(u"metrics-port"_s).toInt();
    if (port > 0 && !health.listen(bind, quint16(port))) {
        std::fprintf(stderr, "cannot listen on %d: %s\n", port, qPrintable(health.errorString()));
        return 1;
    }
    if (mport > 0 && !metrics.listen(QHostAddress::AnyIPv4, quint16(mport))) {
        std::fprintf(stderr, "cannot listen on %d: %s\n", mport, qPrintable(metrics.errorString()));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    return app.exec();
}

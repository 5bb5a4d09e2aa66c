#include "serverprobe.h"

#include "loopbackpool.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace parallax::sim {

namespace {

// One worker's probe: attempts until one answers 200 or the window has passed.
class ProbeRun : public QObject {
public:
    ProbeRun(const ServerProbeTarget &target, const ProbeTimings &timings, std::function<void(bool, QString)> done,
        QObject *parent)
        : QObject(parent)
        , m_target(target)
        , m_timings(timings)
        , m_done(std::move(done))
    {
        m_elapsed.start();
        attempt();
    }

    // The socket is a child: without this, ~QObject would delete it after our members are
    // gone and its final signals (disconnected, errorOccurred) would reach a dead ProbeRun.
    ~ProbeRun() override
    {
        if (m_socket) {
            m_socket->disconnect();
            delete m_socket;
        }
    }

private:
    void attempt()
    {
        const bool proxied = m_target.proxyPort != 0;
        if (!proxied && !isLoopbackLiteral(m_target.host)) {
            // Never send traffic beyond loopback: from the simulator's vantage point such an
            // address is unreachable, as it is for a real server in another network.
            return failed(u"no route to %1 from the simulated server"_s.arg(m_target.host), 0);
        }
        if (m_target.pathBlocked)
            return failed(u"the server's path to the worker is blocked"_s, m_timings.attemptTimeoutMs);
        const QByteArray hostPort = m_target.host.toLatin1() + ':' + QByteArray::number(m_target.port);
        m_socket = new QTcpSocket(this);
        m_response.clear();
        auto *timer = new QTimer(m_socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, m_socket, [this] { attemptDone(false, u"timed out"_s); });
        connect(m_socket, &QTcpSocket::connected, m_socket, [this, hostPort] {
            const QByteArray target =
                m_target.proxyPort ? QByteArray("http://" + hostPort + "/healthz") : "/healthz"_ba;
            m_socket->write("GET " + target + " HTTP/1.1\r\nHost: " + hostPort
                + "\r\nUser-Agent: gpustack-sim-server\r\nConnection: close\r\n\r\n");
        });
        connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] {
            m_response += m_socket->readAll();
            checkResponse(false);
        });
        connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] { checkResponse(true); });
        connect(m_socket, &QTcpSocket::errorOccurred, m_socket, [this](QAbstractSocket::SocketError e) {
            if (e != QAbstractSocket::RemoteHostClosedError)
                attemptDone(false, m_socket->errorString());
            else
                checkResponse(true);
        });
        timer->start(m_timings.attemptTimeoutMs);
        if (proxied)
            m_socket->connectToHost(QHostAddress(QHostAddress::LocalHost), m_target.proxyPort);
        else
            m_socket->connectToHost(m_target.host, m_target.port);
    }

    // Success = HTTP 200 (the body is not checked by GPUStack: only the status).
    void checkResponse(bool eof)
    {
        const qsizetype headerEnd = m_response.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (eof)
                attemptDone(false, u"connection closed without an answer"_s);
            return;
        }
        const QList<QByteArray> statusLine = m_response.left(m_response.indexOf("\r\n")).split(' ');
        const int status = statusLine.value(1).toInt();
        attemptDone(
            status == 200, m_target.proxyPort ? u"HTTP %1 from the proxy"_s.arg(status) : u"HTTP %1"_s.arg(status));
    }

    void attemptDone(bool ok, const QString &detail)
    {
        if (!m_socket)
            return;
        QTcpSocket *s = std::exchange(m_socket, nullptr);
        s->disconnect(this);
        s->abort();
        s->deleteLater();
        if (ok)
            return finish(true, detail);
        failed(detail, 0);
    }

    void failed(const QString &detail, int afterMs)
    {
        m_lastDetail = detail;
        const qint64 next = m_elapsed.elapsed() + afterMs + m_timings.retryPauseMs;
        if (next >= m_timings.windowMs) {
            QTimer::singleShot(qMax(0, afterMs), this, [this] { finish(false, m_lastDetail); });
            return;
        }
        QTimer::singleShot(afterMs + m_timings.retryPauseMs, this, [this] { attempt(); });
    }

    void finish(bool ok, const QString &detail)
    {
        auto done = std::move(m_done);
        deleteLater();
        if (done)
            done(ok, detail);
    }

    ServerProbeTarget m_target;
    ProbeTimings m_timings;
    std::function<void(bool, QString)> m_done;
    QElapsedTimer m_elapsed;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_response;
    QString m_lastDetail;
};

}  // namespace

ServerProbe::ServerProbe(QObject *parent)
    : QObject(parent)
{
}

void ServerProbe::probe(const ServerProbeTarget &target, QObject *context, std::function<void(bool, QString)> done)
{
    m_queue.push_back({target, context, std::move(done)});
    startNext();
}

void ServerProbe::startNext()
{
    while (m_running < m_maxConcurrent && !m_queue.empty()) {
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_running;
        QPointer<QObject> context(job.context);
        auto done = std::move(job.done);
        new ProbeRun(
            job.target, m_timings,
            [this, context, done = std::move(done)](bool ok, const QString &detail) {
                --m_running;
                if (context && done)
                    done(ok, detail);
                QTimer::singleShot(0, this, &ServerProbe::startNext);
            },
            this);
    }
}

}  // namespace parallax::sim

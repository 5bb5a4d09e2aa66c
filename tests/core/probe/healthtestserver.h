#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

// A GPUStack worker health endpoint on loopback that answers in one chosen (mis)way.
class HealthTestServer : public QTcpServer {
    Q_OBJECT
public:
    enum class Mode {
        Ok,  // 200, Content-Length, body "ok" with the quotes, Date header
        OkBare,  // 200, body ok without quotes
        OkChunked,  // 200, chunked "ok"
        OkCloseDelimited,  // 200, no Content-Length, body ends when the connection closes
        Delayed,  // Ok after `delayMs`
        Hang,  // accepts, reads, never answers
        ResetOnAccept,  // RST right after accepting (SO_LINGER {1,0} then close)
        ResetAfterRequest,  // reads the request, then RST
        Status503,  // 503 Service Unavailable
        BadBody,  // 200 with a body that is not "ok"
        Garbage,  // bytes that are not HTTP
        Truncated,  // Content-Length 10, 2 bytes, close
        Huge,  // 200 with a 1 MiB body
    };

    explicit HealthTestServer(Mode mode = Mode::Ok, QObject *parent = nullptr);
    bool listenLoopback(const QHostAddress &address = QHostAddress::LocalHost);
    void setMode(Mode mode) { m_mode = mode; }
    void setDelayMs(int ms) { m_delayMs = ms; }
    void setDateHeader(const QByteArray &date) { m_date = date; }

    int accepted() const { return m_accepted; }
    int requests() const { return m_requests; }
    QByteArray lastRequest() const { return m_lastRequest; }

    // A port on loopback where nothing listens (bound, then released).
    static quint16 closedPort();

private:
    void serve(QTcpSocket *socket);
    void answer(QTcpSocket *socket);
    static void resetConnection(QTcpSocket *socket);

    Mode m_mode;
    int m_delayMs = 0;
    QByteArray m_date = "Sun, 06 Nov 1994 08:49:37 GMT";
    int m_accepted = 0;
    int m_requests = 0;
    QByteArray m_lastRequest;
};

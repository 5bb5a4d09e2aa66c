#pragma once

#include "base/result.h"
#include "gpustack/gpustackclient.h"
#include "gpustack/watchframes.h"
#include "gpustack/worker.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace parallax {

// Keeps one server's workers current: lists them (resync), then follows
// GET <prefix>/workers?watch=true (ref/gpustack-api.md §3.2). On a dropped connection or a
// missed keep-alive window it reconnects with exponential backoff and lists again, so
// nothing is duplicated or lost; where watch is unavailable (404/405, a plain JSON answer) it
// polls the list instead.
//
// The signals match ClusterMonitor's inputs:
//   snapshot  → ClusterMonitor::setServerSnapshot   (after every (re)list: the full set)
//   upserted  → ClusterMonitor::upsertServerWorker  (CREATED/UPDATED; the stream replays every
//                                                     existing row as CREATED on connect)
//   removed   → ClusterMonitor::removeServerWorker  (DELETED, possibly id-only)
class WorkerWatch : public QObject {
    Q_OBJECT
public:
    enum class ConnectionState {
        Stopped,
        Syncing,       // listing workers
        Watching,      // stream open
        Polling,       // watch unavailable: listing every pollIntervalMs
        Reconnecting,  // waiting for the next attempt after an error (see the Error)
    };
    Q_ENUM(ConnectionState)

    struct Options {
        ListFilter filter;
        int keepAliveWindowMs = 45000;  // GPUStack sends a keep-alive every 15 s
        int backoffInitialMs = 1000;
        int backoffMaxMs = 60000;
        int pollIntervalMs = 15000;
        qint64 maxEventBytes = 16LL * 1024 * 1024;
    };

    explicit WorkerWatch(GpuStackClient *client, QObject *parent = nullptr);
    ~WorkerWatch() override;

    void setOptions(const Options &options) { m_options = options; }
    const Options &options() const { return m_options; }

    void start();
    void stop();
    ConnectionState state() const { return m_state; }
    const Error &lastError() const { return m_lastError; }
    int reconnectCount() const { return m_reconnects; }

Q_SIGNALS:
    void snapshot(const QList<parallax::Worker> &workers);
    void upserted(const parallax::Worker &worker);
    void removed(qint64 workerId);
    // `error` is meaningful for Reconnecting (and Polling after a failed poll); code None otherwise.
    void connectionStateChanged(parallax::WorkerWatch::ConnectionState state, const parallax::Error &error);

private:
    void resync();
    void openStream();
    void closeStream();
    void onMetaData();
    void onData();
    void onStreamFinished();
    void handleEvent(const QByteArray &event);
    void fail(const Error &error);
    void schedulePoll();
    void setState(ConnectionState state, const Error &error = Error{ErrorCode::None, {}, {}});

    QPointer<GpuStackClient> m_client;
    Options m_options;
    ConnectionState m_state = ConnectionState::Stopped;
    Error m_lastError{ErrorCode::None, {}, {}};
    QPointer<QNetworkReply> m_reply;
    WatchFrames m_frames;
    QTimer m_keepAlive;
    QTimer m_retry;
    QTimer m_poll;
    int m_backoffMs = 0;
    int m_reconnects = 0;
    bool m_polling = false;
    quint64 m_run = 0;  // bumped by stop()/start() so late list replies are ignored
};

}  // namespace parallax

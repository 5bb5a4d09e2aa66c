#pragma once

#include "base/result.h"
#include "gpustack/gpustackclient.h"
#include "gpustack/watchframes.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QNetworkReply;

namespace parallax {

// Tuning shared by every watched resource (WorkerWatch::Options, ClusterWatch::Options).
struct WatchOptions {
    ListFilter filter;
    int keepAliveWindowMs = 45000;  // GPUStack sends a keep-alive every 15 s
    int backoffInitialMs = 1000;
    int backoffMaxMs = 60000;
    int pollIntervalMs = 15000;
    // While polling, try the stream again this often: a proxy that buffered the stream may be
    // gone after a restart or an upgrade, and watching is cheaper and faster than polling.
    int watchRetryMs = 300000;
    // False: list once and stop there (state Listed): a one-shot check needs the list, not the
    // stream, whose first act is to replay every row the list just returned.
    bool follow = true;
    qint64 maxEventBytes = 4LL * 1024 * 1024;  // one event is a worker row, ~10 KB; 400x headroom
};

// The machinery behind WorkerWatch and ClusterWatch: list (resync), then follow
// GET <prefix>/<resource>?watch=true (ref/gpustack-api.md §3.2); on a dropped connection or a
// missed keep-alive window reconnect with exponential backoff and list again; where watch is
// unavailable (404/405, a plain JSON answer) poll the list instead. What a listing or an event
// means is the owner's business (Hooks), so each owner keeps its own typed signals and messages.
class ResourceWatch : public QObject {
    Q_OBJECT
public:
    enum class State {
        Stopped,
        Syncing,
        Watching,
        Polling,
        Reconnecting,
        Unsupported,  // the server has no such resource (clusters on v0.x); nothing more is tried
        Listed,  // listed once, not following (WatchOptions::follow is false)
    };

    enum class ListOutcome { Listed, Failed, Unsupported };
    // `publish` emits the owner's snapshot; the engine calls it only if the listing is still current.
    using Listed = std::function<void(ListOutcome outcome, const Error &error, const std::function<void()> &publish)>;

    struct Hooks {
        std::function<void(QObject *context, Listed done)> list;
        std::function<void(int type, const QJsonObject &event)> event;
        std::function<void(State state, const Error &error)> stateChanged;
        std::function<Error(int keepAliveWindowMs)> silentError;  // the keep-alive window passed
        std::function<Error()> endedError;  // the server closed the stream
    };

    ResourceWatch(GpuStackClient *client, QString resource, Hooks hooks, QObject *parent = nullptr);
    ~ResourceWatch() override;

    void setOptions(const WatchOptions &options) { m_options = options; }
    void start();
    void stop();
    State state() const { return m_state; }
    const Error &lastError() const { return m_lastError; }
    int reconnectCount() const { return m_reconnects; }

private:
    void resync();
    void openStream();
    void closeStream();
    void onMetaData();
    void onData();
    void onStreamFinished();
    void handleEvent(const QByteArray &event);
    void fail(const Error &error);
    void enterPolling();
    void setState(State state, const Error &error = Error{ErrorCode::None, {}, {}});

    QPointer<GpuStackClient> m_client;
    QString m_resource;
    Hooks m_hooks;
    WatchOptions m_options;
    State m_state = State::Stopped;
    Error m_lastError{ErrorCode::None, {}, {}};
    QPointer<QNetworkReply> m_reply;
    WatchFrames m_frames;
    QTimer m_keepAlive;
    QTimer m_retry;
    QTimer m_poll;
    QTimer m_watchRetry;  // while polling: when to try the stream again
    int m_backoffMs = 0;
    int m_reconnects = 0;
    bool m_polling = false;
    bool m_watchRetryDue = false;
    quint64 m_run = 0;  // bumped by stop()/start() so late list replies are ignored
};

}  // namespace parallax

#pragma once

#include "base/result.h"
#include "gpustack/gpustackclient.h"
#include "gpustack/resourcewatch.h"
#include "gpustack/worker.h"

#include <QObject>

namespace parallax {

// Keeps one server's workers current: lists them (resync), then follows
// GET <prefix>/workers?watch=true (ref/gpustack-api.md §3.2). On a dropped connection or a
// missed keep-alive window it reconnects with exponential backoff and lists again, so
// nothing is duplicated or lost; where watch is unavailable (404/405, a plain JSON answer) it
// polls the list instead. The stream, resync and backoff machinery is ResourceWatch's (shared
// with ClusterWatch); this class maps its JSON to Worker values.
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
        Syncing,  // listing workers
        Watching,  // stream open
        Polling,  // watch unavailable: listing every pollIntervalMs
        Reconnecting,  // waiting for the next attempt after an error (see the Error)
        Listed = 6,  // listed once, not following (Options::follow is false)
    };
    Q_ENUM(ConnectionState)

    using Options = WatchOptions;

    explicit WorkerWatch(GpuStackClient *client, QObject *parent = nullptr);
    ~WorkerWatch() override;

    void setOptions(const Options &options)
    {
        m_options = options;
        m_stream.setOptions(options);
    }
    const Options &options() const { return m_options; }

    void start() { m_stream.start(); }
    void stop() { m_stream.stop(); }
    ConnectionState state() const { return ConnectionState(int(m_stream.state())); }
    const Error &lastError() const { return m_stream.lastError(); }
    int reconnectCount() const { return m_stream.reconnectCount(); }

Q_SIGNALS:
    void snapshot(const QList<parallax::Worker> &workers);
    void upserted(const parallax::Worker &worker);
    void removed(qint64 workerId);
    // `error` is meaningful for Reconnecting (and Polling after a failed poll); code None otherwise.
    void connectionStateChanged(parallax::WorkerWatch::ConnectionState state, const parallax::Error &error);

private:
    ResourceWatch::Hooks hooks();

    QPointer<GpuStackClient> m_client;
    Options m_options;
    ResourceWatch m_stream;
};

}  // namespace parallax

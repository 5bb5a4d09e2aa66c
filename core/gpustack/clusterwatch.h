#pragma once

#include "base/result.h"
#include "gpustack/gpustackclient.h"
#include "gpustack/resources.h"
#include "gpustack/resourcewatch.h"

#include <QObject>

namespace parallax {

// Keeps one server's clusters current: lists them (resync), then follows
// GET <prefix>/clusters?watch=true (ref/gpustack-api.md §3.2, §5 Cluster) with the same framing,
// reconnect/backoff and polling fallback as WorkerWatch (both run on ResourceWatch).
//
// Clusters exist only on GPUStack v2. On a v0.x server (/v1 prefix) the watch lists nothing,
// emits an empty snapshot once and settles in Unsupported with an Error that says why; it makes
// no further requests.
//
//   snapshot  after every (re)list: the full set
//   upserted  CREATED/UPDATED (the stream replays every existing row as CREATED on connect)
//   removed   DELETED, possibly id-only
class ClusterWatch : public QObject {
    Q_OBJECT
public:
    enum class ConnectionState {
        Stopped,
        Syncing,  // listing clusters
        Watching,  // stream open
        Polling,  // watch unavailable: listing every pollIntervalMs
        Reconnecting,  // waiting for the next attempt after an error (see the Error)
        Unsupported,  // a v0.x server: no clusters (see the Error)
        Listed,  // listed once, not following (Options::follow is false)
    };
    Q_ENUM(ConnectionState)

    using Options = WatchOptions;

    explicit ClusterWatch(GpuStackClient *client, QObject *parent = nullptr);
    ~ClusterWatch() override;

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
    void snapshot(const QList<parallax::Cluster> &clusters);
    void upserted(const parallax::Cluster &cluster);
    void removed(qint64 clusterId);
    // `error` is meaningful for Reconnecting, Unsupported (and Polling after a failed poll).
    void connectionStateChanged(parallax::ClusterWatch::ConnectionState state, const parallax::Error &error);

private:
    ResourceWatch::Hooks hooks();
    Error noClustersError() const;

    QPointer<GpuStackClient> m_client;
    Options m_options;
    ResourceWatch m_stream;
};

}  // namespace parallax

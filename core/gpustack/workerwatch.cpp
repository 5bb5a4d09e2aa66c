#include "workerwatch.h"

#include "base/logging.h"
#include "gpustack/workerjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
// Watch event types are the enum values of gpustack/server/coordinator/base.py EventType.
constexpr int EventCreated = 1;
constexpr int EventUpdated = 2;
constexpr int EventDeleted = 3;
}  // namespace

WorkerWatch::WorkerWatch(GpuStackClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_keepAlive.setSingleShot(true);
    m_retry.setSingleShot(true);
    m_poll.setSingleShot(true);
    connect(&m_keepAlive, &QTimer::timeout, this, [this]() {
        fail(Error{ErrorCode::Timeout,
                   tr("The server's watch stream went silent for more than %1 s (GPUStack sends a keep-alive every "
                      "15 s). Reconnecting.")
                       .arg(m_options.keepAliveWindowMs / 1000.0, 0, 'g', 3),
                   u"no bytes within keep-alive window of %1 ms"_s.arg(m_options.keepAliveWindowMs)});
    });
    connect(&m_retry, &QTimer::timeout, this, &WorkerWatch::resync);
    connect(&m_poll, &QTimer::timeout, this, &WorkerWatch::resync);
}

WorkerWatch::~WorkerWatch()
{
    closeStream();
}

void WorkerWatch::start()
{
    stop();
    ++m_run;
    m_backoffMs = m_options.backoffInitialMs;
    m_frames = WatchFrames(m_options.maxEventBytes);
    m_polling = false;
    resync();
}

void WorkerWatch::stop()
{
    ++m_run;
    closeStream();
    m_retry.stop();
    m_poll.stop();
    if (m_state != ConnectionState::Stopped)
        setState(ConnectionState::Stopped);
}

void WorkerWatch::setState(ConnectionState state, const Error &error)
{
    m_lastError = error;
    if (m_state == state && error.code == ErrorCode::None)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(state, error);
}

void WorkerWatch::resync()
{
    if (!m_client)
        return;
    const quint64 run = m_run;
    if (!m_polling)
        setState(ConnectionState::Syncing);
    m_client->listWorkers(m_options.filter, this, [this, run](Result<QList<Worker>> r) {
        if (run != m_run)
            return;
        if (!r.ok()) {
            fail(r.error());
            return;
        }
        Q_EMIT snapshot(r.value());
        if (m_polling) {
            m_backoffMs = m_options.backoffInitialMs;
            setState(ConnectionState::Polling);
            schedulePoll();
        } else {
            openStream();
        }
    });
}

void WorkerWatch::openStream()
{
    closeStream();
    m_frames.clear();
    QNetworkReply *reply = m_client->openStream(u"workers"_s, m_options.filter);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &WorkerWatch::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &WorkerWatch::onData);
    connect(reply, &QNetworkReply::finished, this, &WorkerWatch::onStreamFinished);
    m_keepAlive.start(m_options.keepAliveWindowMs);
}

void WorkerWatch::closeStream()
{
    m_keepAlive.stop();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void WorkerWatch::onMetaData()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    if (status == 404 || status == 405 || (status == 200 && type.contains("application/json"))) {
        // This server (or a proxy in front of it) does not stream: poll the list instead.
        qCInfo(lcGpustack) << "watch unavailable on" << m_reply->url().host() << "status" << status << type
                           << "- polling every" << m_options.pollIntervalMs << "ms";
        closeStream();
        m_polling = true;
        setState(ConnectionState::Polling);
        schedulePoll();
        return;
    }
    if (status == 401)
        m_client->invalidateSession();
    if (status >= 300 || status == 0)
        return;  // finished() reports the error
    setState(ConnectionState::Watching);
}

void WorkerWatch::onData()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return;  // an error body; finished() handles it
    m_keepAlive.start(m_options.keepAliveWindowMs);
    const Result<QList<QByteArray>> events = m_frames.append(m_reply->readAll());
    if (!events.ok()) {
        fail(events.error());
        return;
    }
    if (!events->isEmpty())
        m_backoffMs = m_options.backoffInitialMs;  // the stream works: next drop retries quickly
    for (const QByteArray &e : events.value()) {
        handleEvent(e);
        if (!m_reply)
            return;  // a handler stopped us
    }
}

void WorkerWatch::handleEvent(const QByteArray &event)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(event, &err);
    if (!doc.isObject()) {
        // One unreadable event must not cost the stream; the next resync repairs the state.
        qCWarning(lcGpustack) << "ignoring an unreadable watch event:" << err.errorString() << event.size() << "bytes";
        return;
    }
    const QJsonObject o = doc.object();
    const int type = o.value(u"type"_s).toInt();
    const QJsonObject data = o.value(u"data"_s).toObject();
    if (type == EventCreated || type == EventUpdated) {
        Result<Worker> w = workerFromJson(data);
        if (!w.ok()) {
            qCWarning(lcGpustack).noquote() << "ignoring watch event:" << w.error().detail;
            return;
        }
        Q_EMIT upserted(w.value());
    } else if (type == EventDeleted) {
        // DELETED may carry only {"id": n}; v2.1+ also sends the id beside data.
        const QJsonValue id = data.contains(u"id"_s) ? data.value(u"id"_s) : o.value(u"id"_s);
        if (id.isDouble())
            Q_EMIT removed(qint64(id.toDouble()));
        else
            qCWarning(lcGpustack) << "ignoring a DELETED event without id";
    }
}

void WorkerWatch::onStreamFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    Error error;
    if (reply->error() != QNetworkReply::NoError && (status == 0 || status == 200)) {
        error = m_client->errorForReply(reply);
    } else if (status != 200 && status != 0) {
        error = m_client->errorForReply(reply);
    } else {
        error = Error{ErrorCode::ConnectionReset,
                      tr("The server closed the watch stream. Reconnecting and listing the workers again."),
                      u"watch stream ended"_s};
    }
    fail(error);
}

void WorkerWatch::fail(const Error &error)
{
    closeStream();
    if (m_state == ConnectionState::Stopped)
        return;
    ++m_reconnects;
    qCInfo(lcGpustack).noquote() << "watch:" << errorCodeId(error.code) << error.detail << "- retrying in" << m_backoffMs << "ms";
    setState(ConnectionState::Reconnecting, error);
    m_retry.start(m_backoffMs);
    m_backoffMs = qMin(qMax(1, m_backoffMs) * 2, m_options.backoffMaxMs);
}

void WorkerWatch::schedulePoll()
{
    m_poll.start(m_options.pollIntervalMs);
}

}  // namespace parallax

#include "resourcewatch.h"

#include "base/logging.h"
#include "gpustack/jsonread.h"

#include <QJsonDocument>
#include <QNetworkReply>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

ResourceWatch::ResourceWatch(GpuStackClient *client, QString resource, Hooks hooks, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_resource(std::move(resource))
    , m_hooks(std::move(hooks))
{
    m_keepAlive.setSingleShot(true);
    m_retry.setSingleShot(true);
    m_poll.setSingleShot(true);
    m_watchRetry.setSingleShot(true);
    connect(&m_keepAlive, &QTimer::timeout, this, [this]() { fail(m_hooks.silentError(m_options.keepAliveWindowMs)); });
    connect(&m_retry, &QTimer::timeout, this, &ResourceWatch::resync);
    connect(&m_poll, &QTimer::timeout, this, &ResourceWatch::resync);
    connect(&m_watchRetry, &QTimer::timeout, this, [this]() { m_watchRetryDue = true; });
}

ResourceWatch::~ResourceWatch()
{
    closeStream();
}

void ResourceWatch::start()
{
    stop();
    ++m_run;
    m_backoffMs = m_options.backoffInitialMs;
    m_frames = WatchFrames(m_options.maxEventBytes);
    m_polling = false;
    m_watchRetryDue = false;
    resync();
}

void ResourceWatch::stop()
{
    ++m_run;
    closeStream();
    m_retry.stop();
    m_poll.stop();
    m_watchRetry.stop();
    if (m_state != State::Stopped)
        setState(State::Stopped);
}

void ResourceWatch::setState(State state, const Error &error)
{
    m_lastError = error;
    if (m_state == state && error.code == ErrorCode::None)
        return;
    m_state = state;
    m_hooks.stateChanged(state, error);
}

void ResourceWatch::resync()
{
    if (!m_client)
        return;
    const quint64 run = m_run;
    if (!m_polling)
        setState(State::Syncing);
    m_hooks.list(this, [this, run](ListOutcome outcome, const Error &error, const std::function<void()> &publish) {
        if (run != m_run)
            return;
        if (outcome == ListOutcome::Failed) {
            fail(error);
            return;
        }
        if (publish)
            publish();
        if (outcome == ListOutcome::Unsupported) {
            qCInfo(lcGpustack).noquote() << "watch:" << m_resource << "unsupported by this server -"
                                         << logSafe(error.detail);
            closeStream();
            setState(State::Unsupported, error);
            return;
        }
        if (!m_options.follow) {
            setState(State::Listed);
            return;
        }
        if (m_polling && m_watchRetryDue) {
            // Time to see whether the stream works again; onMetaData() returns to polling if not.
            qCInfo(lcGpustack) << "watch:" << m_resource << "trying the stream again after polling";
            m_polling = false;
            m_watchRetryDue = false;
            m_poll.stop();
            openStream();
        } else if (m_polling) {
            m_backoffMs = m_options.backoffInitialMs;
            setState(State::Polling);
            m_poll.start(m_options.pollIntervalMs);
        } else {
            openStream();
        }
    });
}

void ResourceWatch::openStream()
{
    closeStream();
    m_frames.clear();
    QNetworkReply *reply = m_client->openStream(m_resource, m_options.filter);
    // A stream never ends, so Qt's default (buffer without limit) lets a server that sends faster
    // than we read, or an event loop busy elsewhere, pile megabytes into the reply before onData()
    // can apply the event cap. A bounded buffer makes the network layer wait instead.
    // 64 KiB: a few dozen events per read, so a replay of 10,000 rows reaches the owner in
    // slices of milliseconds, not in megabyte reads that hold the window for a quarter second.
    reply->setReadBufferSize(std::clamp<qint64>(m_options.maxEventBytes / 4, 16 * 1024, 64 * 1024));
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &ResourceWatch::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &ResourceWatch::onData);
    connect(reply, &QNetworkReply::finished, this, &ResourceWatch::onStreamFinished);
    m_keepAlive.start(m_options.keepAliveWindowMs);
}

void ResourceWatch::closeStream()
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

void ResourceWatch::onMetaData()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    if (status == 404 || status == 405 || (status == 200 && type.contains("application/json"))) {
        // This server (or a proxy in front of it) does not stream: poll the list instead.
        qCInfo(lcGpustack) << "watch on" << m_resource << "unavailable on" << m_reply->url().host() << "status"
                           << status << type << "- polling every" << m_options.pollIntervalMs << "ms";
        closeStream();
        enterPolling();
        return;
    }
    if (status == 401)
        m_client->invalidateSession();
    if (status >= 300 || status == 0)
        return;  // finished() reports the error
    setState(State::Watching);
}

void ResourceWatch::enterPolling()
{
    m_polling = true;
    m_watchRetryDue = false;
    if (m_options.watchRetryMs > 0)
        m_watchRetry.start(m_options.watchRetryMs);
    setState(State::Polling);
    m_poll.start(m_options.pollIntervalMs);
}

void ResourceWatch::onData()
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

void ResourceWatch::handleEvent(const QByteArray &event)
{
    QJsonParseError err;
    const QJsonDocument doc = parseServerJson(event, &err);  // invalid UTF-8 in a name costs only that name
    if (!doc.isObject()) {
        // One unreadable event must not cost the stream; the next resync repairs the state.
        qCWarning(lcGpustack) << "ignoring an unreadable" << m_resource << "watch event:" << err.errorString()
                              << event.size() << "bytes";
        return;
    }
    const QJsonObject o = doc.object();
    m_hooks.event(o.value(u"type"_s).toInt(), o);
}

void ResourceWatch::onStreamFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    Error error;
    if (reply->error() != QNetworkReply::NoError && (status == 0 || status == 200))
        error = m_client->errorForReply(reply);
    else if (status != 200 && status != 0)
        error = m_client->errorForReply(reply);
    else
        error = m_hooks.endedError();
    fail(error);
}

void ResourceWatch::fail(const Error &error)
{
    closeStream();
    if (m_state == State::Stopped)
        return;
    ++m_reconnects;
    qCInfo(lcGpustack).noquote() << "watch" << m_resource << ":" << errorCodeId(error.code) << logSafe(error.detail)
                                 << "- retrying in" << m_backoffMs << "ms";
    setState(State::Reconnecting, error);
    m_retry.start(m_backoffMs);
    m_backoffMs = qMin(qMax(1, m_backoffMs) * 2, m_options.backoffMaxMs);
}

}  // namespace parallax

#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QList>

namespace parallax {

// Splits GPUStack's watch stream into events. The framing is not SSE: each event is one
// compact JSON object followed by "\n\n", and an idle stream sends a bare "\n\n" every 15 s
// (ActiveRecordMixin._format_event / subscribe(), gpustack/mixins/active_record.py; ref §3.2).
// Empty chunks (keep-alives) are skipped. A "data:" prefix is tolerated in case a proxy
// rewrites the stream into real SSE.
class WatchFrames {
public:
    explicit WatchFrames(qint64 maxEventBytes = 16LL * 1024 * 1024)
        : m_max(maxEventBytes)
    {
    }

    // Appends received bytes and returns the complete events, or an error when one event
    // grows beyond the cap (the buffer is then cleared).
    Result<QList<QByteArray>> append(const QByteArray &bytes);
    void clear() { m_buffer.clear(); }
    qint64 buffered() const { return m_buffer.size(); }

private:
    Error tooLarge(qint64 size);  // clears the buffer

    QByteArray m_buffer;
    qint64 m_max;
};

}  // namespace parallax

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

namespace parallax {

// An incremental parser for the one HTTP/1.1 answer a health probe reads: status line,
// headers, and a body framed by Content-Length, chunked encoding, or the connection closing.
// It keeps at most `maxBytes` of the raw answer; a bigger answer is an error (GPUStack's
// /healthz answers with 4 bytes, the JSON string "ok": gpustack/worker/... healthz route).
class HealthResponse {
public:
    enum class State { NeedMore, Complete, Failed };

    explicit HealthResponse(int maxBytes = 16 * 1024)
        : m_maxBytes(maxBytes)
    {
    }

    State feed(QByteArrayView data);  // bytes as they arrive
    State finish();  // the peer closed the connection
    State state() const { return m_state; }

    bool headersComplete() const { return m_headerEnd > 0; }
    int status() const { return m_status; }
    QByteArray header(QByteArrayView name) const;  // first value, trimmed; empty if absent
    QByteArray body() const { return m_body; }
    QByteArray rawExcerpt(int max = 256) const { return m_raw.left(max); }
    QByteArray errorDetail() const { return m_error; }  // untranslated, for the probe's detail

private:
    State parse(bool eof);
    State fail(QByteArray why);

    int m_maxBytes;
    QByteArray m_raw;
    QByteArray m_body;
    QByteArray m_error;
    State m_state = State::NeedMore;
    int m_status = 0;
    qsizetype m_headerEnd = 0;  // offset of the first body byte, 0 until the headers are in
    qsizetype m_contentLength = -1;
    bool m_chunked = false;
};

// GPUStack's health answer: the JSON string "ok" (4 bytes with the quotes), or bare ok.
bool isGpuStackHealthBody(QByteArrayView body);

// An HTTP Date header (RFC 7231 §7.1.1.1): IMF-fixdate, and the obsolete RFC 850 and asctime
// forms. Invalid QDateTime when it does not parse. Always UTC.
QDateTime parseHttpDate(QByteArrayView text);

}  // namespace parallax

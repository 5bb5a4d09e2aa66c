#include "healthresponse.h"

#include <QTimeZone>

#include <array>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

bool startsWithCi(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() && text.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) == 0;
}

// Finds the end of the header block: "\r\n\r\n" (or a bare "\n\n" from sloppy servers).
qsizetype headerBlockEnd(const QByteArray &raw, qsizetype *sepLen)
{
    const qsizetype crlf = raw.indexOf("\r\n\r\n");
    const qsizetype lf = raw.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
        *sepLen = 4;
        return crlf;
    }
    if (lf >= 0) {
        *sepLen = 2;
        return lf;
    }
    return -1;
}

}  // namespace

HealthResponse::State HealthResponse::fail(QByteArray why)
{
    m_error = std::move(why);
    m_state = State::Failed;
    return m_state;
}

HealthResponse::State HealthResponse::feed(QByteArrayView data)
{
    if (m_state != State::NeedMore)
        return m_state;
    if (m_raw.size() + data.size() > m_maxBytes)
        return fail("answer larger than " + QByteArray::number(m_maxBytes) + " bytes");
    m_raw.append(data);
    return parse(false);
}

HealthResponse::State HealthResponse::finish()
{
    if (m_state != State::NeedMore)
        return m_state;
    return parse(true);
}

QByteArray HealthResponse::header(QByteArrayView name) const
{
    if (m_headerEnd <= 0)
        return {};
    const QByteArrayView block = QByteArrayView(m_raw).first(m_headerEnd);
    qsizetype pos = block.indexOf('\n');  // skip the status line
    while (pos >= 0 && pos < block.size()) {
        const qsizetype start = pos + 1;
        qsizetype end = block.indexOf('\n', start);
        if (end < 0)
            end = block.size();
        const QByteArrayView line = block.sliced(start, end - start);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed().toByteArray();
        pos = end;
    }
    return {};
}

HealthResponse::State HealthResponse::parse(bool eof)
{
    // Not HTTP at all: say so as soon as the first bytes disagree.
    if (m_headerEnd == 0) {
        const qsizetype n = std::min<qsizetype>(m_raw.size(), 5);
        if (QByteArrayView(m_raw).first(n) != QByteArrayView("HTTP/").first(n))
            return fail("not an HTTP answer");
        qsizetype sepLen = 0;
        const qsizetype end = headerBlockEnd(m_raw, &sepLen);
        if (end < 0)
            return eof
                ? fail(m_raw.isEmpty() ? "connection closed without an answer" : "connection closed inside the headers")
                : State::NeedMore;
        m_headerEnd = end + sepLen;
        // Status line: HTTP/1.x SSS reason
        const qsizetype lineEnd = m_raw.indexOf('\n');
        const QByteArrayView statusLine = QByteArrayView(m_raw).first(lineEnd).trimmed();
        const QList<QByteArray> parts = statusLine.toByteArray().split(' ');
        bool ok = false;
        const int status = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
        if (!ok || status < 100 || status > 999 || !startsWithCi(statusLine, "HTTP/1."))
            return fail("malformed status line");
        m_status = status;
        m_chunked = header("Transfer-Encoding").toLower().contains("chunked");
        if (!m_chunked) {
            const QByteArray cl = header("Content-Length");
            if (!cl.isEmpty()) {
                bool clOk = false;
                m_contentLength = cl.toLongLong(&clOk);
                if (!clOk || m_contentLength < 0)
                    return fail("malformed Content-Length");
            }
        }
        if (m_status == 204 || m_status == 304 || (m_status >= 100 && m_status < 200))
            m_contentLength = 0;
    }

    const QByteArrayView rest = QByteArrayView(m_raw).sliced(m_headerEnd);
    if (m_chunked) {
        QByteArray body;
        qsizetype pos = 0;
        for (;;) {
            const qsizetype lineEnd = rest.indexOf('\n', pos);
            if (lineEnd < 0)
                return eof ? fail("connection closed inside a chunk") : State::NeedMore;
            QByteArrayView sizeText = rest.sliced(pos, lineEnd - pos).trimmed();
            if (const qsizetype semi = sizeText.indexOf(';'); semi >= 0)
                sizeText = sizeText.first(semi);
            bool ok = false;
            const qsizetype size = sizeText.toLongLong(&ok, 16);
            if (!ok || size < 0)
                return fail("malformed chunk size");
            pos = lineEnd + 1;
            if (size == 0) {
                m_body = body;
                m_state = State::Complete;  // trailers, if any, are not needed
                return m_state;
            }
            // Compared as what is left, not as pos + size: a hostile chunk size such as
            // 7fffffffffffffff made that sum overflow, and the body copy then read far past
            // the buffer (found by fuzz/fuzz_healthresponse; fuzz/regressions/healthresponse/).
            if (rest.size() - pos < size)
                return eof ? fail("connection closed inside a chunk") : State::NeedMore;
            body.append(rest.sliced(pos, size));
            pos += size;
            // the CRLF after the chunk data
            if (rest.size() < pos + 1)
                return eof ? fail("connection closed inside a chunk") : State::NeedMore;
            if (rest.at(pos) == '\r')
                ++pos;
            if (rest.size() < pos + 1)
                return eof ? fail("connection closed inside a chunk") : State::NeedMore;
            if (rest.at(pos) != '\n')
                return fail("malformed chunk");
            ++pos;
        }
    }
    if (m_contentLength >= 0) {
        if (rest.size() >= m_contentLength) {
            m_body = rest.first(m_contentLength).toByteArray();
            m_state = State::Complete;
            return m_state;
        }
        return eof ? fail("connection closed after " + QByteArray::number(rest.size()) + " of "
                   + QByteArray::number(m_contentLength) + " body bytes")
                   : State::NeedMore;
    }
    // Close-delimited body.
    if (!eof)
        return State::NeedMore;
    m_body = rest.toByteArray();
    m_state = State::Complete;
    return m_state;
}

bool isGpuStackHealthBody(QByteArrayView body)
{
    const QByteArrayView t = body.trimmed();
    return t == QByteArrayView("\"ok\"") || t == QByteArrayView("ok");
}

QDateTime parseHttpDate(QByteArrayView text)
{
    static constexpr std::array<const char *, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QList<QByteArray> words = text.trimmed().toByteArray().simplified().split(' ');
    auto month = [&](const QByteArray &m) {
        for (int i = 0; i < 12; ++i) {
            if (m.compare(kMonths[size_t(i)], Qt::CaseInsensitive) == 0)
                return i + 1;
        }
        return 0;
    };
    auto toInt = [](const QByteArray &t) {
        bool ok = false;
        const int v = t.toInt(&ok);
        return ok ? v : -1;
    };
    int day = -1, mon = 0, year = -1;
    QByteArray time;
    if (words.size() == 6 && words.at(0).endsWith(',')) {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        day = toInt(words.at(1));
        mon = month(words.at(2));
        year = toInt(words.at(3));
        time = words.at(4);
        if (words.at(5) != "GMT")
            return {};
    } else if (words.size() == 4 && words.at(0).endsWith(',')) {
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        const QList<QByteArray> d = words.at(1).split('-');
        if (d.size() != 3 || words.at(3) != "GMT")
            return {};
        day = toInt(d.at(0));
        mon = month(d.at(1));
        year = toInt(d.at(2));
        if (year >= 0 && year < 100)
            year += year < 70 ? 2000 : 1900;
        time = words.at(2);
    } else if (words.size() == 5) {
        // asctime: Sun Nov  6 08:49:37 1994
        mon = month(words.at(1));
        day = toInt(words.at(2));
        time = words.at(3);
        year = toInt(words.at(4));
    } else {
        return {};
    }
    const QList<QByteArray> hms = time.split(':');
    if (hms.size() != 3 || mon == 0)
        return {};
    const QDate date(year, mon, day);
    const QTime clock(toInt(hms.at(0)), toInt(hms.at(1)), toInt(hms.at(2)));
    if (!date.isValid() || !clock.isValid())
        return {};
    return QDateTime(date, clock, Qt::UTC);
}

}  // namespace parallax

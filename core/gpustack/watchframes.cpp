#include "watchframes.h"
#include "base/trcontexts.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace parallax {

Result<QList<QByteArray>> WatchFrames::append(const QByteArray &bytes)
{
    // Without a '\n' in the new bytes no event can end here (the buffer holds no separator),
    // so an event that would pass the cap is refused before the buffer grows past it.
    if (m_buffer.size() + bytes.size() > m_max && !bytes.contains('\n'))
        return tooLarge(m_buffer.size() + bytes.size());
    // Only the new bytes (and the last old one, for a separator split between two reads) are
    // searched: a 50 MB line arriving in 16 KB reads costs linear time up to the cap, not the
    // quadratic rescanning of the whole buffer on every read.
    const qsizetype from = qMax<qsizetype>(0, m_buffer.size() - 1);
    // A long event: room up to the cap at once, so growing does not copy the buffer again and
    // again (each copy briefly doubles it); untouched pages of the reservation cost no memory.
    constexpr qsizetype kLongEvent = 1024 * 1024;
    const qsizetype needed = m_buffer.size() + bytes.size();
    if (needed > kLongEvent && needed <= m_max && m_buffer.capacity() < m_max)
        m_buffer.reserve(qsizetype(m_max) + 64 * 1024);
    m_buffer.append(bytes);
    if (m_buffer.indexOf('\r', from) >= 0) {
        // Tolerate CRLF from intermediaries.
        QByteArray tail = m_buffer.sliced(from);
        tail.replace("\r\n", "\n");
        m_buffer.truncate(from);
        m_buffer.append(tail);
    }
    QList<QByteArray> events;
    qsizetype start = 0;
    const qsizetype search = qMax<qsizetype>(0, from - 1);
    for (;;) {
        const qsizetype end = m_buffer.indexOf("\n\n", qMax(start, search));
        if (end < 0)
            break;
        QByteArray chunk = m_buffer.mid(start, end - start).trimmed();
        start = end + 2;
        if (chunk.startsWith("data:"))
            chunk = chunk.mid(5).trimmed();
        if (!chunk.isEmpty())
            events.append(chunk);
    }
    m_buffer.remove(0, start);
    if (m_buffer.isEmpty() && m_buffer.capacity() > kLongEvent)
        m_buffer.squeeze();  // a long event passed: give its room back
    if (m_buffer.size() > m_max)
        return tooLarge(m_buffer.size());
    return events;
}

Error WatchFrames::tooLarge(qint64 size)
{
    m_buffer.clear();
    m_buffer.squeeze();
    return Error{ErrorCode::ReplyTooLarge,
        GpuStack::tr("One event of the server's watch stream is larger than %1 MiB. "
                     "Parallax dropped the stream and will list the workers again.")
            .arg(m_max / (1024 * 1024)),
        u"watch event buffer %1 bytes > cap %2"_s.arg(size).arg(m_max)};
}

}  // namespace parallax

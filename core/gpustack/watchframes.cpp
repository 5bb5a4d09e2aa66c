#include "watchframes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace parallax {

Result<QList<QByteArray>> WatchFrames::append(const QByteArray &bytes)
{
    // Only the new bytes (and the last old one, for a separator split between two reads) are
    // searched: a 50 MB line arriving in 16 KB reads costs linear time up to the cap, not the
    // quadratic rescanning of the whole buffer on every read.
    const qsizetype from = qMax<qsizetype>(0, m_buffer.size() - 1);
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
    if (m_buffer.size() > m_max) {
        const qint64 size = m_buffer.size();
        m_buffer.clear();
        return Error{ErrorCode::ReplyTooLarge,
                     QCoreApplication::translate("GpuStack",
                                                 "One event of the server's watch stream is larger than %1 MiB. "
                                                 "Parallax dropped the stream and will list the workers again.")
                         .arg(m_max / (1024 * 1024)),
                     u"watch event buffer %1 bytes > cap %2"_s.arg(size).arg(m_max)};
    }
    return events;
}

}  // namespace parallax

#include "gpustack/serverclock.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace parallax {

std::optional<qint64> clockOffsetFromDate(const QByteArray &dateHeader, qint64 nowMs)
{
    const QByteArray date = dateHeader.trimmed();
    if (date.isEmpty())
        return std::nullopt;
    // English day and month names, which Qt 6's format parser reads in any locale.
    QDateTime server = QDateTime::fromString(QString::fromLatin1(date), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!server.isValid())
        return std::nullopt;
    server.setTimeSpec(Qt::UTC);
    return server.toMSecsSinceEpoch() + 500 - nowMs;
}

}  // namespace parallax

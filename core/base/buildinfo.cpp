#include "base/buildinfo.h"

using namespace Qt::StringLiterals;

namespace parallax::buildinfo {

QString version()
{
    return QStringLiteral(PARALLAX_VERSION);
}

QString revision()
{
    return QString::fromLatin1(kRevision);
}

QString versionLine()
{
    const QString rev = revision();
    return rev.isEmpty() ? version() : version() + u" (git "_s + rev + u')';
}

}  // namespace parallax::buildinfo

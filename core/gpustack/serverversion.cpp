#include "serverversion.h"

#include <QRegularExpression>

#include <tuple>

using namespace Qt::StringLiterals;

namespace parallax {

ServerVersion::ServerVersion(const QString &text)
    : m_text(text.trimmed())
{
    static const QRegularExpression re(uR"re(^[vV]?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?(.*)$)re"_s);
    const QRegularExpressionMatch m = re.match(m_text);
    if (!m.hasMatch())
        return;
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).toInt();
    const int patch = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    const QString rest = m.captured(4);
    // "2.1.0rc1", "2.1.0-rc.1", "2.1.0.dev3", "2.1.0a1", "2.1.0b2" are pre-releases; "2.1.0+local"
    // and "2.1.0.post1" are the release itself.
    static const QRegularExpression pre(
        uR"re(^[-.]?(rc|a|alpha|b|beta|dev|pre)\d*)re"_s, QRegularExpression::CaseInsensitiveOption);
    const bool preRelease = pre.match(rest).hasMatch();
    if (!rest.isEmpty() && rest.front().isLetterOrNumber() && !preRelease)
        return;  // "2.1x": not a version
    if (major == 0 && minor == 0 && patch == 0)
        return;  // development builds report v0.0.0
    m_major = major;
    m_minor = minor;
    m_patch = patch;
    m_preRelease = preRelease;
}

bool ServerVersion::atLeast(int major, int minor, int patch) const
{
    if (!isKnown())
        return true;
    return std::tie(m_major, m_minor, m_patch) >= std::tie(major, minor, patch);
}

std::strong_ordering ServerVersion::operator<=>(const ServerVersion &other) const
{
    if (isKnown() != other.isKnown())
        return isKnown() ? std::strong_ordering::less : std::strong_ordering::greater;
    if (!isKnown())
        return std::strong_ordering::equal;
    // A release after its pre-releases: compare "is a release" as the last key.
    const bool release = !m_preRelease;
    const bool otherRelease = !other.m_preRelease;
    return std::tie(m_major, m_minor, m_patch, release)
        <=> std::tie(other.m_major, other.m_minor, other.m_patch, otherRelease);
}

}  // namespace parallax

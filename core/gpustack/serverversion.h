#pragma once

#include <QString>

#include <compare>

namespace parallax {

// A GPUStack server version as GET /version spells it ("v2.2.3", "0.7.1", "2.1.0rc1"), the one
// way Parallax reads one. Two or three numbers after an optional "v"; what follows them (a
// pre-release or local suffix: "rc1", ".dev0", "+abc") is kept in text() only.
//
// The rule for a version that cannot be read ("dev", "", "main") and for "v0.0.0", which is
// what GPUStack's development builds report (ref/gpustack-api.md §3): it is unknown, and an
// unknown version is taken as the newest one. A build from source is current code, so
// atLeast() is true for it; callers that must know the difference ask isKnown().
class ServerVersion {
public:
    ServerVersion() = default;
    explicit ServerVersion(const QString &text);

    bool isKnown() const { return m_major >= 0; }
    int major() const { return m_major; }  // -1 when unknown
    int minor() const { return m_minor; }
    int patch() const { return m_patch; }
    bool isPreRelease() const { return m_preRelease; }  // "2.1.0rc1"
    QString text() const { return m_text; }  // as the server spelled it, trimmed

    // major.minor.patch or later; a pre-release counts as its release (features land before
    // the release is tagged). True for an unknown version (see above).
    bool atLeast(int major, int minor, int patch = 0) const;

    // Ordering: unknown sorts after every known version; a pre-release before its release.
    std::strong_ordering operator<=>(const ServerVersion &other) const;
    bool operator==(const ServerVersion &other) const { return (*this <=> other) == 0; }

private:
    QString m_text;
    int m_major = -1;
    int m_minor = -1;
    int m_patch = -1;
    bool m_preRelease = false;
};

}  // namespace parallax

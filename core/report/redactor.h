#pragma once

#include "report/reportinput.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

namespace parallax {

// Keeps secrets out of everything that leaves the process (reports, logs, the CLI's output)
// and, when the user asks for it, replaces host names and IP addresses with consistent
// pseudonyms ("host-1", "ip-1") so a report can be shared outside the company.
//
// Always removed: GPUStack API keys (gpustack_<16 hex>_<32 hex>, gpustack/security.py), bearer
// and basic credentials, Authorization / Cookie / Set-Cookie header values, the
// gpustack_session cookie, JWTs, password=/token=/api_key= style values, credentials in URLs,
// and every secret registered with addSecret() (the API key or password this run used).
//
// A Redactor is cheap to copy; pseudonyms are assigned in the order hosts are first seen,
// so one Redactor gives the same host the same pseudonym across a whole report.
class Redactor {
public:
    static constexpr QLatin1StringView kRedacted{"[redacted]"};

    // Registers a value that must never appear (shorter than 4 characters is ignored: such a
    // value would also match ordinary words; GPUStack keys and sensible passwords are longer).
    void addSecret(const QString &secret);

    void setPseudonymizeHosts(bool on) { m_pseudonymize = on; }
    bool pseudonymizesHosts() const { return m_pseudonymize; }

    // Free text from the server, the OS or a person: secrets scrubbed, control and bidi
    // characters removed, hosts replaced when pseudonymizing.
    QString text(const QString &text) const;
    // A single host name or address.
    QString host(const QString &host) const;
    // A URL without user info, query and fragment; its host pseudonymized when asked.
    QUrl url(const QUrl &url) const;
    // A setting value: the whole value is replaced when the setting's name says it is secret.
    QVariant setting(const QString &name, const QVariant &value) const;

    // The input with every string passed through the above: what writers are given. Pass an
    // input that is not needed afterwards with std::move: it is scrubbed in place, not copied.
    ReportInput apply(ReportInput input) const;

    // Removes NUL and other control characters (keeping tab and newline), Unicode bidi
    // overrides (which can make text read differently from what it is) and unpaired
    // surrogates (invalid UTF-16 from invalid UTF-8). Used for every untrusted string.
    static QString clean(const QString &text);
    // Whether a setting of this name holds a secret ("password", "api_key", "cookie", …).
    static bool isSecretName(const QString &name);

private:
    QString scrubSecrets(const QString &text) const;
    QString pseudonymizeText(const QString &text) const;
    QString pseudonymFor(const QString &host, bool isAddress) const;
    void addSpacedName(const QString &host, const QString &pseudonym) const;

    QStringList m_secrets;
    bool m_pseudonymize = false;
    // Pseudonyms grow as hosts are seen, also from const members: the mapping is a cache of
    // a pure function of the order of appearance, not observable state.
    mutable QHash<QString, QString> m_pseudonyms;  // lower-case host → pseudonym
    // Registered names that are not one token ("gpu box 2") as a trie over their lower-case
    // characters, so text is scanned once and the longest name wins wherever names share a
    // start ("gpu box" and "gpu box 2"). Node 0 is the root.
    mutable QHash<quint64, qsizetype> m_spacedEdges;  // (node << 16 | character) → child node
    mutable QStringList m_spacedNames{QString()};  // per node: the pseudonym of the name ending there
    mutable int m_hostCount = 0;
    mutable int m_addressCount = 0;
};

}  // namespace parallax

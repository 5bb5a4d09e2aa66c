#include "redactor.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

struct SecretPattern {
    QRegularExpression re;
    QString replacement;
};

const QList<SecretPattern> &secretPatterns()
{
    static const QList<SecretPattern> patterns = [] {
        const auto ci = QRegularExpression::CaseInsensitiveOption;
        QList<SecretPattern> p;
        // Credentials inside URLs: scheme://user:password@host
        p.append({QRegularExpression(u"\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@"_s, ci), u"\\1[redacted]@"_s});
        // GPUStack API keys and worker tokens: gpustack_<access hex>_<secret hex> (gpustack/security.py).
        p.append({QRegularExpression(u"gpustack_[0-9a-f]{8,}_[0-9a-f]{8,}"_s, ci), u"gpustack_[redacted]"_s});
        // Header lines: everything after the name is the credential.
        p.append({QRegularExpression(
                      u"\\b((?:proxy-)?authorization|set-cookie|cookie|x-api-key)(\\s*[:=]\\s*)[^\\r\\n]*"_s, ci),
            u"\\1\\2[redacted]"_s});
        p.append({QRegularExpression(u"\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}"_s, ci), u"\\1 [redacted]"_s});
        // gpustack_session=<JWT> and other session cookies in free text.
        p.append({QRegularExpression(u"\\b(gpustack_session|session|sessionid|jwt)=[^;\\s\"'&]+"_s, ci),
            u"\\1=[redacted]"_s});
        // JSON Web Tokens wherever they appear.
        p.append(
            {QRegularExpression(u"\\beyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]*"_s), u"[redacted]"_s});
        // key=value, key: value and "key": "value" for secret-looking keys.
        p.append(
            {QRegularExpression(
                 u"\\b(password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key|access[_-]?key)"
                 "(\"?\\s*[=:]\\s*\"?)([^\\s&,;\"']+)"_s,
                 ci),
                u"\\1\\2[redacted]"_s});
        for (auto &pattern : p)
            pattern.re.optimize();
        return p;
    }();
    return patterns;
}

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

bool isTokenChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'.' || c == u'-' || c == u'_' || c == u':';
}

// Dotted words that are file names or versions, not hosts ("worker.py", "firewalld.service").
bool looksLikeHostName(QStringView token)
{
    if (!token.contains(u'.'))
        return false;
    const auto labels = token.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const auto &l : labels) {
        if (l.isEmpty())
            return false;
    }
    const QStringView last = labels.last();
    if (last.size() < 2)
        return false;
    for (QChar c : last) {
        if (!c.isLetter())
            return false;
    }
    static const QStringList notTlds = {u"py"_s, u"json"_s, u"md"_s, u"html"_s, u"service"_s, u"conf"_s, u"sh"_s,
        u"txt"_s, u"log"_s, u"yaml"_s, u"yml"_s, u"so"_s, u"cpp"_s, u"h"_s, u"toml"_s, u"env"_s, u"socket"_s,
        u"target"_s, u"d"_s, u"js"_s, u"css"_s, u"svg"_s, u"exe"_s, u"db"_s};
    return !notTlds.contains(last.toString().toLower());
}

bool keepsAddress(const QHostAddress &a)
{
    // Loopback and the unspecified address identify nobody and are evidence in themselves
    // (a worker that registered 0.0.0.0 or 127.0.0.1: bridge_address_registered).
    return a.isLoopback() || a == QHostAddress(QHostAddress::AnyIPv4) || a == QHostAddress(QHostAddress::AnyIPv6);
}

}  // namespace

void Redactor::addSecret(const QString &secret)
{
    if (secret.size() < 4 || m_secrets.contains(secret))
        return;
    m_secrets.append(secret);
    // The same secret as it travels: percent-encoded in a form body or URL.
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    if (encoded != secret)
        m_secrets.append(encoded);
    // Longest first, so a secret containing another is removed whole.
    std::sort(
        m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString Redactor::clean(const QString &text)
{
    // Most text is clean already: then it is returned as it is, shared, not copied (a report
    // of 10,000 workers cleans some 300,000 strings).
    const auto needsWork = [](char16_t c) {
        return c < 0x20 || (c >= 0x7F && c < 0xA0) || QChar::isSurrogate(c) || isBidiControl(c);
    };
    if (std::none_of(text.cbegin(), text.cend(), [&](QChar c) { return needsWork(c.unicode()); }))
        return text;
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c)) {
            if (i + 1 < n && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
                out.append(text.at(i));
                out.append(text.at(++i));
            } else {
                out.append(QChar(QChar::ReplacementCharacter));
            }
            continue;
        }
        if (QChar::isLowSurrogate(c)) {
            out.append(QChar(QChar::ReplacementCharacter));
            continue;
        }
        if ((c < 0x20 && c != u'\n' && c != u'\t') || c == 0x7F || (c >= 0x80 && c < 0xA0) || isBidiControl(c))
            continue;
        out.append(QChar(c));
    }
    return out;
}

bool Redactor::isSecretName(const QString &name)
{
    static const QRegularExpression secretName(u"pass|secret|token|api[_-]?key|cookie|auth|credential|session|bearer"_s,
        QRegularExpression::CaseInsensitiveOption);
    // "api_key_env" names the variable that holds the key, not the key itself; "auth_mode"
    // says how one logs in ("api-key", "password"), which a reader of the report needs.
    static const QRegularExpression namesAVariable(u"[_-](env|mode)$"_s, QRegularExpression::CaseInsensitiveOption);
    return secretName.match(name).hasMatch() && !namesAVariable.match(name).hasMatch();
}

QString Redactor::scrubSecrets(const QString &text) const
{
    QString out = text;
    for (const QString &secret : m_secrets) {
        if (out.contains(secret))  // cheaper than replace()'s matcher for the text without it
            out.replace(secret, kRedacted);
    }
    // Cheap pre-check: every pattern needs one of these characters.
    if (!out.contains(u'=') && !out.contains(u':') && !out.contains(u'_') && !out.contains(u' '))
        return out;
    for (const auto &p : secretPatterns())
        out.replace(p.re, p.replacement);
    return out;
}

QString Redactor::pseudonymFor(const QString &host, bool isAddress) const
{
    const QString key = host.toLower();
    const auto it = m_pseudonyms.constFind(key);
    if (it != m_pseudonyms.cend())
        return it.value();
    const QString name = isAddress ? u"ip-%1"_s.arg(++m_addressCount) : u"host-%1"_s.arg(++m_hostCount);
    m_pseudonyms.insert(key, name);
    if (std::any_of(key.cbegin(), key.cend(), [](QChar c) { return !isTokenChar(c); }))
        addSpacedName(host, name);
    return name;
}

void Redactor::addSpacedName(const QString &host, const QString &pseudonym) const
{
    qsizetype node = 0;
    for (QChar c : host) {
        const quint64 edge = (quint64(node) << 16) | c.toLower().unicode();
        const auto it = m_spacedEdges.constFind(edge);
        if (it != m_spacedEdges.cend()) {
            node = it.value();
            continue;
        }
        m_spacedNames.append(QString());
        node = m_spacedNames.size() - 1;
        m_spacedEdges.insert(edge, node);
    }
    m_spacedNames[node] = pseudonym;
}

QString Redactor::host(const QString &host) const
{
    const QString cleaned = clean(host);
    if (!m_pseudonymize || cleaned.isEmpty())
        return scrubSecrets(cleaned);
    QString bare = cleaned;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    const QHostAddress address(bare);
    if (!address.isNull()) {
        if (keepsAddress(address))
            return cleaned;
        return pseudonymFor(bare, true);
    }
    if (bare.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return cleaned;
    return pseudonymFor(bare, false);
}

QString Redactor::pseudonymizeText(const QString &text) const
{
    const qsizetype n = text.size();
    // Registered names that are not one token ("GPU box 3"), found first in one pass over the
    // text: at each position where a word starts, the longest name that ends where a word ends.
    struct Span {
        qsizetype start = 0;
        qsizetype end = 0;
        QString pseudonym;
    };
    QList<Span> spans;
    if (m_spacedNames.size() > 1) {
        const auto endsWord = [&text, n](qsizetype at) {
            if (at >= n)
                return true;
            const QChar c = text.at(at);
            return !c.isLetterOrNumber() && c != u'_' && c != u'-';
        };
        for (qsizetype i = 0; i < n; ++i) {
            if (i > 0 && isTokenChar(text.at(i - 1)))
                continue;
            qsizetype node = 0;
            Span best;
            for (qsizetype j = i; j < n; ++j) {
                const auto it = m_spacedEdges.constFind((quint64(node) << 16) | text.at(j).toLower().unicode());
                if (it == m_spacedEdges.cend())
                    break;
                node = it.value();
                if (!m_spacedNames.at(node).isEmpty() && endsWord(j + 1))
                    best = {i, j + 1, m_spacedNames.at(node)};
            }
            if (best.end > i) {
                spans.append(best);
                i = best.end - 1;
            }
        }
    }
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    qsizetype span = 0;
    while (i < n) {
        while (span < spans.size() && spans.at(span).start < i)
            ++span;  // not reached: a span starts where a token or a separator does
        if (span < spans.size() && spans.at(span).start == i) {
            out.append(spans.at(span).pseudonym);
            i = spans.at(span).end;
            continue;
        }
        if (!isTokenChar(text.at(i))) {
            out.append(text.at(i++));
            continue;
        }
        qsizetype end = i;
        while (end < n && isTokenChar(text.at(end)))
            ++end;
        // Trailing punctuation of a sentence ("… at 10.0.0.3.", "host:") is not part of a host.
        qsizetype tokenEnd = end;
        while (tokenEnd > i && (text.at(tokenEnd - 1) == u'.' || text.at(tokenEnd - 1) == u':'))
            --tokenEnd;
        QStringView token = QStringView(text).mid(i, tokenEnd - i);
        QString replacement;
        const auto known = m_pseudonyms.constFind(token.toString().toLower());
        if (known != m_pseudonyms.cend()) {
            replacement = known.value();
        } else if (!token.isEmpty()) {
            // host:port → pseudonymize the host part, keep the port.
            QStringView hostPart = token;
            QStringView rest;
            const qsizetype colon = token.lastIndexOf(u':');
            if (colon > 0 && token.count(u':') == 1) {
                hostPart = token.left(colon);
                rest = token.mid(colon);
            }
            const bool isRange = tokenEnd < n && text.at(tokenEnd) == u'/';  // 172.17.0.0/16: a range, not a host
            const QHostAddress address(hostPart.toString());
            if (!address.isNull() && !isRange && !keepsAddress(address)
                && (hostPart.count(u'.') == 3 || hostPart.count(u':') >= 2)) {
                replacement = pseudonymFor(hostPart.toString(), true) + rest.toString();
            } else if (address.isNull() && looksLikeHostName(hostPart)) {
                const auto knownHost = m_pseudonyms.constFind(hostPart.toString().toLower());
                replacement =
                    (knownHost != m_pseudonyms.cend() ? knownHost.value() : pseudonymFor(hostPart.toString(), false))
                    + rest.toString();
            } else if (!rest.isEmpty()) {
                const auto knownHost = m_pseudonyms.constFind(hostPart.toString().toLower());
                if (knownHost != m_pseudonyms.cend())
                    replacement = knownHost.value() + rest.toString();
            }
        }
        out.append(replacement.isEmpty() ? token.toString() : replacement);
        out.append(QStringView(text).mid(tokenEnd, end - tokenEnd));
        i = end;
    }
    return out;
}

QString Redactor::text(const QString &text) const
{
    if (text.isEmpty())
        return text;
    QString out = scrubSecrets(clean(text));
    if (m_pseudonymize)
        out = pseudonymizeText(out);
    return out;
}

QUrl Redactor::url(const QUrl &url) const
{
    QUrl out = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (m_pseudonymize && !out.host().isEmpty())
        out.setHost(host(out.host()));
    // The path is free text too (a reverse proxy prefix may carry a token).
    out.setPath(scrubSecrets(clean(out.path())));
    return out;
}

QVariant Redactor::setting(const QString &name, const QVariant &value) const
{
    if (isSecretName(name))
        return QString(kRedacted);
    switch (value.typeId()) {
    case QMetaType::QString: return text(value.toString());
    case QMetaType::QUrl: return url(value.toUrl()).toString();
    case QMetaType::QStringList: {
        QStringList list = value.toStringList();
        for (QString &s : list)
            s = text(s);
        return list;
    }
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double: return value;
    default: return text(value.toString());
    }
}

ReportInput Redactor::apply(ReportInput out) const
{
    const ReportInput &input = out;  // scrubbed in place: each field is read before it is replaced
    // Register the hosts first, in a stable order, so pseudonyms do not depend on which
    // free text happens to mention a host first.
    if (m_pseudonymize) {
        host(input.server.url.host());
        for (const ReportWorker &w : input.workers) {
            host(w.view.server.name);
            host(w.view.server.hostname);
            host(w.view.server.ip);
            if (w.view.server.advertiseAddress)
                host(*w.view.server.advertiseAddress);
        }
    }
    out.environment.vantageHost = host(input.environment.vantageHost);
    out.environment.os = text(input.environment.os);
    out.server.url = url(input.server.url);
    out.server.version = text(input.server.version);
    if (out.server.error) {
        out.server.error->message = text(out.server.error->message);
        out.server.error->detail = text(out.server.error->detail);
    }
    const QVariantMap settings = std::exchange(out.settings, {});
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        out.settings.insert(clean(it.key()), setting(it.key(), it.value()));

    for (ReportWorker &rw : out.workers) {
        Worker &w = rw.view.server;
        w.name = m_pseudonymize ? host(w.name) : text(w.name);
        w.hostname = host(w.hostname);
        w.ip = host(w.ip);
        if (w.advertiseAddress)
            w.advertiseAddress = host(*w.advertiseAddress);
        w.ifname = text(w.ifname);
        QMap<QString, QString> labels;
        for (auto it = w.labels.cbegin(); it != w.labels.cend(); ++it)
            labels.insert(text(it.key()), isSecretName(it.key()) ? QString(kRedacted) : text(it.value()));
        w.labels = labels;
        w.stateText = text(w.stateText);
        w.stateMessage = text(w.stateMessage);
        w.maintenanceMessage = text(w.maintenanceMessage);
        w.proxyMode = text(w.proxyMode);
        w.proxyAddress = text(w.proxyAddress);
        w.provider = text(w.provider);
        w.workerVersion = text(w.workerVersion);
        for (QString &note : w.mappingNotes)
            note = text(note);
        if (w.status) {
            w.status->osName = text(w.status->osName);
            w.status->osVersion = text(w.status->osVersion);
            w.status->kernelRelease = text(w.status->kernelRelease);
            w.status->architecture = text(w.status->architecture);
            for (GpuDevice &g : w.status->gpus) {
                g.name = text(g.name);
                g.vendor = text(g.vendor);
                g.type = text(g.type);
                g.uuid = text(g.uuid);
                g.driverVersion = text(g.driverVersion);
            }
        }
        if (rw.view.lastProbe) {
            ProbeResult &p = *rw.view.lastProbe;
            p.host = host(p.host);
            for (ProbePhase *phase : {&p.dns, &p.tcp, &p.http, &p.metrics})
                phase->detail = text(phase->detail);
            p.bodyExcerpt = text(QString::fromUtf8(p.bodyExcerpt)).toUtf8();
            if (m_pseudonymize)
                p.resolved.clear();  // addresses cannot hold pseudonyms; the probe's host says enough
        }
        for (Cause &c : rw.view.causes) {
            c.title = text(c.title);
            c.evidence = text(c.evidence);
            c.fix = text(c.fix);
            c.wouldDecide = text(c.wouldDecide);
            for (QString &cmd : c.commands)
                cmd = text(cmd);
        }
        for (WizardFinding &f : rw.wizard) {
            f.stepId = clean(f.stepId);
            f.outcome = clean(f.outcome);
            f.explanation = text(f.explanation);
        }
    }
    return out;
}

}  // namespace parallax

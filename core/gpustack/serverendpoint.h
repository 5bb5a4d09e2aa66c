#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace parallax {

// Which REST prefix a server speaks: GPUStack v2 serves /v2/…, v0.5–v0.7 served /v1/…
// (ref/gpustack-api.md §3; note /v1/… is also OpenAI inference in v2, never used here).
enum class ApiVersion {
    Auto,  // detect from GET /version and the routes that answer
    V2,
    V0,
};
QString apiVersionId(ApiVersion version);  // "auto", "v2", "v0"
ApiVersion apiVersionFromId(const QString &id);  // unknown text → Auto
QString apiPrefix(ApiVersion version);  // "/v2" or "/v1"; V2 for Auto

// Every credential mode GPUStack's get_current_user accepts (gpustack/api/auth.py, ref §2).
enum class AuthMode {
    ApiKeyBearer,  // Authorization: Bearer gpustack_…   (all versions)
    ApiKeyHeader,  // X-API-Key: gpustack_…              (v2.2.0+; older servers get Bearer)
    Password,  // POST /auth/login form → gpustack_session cookie; Basic if login is absent
    Basic,  // Authorization: Basic user:password
    None,  // no credentials (e.g. only /version and /healthz)
};
QString authModeId(AuthMode mode);  // "api-key", "api-key-header", "password", "basic", "none"
AuthMode authModeFromId(const QString &id, bool *ok = nullptr);
bool authUsesApiKey(AuthMode mode);

// TLS per server: the system trust store always applies; an extra CA file adds to it; a pinned
// SHA-256 fingerprint accepts exactly that certificate even if untrusted (self-signed servers).
// There is deliberately no "ignore all TLS errors" switch.
struct TlsOptions {
    QString extraCaFile;  // PEM file with one or more CA certificates
    QString pinnedSha256;  // hex, colons and case ignored; empty = no pin
    bool operator==(const TlsOptions &) const = default;
};

// Lower-case hex without separators, or empty if `text` is not a SHA-256 fingerprint.
QString normalizedFingerprint(const QString &text);
// "AB:CD:…" for showing to a person.
QString displayFingerprint(const QString &normalized);

struct ProxyOptions {
    enum class Mode { System, None, Explicit };
    Mode mode = Mode::System;
    QUrl url;  // Explicit only: http://host:port or socks5://host:port (credentials allowed)
    bool operator==(const ProxyOptions &) const = default;
};
QString proxyModeId(ProxyOptions::Mode mode);
ProxyOptions::Mode proxyModeFromId(const QString &id);

// Everything GpuStackClient needs to talk to one server. `secret` is the API key or the
// password: it comes from the CredentialStore and must never be logged or written to disk.
struct ServerEndpoint {
    QUrl url;  // e.g. https://gpustack.example:443 (a path prefix is kept)
    AuthMode authMode = AuthMode::ApiKeyBearer;
    QString username;
    QString secret;
    ApiVersion apiVersion = ApiVersion::Auto;
    TlsOptions tls;
    ProxyOptions proxy;
};

}  // namespace parallax

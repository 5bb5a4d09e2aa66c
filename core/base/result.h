#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace parallax {

// Stable error codes: programs (the CLI's exit codes, the JSON report, tests) read these;
// people read Error::message, which is translated.
enum class ErrorCode {
    None,
    InvalidArgument,
    // Transport
    HostNotFound,
    ConnectionRefused,
    ConnectionTimedOut,
    HostUnreachable,
    NetworkUnreachable,
    ConnectionReset,
    TlsFailure,
    Timeout,
    ProxyFailure,
    // HTTP / protocol
    HttpStatus,
    Unauthorized,
    Forbidden,
    NotFound,
    ServerError,
    Redirect,
    NotGpuStack,
    MalformedReply,
    ReplyTooLarge,
    // Local resources
    StorageFailure,
    KeychainUnavailable,
    KeychainDenied,
    SecretNotFound,
    Cancelled,
    Internal,
};

// A stable, lower-case identifier for an ErrorCode ("connection_refused").
QString errorCodeId(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;  // translated, a sentence a user can act on
    QString detail;  // untranslated technical detail (for logs and reports), never a secret

    bool operator==(const Error &) const = default;
};

// A value or an Error. std::expected is C++23 and not available with every compiler the
// project builds with (clang 14 for fuzzing), so this is the small subset we need.
template<typename T> class Result {
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<> class Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {
    }
    bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

}  // namespace parallax

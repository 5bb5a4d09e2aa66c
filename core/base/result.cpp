#include "result.h"

using namespace Qt::StringLiterals;

namespace parallax {

QString errorCodeId(ErrorCode code)
{
    switch (code) {
    case ErrorCode::None: return u"none"_s;
    case ErrorCode::InvalidArgument: return u"invalid_argument"_s;
    case ErrorCode::HostNotFound: return u"host_not_found"_s;
    case ErrorCode::ConnectionRefused: return u"connection_refused"_s;
    case ErrorCode::ConnectionTimedOut: return u"connection_timed_out"_s;
    case ErrorCode::HostUnreachable: return u"host_unreachable"_s;
    case ErrorCode::NetworkUnreachable: return u"network_unreachable"_s;
    case ErrorCode::ConnectionReset: return u"connection_reset"_s;
    case ErrorCode::TlsFailure: return u"tls_failure"_s;
    case ErrorCode::Timeout: return u"timeout"_s;
    case ErrorCode::ProxyFailure: return u"proxy_failure"_s;
    case ErrorCode::HttpStatus: return u"http_status"_s;
    case ErrorCode::Unauthorized: return u"unauthorized"_s;
    case ErrorCode::Forbidden: return u"forbidden"_s;
    case ErrorCode::NotFound: return u"not_found"_s;
    case ErrorCode::ServerError: return u"server_error"_s;
    case ErrorCode::Redirect: return u"redirect"_s;
    case ErrorCode::NotGpuStack: return u"not_gpustack"_s;
    case ErrorCode::MalformedReply: return u"malformed_reply"_s;
    case ErrorCode::ReplyTooLarge: return u"reply_too_large"_s;
    case ErrorCode::StorageFailure: return u"storage_failure"_s;
    case ErrorCode::KeychainUnavailable: return u"keychain_unavailable"_s;
    case ErrorCode::KeychainDenied: return u"keychain_denied"_s;
    case ErrorCode::SecretNotFound: return u"secret_not_found"_s;
    case ErrorCode::Cancelled: return u"cancelled"_s;
    case ErrorCode::Internal: return u"internal"_s;
    }
    return u"internal"_s;
}

}  // namespace parallax

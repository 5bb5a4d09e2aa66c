#pragma once

#include "http/httpserver.h"

// The simulator answers through the project's HTTP server, dressed as GPUStack's (uvicorn,
// FastAPI's JSON error body).
namespace parallax::sim {

using http::HttpConfig;
using http::HttpConnection;
using http::httpDate;
using http::httpReasonPhrase;
using http::HttpRequest;
using http::HttpServer;

inline HttpConfig gpustackHttpConfig()
{
    HttpConfig config;
    config.serverName = "uvicorn";
    config.errorContentType = "application/json";
    config.errorBody = [](int status, const QByteArray &message) {
        return "{\"code\":" + QByteArray::number(status) + ",\"reason\":\"BadRequest\",\"message\":\"" + message
            + "\"}";
    };
    return config;
}

}  // namespace parallax::sim

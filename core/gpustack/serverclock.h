#pragma once

#include <QByteArray>

#include <optional>

namespace parallax {

// The server's clock − this machine's, from the Date header of one of its replies (RFC 9110
// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") received at `nowMs`. The header has whole
// seconds: the middle of that second is the best guess, so the answer is good to ±0.5 s.
// nullopt when the header is missing or not a date.
std::optional<qint64> clockOffsetFromDate(const QByteArray &dateHeader, qint64 nowMs);

}  // namespace parallax

// The health-probe answer parser (core/probe/healthresponse: status line, headers, a body
// framed by Content-Length, chunked encoding or the connection closing). The first input byte
// picks how the answer is cut into reads; the outcome must not depend on the cuts. Also feeds
// every header value through parseHttpDate (the probe reads the server's Date header).
#include "fuzzsupport.h"
#include "probe/healthresponse.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

namespace {

constexpr int kMax = 16 * 1024;  // the probe's default cap

HealthResponse run(const QByteArray &answer, unsigned seed, bool cut)
{
    HealthResponse r(kMax);
    unsigned x = seed * 2654435761u + 7;
    qsizetype pos = 0;
    while (pos < answer.size() && r.state() == HealthResponse::State::NeedMore) {
        x = x * 1103515245u + 12345u;
        const qsizetype n = cut ? 1 + qsizetype((x >> 16) % 64) : answer.size();
        r.feed(QByteArrayView(answer).sliced(pos, std::min(n, answer.size() - pos)));
        pos += n;
    }
    r.finish();
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size - 1 > size_t(kMax))
        return 0;
    const QByteArray answer = fuzz::bytes(data + 1, size - 1);
    const HealthResponse whole = run(answer, data[0], false);
    const HealthResponse pieces = run(answer, data[0], true);

    fuzz::fuzzCheck(whole.state() != HealthResponse::State::NeedMore, "finish() decides");
    fuzz::fuzzCheck(whole.state() == pieces.state(), "same outcome however the answer is cut");
    if (whole.state() == HealthResponse::State::Complete) {
        fuzz::fuzzCheck(whole.status() == pieces.status(), "same status however the answer is cut");
        fuzz::fuzzCheck(whole.body() == pieces.body(), "same body however the answer is cut");
        fuzz::fuzzCheck(whole.body().size() <= answer.size(), "body inside the answer");
        (void)isGpuStackHealthBody(whole.body());
        for (const char *name : {"Date", "Content-Type", "Server", "Content-Length"}) {
            const QByteArray value = whole.header(name);
            const QDateTime t = parseHttpDate(value);
            fuzz::fuzzCheck(!t.isValid() || t.timeSpec() == Qt::UTC, "dates are UTC");
        }
    } else {
        fuzz::fuzzCheck(!whole.errorDetail().isEmpty(), "a failure says why");
    }
    (void)whole.rawExcerpt();
    (void)parseHttpDate(answer);
    return 0;
}

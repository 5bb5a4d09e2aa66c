// The watch-stream framer (core/gpustack/watchframes: GPUStack's "\n\n"-separated compact JSON
// events, ref/gpustack-api.md §3.2). The first input byte picks how the rest is cut into
// network reads; the events must not depend on where TCP happened to cut the stream, each
// event must be a non-empty frame without a separator, and the buffer must stay under its cap.
// The events then go through the same path as WorkerWatch: JSON → event → workerFromJson.
#include "fuzzsupport.h"
#include "gpustack/watchevents.h"
#include "gpustack/watchframes.h"
#include "gpustack/workerjson.h"

#include <QJsonDocument>

using namespace parallax;

PARALLAX_FUZZ_INIT

namespace {

constexpr qint64 kCap = 4096;  // small, so the "event too large" path is reached too

struct Framed {
    QList<QByteArray> events;
    bool overflow = false;
};

Framed frame(const QByteArray &stream, const QList<qsizetype> &cuts)
{
    WatchFrames frames(kCap);
    Framed out;
    qsizetype pos = 0;
    for (qsizetype i = 0; i <= cuts.size() && pos <= stream.size(); ++i) {
        const qsizetype end = i < cuts.size() ? std::min(stream.size(), pos + cuts.at(i)) : stream.size();
        auto r = frames.append(stream.mid(pos, end - pos));
        if (!r.ok()) {
            out.overflow = true;
            return out;
        }
        out.events += r.value();
        fuzz::fuzzCheck(frames.buffered() <= kCap, "buffer within cap");
        pos = end;
        if (pos == stream.size())
            break;
    }
    return out;
}

// Whitespace inside a compact JSON event carries no meaning, and a "\r" may be rewritten by
// the CRLF tolerance; compare events without them.
QByteArray comparable(const QByteArray &event)
{
    QByteArray out = event;
    out.replace('\r', QByteArray());
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const unsigned seed = data[0];
    const QByteArray stream = fuzz::bytes(data + 1, size - 1);

    QList<qsizetype> cuts;  // read sizes 1…16 from a small generator seeded by the first byte
    unsigned x = seed * 2654435761u + 1;
    for (qsizetype total = 0; total < stream.size();) {
        x = x * 1103515245u + 12345u;
        const qsizetype n = 1 + qsizetype((x >> 16) % 16);
        cuts.append(n);
        total += n;
    }

    const Framed whole = frame(stream, {});
    const Framed pieces = frame(stream, cuts);
    for (const QByteArray &e : whole.events) {
        fuzz::fuzzCheck(!e.trimmed().isEmpty(), "no empty events");
        fuzz::fuzzCheck(!e.contains("\n\n"), "no separator inside an event");
    }
    if (!whole.overflow && !pieces.overflow) {
        fuzz::fuzzCheck(whole.events.size() == pieces.events.size(), "same number of events however the stream is cut");
        for (qsizetype i = 0; i < whole.events.size(); ++i)
            fuzz::fuzzCheck(comparable(whole.events.at(i)) == comparable(pieces.events.at(i)),
                "same events however the stream is cut");
    }

    for (const QByteArray &e : whole.events) {
        const QJsonObject event = QJsonDocument::fromJson(e).object();
        const int type = event.value(QLatin1StringView("type")).toInt();
        if (type == watchevents::Deleted)
            (void)watchevents::deletedId(event);
        else
            (void)workerFromJson(event.value(QLatin1StringView("data")).toObject());
    }
    return 0;
}

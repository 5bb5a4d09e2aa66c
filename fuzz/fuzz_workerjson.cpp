// Worker JSON mapping (core/gpustack/workerjson): any JSON the server sends as a worker, a list
// page ({"items": [...]}, ref/gpustack-api.md §3.1) or a bare array must map or fail with an
// error value, never crash, and the accessors the monitor calls on a mapped worker must hold.
#include "fuzzsupport.h"
#include "gpustack/workerjson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace parallax;

PARALLAX_FUZZ_INIT

static void mapOne(const QJsonValue &value)
{
    const Result<Worker> w = workerFromJson(value.toObject());
    if (!w.ok()) {
        fuzz::fuzzCheck(!w.error().message.isEmpty(), "a mapping error carries a message");
        return;
    }
    const Worker &worker = w.value();
    (void)worker.probeHost();
    (void)worker.healthUrl();
    (void)worker.heartbeatAgeMs(1'700'000'000'000);
    (void)workerStateId(worker.state);
    // Mapping is a pure function of the object.
    const Result<Worker> again = workerFromJson(value.toObject());
    fuzz::fuzzCheck(again.ok() && again.value() == worker, "mapping is deterministic");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.value(QLatin1StringView("items")).isArray()) {
            for (const QJsonValue &v : o.value(QLatin1StringView("items")).toArray())
                mapOne(v);
        } else {
            mapOne(o);
            QStringList notes;
            (void)gpuDeviceFromJson(o, &notes);
        }
    } else if (doc.isArray()) {
        for (const QJsonValue &v : doc.array())
            mapOne(v);
    }
    return 0;
}

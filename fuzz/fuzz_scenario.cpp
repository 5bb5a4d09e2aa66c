// Scenario files (core/sim/scenario: JSON with // and /* */ comments, docs/scenarios.md): any
// file a user hands `parallax-sim --scenario` must load or fail with a message.
#include "fuzzsupport.h"
#include "sim/scenario.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::bytes(data, size);
    const QByteArray stripped = sim::stripJsonComments(text);
    fuzz::fuzzCheck(stripped.size() <= text.size(), "stripping comments never grows the text");
    const Result<sim::Scenario> s = sim::Scenario::fromJson(text);
    if (!s.ok()) {
        fuzz::fuzzCheck(!s.error().message.isEmpty(), "a rejected scenario says why");
        return 0;
    }
    fuzz::fuzzCheck(!s.value().clusters.isEmpty(), "a scenario has a cluster");
    for (const sim::ScenarioWorker &w : s.value().workers) {
        (void)sim::healthBehaviourId(w.faults.health);
        fuzz::fuzzCheck(!w.name.isEmpty(), "every worker has a name");
    }
    return 0;
}

// Paste-back parser: `ip addr` / `ip route` / `hostname -I` output (parseIp), pasted into step 9 (address drift).
#include "diagnosis/hostfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const IpFinding f = parseIp(text);
    fuzz::fuzzCheck(f.primary.isEmpty() || f.candidates.contains(f.primary), "the primary address is a candidate");
    fuzz::pasteIntoWizard(text, WizardStepId::AddressDrift, f.recognized);
    return 0;
}

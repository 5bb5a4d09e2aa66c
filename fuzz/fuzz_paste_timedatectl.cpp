// Paste-back parser: `timedatectl` output (parseTimedatectl), pasted into step 1 (server view).
#include "diagnosis/hostfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const ClockFinding f = parseTimedatectl(text);
    fuzz::pasteIntoWizard(text, WizardStepId::ServerView, f.recognized);
    return 0;
}

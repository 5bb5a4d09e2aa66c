// Paste-back parser: nc / ncat / telnet / curl output (parseConnectivity), pasted into step 5 (server vantage).
#include "diagnosis/connectfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const ConnectFinding f = parseConnectivity(text);
    for (const ConnectAttempt &a : f.attempts)
        (void)f.outcomeFor(a.port);
    fuzz::pasteIntoWizard(text, WizardStepId::ServerVantage, f.recognized);
    return 0;
}

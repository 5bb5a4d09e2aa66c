// Paste-back parser: `env | grep -i proxy` / `docker info` proxy lines (parseProxyEnv), pasted into step 5 (server
// vantage).
#include "diagnosis/hostfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const ProxyEnvFinding f = parseProxyEnv(text);
    for (const char *host : {"10.0.8.21", "gpu-node-2", "gpu-node-2.example.internal", "::1"}) {
        (void)f.bypasses(QString::fromLatin1(host), true);
        (void)f.bypasses(QString::fromLatin1(host), false);
    }
    fuzz::pasteIntoWizard(text, WizardStepId::ServerVantage, f.recognized);
    return 0;
}

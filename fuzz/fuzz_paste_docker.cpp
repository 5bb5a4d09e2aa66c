// Paste-back parser: `docker inspect` / `docker ps` output (parseDocker), pasted into step 7 (Docker network).
#include "diagnosis/dockerfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const DockerFinding f = parseDocker(text);
    for (const PublishedPort &p : f.published)
        (void)p.hostPortFor(p.containerFirst);
    (void)f.hostPortFor(10150);
    (void)f.isPublished(10150);
    fuzz::pasteIntoWizard(text, WizardStepId::DockerNetwork, f.recognized);
    return 0;
}

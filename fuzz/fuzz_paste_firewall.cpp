// Paste-back parser: firewall-cmd / ufw / iptables / nft listings (parseFirewallListing and the four parsers behind
// it), pasted into step 6 (worker firewall).
#include "diagnosis/firewallfinding.h"
#include "pastesupport.h"

using namespace parallax;

PARALLAX_FUZZ_INIT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    // The paste box dispatches on the tool it recognises; the direct parsers must survive
    // output of the other tools too.
    const FirewallFinding f = parseFirewallListing(text);
    (void)parseFirewallCmd(text);
    (void)parseUfw(text);
    (void)parseIptables(text);
    (void)parseNft(text);
    (void)parseFirewallListing(text, 22, QStringLiteral("udp"));
    fuzz::pasteIntoWizard(text, WizardStepId::WorkerFirewall, f.recognized);
    return 0;
}

// iptables (-L, -nvL, --line-numbers, -S, iptables-save) and `nft list ruleset` parsers:
// both are turned into chains of simple rules and walked the way the kernel would for a new
// TCP connection to the port, following jumps into chains that are in the paste.
#include "base/trcontexts.h"
#include "firewallfinding.h"

#include "pastetext.h"

#include <QCoreApplication>
#include <QMap>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

struct Rule {
    QString target;  // ACCEPT, DROP, REJECT, LOG, RETURN, or a chain name
    QString proto = u"all"_s;  // all, tcp, udp, icmp, …
    QString inIface;  // empty = any
    bool negatedIface = false;
    QString source;  // empty = any
    QString dest;  // empty = any
    QString dports;  // empty = any; "22", "8300:8302", "80,443"
    bool excludesNew = false;  // conntrack state that never matches a new connection
    bool ambiguous = false;  // `iptables -L` without -v hides interfaces: unconditional-looking ACCEPT
    bool rateLimited = false;
    QString raw;
};

struct Chain {
    QString policy;  // empty for user chains
    QList<Rule> rules;
};

bool isAnyAddress(const QString &a)
{
    return a.isEmpty() || a == u"0.0.0.0/0"_s || a == u"anywhere"_s || a == u"::/0"_s;
}

bool isAnyIface(const QString &i)
{
    return i.isEmpty() || i == u"*"_s || i == u"any"_s || i == u"+"_s;
}

bool stateExcludesNew(const QString &states)
{
    const QString s = states.toUpper();
    return !s.contains(u"NEW"_s) && !s.contains(u"UNTRACKED"_s);
}

struct Walk {
    const QMap<QString, Chain> *chains = nullptr;
    int port = 0;
    QString proto;
    bool unknownJump = false;
    bool sawAmbiguous = false;
    bool rateLimited = false;
    QStringList restricted;
    QStringList lines;
};

// Returns the terminal verdict, or nullopt when the chain falls through (end of a user chain
// or RETURN).
std::optional<PortVerdict> walkChain(Walk &w, const QString &name, int depth)
{
    if (depth > 12)
        return std::nullopt;
    const Chain &chain = (*w.chains)[name];
    for (const Rule &r : chain.rules) {
        if (r.proto != u"all"_s && r.proto != w.proto && r.proto != u"6"_s)
            continue;
        if (r.excludesNew)
            continue;
        if (!r.negatedIface && r.inIface == u"lo"_s)
            continue;
        if (!r.dports.isEmpty() && !portSpecContains(r.dports, w.port))
            continue;
        const bool conditional = !isAnyIface(r.inIface) || !isAnyAddress(r.source) || !isAnyAddress(r.dest);
        const QString t = r.target.toUpper();
        if (t == u"ACCEPT"_s) {
            if (r.ambiguous) {
                w.sawAmbiguous = true;
                continue;
            }
            if (conditional) {
                w.restricted.append(!isAnyAddress(r.source) ? r.source : !isAnyIface(r.inIface) ? r.inIface : r.dest);
                w.lines.append(r.raw);
                continue;
            }
            w.lines.append(r.raw);
            return PortVerdict::Open;
        }
        if (t == u"DROP"_s || t == u"REJECT"_s) {
            if (conditional)
                continue;
            w.lines.append(r.raw);
            if (r.rateLimited)
                w.rateLimited = true;
            return t == u"DROP"_s ? PortVerdict::Dropped : PortVerdict::Rejected;
        }
        if (t == u"RETURN"_s) {
            if (conditional)
                continue;
            return std::nullopt;
        }
        if (t == u"LOG"_s || t == u"MARK"_s || t == u"CONNMARK"_s || t.isEmpty() || t == u"COUNTER"_s)
            continue;
        // A jump into another chain.
        if (w.chains->contains(r.target)) {
            if (auto v = walkChain(w, r.target, depth + 1))
                return v;
        } else {
            w.unknownJump = true;
        }
    }
    return std::nullopt;
}

FirewallFinding decide(FirewallFinding f, const QMap<QString, Chain> &chains, const QString &inputChain)
{
    Walk w;
    w.chains = &chains;
    w.port = f.port;
    w.proto = f.protocol;
    const auto v = walkChain(w, inputChain, 0);
    f.rateLimited = w.rateLimited;
    if (v) {
        f.verdict = *v;
    } else {
        const QString policy = chains.value(inputChain).policy.toUpper();
        if (policy == u"DROP"_s) {
            f.verdict = PortVerdict::Dropped;
            w.lines.append(Findings::tr("policy %1 of chain %2").arg(policy, inputChain));
        } else if (policy == u"ACCEPT"_s && !w.unknownJump && !w.sawAmbiguous) {
            f.verdict = PortVerdict::Open;
        } else {
            f.verdict = PortVerdict::Unknown;  // chains not shown (an excerpt) or hidden interfaces
        }
    }
    if (!w.restricted.isEmpty() && (f.verdict == PortVerdict::Dropped || f.verdict == PortVerdict::Rejected)) {
        f.restrictedTo = w.restricted;
        f.restrictedTo.removeDuplicates();
        f.verdict = PortVerdict::OpenRestricted;
    }
    f.lines = w.lines;
    f.lines.removeDuplicates();
    // The explanation is set by the caller through the shared wording.
    return f;
}

QString explain(const FirewallFinding &f, bool unknownBecauseExcerpt)
{
    const QString port = u"%1/%2"_s.arg(f.port).arg(f.protocol);
    switch (f.verdict) {
    case PortVerdict::Open: return Findings::tr("%1 is accepted by these rules.").arg(port);
    case PortVerdict::OpenRestricted:
        return Findings::tr("%1 is accepted only for %2; everything else is dropped or rejected.")
            .arg(port, f.restrictedTo.join(u", "_s));
    case PortVerdict::Dropped:
        return Findings::tr("%1 is not accepted and falls to a DROP: a client's connect times out.").arg(port);
    case PortVerdict::Rejected:
        // `--reject-with tcp-reset` / `icmp-port-unreachable` (nft: `reject with tcp reset`) look
        // like a closed port to a client; the default prohibited kinds look like no route.
        for (const QString &l : f.lines) {
            if (l.contains(u"tcp-reset"_s) || l.contains(u"tcp reset"_s) || l.contains(u"port-unreachable"_s))
                return Findings::tr(
                    "%1 is not accepted and is rejected with a reset: a client sees \"Connection refused\", "
                    "exactly as for a closed port.")
                    .arg(port);
        }
        return f.rateLimited
            ? Findings::tr("%1 is not accepted: it is rejected (admin-prohibited, a client sees \"No route to "
                           "host\") up to a rate limit and dropped above it.")
                  .arg(port)
            : Findings::tr("%1 is not accepted and is rejected: a client sees \"No route to host\".").arg(port);
    case PortVerdict::NotAllowed: return Findings::tr("%1 is not listed.").arg(port);
    case PortVerdict::NotFiltering: return Findings::tr("The filter is not active.");
    case PortVerdict::Unknown: break;
    }
    return unknownBecauseExcerpt
        ? Findings::tr("The rules jump into chains that are not in the paste (or hide interfaces), so "
                       "they do not decide %1. Paste the full `iptables -S` or `nft list ruleset`.")
              .arg(port)
        : Findings::tr("The paste does not decide whether %1 is open.").arg(port);
}

// ---- iptables ----

Rule ruleFromArgs(const QStringList &a, const QString &raw)
{
    Rule r;
    r.raw = raw;
    for (int i = 0; i < a.size(); ++i) {
        const QString &k = a.at(i);
        const QString v = a.value(i + 1);
        if (k == u"-p"_s || k == u"--protocol"_s) {
            r.proto = v.toLower();
            ++i;
        } else if (k == u"-i"_s || k == u"--in-interface"_s) {
            r.inIface = v;
            ++i;
        } else if (k == u"!"_s && (v == u"-i"_s)) {
            r.negatedIface = true;
        } else if (k == u"-s"_s || k == u"--source"_s) {
            r.source = v;
            ++i;
        } else if (k == u"-d"_s || k == u"--destination"_s) {
            r.dest = v;
            ++i;
        } else if (k == u"--dport"_s || k == u"--dports"_s || k == u"--destination-port"_s) {
            r.dports = v;
            ++i;
        } else if (k == u"--ctstate"_s || k == u"--state"_s) {
            r.excludesNew = stateExcludesNew(v);
            ++i;
        } else if (k == u"-j"_s || k == u"-g"_s || k == u"--jump"_s || k == u"--goto"_s) {
            r.target = v;
            ++i;
        } else if (k == u"--hashlimit-upto"_s || k == u"--limit"_s) {
            r.rateLimited = true;
        }
    }
    return r;
}

// Splits a command line respecting double quotes ("--comment "002 dhcp in"").
QStringList splitArgs(const QString &line)
{
    QStringList out;
    QString cur;
    bool quoted = false;
    for (QChar c : line) {
        if (c == u'"') {
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            if (!cur.isEmpty())
                out.append(cur);
            cur.clear();
        } else {
            cur.append(c);
        }
    }
    if (!cur.isEmpty())
        out.append(cur);
    return out;
}

}  // namespace

FirewallFinding parseIptables(const QString &text, int port, const QString &protocol)
{
    FirewallFinding f;
    f.tool = FirewallTool::Iptables;
    f.port = port;
    f.protocol = protocol;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text);
    QMap<QString, Chain> chains;
    QString table = u"filter"_s;
    QString listChain;
    // Column layout of -L output, from its header.
    bool verbose = false;
    bool numbered = false;
    static const QRegularExpression chainHeader(uR"re(^Chain (\S+) \((?:policy (\w+)[^)]*|\d+ references)\))re"_s);
    static const QRegularExpression savePolicy(uR"re(^:(\S+) (\S+) \[)re"_s);
    static const QRegularExpression dpt(uR"re(\bdpts?:(\S+))re"_s);
    static const QRegularExpression multiport(uR"re(multiport dports (\S+))re"_s);
    static const QRegularExpression state(uR"re(\b(?:ctstate|state) (\S+))re"_s);

    for (const PasteLine &l : lines) {
        const QString t = l.text;
        if (t.isEmpty() || l.isCommand || t.startsWith(u'#'))
            continue;
        if (t.startsWith(u'*')) {
            table = t.mid(1).trimmed();
            continue;
        }
        if (t == u"COMMIT"_s)
            continue;
        if (const auto m = savePolicy.match(t); m.hasMatch()) {
            f.recognized = true;
            if (table == u"filter"_s)
                chains[m.captured(1)].policy = m.captured(2) == u"-"_s ? QString() : m.captured(2);
            continue;
        }
        if (t.startsWith(u"-P "_s) || t.startsWith(u"-N "_s)) {
            f.recognized = true;
            const QStringList a = t.split(u' ', Qt::SkipEmptyParts);
            if (table == u"filter"_s && a.size() >= 2)
                chains[a.at(1)].policy = a.size() >= 3 ? a.at(2) : QString();
            continue;
        }
        if (t.startsWith(u"-A "_s)) {
            f.recognized = true;
            if (table != u"filter"_s)
                continue;
            const QStringList a = splitArgs(t);
            if (a.size() < 2)
                continue;
            chains[a.at(1)].rules.append(ruleFromArgs(a.mid(2), t));
            continue;
        }
        if (const auto m = chainHeader.match(t); m.hasMatch()) {
            f.recognized = true;
            listChain = m.captured(1);
            chains[listChain].policy = m.captured(2);
            continue;
        }
        if (t.startsWith(u"target "_s) || t.startsWith(u"num "_s) || t.startsWith(u"pkts "_s)) {
            verbose = t.contains(u" in "_s) || t.startsWith(u"pkts"_s);
            numbered = t.startsWith(u"num "_s);
            continue;
        }
        if (listChain.isEmpty())
            continue;
        // A rule row of -L: [num] [pkts bytes] target prot opt [in out] source destination extra…
        QStringList cols = t.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
        if (numbered && !cols.isEmpty())
            cols.removeFirst();
        if (verbose && cols.size() >= 2)
            cols = cols.mid(2);
        const int base = verbose ? 7 : 5;
        if (cols.size() < base)
            continue;
        Rule r;
        r.raw = t;
        r.target = cols.at(0);
        r.proto = cols.at(1).toLower();
        if (verbose) {
            r.inIface = cols.at(3);
            r.negatedIface = r.inIface.startsWith(u'!');
            if (r.negatedIface)
                r.inIface = r.inIface.mid(1);
            r.source = cols.at(5);
            r.dest = cols.at(6);
        } else {
            r.source = cols.at(3);
            r.dest = cols.at(4);
        }
        const QString extra = cols.mid(base).join(u' ');
        if (const auto m = dpt.match(extra); m.hasMatch())
            r.dports = m.captured(1);
        if (const auto m = multiport.match(extra); m.hasMatch())
            r.dports = m.captured(1);
        if (const auto m = state.match(extra); m.hasMatch())
            r.excludesNew = stateExcludesNew(m.captured(1));
        if (extra.contains(u"limit:"_s))
            r.rateLimited = true;
        // Without -v, `-i lo -j ACCEPT` prints as a bare "ACCEPT all -- anywhere anywhere".
        if (!verbose && r.target == u"ACCEPT"_s && r.proto == u"all"_s && isAnyAddress(r.source) && isAnyAddress(r.dest)
            && extra.trimmed().isEmpty())
            r.ambiguous = true;
        chains[listChain].rules.append(r);
    }
    if (!f.recognized || !chains.contains(u"INPUT"_s)) {
        f.explanation = f.recognized ? Findings::tr("The paste has no INPUT chain of the filter table.")
                                     : Findings::tr("This does not look like iptables output.");
        return f;
    }
    f = decide(f, chains, u"INPUT"_s);
    // The catch-all REJECT firewalld appends to INPUT.
    for (const Rule &r : chains.value(u"INPUT"_s).rules) {
        if (r.target == u"REJECT"_s && r.proto == u"all"_s && isAnyIface(r.inIface) && isAnyAddress(r.source)
            && r.dports.isEmpty())
            f.trailingReject = true;
    }
    bool anyUnknown = f.verdict == PortVerdict::Unknown;
    f.explanation = explain(f, anyUnknown);
    return f;
}

// ---- nftables ----

FirewallFinding parseNft(const QString &text, int port, const QString &protocol)
{
    FirewallFinding f;
    f.tool = FirewallTool::Nftables;
    f.port = port;
    f.protocol = protocol;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text);
    QMap<QString, Chain> chains;
    QString inputChain;
    QString current;
    QString firstChainWithRules;
    static const QRegularExpression chainOpen(uR"re(^chain (\S+) \{)re"_s);
    static const QRegularExpression hook(uR"re(type filter hook (\w+) .*policy (\w+);)re"_s);
    static const QRegularExpression dport(uR"re(\b(?:tcp|th|udp) dport (\{[^}]*\}|\S+))re"_s);
    static const QRegularExpression iif(uR"re(\biif(?:name)? (!= )?"?([^"\s]+)"?)re"_s);
    static const QRegularExpression saddr(uR"re(\bip6? saddr (\S+))re"_s);
    static const QRegularExpression daddr(uR"re(\bip6? daddr (\{[^}]*\}|\S+))re"_s);
    static const QRegularExpression ctstate(uR"re(\bct state (\{[^}]*\}|\S+))re"_s);
    static const QRegularExpression verdictWord(uR"re(\b(accept|drop|reject|return|jump|goto)\b\s*(\S*))re"_s);

    for (const PasteLine &l : lines) {
        const QString t = l.text;
        if (t.isEmpty() || l.isCommand)
            continue;
        if (t.startsWith(u"table "_s)) {
            f.recognized = true;
            continue;
        }
        if (const auto m = chainOpen.match(t); m.hasMatch()) {
            f.recognized = true;
            current = m.captured(1);
            chains[current];
            continue;
        }
        if (t == u"}"_s) {
            current.clear();
            continue;
        }
        if (const auto m = hook.match(t); m.hasMatch()) {
            f.recognized = true;
            if (!current.isEmpty()) {
                chains[current].policy = m.captured(2).toUpper();
                if (m.captured(1) == u"input"_s && inputChain.isEmpty())
                    inputChain = current;
            }
            continue;
        }
        const auto vm = verdictWord.match(t);
        if (!vm.hasMatch() && !t.startsWith(u"log "_s) && !t.startsWith(u"counter"_s))
            continue;
        f.recognized = true;
        Rule r;
        r.raw = t;
        if (vm.hasMatch()) {
            const QString w = vm.captured(1);
            r.target = w == u"jump"_s || w == u"goto"_s ? vm.captured(2) : w.toUpper();
        } else {
            r.target = u"LOG"_s;
        }
        if (t.contains(u"ip protocol icmp"_s) || t.contains(u"l4proto ipv6-icmp"_s) || t.contains(u"l4proto icmp"_s))
            r.proto = u"icmp"_s;
        if (const auto m = dport.match(t); m.hasMatch()) {
            QString spec = m.captured(1);
            spec.remove(u'{').remove(u'}').remove(u' ');
            r.dports = spec;
            r.proto = t.contains(u"udp dport"_s) ? u"udp"_s : u"tcp"_s;
        }
        if (const auto m = iif.match(t); m.hasMatch()) {
            r.inIface = m.captured(2);
            r.negatedIface = !m.captured(1).isEmpty();
        }
        if (const auto m = saddr.match(t); m.hasMatch())
            r.source = m.captured(1);
        if (const auto m = daddr.match(t); m.hasMatch())
            r.dest = m.captured(1);
        if (const auto m = ctstate.match(t); m.hasMatch())
            r.excludesNew = stateExcludesNew(m.captured(1));
        if (t.contains(u"ct status dnat"_s))
            r.excludesNew = true;  // only connections to a DNAT'ed port, not 10150 on the host
        if (t.contains(u"limit rate"_s))
            r.rateLimited = true;
        const QString owner = current.isEmpty() ? u"(excerpt)"_s : current;
        chains[owner].rules.append(r);
        if (firstChainWithRules.isEmpty())
            firstChainWithRules = owner;
    }
    if (!f.recognized) {
        f.explanation = Findings::tr("This does not look like `nft list ruleset` output.");
        return f;
    }
    if (inputChain.isEmpty()) {
        // An excerpt without the input hook. firewalld's tables end every filter chain in
        // `reject with icmpx admin-prohibited` (its FINAL_REJECT), so a firewalld ruleset
        // rejects what its zones do not accept.
        if (text.contains(u"reject with icmpx admin-prohibited"_s) && text.contains(u"filter_"_s)) {
            f.verdict = PortVerdict::Rejected;
            for (const PasteLine &l : lines) {
                if (l.text.contains(u"reject with icmpx admin-prohibited"_s) || l.text.contains(u"FINAL_REJECT"_s))
                    f.lines.append(l.text);
            }
            f.lines.removeDuplicates();
            f.explanation = Findings::tr(
                "This is firewalld's nftables ruleset: ports its zones do not accept end in \"reject with icmpx "
                "admin-prohibited\" (a client sees \"No route to host\"). The input chain itself is not in the paste.");
            return f;
        }
        f.explanation = Findings::tr("The paste has no chain hooked to input, so it does not decide %1/%2.")
                            .arg(port)
                            .arg(protocol);
        return f;
    }
    f = decide(f, chains, inputChain);
    f.explanation = explain(f, f.verdict == PortVerdict::Unknown);
    return f;
}

}  // namespace parallax

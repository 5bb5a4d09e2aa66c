#include "connectfinding.h"
#include "base/trcontexts.h"

#include "pastetext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

QString connectOutcomeId(ConnectOutcome outcome)
{
    switch (outcome) {
    case ConnectOutcome::Unknown: return u"unknown"_s;
    case ConnectOutcome::Succeeded: return u"succeeded"_s;
    case ConnectOutcome::Refused: return u"refused"_s;
    case ConnectOutcome::TimedOut: return u"timed_out"_s;
    case ConnectOutcome::NoRoute: return u"no_route"_s;
    case ConnectOutcome::NetworkUnreachable: return u"network_unreachable"_s;
    case ConnectOutcome::ResolveFailed: return u"resolve_failed"_s;
    case ConnectOutcome::Reset: return u"reset"_s;
    case ConnectOutcome::HttpError: return u"http_error"_s;
    case ConnectOutcome::ProxyInPath: return u"proxy_in_path"_s;
    case ConnectOutcome::ProxyError: return u"proxy_error"_s;
    case ConnectOutcome::InvalidTest: return u"invalid_test"_s;
    case ConnectOutcome::Mixed: return u"mixed"_s;
    }
    return u"unknown"_s;
}

ConnectOutcome ConnectFinding::outcomeFor(int port) const
{
    ConnectOutcome found = ConnectOutcome::Unknown;
    for (const auto &a : attempts) {
        if (a.port == port)
            found = a.outcome;
    }
    return found;
}

namespace {

struct Pattern {
    ConnectOutcome outcome;
    QRegularExpression re;
};

// Error texts of the tools, in English and as glibc prints them in zh_CN / ja_JP locales.
const QList<Pattern> &errorPatterns()
{
    static const QList<Pattern> list = {
        {ConnectOutcome::Reset,
            QRegularExpression(u"reset by peer|Recv failure|连接被对方重置|接続が相手からリセットされました"_s,
                QRegularExpression::CaseInsensitiveOption)},
        {ConnectOutcome::Refused,
            QRegularExpression(
                u"Connection refused|Could not connect to server|Couldn't connect to server|拒绝连接|接続を拒否されました"_s,
                QRegularExpression::CaseInsensitiveOption)},
        {ConnectOutcome::TimedOut,
            QRegularExpression(u"timed out|Timeout was reached|\\bTIMEOUT\\b|连接超时|タイムアウト"_s,
                QRegularExpression::CaseInsensitiveOption)},
        {ConnectOutcome::NoRoute,
            QRegularExpression(u"No route to host|Host is unreachable|没有到主机的路由|ホストへの経路がありません"_s,
                QRegularExpression::CaseInsensitiveOption)},
        {ConnectOutcome::NetworkUnreachable,
            QRegularExpression(u"Network is unreachable|网络不可达|ネットワークに届きません"_s,
                QRegularExpression::CaseInsensitiveOption)},
        {ConnectOutcome::ResolveFailed,
            QRegularExpression(
                u"Could not resolve|Name or service not known|nodename nor servname|Temporary failure in name resolution|getaddrinfo|Unknown host|未知的名称或服务|名前またはサービスが不明です"_s,
                QRegularExpression::CaseInsensitiveOption)},
    };
    return list;
}

}  // namespace

ConnectFinding parseConnectivity(const QString &text)
{
    ConnectFinding f;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text, /*unescapeNewlines=*/true);

    static const QRegularExpression ncSuccess(uR"re(Connection to (\S+) (?:port )?(\d+) .*succeeded)re"_s);
    static const QRegularExpression tradOpen(uR"re(^(\S+) \[([^\]]+)\] (\d+) \([^)]*\) open)re"_s);
    static const QRegularExpression ncatConnected(uR"re(Ncat: Connected to (\S+?):(\d+))re"_s);
    static const QRegularExpression telnetConnected(uR"re(^Connected to (\S+?)\.?$)re"_s);
    static const QRegularExpression curlConnected(uR"re(Connected to (\S+) \(([^)]*)\) port (\d+))re"_s);
    static const QRegularExpression hostPort(uR"re((?:connectx? to|Failed to connect to) (\S+) port (\d+))re"_s);
    static const QRegularExpression tradFail(uR"re(\[([^\]]+)\] (\d+) \([^)]*\)\s*:)re"_s);
    static const QRegularExpression telnetAddr(uR"re(connect to address (\S+?):)re"_s);
    static const QRegularExpression curlCode(uR"re((?:curl|url|rl|l)?: \((\d+)\) )re"_s);
    static const QRegularExpression afterMs(uR"re(after (\d+) ms)re"_s);
    static const QRegularExpression httpStatus(uR"re(^(?:< )?HTTP/\d(?:\.\d)? (\d{3}))re"_s);
    static const QRegularExpression tunnel(uR"re(CONNECT tunnel failed, response (\d{3}))re"_s);
    static const QRegularExpression aboutProxy(uR"re(About to connect\(\) to proxy (\S+) port (\d+))re"_s);
    static const QRegularExpression proxyFlag(uR"re((?:^|\s)(?:-x|--proxy)\s+(\S+))re"_s);
    static const QRegularExpression absoluteUri(uR"re(^(?:> )?(?:GET|HEAD|POST) (?:http|HTTP)://)re"_s);
    static const QRegularExpression winTelnet(uR"re(Could not open connection to the host, on port (\d+))re"_s);
    static const QRegularExpression hostColonPort(
        uR"re(telnet\s+\S+:\d+\s*$)re"_s, QRegularExpression::CaseInsensitiveOption);

    QList<PasteLine> justify;
    bool connected = false;
    bool proxyPage = false;
    QString lastCommand;
    QStringList seenLines;

    auto addAttempt = [&](const PasteLine &l, const QString &host, int port, ConnectOutcome o) {
        const QString key = l.text.trimmed();
        if (seenLines.contains(key))
            return;  // the same line twice (localhost tried as 127.0.0.1 and ::1): one result
        seenLines.append(key);
        ConnectAttempt a;
        a.host = host;
        a.port = port;
        a.outcome = o;
        a.line = key;
        f.attempts.append(a);
        justify.append(l);
        f.recognized = true;
    };

    for (const PasteLine &l : lines) {
        const QString t = l.text;
        if (t.isEmpty())
            continue;
        if (l.isCommand) {
            lastCommand = l.command;
            const QString tool = l.command.section(u' ', 0, 0).toLower();
            if (tool == u"nc"_s || tool == u"ncat"_s || tool == u"telnet"_s || tool == u"curl"_s
                || tool == u"curl.exe"_s)
                f.tool = tool == u"curl.exe"_s ? u"curl"_s : tool;
            if (const auto m = proxyFlag.match(l.command); m.hasMatch()) {
                f.viaProxy = true;
                f.proxy = m.captured(1);
            }
            // `/usr/bin/curl …` and command lines echoed by CI do not end the scan.
            if (!t.contains(u"curl"_s) || !t.contains(u"http"_s))
                continue;
        }
        if (t.contains(u"Ncat:"_s))
            f.tool = u"ncat"_s;
        if (const auto m = aboutProxy.match(t); m.hasMatch()) {
            f.viaProxy = true;
            f.proxy = m.captured(1) + u':' + m.captured(2);
            justify.append(l);
            continue;
        }
        if (absoluteUri.match(t).hasMatch() || t.contains(u"Proxy-Connection:"_s) || t.contains(u"X-Squid-Error"_s)
            || t.contains(u"Server: squid"_s)) {
            f.viaProxy = true;
            justify.append(l);
        }
        if (const auto m = tunnel.match(t); m.hasMatch()) {
            f.viaProxy = true;
            proxyPage = true;
            f.httpStatus = m.captured(1).toInt();
            f.tool = u"curl"_s;
            addAttempt(l, QString(), -1, ConnectOutcome::ProxyError);
            continue;
        }
        if (const auto m = httpStatus.match(t); m.hasMatch()) {
            f.httpStatus = m.captured(1).toInt();
            f.recognized = true;
            justify.append(l);
            continue;
        }
        if (t.contains(u"<title>50"_s) || t.contains(u"Bad Gateway"_s) || t.contains(u"Gateway Timeout"_s)) {
            proxyPage = true;
            justify.append(l);
            continue;
        }
        if (const auto m = winTelnet.match(t); m.hasMatch()) {
            f.tool = u"telnet"_s;
            const bool wrongSyntax = m.captured(1) == u"23"_s && hostColonPort.match(lastCommand).hasMatch();
            addAttempt(l, QString(), m.captured(1).toInt(),
                wrongSyntax ? ConnectOutcome::InvalidTest : ConnectOutcome::Unknown);
            continue;
        }
        // Successes.
        if (const auto m = ncSuccess.match(t); m.hasMatch()) {
            f.tool = f.tool.isEmpty() ? u"nc"_s : f.tool;
            addAttempt(l, m.captured(1), m.captured(2).toInt(), ConnectOutcome::Succeeded);
            continue;
        }
        if (const auto m = tradOpen.match(t); m.hasMatch()) {
            f.tool = f.tool.isEmpty() ? u"nc"_s : f.tool;
            addAttempt(l, m.captured(2), m.captured(3).toInt(), ConnectOutcome::Succeeded);
            continue;
        }
        if (const auto m = ncatConnected.match(t); m.hasMatch()) {
            addAttempt(l, m.captured(1), m.captured(2).toInt(), ConnectOutcome::Succeeded);
            continue;
        }
        if (const auto m = curlConnected.match(t); m.hasMatch()) {
            connected = true;
            f.tool = u"curl"_s;
            if (!f.viaProxy)
                addAttempt(l, m.captured(2), m.captured(3).toInt(), ConnectOutcome::Succeeded);
            continue;
        }
        if (const auto m = telnetConnected.match(t); m.hasMatch()) {
            f.tool = u"telnet"_s;
            addAttempt(l, m.captured(1), -1, ConnectOutcome::Succeeded);
            continue;
        }
        // Failures.
        ConnectOutcome failure = ConnectOutcome::Unknown;
        for (const Pattern &p : errorPatterns()) {
            if (p.re.match(t).hasMatch()) {
                failure = p.outcome;
                break;
            }
        }
        if (failure == ConnectOutcome::Unknown)
            continue;
        if (t.startsWith(u"libnsock"_s) || t.startsWith(u"NCAT DEBUG"_s)) {
            justify.append(l);
            continue;  // ncat's debug trace: the verdict line follows
        }
        if (curlCode.match(t).hasMatch())
            f.tool = u"curl"_s;
        else if (t.startsWith(u"telnet:"_s))
            f.tool = u"telnet"_s;
        else if (t.startsWith(u"nc:"_s) && f.tool.isEmpty())
            f.tool = u"nc"_s;
        if (const auto m = afterMs.match(t); m.hasMatch())
            f.elapsedMs = m.captured(1).toInt();
        QString host;
        int port = -1;
        if (const auto m = hostPort.match(t); m.hasMatch()) {
            host = m.captured(1);
            port = m.captured(2).toInt();
        } else if (const auto m2 = tradFail.match(t); m2.hasMatch()) {
            host = m2.captured(1);
            port = m2.captured(2).toInt();
        } else if (const auto m3 = telnetAddr.match(t); m3.hasMatch()) {
            host = m3.captured(1);
        }
        // curl 8 hides the errno ("Couldn't connect to server") after a line that names it:
        // keep one attempt per connection.
        if (f.tool == u"curl"_s && !f.attempts.isEmpty() && f.attempts.last().port == port
            && t.contains(u"connect to server"_s, Qt::CaseInsensitive)) {
            justify.append(l);
            continue;
        }
        // telnet prints the reason, then "Unable to connect to remote host" (no reason): skip it.
        if (connected && failure == ConnectOutcome::Reset) {
            if (!f.attempts.isEmpty())
                f.attempts.last().outcome = ConnectOutcome::Reset;
            justify.append(l);
            continue;
        }
        addAttempt(l, host, port, failure);
    }

    // A telnet "Unable to connect to remote host" with no reason adds nothing: handled by the
    // patterns (it matches none of them).
    if (proxyPage || (f.viaProxy && f.httpStatus >= 400)) {
        f.outcome = ConnectOutcome::ProxyError;
        f.viaProxy = true;
        f.recognized = true;
    } else if (f.viaProxy && f.httpStatus > 0) {
        f.outcome = ConnectOutcome::ProxyInPath;
        f.recognized = true;
    } else if (!f.attempts.isEmpty()) {
        ConnectOutcome first = f.attempts.first().outcome;
        bool same = true;
        for (const auto &a : f.attempts)
            same = same && a.outcome == first;
        f.outcome = same ? first : ConnectOutcome::Mixed;
        if (f.outcome == ConnectOutcome::Succeeded && f.httpStatus >= 400)
            f.outcome = ConnectOutcome::HttpError;
    } else if (f.httpStatus > 0) {
        f.outcome = f.httpStatus == 200 ? ConnectOutcome::Succeeded : ConnectOutcome::HttpError;
    }
    if (f.httpStatus == 0 && f.outcome == ConnectOutcome::Unknown && f.viaProxy)
        f.outcome = ConnectOutcome::ProxyInPath;
    f.lines = evidenceLines(justify);

    switch (f.outcome) {
    case ConnectOutcome::Succeeded:
        f.explanation = Findings::tr("The connection succeeded: the port is open from where this ran.");
        break;
    case ConnectOutcome::Refused:
        f.explanation =
            Findings::tr("Connection refused: the host answered, but nothing accepts connections on that port (or a "
                         "rule rejects with a TCP reset).");
        break;
    case ConnectOutcome::TimedOut:
        f.explanation = Findings::tr(
            "The connection timed out: packets are dropped on the way (a firewall DROP) or the host is gone.");
        break;
    case ConnectOutcome::NoRoute:
        f.explanation = Findings::tr("\"No route to host\": usually a firewall on the worker rejecting the port "
                                     "(icmp-host-prohibited), or an address that is not on this network.");
        break;
    case ConnectOutcome::NetworkUnreachable:
        f.explanation = Findings::tr("The network is unreachable from where this ran: a routing problem on that side.");
        break;
    case ConnectOutcome::ResolveFailed:
        f.explanation = Findings::tr("The name did not resolve from where this ran.");
        break;
    case ConnectOutcome::Reset:
        f.explanation = Findings::tr("The port is open, but the service reset the connection: not a firewall problem.");
        break;
    case ConnectOutcome::HttpError:
        f.explanation = Findings::tr("The target answered HTTP %1 instead of 200.").arg(f.httpStatus);
        break;
    case ConnectOutcome::ProxyInPath:
        f.explanation =
            Findings::tr("The request went through an HTTP proxy (%1). A health check to a worker needs the worker's "
                         "address in NO_PROXY.")
                .arg(f.proxy.isEmpty() ? Findings::tr("proxy headers seen") : f.proxy);
        break;
    case ConnectOutcome::ProxyError:
        f.explanation =
            Findings::tr("A proxy answered instead of the worker (HTTP %1): the path goes through a proxy that "
                         "cannot reach it. Put the worker's address in NO_PROXY.")
                .arg(f.httpStatus);
        break;
    case ConnectOutcome::InvalidTest:
        f.explanation =
            Findings::tr("This did not test the port: Windows telnet takes `telnet HOST PORT` (with a space); "
                         "`HOST:PORT` tried port 23.");
        break;
    case ConnectOutcome::Mixed:
        f.explanation = Findings::tr("Several ports were tested with different results; see each line.");
        break;
    case ConnectOutcome::Unknown:
        f.explanation = f.recognized ? Findings::tr("The output does not say how the connection ended.")
                                     : Findings::tr("This does not look like output of nc, telnet or curl.");
        break;
    }
    return f;
}

}  // namespace parallax

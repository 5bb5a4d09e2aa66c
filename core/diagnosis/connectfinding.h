#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parallax {

// What a pasted nc / ncat / telnet / curl run says about one connection attempt.
enum class ConnectOutcome {
    Unknown,  // nothing recognisable (or nothing pasted)
    Succeeded,  // TCP connected (and, for curl, an HTTP answer came back directly)
    Refused,  // RST: nothing listens on that address:port
    TimedOut,  // no answer: dropped by a firewall, or the host is gone
    NoRoute,  // "No route to host": ICMP host/admin prohibited (a REJECT rule) or ARP failure
    NetworkUnreachable,  // no route from the client's side
    ResolveFailed,  // the name did not resolve
    Reset,  // connected, then reset by the peer (the port is open)
    HttpError,  // the target answered HTTP with a non-200 status, directly
    ProxyInPath,  // the request went through an HTTP proxy (and got an answer)
    ProxyError,  // a proxy answered instead of the target (502/503/504 page, CONNECT failed)
    InvalidTest,  // the command did not test what was meant (Windows `telnet host:port` tries port 23)
    Mixed,  // several ports / hosts with different outcomes
};
QString connectOutcomeId(ConnectOutcome outcome);

struct ConnectAttempt {
    QString host;
    int port = -1;  // -1 when the line does not say
    ConnectOutcome outcome = ConnectOutcome::Unknown;
    QString line;
};

struct ConnectFinding {
    bool recognized = false;
    QString tool;  // "nc", "ncat", "telnet", "curl"; empty when unsure
    ConnectOutcome outcome = ConnectOutcome::Unknown;
    QList<ConnectAttempt> attempts;  // one per distinct result line
    bool viaProxy = false;
    QString proxy;  // the proxy address when the paste names it
    int httpStatus = 0;  // last HTTP status seen (0 = none)
    int elapsedMs = -1;  // "after 3052 ms"
    QString explanation;  // translated
    QStringList lines;

    // The outcome for one port, when the paste tested several; Unknown if that port is absent.
    ConnectOutcome outcomeFor(int port) const;
};

ConnectFinding parseConnectivity(const QString &text);

}  // namespace parallax

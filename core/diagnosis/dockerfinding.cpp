#include "dockerfinding.h"
#include "base/trcontexts.h"

#include "pastetext.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

QString dockerNetworkModeId(DockerNetworkMode mode)
{
    switch (mode) {
    case DockerNetworkMode::Unknown: return u"unknown"_s;
    case DockerNetworkMode::Host: return u"host"_s;
    case DockerNetworkMode::Bridge: return u"bridge"_s;
    case DockerNetworkMode::Custom: return u"custom"_s;
    case DockerNetworkMode::None: return u"none"_s;
    case DockerNetworkMode::Container: return u"container"_s;
    }
    return u"unknown"_s;
}

bool PublishedPort::coversContainerPort(int port, const QString &proto) const
{
    return protocol == proto && port >= containerFirst && port <= containerLast;
}

int PublishedPort::hostPortFor(int containerPort) const
{
    if (containerPort < containerFirst || containerPort > containerLast)
        return -1;
    return hostFirst + (containerPort - containerFirst);
}

bool DockerFinding::isPublished(int containerPort, const QString &proto) const
{
    return hostPortFor(containerPort, proto) >= 0;
}

int DockerFinding::hostPortFor(int containerPort, const QString &proto) const
{
    for (const auto &p : published) {
        if (p.coversContainerPort(containerPort, proto))
            return p.hostPortFor(containerPort);
    }
    return -1;
}

namespace {

DockerNetworkMode modeFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"host"_s)
        return DockerNetworkMode::Host;
    if (n == u"default"_s || n == u"bridge"_s)
        return DockerNetworkMode::Bridge;
    if (n == u"none"_s)
        return DockerNetworkMode::None;
    if (n.startsWith(u"container:"_s))
        return DockerNetworkMode::Container;
    return n.isEmpty() ? DockerNetworkMode::Unknown : DockerNetworkMode::Custom;
}

void addPublished(DockerFinding &f, const PublishedPort &p)
{
    if (!f.published.contains(p))
        f.published.append(p);
}

// The text from `from` (an opening bracket) to its matching bracket.
QString balanced(const QString &text, qsizetype from)
{
    const QChar open = text.at(from);
    const QChar close = open == u'[' ? u']' : u'}';
    int depth = 0;
    for (qsizetype i = from; i < text.size(); ++i) {
        if (text.at(i) == open)
            ++depth;
        else if (text.at(i) == close && --depth == 0)
            return text.mid(from, i - from + 1);
    }
    return text.mid(from);
}

void parseInspect(const QString &text, DockerFinding &f, QList<PasteLine> &justify, const QList<PasteLine> &lines)
{
    static const QRegularExpression mode(uR"re("NetworkMode"\s*:\s*"([^"]*)")re"_s);
    static const QRegularExpression portKey(uR"re("(\d+)(?:-(\d+))?/(tcp|udp|sctp)"\s*:\s*(null|\[|\{))re"_s);
    static const QRegularExpression hostPair(uR"re("HostIp"\s*:\s*"([^"]*)"\s*,\s*"HostPort"\s*:\s*"(\d*)")re"_s);
    static const QRegularExpression networksKey(uR"re("Networks"\s*:\s*\{\s*"([^"]+)")re"_s);

    if (const auto m = mode.match(text); m.hasMatch()) {
        f.recognized = true;
        f.networkName = m.captured(1);
        f.mode = modeFromName(m.captured(1));
    }
    if (const auto m = networksKey.match(text); m.hasMatch()) {
        f.recognized = true;
        if (f.mode == DockerNetworkMode::Unknown || f.mode == DockerNetworkMode::Bridge) {
            const DockerNetworkMode byNet = modeFromName(m.captured(1));
            if (f.mode == DockerNetworkMode::Unknown)
                f.mode = byNet;
            if (f.networkName.isEmpty() || f.networkName == u"default"_s)
                f.networkName = m.captured(1);
        }
    }
    QList<int> nullPorts;
    auto it = portKey.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        f.recognized = true;
        const int first = m.captured(1).toInt();
        const int last = m.captured(2).isEmpty() ? first : m.captured(2).toInt();
        const QString proto = m.captured(3);
        if (m.captured(4) == u"null"_s) {
            nullPorts.append(first);
            continue;
        }
        if (m.captured(4) == u"{"_s)
            continue;  // ExposedPorts: {"80/tcp": {}}
        const QString block = balanced(text, m.capturedEnd(4) - 1);
        auto hp = hostPair.globalMatch(block);
        while (hp.hasNext()) {
            const auto h = hp.next();
            if (h.captured(2).isEmpty())
                continue;  // PortBindings of `-P`: the real host port is in NetworkSettings.Ports
            PublishedPort p;
            p.hostIp = h.captured(1).isEmpty() ? u"0.0.0.0"_s : h.captured(1);
            p.hostFirst = p.hostLast = h.captured(2).toInt();
            p.containerFirst = first;
            p.containerLast = last;
            p.protocol = proto;
            addPublished(f, p);
        }
    }
    for (int port : nullPorts) {
        bool pub = false;
        for (const auto &p : f.published)
            pub = pub || p.coversContainerPort(port, u"tcp"_s) || p.coversContainerPort(port, u"udp"_s);
        if (!pub && !f.exposedOnly.contains(port))
            f.exposedOnly.append(port);
    }
    for (const PasteLine &l : lines) {
        if (l.text.contains(u"\"NetworkMode\""_s) || l.text.contains(u"\"HostPort\": \"3"_s)
            || l.text.contains(u": null"_s))
            justify.append(l);
    }
}

void parsePs(const QList<PasteLine> &lines, DockerFinding &f, QList<PasteLine> &justify)
{
    static const QRegularExpression mapped(uR"re(^(.*):(\d+)(?:-(\d+))?->(\d+)(?:-(\d+))?/(tcp|udp|sctp)$)re"_s);
    static const QRegularExpression exposed(uR"re(^(\d+)(?:-(\d+))?/(tcp|udp|sctp)$)re"_s);
    // `docker port CONTAINER`, which the wizard suggests: "10150/tcp -> 0.0.0.0:10150", "… -> [::]:10150".
    static const QRegularExpression portCommand(uR"re(^(\d+)/(tcp|udp|sctp)\s*->\s*(\S*):(\d+)$)re"_s);
    QList<int> exposedPorts;
    for (const PasteLine &l : lines) {
        if (!l.text.contains(u"->"_s) && !l.text.contains(u"/tcp"_s) && !l.text.contains(u"/udp"_s))
            continue;
        if (const auto m = portCommand.match(l.text.trimmed()); m.hasMatch()) {
            PublishedPort p;
            p.hostIp = m.captured(3);
            if (p.hostIp.startsWith(u'[') && p.hostIp.endsWith(u']'))
                p.hostIp = p.hostIp.mid(1, p.hostIp.size() - 2);
            p.hostFirst = p.hostLast = m.captured(4).toInt();
            p.containerFirst = p.containerLast = m.captured(1).toInt();
            p.protocol = m.captured(2);
            addPublished(f, p);
            f.recognized = true;
            justify.append(l);
            continue;
        }
        const QStringList tokens = l.text.split(QRegularExpression(u"[\\s,]+"_s), Qt::SkipEmptyParts);
        bool any = false;
        for (const QString &tok : tokens) {
            if (const auto m = mapped.match(tok); m.hasMatch()) {
                PublishedPort p;
                p.hostIp = m.captured(1);
                if (p.hostIp.startsWith(u'[') && p.hostIp.endsWith(u']'))
                    p.hostIp = p.hostIp.mid(1, p.hostIp.size() - 2);
                if (p.hostIp == u"::"_s || p.hostIp == u":::"_s)
                    p.hostIp = u"::"_s;
                p.hostFirst = m.captured(2).toInt();
                p.hostLast = m.captured(3).isEmpty() ? p.hostFirst : m.captured(3).toInt();
                p.containerFirst = m.captured(4).toInt();
                p.containerLast = m.captured(5).isEmpty() ? p.containerFirst : m.captured(5).toInt();
                p.protocol = m.captured(6);
                addPublished(f, p);
                any = true;
            } else if (const auto e = exposed.match(tok); e.hasMatch()) {
                exposedPorts.append(e.captured(1).toInt());
                any = true;
            }
        }
        if (any) {
            f.recognized = true;
            justify.append(l);
        }
    }
    for (int port : exposedPorts) {
        if (!f.isPublished(port, u"tcp"_s) && !f.exposedOnly.contains(port))
            f.exposedOnly.append(port);
    }
}

}  // namespace

DockerFinding parseDocker(const QString &text, int workerPort)
{
    DockerFinding f;
    if (isBlankPaste(text)) {
        f.explanation = Findings::tr("Nothing was pasted.");
        return f;
    }
    const QList<PasteLine> lines = splitPaste(text);
    QList<PasteLine> justify;
    static const QRegularExpression notFound(
        uR"re(no such (object|container|image or container|id)\b|Error: No such|no such container)re"_s,
        QRegularExpression::CaseInsensitiveOption);
    for (const PasteLine &l : lines) {
        if (notFound.match(l.text).hasMatch()) {
            f.recognized = true;
            f.notFound = true;
            justify.append(l);
        }
    }
    if (text.contains(u"\"NetworkMode\""_s) || text.contains(u"\"Ports\""_s) || text.contains(u"\"PortBindings\""_s)
        || text.contains(u"\"Networks\""_s)) {
        parseInspect(text, f, justify, lines);
    } else {
        // The `-f '{{.HostConfig.NetworkMode}}'` one-liner prints just the mode: a lone word in a
        // short paste, or the line right after that command in a longer transcript.
        bool afterModeCommand = false;
        for (const PasteLine &l : lines) {
            const bool asked = afterModeCommand;
            afterModeCommand = l.isCommand && l.text.contains(u"NetworkMode"_s);
            if (l.isCommand || l.text.isEmpty())
                continue;
            static const QRegularExpression bare(
                uR"re(^(host|default|bridge|none|container:\S+|[A-Za-z0-9][\w.\-]*)$)re"_s);
            if ((lines.size() <= 3 || asked) && bare.match(l.text).hasMatch() && !f.notFound
                && !l.text.contains(u"/"_s)) {
                f.recognized = true;
                f.mode = modeFromName(l.text);
                f.networkName = l.text;
                justify.append(l);
            }
        }
        parsePs(lines, f, justify);
    }
    f.lines = evidenceLines(justify);
    if (!f.recognized) {
        f.explanation = Findings::tr("This does not look like output of docker inspect or docker ps.");
        return f;
    }
    if (f.notFound && f.mode == DockerNetworkMode::Unknown && f.published.isEmpty()) {
        f.explanation = Findings::tr("Docker has no container by that name: check the name with `docker ps -a`.");
        return f;
    }
    QStringList parts;
    switch (f.mode) {
    case DockerNetworkMode::Host:
        parts << Findings::tr(
            "The container uses host networking: a worker inside binds %1 on the host directly, no publishing needed.")
                     .arg(workerPort);
        break;
    case DockerNetworkMode::Bridge:
    case DockerNetworkMode::Custom:
        parts << Findings::tr(
            "The container is on a bridge network (%1): other hosts reach it only through published ports, and "
            "a worker inside detects its container address.")
                     .arg(f.networkName);
        break;
    case DockerNetworkMode::None: parts << Findings::tr("The container has no network."); break;
    case DockerNetworkMode::Container:
        parts << Findings::tr("The container shares another container's network (%1).").arg(f.networkName);
        break;
    case DockerNetworkMode::Unknown: break;
    }
    const int host = f.hostPortFor(workerPort);
    if (host >= 0)
        parts << Findings::tr("Port %1/tcp is published on host port %2.").arg(workerPort).arg(host);
    else if (f.mode != DockerNetworkMode::Host)
        parts << Findings::tr("Port %1/tcp is not published.").arg(workerPort);
    f.explanation = parts.join(u' ');
    return f;
}

}  // namespace parallax

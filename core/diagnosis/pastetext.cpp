#include "pastetext.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// The tools the wizard asks for, plus the ones that typically share a paste with them.
bool isKnownTool(const QString &word)
{
    static const QSet<QString> tools = {
        u"firewall-cmd"_s,
        u"ufw"_s,
        u"iptables"_s,
        u"ip6tables"_s,
        u"iptables-save"_s,
        u"nft"_s,
        u"docker"_s,
        u"podman"_s,
        u"nc"_s,
        u"ncat"_s,
        u"netcat"_s,
        u"telnet"_s,
        u"curl"_s,
        u"curl.exe"_s,
        u"env"_s,
        u"printenv"_s,
        u"ip"_s,
        u"timedatectl"_s,
        u"systemctl"_s,
        u"netstat"_s,
        u"ss"_s,
        u"export"_s,
        u"wsl"_s,
        u"ping"_s,
        u"sudo"_s,
        u"test-netconnection"_s,
        u"hostname"_s,
    };
    return tools.contains(word.toLower());
}

QString stripDecoration(QString line)
{
    line.remove(u'\r');
    QString t = line.trimmed();
    // Markdown quote ("> text"); curl's "> GET" request lines lose only the marker, which
    // the curl parser does not depend on.
    while (t.startsWith(u"> "_s) || t == u">"_s)
        t = t.mid(1).trimmed();
    // A line wrapped in backticks by the poster.
    if (t.size() >= 2 && t.startsWith(u'`') && t.endsWith(u'`'))
        t = t.mid(1, t.size() - 2).trimmed();
    // Fabric / Ansible style prefixes: "[host] out: text", "out: text", "run: cmd".
    static const QRegularExpression fabric(uR"re(^(?:\[[^\]]*\]\s*)?(out|run|err):\s?(.*)$)re"_s);
    const auto m = fabric.match(t);
    if (m.hasMatch())
        t = m.captured(2).trimmed();
    return t;
}

// Recognises "user@host:~$ cmd", "[root@h dir]# cmd", "$ cmd", "# cmd", "% cmd", "PS C:\\> cmd",
// "C:\\Users\\x>cmd", "❯ cmd", "***@***.*** log]# cmd": a prompt character within the first
// 100 characters followed by a known tool. Returns the command or an empty string.
QString commandAfterPrompt(const QString &t)
{
    const int limit = qMin<int>(int(t.size()), 100);
    for (int i = 0; i < limit; ++i) {
        const QChar c = t.at(i);
        if (c != u'$' && c != u'#' && c != u'%' && c != u'>' && c != QChar(0x276F))
            continue;
        const QString rest = t.mid(i + 1).trimmed();
        QString first = rest.section(u' ', 0, 0);
        first = first.section(u'|', 0, 0);
        if (isKnownTool(first))
            return rest;
    }
    return {};
}

}  // namespace

QList<PasteLine> splitPaste(const QString &text, bool unescapeNewlines)
{
    QString body = text;
    body.replace(u"\r\n"_s, u"\n"_s);
    if (unescapeNewlines) {
        body.replace(u"\\r\\n"_s, u"\n"_s);
        body.replace(u"\\n"_s, u"\n"_s);
        body.replace(u"\\r"_s, u"\n"_s);
    }
    // A bare CR (progress meters) ends a line too.
    body.replace(u'\r', u'\n');
    const QStringList rawLines = body.split(u'\n');
    QList<PasteLine> out;
    out.reserve(rawLines.size());
    int n = 0;
    for (const QString &raw : rawLines) {
        ++n;
        PasteLine line;
        line.number = n;
        line.raw = raw;
        line.text = stripDecoration(raw);
        QString cmd = commandAfterPrompt(line.text);
        if (cmd.isEmpty()) {
            // A command shown without a prompt: the line starts with the tool and an option
            // or argument ("docker inspect foo", "nc -zv host 10150").
            const QString first = line.text.section(u' ', 0, 0);
            if (isKnownTool(first) && first.toLower() != u"ip"_s && line.text.contains(u' '))
                cmd = line.text;
            if (first.toLower() == u"ip"_s
                && QRegularExpression(uR"re(^ip\s+(-\d\s+)?(a|addr|address|r|route|link)\b)re"_s)
                       .match(line.text)
                       .hasMatch())
                cmd = line.text;
        }
        if (!cmd.isEmpty()) {
            line.isCommand = true;
            line.command = cmd;
        }
        out.append(line);
    }
    return out;
}

bool isBlankPaste(const QString &text)
{
    return text.trimmed().isEmpty();
}

QStringList evidenceLines(const QList<PasteLine> &lines, int limit)
{
    QStringList out;
    for (const auto &l : lines) {
        const QString t = l.text.isEmpty() ? l.raw.trimmed() : l.text;
        if (t.isEmpty() || out.contains(t))
            continue;
        out.append(t.size() > 200 ? t.left(199) + u'…' : t);
        if (out.size() >= limit)
            break;
    }
    return out;
}

}  // namespace parallax

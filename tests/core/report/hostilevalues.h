#pragma once

// Values a hostile GPUStack server can put in worker names, hostnames, labels and
// state_message (issue 9, "Injection"). The remote URLs point at 127.0.0.1:9 (discard): a test
// that listens there, or a renderer that records resource loads, sees any attempt to fetch one.

#include <QString>
#include <QStringList>

namespace hostile {

using namespace Qt::StringLiterals;

inline const QString script = u"<script>fetch('http://127.0.0.1:9/js')</script>"_s;
inline const QString image = u"<img src=http://127.0.0.1:9/x.png>"_s;
inline const QString quoteNewline = u"a\"b\nc\\d"_s;  // breaks a careless JSON or CSV writer
inline const QString substitution = u"$(touch CANARY)"_s;
inline const QString backticks = u"`touch CANARY`"_s;
inline const QString quoteBreak = u"x'; touch CANARY; echo '"_s;  // '; … in a host name
inline const QString markdown =
    u"[click](http://127.0.0.1:9/phish) ![p](http://127.0.0.1:9/p.png) <http://127.0.0.1:9/a>"_s;
inline const QString percent = u"gpu%1-%2-%3-%4"_s;  // QString::arg placeholders in a host name
inline const QString stateHtml =
    u"<b>down</b> <img src=\"http://127.0.0.1:9/m.png\" onerror=alert(1)>"
    "<a href=\"http://127.0.0.1:9/\">x</a><style>*{background:url(http://127.0.0.1:9/s)}</style>"
    "<iframe src=http://127.0.0.1:9/f></iframe> %1 %2"_s;

// Every value above, with CANARY replaced by `canary` (a path the test watches).
inline QStringList all(const QString &canary = u"/nonexistent/canary"_s)
{
    QStringList out{script, image, quoteNewline, substitution, backticks, quoteBreak, markdown, percent, stateHtml};
    for (QString &s : out)
        s.replace(u"CANARY"_s, canary);
    return out;
}

}  // namespace hostile

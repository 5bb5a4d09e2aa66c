#include "base/trcontexts.h"
#include "report.h"
#include "reporttext.h"

#include <QCoreApplication>
#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

// The Markdown report: shaped like a good GPUStack GitHub issue (environment, versions, what
// each side saw, evidence, causes and fixes). Every value from the server or the network is
// untrusted: md() makes it inert text, code() puts commands in a fence they cannot close.
namespace parallax {

namespace {

// Inline text: no Markdown, no HTML, no links, no @mentions or #references, on one line.
QString md(const QString &raw)
{
    const QString text = Redactor::clean(raw);
    QString out;
    out.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (c.unicode()) {
        case u'\n':
        case u'\r':
        case u'\t': out += u' '; break;
        case u'<': out += u"&lt;"_s; break;
        case u'>': out += u"&gt;"_s; break;
        case u'&': out += u"&amp;"_s; break;
        case u'\\':
        case u'`':
        case u'*':
        case u'_':
        case u'[':
        case u']':
        case u'(':
        case u')':
        case u'|':
        case u'~':
        case u'!':
        case u'{':
        case u'}':
        case u'=':
        case u'^':
        case u'$':
            out += u'\\';
            out += c;
            break;
        case u'@':
            // A word joiner after @ keeps GitHub from notifying whoever a name mentions.
            out += u"@\u2060"_s;
            break;
        case u'#':
            // Escaped against headings; the word joiner keeps "#123" and "owner/repo#1" from
            // becoming cross-references to other issues when the report is pasted into one
            // (GitHub and GitLab link them in text, whatever the backslash).
            out += u"\\#\u2060"_s;
            break;
        case u':':
            out += c;
            // Break scheme:// so GitHub does not autolink a URL chosen by the server's data.
            if (text.mid(i + 1, 2) == u"//"_s)
                out += u"\u2060"_s;
            break;
        default: out += c;
        }
    }
    // "www.example.com" is autolinked too.
    out.replace(u"www."_s, u"www\u2060."_s, Qt::CaseInsensitive);
    return out;
}

// A fenced code block whose fence is longer than any backtick run inside it.
QString code(const QStringList &lines, const QString &lang = u"sh"_s)
{
    QString body;
    int longest = 0;
    for (const QString &line : lines) {
        const QString l = Redactor::clean(line);
        int run = 0;
        for (QChar c : l) {
            run = c == u'`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        body += l + u'\n';
    }
    const QString fence(std::max(3, longest + 1), u'`');
    return fence + lang + u'\n' + body + fence + u'\n';
}

QString row(const QStringList &cells)
{
    return u"| "_s + cells.join(u" | "_s) + u" |\n"_s;
}

QString separator(int columns)
{
    QStringList cells;
    for (int i = 0; i < columns; ++i)
        cells.append(u"---"_s);
    return row(cells);
}

QString heartbeat(const Worker &w, qint64 nowMs)
{
    const auto age = w.heartbeatAgeMs(nowMs);
    return age ? Report::tr("%1 ago").arg(reporttext::duration(*age)) : reporttext::dash();
}

void writeWorkerDetail(QString &out, const ReportWorker &rw, qint64 nowMs)
{
    const WorkerView &v = rw.view;
    const Worker &w = v.server;
    out += u"### "_s + md(w.name) + u' ' + Report::tr("(id %1)").arg(w.id) + u"\n\n"_s;
    out += u"**"_s + Report::tr("Verdict:") + u"** `"_s + verdictId(v.verdict) + u"` — "_s
        + reporttext::verdictTitle(v.verdict);
    if (v.verdictSinceMs > 0)
        out += u' ' + Report::tr("(since %1)").arg(reporttext::utc(v.verdictSinceMs));
    if (v.flapping)
        out += u' ' + Report::tr("— flapping");
    out += u"\n\n"_s;

    out += row({QString(), Report::tr("GPUStack server's view"), Report::tr("This machine's view")});
    out += separator(3);
    out += row({Report::tr("State"), md(reporttext::serverState(w)), u'`' + localStateId(v.local) + u'`'});
    out += row({Report::tr("Detail"), w.stateMessage.isEmpty() ? reporttext::dash() : md(w.stateMessage),
        md(reporttext::localView(v))});
    out += row({Report::tr("Address"), md(reporttext::address(w)),
        v.lastProbe ? md(v.lastProbe->host) + u':' + QString::number(v.lastProbe->port) : reporttext::dash()});
    out += row({Report::tr("Heartbeat"), heartbeat(w, nowMs), reporttext::dash()});
    if (v.lastProbe) {
        const ProbeResult &p = *v.lastProbe;
        QStringList phases;
        for (const auto &[name, phase] : {std::pair{u"DNS"_s, &p.dns}, std::pair{u"TCP"_s, &p.tcp},
                 std::pair{u"HTTP"_s, &p.http}, std::pair{Report::tr("metrics port"), &p.metrics}}) {
            if (!phase->attempted)
                continue;
            phases.append(name + u' ' + (phase->ok ? Report::tr("ok") : md(reporttext::probeErrorText(phase->error)))
                + u' ' + reporttext::milliseconds(phase->durationUs));
        }
        out += row({Report::tr("Probe phases"), reporttext::dash(), phases.join(u", "_s)});
    }
    if (rw.history) {
        out += row({Report::tr("Availability, last hour"), reporttext::percent(rw.history->lastHour.server),
            reporttext::percent(rw.history->lastHour.local)});
        out += row({Report::tr("Availability, last 24 h"), reporttext::percent(rw.history->lastDay.server),
            reporttext::percent(rw.history->lastDay.local)});
    }
    out += u'\n';

    QStringList facts;
    if (w.advertiseAddress)
        facts.append(Report::tr("advertise_address %1, ip %2").arg(md(*w.advertiseAddress), md(w.ip)));
    if (!w.workerVersion.isEmpty())
        facts.append(Report::tr("worker version %1").arg(md(w.workerVersion)));
    if (!w.labels.isEmpty()) {
        QStringList labels;
        for (auto it = w.labels.cbegin(); it != w.labels.cend(); ++it)
            labels.append(md(it.key()) + u'=' + md(it.value()));
        facts.append(Report::tr("labels %1").arg(labels.join(u", "_s)));
    }
    if (!facts.isEmpty())
        out += Report::tr("Registration: %1.").arg(facts.join(u"; "_s)) + u"\n\n"_s;

    if (v.causes.isEmpty()) {
        out += Report::tr("No cause identified yet.") + u"\n\n"_s;
    } else {
        out += u"**"_s + Report::tr("Likely causes, best first:") + u"**\n\n"_s;
        int n = 0;
        for (const Cause &c : v.causes) {
            out += QString::number(++n) + u". `"_s + causeIdString(c.id) + u"` ("_s
                + reporttext::confidence(c.confidence) + u")"_s;
            if (!c.title.isEmpty())
                out += u" — "_s + md(c.title);
            out += u'\n';
            if (!c.evidence.isEmpty())
                out += u"   - "_s + Report::tr("Evidence:") + u' ' + md(c.evidence) + u'\n';
            if (!c.fix.isEmpty())
                out += u"   - "_s + Report::tr("Fix:") + u' ' + md(c.fix) + u'\n';
            if (!c.wouldDecide.isEmpty())
                out += u"   - "_s + Report::tr("Would decide it:") + u' ' + md(c.wouldDecide) + u'\n';
            if (!c.commands.isEmpty()) {
                out += u'\n';
                const QStringList lines = code(c.commands).split(u'\n');
                for (const QString &line : lines) {
                    if (!line.isEmpty())
                        out += u"   "_s + line + u'\n';
                }
            }
        }
        out += u'\n';
    }

    if (!rw.wizard.isEmpty()) {
        out += u"**"_s + Report::tr("Troubleshooting steps run:") + u"**\n\n"_s;
        out += row({Report::tr("Step"), Report::tr("Outcome"), Report::tr("Explanation")});
        out += separator(3);
        for (const WizardFinding &f : rw.wizard)
            out += row({md(f.stepId), md(f.outcome), md(f.explanation)});
        out += u'\n';
    }
}

}  // namespace

QByteArray writeMarkdownReport(const ReportInput &input)
{
    QString out;
    out.reserve(4096 + input.workers.size() * 400);
    const ReportSummary summary = summarize(input);

    out += u"# "_s
        + Report::tr("Parallax report: %1")
              .arg(md(input.server.url.host().isEmpty() ? input.server.url.toString() : input.server.url.host()))
        + u"\n\n"_s;
    out += Report::tr("Generated %1 by Parallax %2 from %3.")
               .arg(reporttext::utc(input.generatedAtMs), md(input.environment.generatorVersion),
                   md(input.environment.vantageHost.isEmpty() ? Report::tr("this machine")
                                                              : input.environment.vantageHost))
        + u' '
        + Report::tr(
            "The server's view is what the GPUStack server reports; this machine's view is what Parallax measured "
            "from here (DNS → TCP → GET /healthz).")
        + u"\n\n"_s;

    // Summary first: what a reader of the ticket needs in one glance.
    out += u"## "_s + Report::tr("Summary") + u"\n\n"_s;
    int trouble = 0;
    for (const ReportWorker &w : input.workers)
        trouble += inTrouble(w) ? 1 : 0;
    if (!input.server.reachable)
        out += u"**"_s + Report::tr("The server could not be read.") + u"** "_s;
    out += Report::tr("%n worker(s), %1 in trouble.", nullptr, summary.workers).arg(trouble) + u"\n\n"_s;
    out += row({Report::tr("Verdict"), Report::tr("Meaning"), Report::tr("Workers")});
    out += separator(3);
    for (Verdict v : reportVerdictOrder())
        out +=
            row({u'`' + verdictId(v) + u'`', reporttext::verdictTitle(v), QString::number(summary.byVerdict.value(v))});
    out += u'\n';
    if (!summary.byCause.isEmpty()) {
        out += row({Report::tr("Best cause"), Report::tr("Workers")});
        out += separator(2);
        for (auto it = summary.byCause.cbegin(); it != summary.byCause.cend(); ++it)
            out += row({u'`' + causeIdString(it.key()) + u'`', QString::number(it.value())});
        out += u'\n';
    }

    out += u"## "_s + Report::tr("Environment") + u"\n\n"_s;
    out += row({Report::tr("Item"), Report::tr("Value")});
    out += separator(2);
    out += row({Report::tr("GPUStack server"), md(input.server.url.toString())});
    out += row({Report::tr("GPUStack version"),
        input.server.version.isEmpty() ? Report::tr("unknown") : md(input.server.version)});
    QString reach = input.server.reachable ? Report::tr("yes") : Report::tr("no");
    if (input.server.error)
        reach += u" — `"_s + errorCodeId(input.server.error->code) + u"` "_s + md(input.server.error->message)
            + (input.server.error->detail.isEmpty() ? QString() : u" ("_s + md(input.server.error->detail) + u')');
    out += row({Report::tr("Server reachable"), reach});
    if (input.clusterId)
        out += row({Report::tr("Cluster"), QString::number(*input.clusterId)});
    QMap<QString, int> workerVersions;
    for (const ReportWorker &w : input.workers)
        ++workerVersions[w.view.server.workerVersion.isEmpty() ? Report::tr("unknown") : w.view.server.workerVersion];
    QStringList versions;
    for (auto it = workerVersions.cbegin(); it != workerVersions.cend(); ++it)
        versions.append(Report::tr("%1 (%n worker(s))", nullptr, it.value()).arg(md(it.key())));
    out += row({Report::tr("Worker versions"), versions.isEmpty() ? reporttext::dash() : versions.join(u", "_s)});
    out += row({Report::tr("Parallax"),
        md(input.environment.generatorVersion) + u", Qt "_s + md(input.environment.qtVersion)});
    out += row({Report::tr("This machine"), md(input.environment.os)});
    if (input.rangeFromMs > 0)
        out += row({Report::tr("History range"),
            reporttext::utc(input.rangeFromMs) + u" – "_s + reporttext::utc(input.generatedAtMs)});
    out += u'\n';
    if (!input.settings.isEmpty()) {
        out += u"<details><summary>"_s + Report::tr("Settings used") + u"</summary>\n\n"_s;
        out += row({Report::tr("Setting"), Report::tr("Value")});
        out += separator(2);
        for (auto it = input.settings.cbegin(); it != input.settings.cend(); ++it)
            out += row({md(it.key()),
                md(it.value().toStringList().isEmpty() ? it.value().toString()
                                                       : it.value().toStringList().join(u", "_s))});
        out += u"\n</details>\n\n"_s;
    }

    out += u"## "_s + Report::tr("Workers in trouble") + u"\n\n"_s;
    if (trouble == 0)
        out += Report::tr("None: every worker's two views agree, or there is not enough evidence yet.") + u"\n\n"_s;
    for (const ReportWorker &w : input.workers) {
        if (inTrouble(w))
            writeWorkerDetail(out, w, input.generatedAtMs);
    }

    out += u"## "_s + Report::tr("All workers") + u"\n\n"_s;
    out += row({Report::tr("ID"), Report::tr("Name"), Report::tr("Address"), Report::tr("Server state"),
        Report::tr("This machine"), Report::tr("Verdict"), Report::tr("Best cause")});
    out += separator(7);
    for (const ReportWorker &rw : input.workers) {
        const WorkerView &v = rw.view;
        out += row({QString::number(v.id()), md(v.server.name), md(reporttext::address(v.server)),
            md(reporttext::serverState(v.server)), md(reporttext::localView(v)), u'`' + verdictId(v.verdict) + u'`',
            v.causes.isEmpty() ? reporttext::dash() : u'`' + causeIdString(v.causes.constFirst().id) + u'`'});
    }
    out += u'\n';
    out += u"<sub>"_s + Report::tr("Secrets (API keys, passwords, cookies, tokens) are removed from this report.")
        + u"</sub>\n"_s;
    return out.toUtf8();
}

}  // namespace parallax

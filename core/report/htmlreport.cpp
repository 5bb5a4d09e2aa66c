#include "base/trcontexts.h"
#include "report.h"
#include "reporttext.h"
#include "svgchart.h"

#include <QCoreApplication>
#include <QMap>

using namespace Qt::StringLiterals;

// The HTML report: one self-contained file (inline CSS, inline SVG, no scripts, no external
// resources) that reads well on screen and on paper. A Content-Security-Policy forbids scripts
// and remote loads outright, as a second line behind escaping every server-supplied string.
namespace parallax {

namespace {

using svgchart::escape;

const QString kStyle = uR"(
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#ffffff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.5 -apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:32px}
h3{font-size:16px;margin:0 0 6px}
.meta,.note{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:8px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--soft);font-weight:600}
code,pre{font-family:"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;background:var(--soft)}
.card b{display:block;font-size:22px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.unknown{color:#1f2328}
.worker{border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:14px 0;break-inside:avoid}
.causes li{margin-bottom:8px}
.conf{color:var(--muted);font-size:12px}
.chart{display:block;max-width:100%;height:auto;margin:6px 0}
.chart .label{font-size:12px;fill:#1f2328}.chart .tick,.chart .legend{font-size:11px;fill:#59636e}
.chart .grid{stroke:#e6e9ed;stroke-width:1}.chart .plot{fill:#fbfcfd;stroke:#d1d9e0}
.chart .limit{stroke:#d64545;stroke-dasharray:4 3;stroke-width:1}
.down{color:#b42323;font-weight:600}.up{color:#23753f;font-weight:600}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@page{margin:14mm}
@media print{body{padding:0;max-width:none;font-size:11px}.worker,table,svg{break-inside:avoid}h2{break-after:avoid}a{color:inherit;text-decoration:none}}
)"_s;

QString badge(Verdict v)
{
    return u"<span class=\"badge%1\" style=\"background:%2\">%3</span>"_s.arg(
        v == Verdict::Unknown ? u" unknown"_s : QString(), svgchart::verdictColor(v), escape(verdictId(v)));
}

QString tableRow(const QStringList &cells, bool header = false)
{
    const QString tag = header ? u"th"_s : u"td"_s;
    QString out = u"<tr>"_s;
    for (const QString &c : cells)
        out += u'<' + tag + u'>' + c + u"</"_s + tag + u'>';
    return out + u"</tr>"_s;
}

QString stateClass(LocalState s)
{
    return s == LocalState::Up ? u"up"_s : s == LocalState::Down ? u"down"_s : QString();
}

QString serverClass(const Worker &w)
{
    if (w.state == WorkerState::Ready)
        return u"up"_s;
    if (w.state == WorkerState::Unreachable || w.state == WorkerState::NotReady || w.state == WorkerState::Error)
        return u"down"_s;
    return {};
}

void writeWorker(QString &out, const ReportWorker &rw, const ReportInput &input)
{
    const WorkerView &v = rw.view;
    const Worker &w = v.server;
    out += u"<article class=\"worker\" id=\"worker-%1\">"_s.arg(w.id);
    out += u"<h3>"_s + escape(w.name) + u" <span class=\"meta\">"_s + escape(Report::tr("(id %1)").arg(w.id))
        + u"</span> "_s + badge(v.verdict) + u"</h3>"_s;
    out += u"<p>"_s + escape(reporttext::verdictTitle(v.verdict));
    if (v.verdictSinceMs > 0)
        out += u' ' + escape(Report::tr("(since %1)").arg(reporttext::utc(v.verdictSinceMs)));
    if (v.flapping)
        out += u" — <b>"_s + escape(Report::tr("flapping")) + u"</b>"_s;
    out += u"</p>"_s;

    out += u"<table>"_s;
    out += tableRow(
        {QString(), escape(Report::tr("GPUStack server's view")), escape(Report::tr("This machine's view"))}, true);
    out += tableRow({escape(Report::tr("State")),
        u"<span class=\"%1\">"_s.arg(serverClass(w)) + escape(reporttext::serverState(w)) + u"</span>"_s,
        u"<span class=\"%1\">"_s.arg(stateClass(v.local)) + escape(localStateId(v.local)) + u"</span>"_s});
    out += tableRow({escape(Report::tr("Detail")),
        w.stateMessage.isEmpty() ? reporttext::dash() : escape(w.stateMessage), escape(reporttext::localView(v))});
    out += tableRow({escape(Report::tr("Address")), escape(reporttext::address(w)),
        v.lastProbe ? escape(v.lastProbe->host + u':' + QString::number(v.lastProbe->port)) : reporttext::dash()});
    const auto age = w.heartbeatAgeMs(input.generatedAtMs);
    out += tableRow({escape(Report::tr("Heartbeat")),
        age ? escape(Report::tr("%1 ago").arg(reporttext::duration(*age))) : reporttext::dash(), reporttext::dash()});
    if (v.lastProbe) {
        const ProbeResult &p = *v.lastProbe;
        QStringList phases;
        for (const auto &[name, phase] : {std::pair{u"DNS"_s, &p.dns}, std::pair{u"TCP"_s, &p.tcp},
                 std::pair{u"HTTP"_s, &p.http}, std::pair{Report::tr("metrics port"), &p.metrics}}) {
            if (!phase->attempted)
                continue;
            QString s = escape(name) + u' '
                + (phase->ok ? escape(Report::tr("ok"))
                             : u"<b>"_s + escape(reporttext::probeErrorText(phase->error)) + u"</b>"_s)
                + u' ' + escape(reporttext::milliseconds(phase->durationUs));
            if (!phase->ok && !phase->detail.isEmpty())
                s += u" <span class=\"note\">("_s + escape(phase->detail) + u")</span>"_s;
            phases.append(s);
        }
        out += tableRow({escape(Report::tr("Probe phases")), reporttext::dash(), phases.join(u"<br/>"_s)});
    }
    if (rw.history) {
        out += tableRow(
            {escape(Report::tr("Availability, last hour")), escape(reporttext::percent(rw.history->lastHour.server)),
                escape(reporttext::percent(rw.history->lastHour.local))});
        out += tableRow(
            {escape(Report::tr("Availability, last 24 h")), escape(reporttext::percent(rw.history->lastDay.server)),
                escape(reporttext::percent(rw.history->lastDay.local))});
    }
    QStringList facts;
    if (w.advertiseAddress)
        facts.append(escape(Report::tr("advertise_address %1, ip %2").arg(*w.advertiseAddress, w.ip)));
    if (!w.workerVersion.isEmpty())
        facts.append(escape(Report::tr("worker version %1").arg(w.workerVersion)));
    for (auto it = w.labels.cbegin(); it != w.labels.cend(); ++it)
        facts.append(u"<code>"_s + escape(it.key()) + u'=' + escape(it.value()) + u"</code>"_s);
    if (!facts.isEmpty())
        out += tableRow({escape(Report::tr("Registration")), facts.join(u"<br/>"_s), reporttext::dash()});
    out += u"</table>"_s;

    if (rw.history && !rw.history->timeline.isEmpty()) {
        const qint64 from = input.rangeFromMs > 0 ? input.rangeFromMs : rw.history->timeline.constFirst().atMs;
        out += svgchart::timeline(
            rw.history->timeline, from, input.generatedAtMs, Report::tr("Timeline of both views for %1").arg(w.name));
    }

    if (v.causes.isEmpty()) {
        out += u"<p class=\"note\">"_s + escape(Report::tr("No cause identified yet.")) + u"</p>"_s;
    } else {
        out += u"<h4>"_s + escape(Report::tr("Likely causes, best first")) + u"</h4><ol class=\"causes\">"_s;
        for (const Cause &c : v.causes) {
            out += u"<li><code>"_s + escape(causeIdString(c.id)) + u"</code> <span class=\"conf\">"_s
                + escape(reporttext::confidence(c.confidence)) + u"</span>"_s;
            if (!c.title.isEmpty())
                out += u" — <b>"_s + escape(c.title) + u"</b>"_s;
            if (!c.evidence.isEmpty())
                out += u"<br/>"_s + escape(Report::tr("Evidence:")) + u' ' + escape(c.evidence);
            if (!c.fix.isEmpty())
                out += u"<br/>"_s + escape(Report::tr("Fix:")) + u' ' + escape(c.fix);
            if (!c.wouldDecide.isEmpty())
                out += u"<br/>"_s + escape(Report::tr("Would decide it:")) + u' ' + escape(c.wouldDecide);
            if (!c.commands.isEmpty())
                out += u"<pre>"_s + escape(c.commands.join(u'\n')) + u"</pre>"_s;
            out += u"</li>"_s;
        }
        out += u"</ol>"_s;
    }
    if (!rw.wizard.isEmpty()) {
        out += u"<h4>"_s + escape(Report::tr("Troubleshooting steps run")) + u"</h4><table>"_s;
        out += tableRow(
            {escape(Report::tr("Step")), escape(Report::tr("Outcome")), escape(Report::tr("Explanation"))}, true);
        for (const WizardFinding &f : rw.wizard)
            out += tableRow({u"<code>"_s + escape(f.stepId) + u"</code>"_s, escape(f.outcome), escape(f.explanation)});
        out += u"</table>"_s;
    }
    out += u"</article>"_s;
}

}  // namespace

QByteArray writeHtmlReport(const ReportInput &input)
{
    const ReportSummary summary = summarize(input);
    const QString serverName =
        input.server.url.host().isEmpty() ? input.server.url.toString() : input.server.url.host();
    QString out;
    out.reserve(16384 + input.workers.size() * 1500);
    out +=
        u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        "<meta name=\"generator\" content=\"Parallax\"/>"_s;
    out += u"<title>"_s + escape(Report::tr("Parallax report: %1").arg(serverName)) + u"</title>"_s;
    out += u"<style>"_s + kStyle + u"</style></head><body>\n"_s;

    out += u"<header><h1>"_s + escape(Report::tr("Parallax report: %1").arg(serverName)) + u"</h1><p class=\"meta\">"_s
        + escape(Report::tr("Generated %1 by Parallax %2 from %3.")
                     .arg(reporttext::utc(input.generatedAtMs), input.environment.generatorVersion,
                         input.environment.vantageHost.isEmpty() ? Report::tr("this machine")
                                                                 : input.environment.vantageHost))
        + u"<br/>"_s
        + escape(Report::tr(
            "The server's view is what the GPUStack server reports; this machine's view is what Parallax measured "
            "from here (DNS → TCP → GET /healthz)."))
        + u"</p></header>\n"_s;

    int trouble = 0;
    for (const ReportWorker &w : input.workers)
        trouble += inTrouble(w) ? 1 : 0;

    out += u"<section id=\"summary\"><h2>"_s + escape(Report::tr("Summary")) + u"</h2>"_s;
    if (!input.server.reachable)
        out += u"<p class=\"down\">"_s + escape(Report::tr("The server could not be read.")) + u"</p>"_s;
    out += u"<div class=\"cards\"><div class=\"card\"><b>%1</b> %2</div><div class=\"card\"><b>%3</b> %4</div></div>"_s
               .arg(QString::number(summary.workers), escape(Report::tr("workers")), QString::number(trouble),
                   escape(Report::tr("in trouble")));
    out += svgchart::verdictBar(summary, Report::tr("Workers by verdict"));
    out += u"<table>"_s
        + tableRow({escape(Report::tr("Verdict")), escape(Report::tr("Meaning")), escape(Report::tr("Workers"))}, true);
    for (Verdict v : reportVerdictOrder())
        out += tableRow({badge(v), escape(reporttext::verdictTitle(v)), QString::number(summary.byVerdict.value(v))});
    out += u"</table>"_s;
    if (!summary.byCause.isEmpty()) {
        out += u"<table>"_s + tableRow({escape(Report::tr("Best cause")), escape(Report::tr("Workers"))}, true);
        for (auto it = summary.byCause.cbegin(); it != summary.byCause.cend(); ++it)
            out +=
                tableRow({u"<code>"_s + escape(causeIdString(it.key())) + u"</code>"_s, QString::number(it.value())});
        out += u"</table>"_s;
    }
    out += u"</section>\n"_s;

    out += u"<section id=\"environment\"><h2>"_s + escape(Report::tr("Environment")) + u"</h2><table>"_s;
    out += tableRow({escape(Report::tr("GPUStack server")), escape(input.server.url.toString())});
    out += tableRow({escape(Report::tr("GPUStack version")),
        escape(input.server.version.isEmpty() ? Report::tr("unknown") : input.server.version)});
    QString reach = escape(input.server.reachable ? Report::tr("yes") : Report::tr("no"));
    if (input.server.error)
        reach += u" — <code>"_s + escape(errorCodeId(input.server.error->code)) + u"</code> "_s
            + escape(input.server.error->message)
            + (input.server.error->detail.isEmpty()
                    ? QString()
                    : u" <span class=\"note\">("_s + escape(input.server.error->detail) + u")</span>"_s);
    out += tableRow({escape(Report::tr("Server reachable")), reach});
    if (input.clusterId)
        out += tableRow({escape(Report::tr("Cluster")), QString::number(*input.clusterId)});
    QMap<QString, int> workerVersions;
    for (const ReportWorker &w : input.workers)
        ++workerVersions[w.view.server.workerVersion.isEmpty() ? Report::tr("unknown") : w.view.server.workerVersion];
    QStringList versions;
    for (auto it = workerVersions.cbegin(); it != workerVersions.cend(); ++it)
        versions.append(escape(Report::tr("%1 (%n worker(s))", nullptr, it.value()).arg(it.key())));
    out += tableRow(
        {escape(Report::tr("Worker versions")), versions.isEmpty() ? reporttext::dash() : versions.join(u", "_s)});
    out += tableRow({escape(Report::tr("Parallax")),
        escape(input.environment.generatorVersion + u", Qt "_s + input.environment.qtVersion)});
    out += tableRow({escape(Report::tr("This machine")), escape(input.environment.os)});
    if (input.rangeFromMs > 0)
        out += tableRow({escape(Report::tr("History range")),
            escape(reporttext::utc(input.rangeFromMs) + u" – "_s + reporttext::utc(input.generatedAtMs))});
    for (auto it = input.settings.cbegin(); it != input.settings.cend(); ++it) {
        const QString value =
            it.value().toStringList().isEmpty() ? it.value().toString() : it.value().toStringList().join(u", "_s);
        out += tableRow({escape(Report::tr("Setting %1").arg(it.key())), escape(value)});
    }
    out += u"</table></section>\n"_s;

    if (!input.clusterAvailability.isEmpty()) {
        const qint64 from = input.rangeFromMs > 0 ? input.rangeFromMs : input.clusterAvailability.constFirst().atMs;
        out += u"<section id=\"cluster-availability\"><h2>"_s + escape(Report::tr("Cluster availability")) + u"</h2>"_s;
        out += svgchart::clusterAvailability(input.clusterAvailability, from, input.generatedAtMs,
            Report::tr("Share of workers up in each view over time"));
        out += u"</section>\n"_s;
    }

    out += u"<section id=\"trouble\"><h2>"_s + escape(Report::tr("Workers in trouble")) + u"</h2>"_s;
    if (trouble == 0)
        out += u"<p>"_s
            + escape(Report::tr("None: every worker's two views agree, or there is not enough evidence yet."))
            + u"</p>"_s;
    for (const ReportWorker &w : input.workers) {
        if (inTrouble(w))
            writeWorker(out, w, input);
    }
    out += u"</section>\n"_s;

    out += u"<section id=\"all-workers\"><h2>"_s + escape(Report::tr("All workers")) + u"</h2><table>"_s;
    out += tableRow({escape(Report::tr("ID")), escape(Report::tr("Name")), escape(Report::tr("Address")),
                        escape(Report::tr("Server state")), escape(Report::tr("This machine")),
                        escape(Report::tr("Verdict")), escape(Report::tr("Best cause"))},
        true);
    for (const ReportWorker &rw : input.workers) {
        const WorkerView &v = rw.view;
        const QString name = inTrouble(rw)
            ? u"<a href=\"#worker-%1\">"_s.arg(v.id()) + escape(v.server.name) + u"</a>"_s
            : escape(v.server.name);
        out += tableRow({QString::number(v.id()), name, escape(reporttext::address(v.server)),
            u"<span class=\"%1\">"_s.arg(serverClass(v.server)) + escape(reporttext::serverState(v.server))
                + u"</span>"_s,
            escape(reporttext::localView(v)), badge(v.verdict),
            v.causes.isEmpty() ? reporttext::dash()
                               : u"<code>"_s + escape(causeIdString(v.causes.constFirst().id)) + u"</code>"_s});
    }
    out += u"</table></section>\n"_s;
    out += u"<footer>"_s
        + escape(Report::tr("Secrets (API keys, passwords, cookies, tokens) are removed from this report."))
        + u"</footer>\n</body></html>\n"_s;
    return out.toUtf8();
}

}  // namespace parallax

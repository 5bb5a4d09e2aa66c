#include "reporttext.h"
#include "base/milliseconds.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace parallax::reporttext {

namespace {
}  // namespace

QString verdictTitle(Verdict verdict)
{
    switch (verdict) {
    case Verdict::AgreeUp: return Report::tr("Both views agree: up");
    case Verdict::AgreeDown: return Report::tr("Both views agree: down");
    case Verdict::SplitServerDown: return Report::tr("Server says down, this machine reaches it");
    case Verdict::SplitLocalDown: return Report::tr("Server says up, this machine cannot reach it");
    case Verdict::Unknown: return Report::tr("Unknown: a view is missing, stale or unreliable");
    }
    return Report::tr("Unknown: a view is missing, stale or unreliable");
}

QString probeErrorText(ProbeError error)
{
    switch (error) {
    case ProbeError::None: return Report::tr("no error");
    case ProbeError::DnsFailure: return Report::tr("the name does not resolve");
    case ProbeError::Refused: return Report::tr("connection refused");
    case ProbeError::TimedOut: return Report::tr("connection timed out");
    case ProbeError::HostUnreachable: return Report::tr("host unreachable or prohibited");
    case ProbeError::NetworkUnreachable: return Report::tr("network unreachable from here");
    case ProbeError::Reset: return Report::tr("connection reset");
    case ProbeError::Tls: return Report::tr("TLS handshake failed");
    case ProbeError::BadStatus: return Report::tr("unexpected HTTP status");
    case ProbeError::BadBody: return Report::tr("unexpected health-check body");
    case ProbeError::Protocol: return Report::tr("not a valid HTTP answer");
    case ProbeError::Skipped: return Report::tr("not probed (outside the networks this run may probe)");
    case ProbeError::Other: return Report::tr("other error");
    }
    return Report::tr("other error");
}

QString serverState(const Worker &worker)
{
    if (worker.state == WorkerState::Other)
        return worker.stateText;
    return workerStateId(worker.state);
}

QString dash()
{
    return u"–"_s;
}

QString serverView(const Worker &worker)
{
    return serverState(worker);
}

QString milliseconds(qint64 us)
{
    return Report::tr("%1 ms").arg(millisecondsNumber(us, 1));
}

QString localView(const WorkerView &view)
{
    if (!view.lastProbe)
        return Report::tr("not probed yet");
    const ProbeResult &p = *view.lastProbe;
    if (p.healthy())
        return Report::tr("healthy: HTTP %1 in %2").arg(p.httpStatus).arg(milliseconds(p.totalUs));
    const ProbePhase *failed = nullptr;
    QString phase;
    if (p.dns.attempted && !p.dns.ok) {
        failed = &p.dns;
        phase = Report::tr("DNS");
    } else if (p.tcp.attempted && !p.tcp.ok) {
        failed = &p.tcp;
        phase = Report::tr("TCP connect");
    } else if (p.http.attempted && !p.http.ok) {
        failed = &p.http;
        phase = Report::tr("HTTP /healthz");
    }
    if (!failed)
        return Report::tr("not reached");
    QString text = Report::tr("%1 failed: %2 after %3")
                       .arg(phase, probeErrorText(failed->error), milliseconds(failed->durationUs));
    if (failed == &p.http && p.httpStatus > 0)
        text += u' ' + Report::tr("(HTTP %1)").arg(p.httpStatus);
    return text;
}

QString address(const Worker &worker)
{
    const QString host = worker.probeHost();
    if (host.isEmpty())
        return dash();
    const QString shown = host.contains(u':') ? u'[' + host + u']' : host;
    return worker.port ? shown + u':' + QString::number(*worker.port) : shown;
}

QString percent(const std::optional<double> &fraction)
{
    if (!fraction)
        return dash();
    return Report::tr("%1 %").arg(QLocale::c().toString(*fraction * 100.0, 'f', 1));
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 120)
        return Report::tr("%1 s").arg(s);
    if (s < 7200)
        return Report::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 172800)
        return Report::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return Report::tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
}

QString confidence(double c)
{
    return Report::tr("%1 %").arg(qRound(c * 100.0));
}

}  // namespace parallax::reporttext

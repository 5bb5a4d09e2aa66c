#include "reporttext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace parallax::reporttext {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Report", text);
}
}  // namespace

QString verdictTitle(Verdict verdict)
{
    switch (verdict) {
    case Verdict::AgreeUp: return tr("Both views agree: up");
    case Verdict::AgreeDown: return tr("Both views agree: down");
    case Verdict::SplitServerDown: return tr("Server says down, this machine reaches it");
    case Verdict::SplitLocalDown: return tr("Server says up, this machine cannot reach it");
    case Verdict::Unknown: return tr("Unknown: a view is missing, stale or unreliable");
    }
    return tr("Unknown: a view is missing, stale or unreliable");
}

QString probeErrorText(ProbeError error)
{
    switch (error) {
    case ProbeError::None: return tr("no error");
    case ProbeError::DnsFailure: return tr("the name does not resolve");
    case ProbeError::Refused: return tr("connection refused");
    case ProbeError::TimedOut: return tr("connection timed out");
    case ProbeError::HostUnreachable: return tr("host unreachable or prohibited");
    case ProbeError::NetworkUnreachable: return tr("network unreachable from here");
    case ProbeError::Reset: return tr("connection reset");
    case ProbeError::Tls: return tr("TLS handshake failed");
    case ProbeError::BadStatus: return tr("unexpected HTTP status");
    case ProbeError::BadBody: return tr("unexpected health-check body");
    case ProbeError::Protocol: return tr("not a valid HTTP answer");
    case ProbeError::Skipped: return tr("not probed (outside the networks this run may probe)");
    case ProbeError::Other: return tr("other error");
    }
    return tr("other error");
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
    return tr("%1 ms").arg(QLocale::c().toString(double(us) / 1000.0, 'f', 1));
}

QString localView(const WorkerView &view)
{
    if (!view.lastProbe)
        return tr("not probed yet");
    const ProbeResult &p = *view.lastProbe;
    if (p.healthy())
        return tr("healthy: HTTP %1 in %2").arg(p.httpStatus).arg(milliseconds(p.totalUs));
    const ProbePhase *failed = nullptr;
    QString phase;
    if (p.dns.attempted && !p.dns.ok) {
        failed = &p.dns;
        phase = tr("DNS");
    } else if (p.tcp.attempted && !p.tcp.ok) {
        failed = &p.tcp;
        phase = tr("TCP connect");
    } else if (p.http.attempted && !p.http.ok) {
        failed = &p.http;
        phase = tr("HTTP /healthz");
    }
    if (!failed)
        return tr("not reached");
    QString text = tr("%1 failed: %2 after %3").arg(phase, probeErrorText(failed->error), milliseconds(failed->durationUs));
    if (failed == &p.http && p.httpStatus > 0)
        text += u' ' + tr("(HTTP %1)").arg(p.httpStatus);
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
    return tr("%1 %").arg(QLocale::c().toString(*fraction * 100.0, 'f', 1));
}

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 120)
        return tr("%1 s").arg(s);
    if (s < 7200)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 172800)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
}

QString confidence(double c)
{
    return tr("%1 %").arg(qRound(c * 100.0));
}

}  // namespace parallax::reporttext

#include "workerformat.h"
#include "base/milliseconds.h"
#include "base/saturating.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
// The translation context of these free functions.
class WorkerFormat {
    Q_DECLARE_TR_FUNCTIONS(WorkerFormat)
};
}  // namespace

QString stateLabel(WorkerState state, const QString &stateText)
{
    switch (state) {
    case WorkerState::Unknown: return WorkerFormat::tr("Unknown");
    case WorkerState::Ready: return WorkerFormat::tr("Ready");
    case WorkerState::NotReady: return WorkerFormat::tr("Not Ready");
    case WorkerState::Unreachable: return WorkerFormat::tr("Unreachable");
    case WorkerState::Maintenance: return WorkerFormat::tr("Maintenance");
    case WorkerState::Pending: return WorkerFormat::tr("Pending");
    case WorkerState::Provisioning: return WorkerFormat::tr("Provisioning");
    case WorkerState::Initializing: return WorkerFormat::tr("Initializing");
    case WorkerState::Deleting: return WorkerFormat::tr("Deleting");
    case WorkerState::Error: return WorkerFormat::tr("Error");
    case WorkerState::Other: return stateText.isEmpty() ? WorkerFormat::tr("Other") : stateText;
    }
    return WorkerFormat::tr("Unknown");
}

QColor stateColor(WorkerState state)
{
    switch (state) {
    case WorkerState::Ready: return QColor(0x52, 0xc4, 0x1a);
    case WorkerState::NotReady:
    case WorkerState::Unreachable:
    case WorkerState::Error: return QColor(0xff, 0x4d, 0x4f);
    case WorkerState::Maintenance: return QColor(0xfa, 0x8c, 0x16);
    case WorkerState::Pending:
    case WorkerState::Provisioning:
    case WorkerState::Initializing:
    case WorkerState::Deleting: return QColor(0x16, 0x77, 0xff);
    case WorkerState::Unknown:
    case WorkerState::Other: return QColor(0x8c, 0x8c, 0x8c);
    }
    return QColor(0x8c, 0x8c, 0x8c);
}

int stateSeverity(WorkerState state)
{
    switch (state) {
    case WorkerState::Unreachable: return 0;
    case WorkerState::NotReady: return 1;
    case WorkerState::Error: return 2;
    case WorkerState::Other: return 3;
    case WorkerState::Unknown: return 4;
    case WorkerState::Maintenance: return 5;
    case WorkerState::Deleting: return 6;
    case WorkerState::Pending: return 7;
    case WorkerState::Provisioning: return 8;
    case WorkerState::Initializing: return 9;
    case WorkerState::Ready: return 10;
    }
    return 4;
}

QString verdictLabel(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Unknown: return WorkerFormat::tr("Unknown");
    case Verdict::AgreeUp: return WorkerFormat::tr("Up");
    case Verdict::AgreeDown: return WorkerFormat::tr("Down");
    case Verdict::SplitServerDown: return WorkerFormat::tr("Split: server says down");
    case Verdict::SplitLocalDown: return WorkerFormat::tr("Split: unreachable from here");
    }
    return WorkerFormat::tr("Unknown");
}

QColor verdictColor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::AgreeUp: return QColor(0x52, 0xc4, 0x1a);
    case Verdict::AgreeDown: return QColor(0xff, 0x4d, 0x4f);
    // Splits are what Parallax exists for: a colour of their own, not reused for a state.
    case Verdict::SplitServerDown:
    case Verdict::SplitLocalDown: return QColor(0xc4, 0x1d, 0xd6);
    case Verdict::Unknown: return QColor(0x8c, 0x8c, 0x8c);
    }
    return QColor(0x8c, 0x8c, 0x8c);
}

int verdictSeverity(Verdict verdict)
{
    switch (verdict) {
    case Verdict::SplitLocalDown: return 0;
    case Verdict::SplitServerDown: return 1;
    case Verdict::AgreeDown: return 2;
    case Verdict::Unknown: return 3;
    case Verdict::AgreeUp: return 4;
    }
    return 3;
}

QString localStateLabel(LocalState state)
{
    switch (state) {
    case LocalState::Unknown: return WorkerFormat::tr("not probed yet");
    case LocalState::Up: return WorkerFormat::tr("reachable");
    case LocalState::Down: return WorkerFormat::tr("unreachable");
    case LocalState::UnknownLocalNetwork: return WorkerFormat::tr("our network is the suspect");
    }
    return {};
}

QString probeErrorLabel(ProbeError error)
{
    switch (error) {
    case ProbeError::None: return WorkerFormat::tr("ok");
    case ProbeError::DnsFailure: return WorkerFormat::tr("name does not resolve");
    case ProbeError::Refused: return WorkerFormat::tr("connection refused");
    case ProbeError::TimedOut: return WorkerFormat::tr("timed out");
    case ProbeError::HostUnreachable: return WorkerFormat::tr("host unreachable");
    case ProbeError::NetworkUnreachable: return WorkerFormat::tr("no route to network");
    case ProbeError::Reset: return WorkerFormat::tr("connection reset");
    case ProbeError::Tls: return WorkerFormat::tr("TLS handshake failed");
    case ProbeError::BadStatus: return WorkerFormat::tr("unexpected HTTP status");
    case ProbeError::BadBody: return WorkerFormat::tr("not GPUStack's health answer");
    case ProbeError::Protocol: return WorkerFormat::tr("not an HTTP answer");
    case ProbeError::Skipped: return WorkerFormat::tr("not probed (outside allowed networks)");
    case ProbeError::Other: return WorkerFormat::tr("failed");
    }
    return WorkerFormat::tr("failed");
}

std::optional<double> probeLatencyMs(const ProbeResult &probe)
{
    if (!probe.healthy())
        return std::nullopt;
    const qint64 us = probe.totalUs > 0 ? probe.totalUs : probe.tcp.durationUs + probe.http.durationUs;
    return us / 1000.0;
}

QString probeSummary(const ProbeResult &probe)
{
    if (const auto ms = probeLatencyMs(probe))
        return WorkerFormat::tr("HTTP %1 in %2 ms")
            .arg(probe.httpStatus ? probe.httpStatus : 200)
            .arg(millisecondsNumber(qint64(*ms * 1000.0), *ms < 10 ? 1 : 0, QLocale()));
    const ProbeError e = probe.firstError();
    if (e == ProbeError::BadStatus)
        return WorkerFormat::tr("HTTP %1").arg(probe.httpStatus);
    if (e == ProbeError::Skipped)  // nothing went on the wire: no "TCP" before it
        return probeErrorLabel(e);
    if (probe.tcp.attempted && !probe.tcp.ok)
        return WorkerFormat::tr("TCP %1").arg(probeErrorLabel(e));
    if (probe.http.attempted && !probe.http.ok)
        return WorkerFormat::tr("HTTP %1").arg(probeErrorLabel(e));
    return probeErrorLabel(e);
}

QString formatAge(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    if (s < 90)
        return WorkerFormat::tr("%1 s").arg(s);
    const qint64 min = s / 60;
    if (min < 90)
        return WorkerFormat::tr("%1 min").arg(min);
    const qint64 h = min / 60;
    if (h < 48)
        return WorkerFormat::tr("%1 h %2 min").arg(h).arg(min % 60);
    return WorkerFormat::tr("%1 d").arg(h / 24);
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString formatLabels(const QMap<QString, QString> &labels)
{
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts.append(it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
    return parts.join(u", "_s);
}

double gpuUtilization(const Worker &worker)
{
    if (!worker.status || worker.status->gpus.isEmpty())
        return -1;
    double sum = 0;
    int n = 0;
    for (const GpuDevice &g : worker.status->gpus) {
        if (g.coreUtilization) {
            sum += *g.coreUtilization;
            ++n;
        }
    }
    return n ? sum / n : -1;
}

QString gpuSummary(const Worker &worker)
{
    if (!worker.status)
        return WorkerFormat::tr("N/A");
    const auto &gpus = worker.status->gpus;
    if (gpus.isEmpty())
        return WorkerFormat::tr("none");
    qint64 total = 0, used = 0;
    for (const GpuDevice &g : gpus) {
        total = saturatingAdd(total, g.memoryTotal.value_or(0));  // a server's 9e18s must not overflow
        used = saturatingAdd(used, g.memoryUsed.value_or(0));
    }
    QStringList parts{WorkerFormat::tr("%1 ×").arg(gpus.size())};
    const double util = gpuUtilization(worker);
    if (util >= 0)
        parts.append(WorkerFormat::tr("%1 %").arg(qRound(util)));
    if (total > 0)
        parts.append(WorkerFormat::tr("VRAM %1/%2").arg(formatBytes(used), formatBytes(total)));
    return parts.join(u" · "_s);
}

QString plainTextFromServerHtml(const QString &html)
{
    static const QRegularExpression tags(u"<[^>]*>?"_s);
    static const QRegularExpression space(u"\\s+"_s);
    QString text = html;
    text.replace(QRegularExpression(u"<\\s*br\\s*/?\\s*>"_s, QRegularExpression::CaseInsensitiveOption), u" "_s);
    text.remove(tags);
    text.replace(u"&lt;"_s, u"<"_s);
    text.replace(u"&gt;"_s, u">"_s);
    text.replace(u"&quot;"_s, u"\""_s);
    text.replace(u"&#39;"_s, u"'"_s);
    text.replace(u"&nbsp;"_s, u" "_s);
    text.replace(u"&amp;"_s, u"&"_s);
    text = text.replace(space, u" "_s).trimmed();
    constexpr int kMax = 1000;
    if (text.size() > kMax)
        text = text.left(kMax) + u'…';
    return text;
}

QString safeTooltip(const QString &title, const QString &serverHtml)
{
    QString out = u"<p><b>"_s + title.toHtmlEscaped() + u"</b></p>"_s;
    const QString plain = plainTextFromServerHtml(serverHtml);
    if (!plain.isEmpty())
        out += u"<p>"_s + plain.toHtmlEscaped() + u"</p>"_s;
    return out;
}

QString registeredAddress(const Worker &worker)
{
    const QString adv = worker.advertiseAddress.value_or(QString()).trimmed();
    if (adv.isEmpty() || adv == worker.ip)
        return worker.ip;
    return WorkerFormat::tr("%1 / %2").arg(worker.ip, adv);
}

}  // namespace parallax

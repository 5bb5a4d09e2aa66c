#include "loopbackpool.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTcpServer>

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

using namespace Qt::StringLiterals;

namespace parallax::sim {

LoopbackPool::LoopbackPool()
{
    reroll();
}

void LoopbackPool::reroll()
{
    // Avoid 127.0.x (127.0.0.1, systemd-resolved's 127.0.0.53) and 127.1.x (common aliases).
    m_octet = int(QRandomGenerator::global()->bounded(16, 254));
}

QHostAddress LoopbackPool::addressAt(int index) const
{
    const quint32 third = quint32(index / 250) & 0xff;
    const quint32 fourth = quint32(index % 250) + 1;
    return QHostAddress((127u << 24) | (quint32(m_octet) << 16) | (third << 8) | fourth);
}

bool loopbackAliasesAvailable()
{
    static const bool available = [] {
        QTcpServer probe;
        const quint32 octet = QRandomGenerator::global()->bounded(16u, 254u);
        return probe.listen(QHostAddress((127u << 24) | (octet << 16) | (255u << 8) | 254u), 0);
    }();
    return available;
}

Result<qint64> raiseFileLimit(qint64 wanted)
{
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return Error{ErrorCode::StorageFailure, Simulator::tr("Cannot read the open-file limit."),
            QString::fromLocal8Bit(std::strerror(errno))};
    if (lim.rlim_cur != RLIM_INFINITY && qint64(lim.rlim_cur) >= wanted)
        return qint64(lim.rlim_cur);
    const rlim_t target = lim.rlim_max == RLIM_INFINITY ? rlim_t(wanted) : qMin(rlim_t(wanted), lim.rlim_max);
    rlimit raised = lim;
    raised.rlim_cur = target;
    if (setrlimit(RLIMIT_NOFILE, &raised) != 0)
        return Error{ErrorCode::StorageFailure,
            Simulator::tr("The OS refused to raise the open-file limit to %1 (it stays at %2).")
                .arg(wanted)
                .arg(qint64(lim.rlim_cur)),
            QString::fromLocal8Bit(std::strerror(errno))};
    if (qint64(target) < wanted)
        return Error{ErrorCode::StorageFailure,
            Simulator::tr("The open-file limit is capped at %1 by the OS (hard limit); %2 "
                          "were wanted. Raise it with `ulimit -Hn` or limits.conf.")
                .arg(qint64(target))
                .arg(wanted),
            {}};
    return qint64(target);
}

bool isLoopbackLiteral(const QString &host)
{
    QHostAddress a;
    if (!a.setAddress(host))
        return false;
    return a.isLoopback();
}

}  // namespace parallax::sim

#include "socketwatch.h"

#include <QSocketNotifier>

#include <array>

namespace parallax {

SocketWatch::SocketWatch(QObject *parent)
    : QObject(parent)
{
    m_poller = makePoller();
    if (m_poller) {
        m_pollerNotifier = new QSocketNotifier(qintptr(m_poller->wakeFd()), QSocketNotifier::Read, this);
        connect(m_pollerNotifier, &QSocketNotifier::activated, this, [this] { drain(); });
    }
}

SocketWatch::~SocketWatch()
{
    delete m_pollerNotifier;  // before the poller closes the descriptor it watches
}

void SocketWatch::watch(int fd, Interest interest, SocketClient *client)
{
    if (m_poller && !m_notifiers.contains(fd)) {
        const auto it = m_clients.constFind(fd);
        const bool known = it != m_clients.cend();
        const Watched w{client, known ? it->generation : ++m_generation};
        m_clients.insert(fd, w);
        if (m_poller->set(fd, interest, (quint64(w.generation) << 32) | quint32(fd), !known))
            return;
        m_clients.remove(fd);  // fall through to a notifier of its own
    }
    if (QSocketNotifier *old = m_notifiers.take(fd)) {
        old->setEnabled(false);
        old->deleteLater();  // may be inside its own activated() signal
    }
    m_clients.insert(fd, Watched{client, 0});
    auto *n = new QSocketNotifier(
        qintptr(fd), interest == Interest::Read ? QSocketNotifier::Read : QSocketNotifier::Write, this);
    connect(n, &QSocketNotifier::activated, this, [this, fd] {
        if (SocketClient *c = m_clients.value(fd).client)
            c->socketReady();
    });
    m_notifiers.insert(fd, n);
}

void SocketWatch::unwatch(int fd)
{
    if (!m_clients.remove(fd))
        return;
    if (QSocketNotifier *n = m_notifiers.take(fd)) {
        n->setEnabled(false);
        n->deleteLater();
        return;
    }
    m_poller->remove(fd);
}

void SocketWatch::drain()
{
    // One batch per wakeup, never a loop until empty: new probes started from these handlers
    // become ready at once on loopback, and looping would starve timers, deferred deletes and
    // the UI. The notifier is level-triggered: what is left fires again next iteration.
    // 16 at a time: each is a whole probe landing (parse, verdict, history, the next probe
    // started), and a batch of 256 held the window for 80 ms at 10,000 workers (e2e_bench).
    std::array<quint64, 16> tokens;
    const int n = m_poller->ready(tokens.data(), int(tokens.size()));
    for (int i = 0; i < n; ++i) {
        // A client handled earlier in this batch may have closed this fd, and a new socket
        // may already reuse the number: the generation tells them apart.
        const quint64 data = tokens[size_t(i)];
        const auto it = m_clients.constFind(int(quint32(data)));
        if (it != m_clients.cend() && it->generation == quint32(data >> 32))
            it->client->socketReady();
    }
    m_poller->rearm();
}

}  // namespace parallax

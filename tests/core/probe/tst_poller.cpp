#include "probe/poller.h"

#include <QSet>
#include <QTest>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using parallax::Poller;

// Issue 20: the probe engine's socket poller, each backend this platform has, through the
// interface SocketWatch uses: level-triggered readiness behind one descriptor, tokens, interest
// changes and removal. The probe tests (tst_probeengine, tst_probescheduler, tst_hostilehealth)
// run against the configured backend; CI runs them once more with PARALLAX_PROBE_POLLER=poll.
class TestPoller : public QObject {
    Q_OBJECT

    int m_pair[2] = {-1, -1};

    // Whether the poller's descriptor turns readable within `ms`.
    static bool wakes(const Poller &poller, int ms)
    {
        pollfd p{poller.wakeFd(), POLLIN, 0};
        return ::poll(&p, 1, ms) == 1;
    }

    static QList<quint64> ready(Poller &poller)
    {
        quint64 tokens[16];
        const int n = poller.ready(tokens, 16);
        return QList<quint64>(tokens, tokens + n);
    }

    static void backends()
    {
        QTest::addColumn<QByteArray>("backend");
#ifdef Q_OS_LINUX
        QTest::newRow("epoll") << "epoll"_ba;
#endif
        QTest::newRow("poll") << "poll"_ba;
    }

private Q_SLOTS:
    void init()
    {
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, m_pair), 0);
    }
    void cleanup()
    {
        ::close(m_pair[0]);
        ::close(m_pair[1]);
    }

    void theConfiguredBackendIsUsed()
    {
        const auto poller = parallax::makePoller();
        QVERIFY(poller);
        const QByteArray chosen = qgetenv("PARALLAX_PROBE_POLLER");  // the run's choice, else CMake's
        QCOMPARE(QByteArray(poller->name()), chosen.isEmpty() ? QByteArray(PARALLAX_PROBE_POLLER) : chosen);
    }

    void readinessIsLevelTriggered_data()
    {
        backends();
    }
    void readinessIsLevelTriggered()
    {
        QFETCH(QByteArray, backend);
        const auto poller = parallax::makePoller(backend.constData());
        QVERIFY(poller);
        QVERIFY(poller->set(m_pair[0], Poller::Interest::Read, 42, true));
        QVERIFY(!wakes(*poller, 100));
        QCOMPARE(ready(*poller), QList<quint64>());

        QCOMPARE(::write(m_pair[1], "x", 1), 1);
        QVERIFY(wakes(*poller, 5000));
        QCOMPARE(ready(*poller), QList<quint64>{42});
        poller->rearm();
        // Not read yet: reported again.
        QVERIFY(wakes(*poller, 5000));
        QCOMPARE(ready(*poller), QList<quint64>{42});
        char c = 0;
        QCOMPARE(::read(m_pair[0], &c, 1), 1);
        poller->rearm();
        QVERIFY(!wakes(*poller, 100));
        QCOMPARE(ready(*poller), QList<quint64>());
    }

    void interestAndTokenChange_data()
    {
        backends();
    }
    void interestAndTokenChange()
    {
        QFETCH(QByteArray, backend);
        const auto poller = parallax::makePoller(backend.constData());
        QVERIFY(poller);
        QVERIFY(poller->set(m_pair[0], Poller::Interest::Read, 1, true));
        QVERIFY(!wakes(*poller, 100));
        // A writable socket, once asked for writing, with its new token.
        QVERIFY(poller->set(m_pair[0], Poller::Interest::Write, 2, false));
        QVERIFY(wakes(*poller, 5000));
        QCOMPARE(ready(*poller), QList<quint64>{2});
        poller->rearm();
    }

    void removedSocketsAreNotReported_data()
    {
        backends();
    }
    void removedSocketsAreNotReported()
    {
        QFETCH(QByteArray, backend);
        const auto poller = parallax::makePoller(backend.constData());
        QVERIFY(poller);
        QVERIFY(poller->set(m_pair[0], Poller::Interest::Read, 7, true));
        QVERIFY(poller->set(m_pair[1], Poller::Interest::Read, 8, true));
        poller->remove(m_pair[0]);
        QCOMPARE(::write(m_pair[1], "x", 1), 1);
        QCOMPARE(::write(m_pair[0], "y", 1), 1);
        QVERIFY(wakes(*poller, 5000));
        QCOMPARE(ready(*poller), QList<quint64>{8});
        poller->rearm();
    }

    // Many ready sockets come out in batches, every one of them in turn.
    void aLongQueueIsServedInTurn_data()
    {
        backends();
    }
    void aLongQueueIsServedInTurn()
    {
        QFETCH(QByteArray, backend);
        const auto poller = parallax::makePoller(backend.constData());
        QVERIFY(poller);
        QList<int> fds;
        for (int i = 0; i < 40; ++i) {
            int pair[2];
            QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
            fds << pair[0] << pair[1];
            QVERIFY(poller->set(pair[0], Poller::Interest::Write, quint64(pair[0]), true));
        }
        QSet<quint64> seen;
        for (int round = 0; round < 10 && seen.size() < 40; ++round) {
            QVERIFY(wakes(*poller, 5000));
            quint64 tokens[16];
            const int n = poller->ready(tokens, 16);
            QVERIFY(n > 0 && n <= 16);
            for (int i = 0; i < n; ++i) {
                seen.insert(tokens[i]);
                poller->remove(int(tokens[i]));  // handled: a probe would close it
            }
            poller->rearm();
        }
        QCOMPARE(seen.size(), 40);
        for (int fd : fds)
            ::close(fd);
    }
};

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"

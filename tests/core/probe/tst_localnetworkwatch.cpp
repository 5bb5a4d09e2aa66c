#include "probe/localnetworkwatch.h"

#include <QTest>

using namespace parallax;

class TestLocalNetworkWatch : public QObject {
    Q_OBJECT

    static LocalNetworkWatch watch()
    {
        LocalNetworkWatch w;
        w.setSettings({.windowMs = 10'000, .minTargets = 5, .failFraction = 0.9});
        return w;
    }

private Q_SLOTS:
private Q_SLOTS:
    void aBurstIsUndecidedWhileOlderSuccessesFillTheWindow()
    {
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 10; ++id)
            w.record(id, 1000 + id, true, ProbeError::None, 900 + id);
        // Our network goes at 2000: failures of probes started then cannot be judged while the
        // window still holds the successes from before.
        for (int id = 0; id < 4; ++id)
            QVERIFY(!w.record(id, 2600 + id, false, ProbeError::TimedOut, 2000 + id));
        QVERIFY(w.undecided(2000));
        // A worker that had failed before them is no part of this burst: already decided.
        QVERIFY(!w.undecided(500));
        // Those successes leave the window: it sees only the burst, and suspects us.
        for (int id = 4; id < 10; ++id)
            w.record(id, 11'500 + id, false, ProbeError::TimedOut, 11'000 + id);
        QVERIFY(w.suspect());
        QVERIFY(!w.undecided(2000));
    }

    void onlyASuccessClearsUs()
    {
        // Twenty workers time out; one name never resolves and is retried quickly. Its failures
        // may tip the mix under 90 %, but nothing has succeeded: still our network.
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 20; ++id)
            w.record(id, id * 10, false, ProbeError::TimedOut);
        QVERIFY(w.suspect());
        for (int i = 0; i < 5; ++i)
            QVERIFY(w.record(99, 300 + i, false, ProbeError::DnsFailure));
        QCOMPARE(w.commonError(), ProbeError::TimedOut);
        // One success (and the mix under the threshold) does clear it.
        QVERIFY(!w.record(50, 400, true, ProbeError::None));
    }

    void aSuccessSinceDecidesIt()
    {
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 10; ++id)
            w.record(id, 1000 + id, true, ProbeError::None, 900 + id);
        w.record(3, 2500, false, ProbeError::Refused, 2000);
        QVERIFY(w.undecided(2000));
        // Another worker answers a probe started after worker 3's failure began: ours works.
        w.record(4, 2600, true, ProbeError::None, 2100);
        QVERIFY(!w.undecided(2000));
    }

    void fewWorkersNeverAccuseUs()
    {
        // A three-worker cluster that is all down is three dead workers as far as we can tell.
        LocalNetworkWatch w = watch();
        for (int round = 0; round < 5; ++round) {
            for (int id = 0; id < 3; ++id)
                QVERIFY(!w.record(id, 1000 * round + id, false, ProbeError::TimedOut));
        }
    }

    void allFailTheSameWay()
    {
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 4; ++id)
            QVERIFY(!w.record(id, id, false, ProbeError::NetworkUnreachable));
        QVERIFY(w.record(4, 4, false, ProbeError::NetworkUnreachable));  // the fifth distinct worker
        QCOMPARE(w.commonError(), ProbeError::NetworkUnreachable);
        // One success among many failures keeps it (≥ 90 % still fail the same way)…
        for (int id = 5; id < 20; ++id)
            w.record(id, 10 + id, false, ProbeError::NetworkUnreachable);
        QVERIFY(w.record(99, 40, true, ProbeError::None));
        // …a few more successes lift it (20 of 23 is under 90 %).
        QVERIFY(w.record(98, 41, true, ProbeError::None));
        QVERIFY(!w.record(97, 42, true, ProbeError::None));
    }

    void differentFailuresAreNotOneCause()
    {
        // Refused here, timed out there: the workers fail for their own reasons.
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 10; ++id)
            w.record(id, id, false, id % 2 ? ProbeError::Refused : ProbeError::TimedOut);
        QVERIFY(!w.suspect());
    }

    void oldEvidenceAgesOut()
    {
        LocalNetworkWatch w = watch();
        for (int id = 0; id < 6; ++id)
            w.record(id, id, false, ProbeError::TimedOut);
        QVERIFY(w.suspect());
        // Much later, one worker answers: the old failures are out of the window.
        QVERIFY(!w.record(0, 60'000, true, ProbeError::None));
    }
};

QTEST_GUILESS_MAIN(TestLocalNetworkWatch)
#include "tst_localnetworkwatch.moc"

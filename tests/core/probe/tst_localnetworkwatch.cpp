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

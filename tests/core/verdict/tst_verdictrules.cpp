#include "diagnosis/verdictrules.h"

#include <QTest>

using namespace parallax;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(parallax::VerdictReason)

namespace {
constexpr qint64 kNow = 1'780'000'000'000;
}

class TestVerdictRules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void table_data()
    {
        QTest::addColumn<bool>("serverKnown");
        QTest::addColumn<QString>("serverState");
        QTest::addColumn<bool>("maintenance");
        QTest::addColumn<qint64>("serverAgeMs");
        QTest::addColumn<LocalState>("local");
        QTest::addColumn<qint64>("localAgeMs");  // -1 = never probed
        QTest::addColumn<bool>("skipped");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<VerdictReason>("reason");

        using L = LocalState;
        using V = Verdict;
        using R = VerdictReason;
        auto row = [](const char *name, bool known, const char *state, bool maint, qint64 sAge, L local, qint64 lAge,
                       bool skipped, V v, R r) {
            QTest::newRow(name) << known << QString::fromLatin1(state) << maint << sAge << local << lAge << skipped << v
                                << r;
        };
        // The four answers.
        row("ready + up", true, "ready", false, 1000, L::Up, 1000, false, V::AgreeUp, R::BothUp);
        row("unreachable + down", true, "unreachable", false, 1000, L::Down, 1000, false, V::AgreeDown, R::BothDown);
        row("not_ready + down", true, "not_ready", false, 1000, L::Down, 1000, false, V::AgreeDown, R::BothDown);
        row("unreachable + up", true, "unreachable", false, 1000, L::Up, 1000, false, V::SplitServerDown,
            R::OnlyServerSeesDown);
        row("not_ready + up", true, "not_ready", false, 1000, L::Up, 1000, false, V::SplitServerDown,
            R::OnlyServerSeesDown);
        row("ready + down", true, "ready", false, 1000, L::Down, 1000, false, V::SplitLocalDown, R::OnlyLocalSeesDown);
        // Nothing to compare with.
        row("no server view", false, "ready", false, 0, L::Up, 1000, false, V::Unknown, R::NoServerView);
        row("server stale", true, "ready", false, 10 * 60'000, L::Up, 1000, false, V::Unknown, R::ServerViewStale);
        row("maintenance state", true, "maintenance", false, 1000, L::Down, 1000, false, V::Unknown, R::Maintenance);
        row("maintenance flag before state", true, "ready", true, 1000, L::Down, 1000, false, V::Unknown,
            R::Maintenance);
        row("provisioning", true, "provisioning", false, 1000, L::Down, 1000, false, V::Unknown, R::Provisioning);
        row("pending", true, "pending", false, 1000, L::Down, 1000, false, V::Unknown, R::Provisioning);
        row("error (cloud)", true, "error", false, 1000, L::Up, 1000, false, V::Unknown, R::Provisioning);
        row("unknown server state", true, "sleeping", false, 1000, L::Up, 1000, false, V::Unknown,
            R::ServerStateUnknown);
        row("no state at all", true, "", false, 1000, L::Up, 1000, false, V::Unknown, R::ServerStateUnknown);
        row("never probed", true, "ready", false, 1000, L::Unknown, -1, false, V::Unknown, R::NoLocalView);
        row("undecided (hysteresis)", true, "unreachable", false, 1000, L::Unknown, 1000, false, V::Unknown,
            R::NoLocalView);
        row("local stale", true, "ready", false, 1000, L::Up, 5 * 60'000, false, V::Unknown, R::LocalViewStale);
        row("local network suspect", true, "ready", false, 1000, L::UnknownLocalNetwork, 1000, false, V::Unknown,
            R::LocalNetworkSuspect);
        row("outside allowed networks", true, "ready", false, 1000, L::Unknown, 1000, true, V::Unknown, R::NotProbed);
    }

    void table()
    {
        QFETCH(bool, serverKnown);
        QFETCH(QString, serverState);
        QFETCH(bool, maintenance);
        QFETCH(qint64, serverAgeMs);
        QFETCH(LocalState, local);
        QFETCH(qint64, localAgeMs);
        QFETCH(bool, skipped);
        QFETCH(Verdict, verdict);
        QFETCH(VerdictReason, reason);

        Worker w;
        w.id = 3;
        w.state = serverState.isEmpty() ? WorkerState::Unknown : workerStateFromString(serverState);
        w.stateText = serverState;
        if (maintenance)
            w.maintenanceEnabled = true;
        ProbeResult probe;
        probe.workerId = 3;
        probe.startedMs = kNow - localAgeMs;
        if (skipped) {
            probe.tcp.attempted = true;
            probe.tcp.error = ProbeError::Skipped;
        }
        const VerdictInput in = verdictInputFor(
            serverKnown ? &w : nullptr, kNow - serverAgeMs, local, localAgeMs < 0 ? nullptr : &probe, kNow);
        VerdictSettings s;
        s.serverMaxAgeMs = 5 * 60'000;
        const VerdictDecision d = decideVerdict(in, s);
        QCOMPARE(verdictId(d.verdict), verdictId(verdict));
        QCOMPARE(verdictReasonId(d.reason), verdictReasonId(reason));
    }

    void serverFreshnessOffByDefault()
    {
        // A live watch stream is silent while nothing changes: by default the caller vouches.
        VerdictInput in;
        in.serverKnown = true;
        in.serverState = WorkerState::Ready;
        in.serverSeenMs = kNow - 24 * 3600'000;
        in.local = LocalState::Up;
        in.localSeenMs = kNow - 1000;
        in.nowMs = kNow;
        QCOMPARE(decideVerdict(in).verdict, Verdict::AgreeUp);
    }

    void reasonIdsAreDistinct()
    {
        QSet<QString> ids;
        for (int r = int(VerdictReason::BothUp); r <= int(VerdictReason::NotProbed); ++r)
            ids.insert(verdictReasonId(VerdictReason(r)));
        QCOMPARE(ids.size(), int(VerdictReason::NotProbed) + 1);
    }

    void flapping()
    {
        FlapDetector flaps({.enterChanges = 4, .leaveChanges = 1, .windowMs = 60'000});
        qint64 t = kNow;
        QVERIFY(!flaps.recordChange(1, t));
        QVERIFY(!flaps.recordChange(1, t += 5000));
        QVERIFY(!flaps.recordChange(1, t += 5000));
        QVERIFY(flaps.recordChange(1, t += 5000));  // 4 changes in 15 s
        QVERIFY(!flaps.isFlapping(2, t));  // per worker
        // Still flapping while the window holds more than one change (3 of the 4 here)…
        QVERIFY(flaps.isFlapping(1, t + 50'000));
        QCOMPARE(flaps.changesInWindow(1, t + 50'000), 3);
        // …and calm once they age out.
        QVERIFY(!flaps.isFlapping(1, t + 60'001));
    }

    void slowChangesDoNotFlap()
    {
        FlapDetector flaps({.enterChanges = 4, .leaveChanges = 1, .windowMs = 60'000});
        qint64 t = kNow;
        for (int i = 0; i < 10; ++i)
            QVERIFY(!flaps.recordChange(1, t += 30'000));  // one change every 30 s: at most 2 in a window
    }
};

QTEST_GUILESS_MAIN(TestVerdictRules)
#include "tst_verdictrules.moc"

#include "common/fleet.h"
#include "monitor/incidentnotifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// Which verdict transitions become desktop notices: decided headless, shown by the tray.
class TestIncidentNotifier : public QObject {
    Q_OBJECT
private:
    static VerdictTransition t(qint64 id, Verdict from, Verdict to, qint64 atMs)
    {
        return {id, u"gpu-%1"_s.arg(id), from, to, atMs};
    }
    static IncidentNotice notice(const QSignalSpy &spy, int i) { return spy.at(i).at(0).value<IncidentNotice>(); }

private Q_SLOTS:
    void oneNoticePerIncident()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::SplitLocalDown, clock.nowMs()));
        n.flush();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(notice(spy, 0).kind, IncidentNotice::Kind::Incident);
        QCOMPARE(notice(spy, 0).workerIds, QList<qint64>{1});
        QVERIFY(notice(spy, 0).title.startsWith(u"gpu-1"_s));
        // Worse, then unknown, then worse again: still the same incident.
        n.addTransition(u"prod"_s, t(1, Verdict::SplitLocalDown, Verdict::AgreeDown, clock.nowMs() + 1000));
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeDown, Verdict::Unknown, clock.nowMs() + 2000));
        n.addTransition(u"prod"_s, t(1, Verdict::Unknown, Verdict::AgreeDown, clock.nowMs() + 3000));
        n.flush();
        QCOMPARE(spy.count(), 1);
        QVERIFY(n.hasOpenIncident(u"prod"_s, 1));
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeDown, Verdict::AgreeUp, clock.nowMs() + 4000));
        n.flush();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(notice(spy, 1).kind, IncidentNotice::Kind::Recovery);
        QVERIFY(!n.hasOpenIncident(u"prod"_s, 1));
    }

    void manyFailuresAtOnceAreOneGroupedNotice()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        for (qint64 id = 1; id <= 12; ++id)
            n.addTransition(u"prod"_s, t(id, Verdict::AgreeUp, Verdict::AgreeDown, clock.nowMs() + id * 10));
        n.addTransition(u"lab"_s, t(1, Verdict::AgreeUp, Verdict::SplitServerDown, clock.nowMs()));
        n.flush();
        QCOMPARE(spy.count(), 2);
        const IncidentNotice prod = notice(spy, 0);
        QCOMPARE(prod.title, u"12 workers unreachable in cluster prod"_s);
        QCOMPARE(prod.workerIds.size(), 12);
        QVERIFY(prod.body.contains(u"gpu-1, gpu-2"_s));
        QVERIFY(prod.body.contains(u"and 7 more"_s));
        QCOMPARE(notice(spy, 1).cluster, u"lab"_s);

        for (qint64 id = 1; id <= 12; ++id)
            n.addTransition(u"prod"_s, t(id, Verdict::AgreeDown, Verdict::AgreeUp, clock.nowMs() + 60'000));
        n.flush();
        QCOMPARE(spy.count(), 3);
        QCOMPARE(notice(spy, 2).title, u"12 workers recovered in cluster prod"_s);
    }

    void groupingWindowClosesByItself()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        n.setGroupingWindowMs(50);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::SplitServerDown, clock.nowMs()));
        n.addTransition(u"prod"_s, t(2, Verdict::AgreeUp, Verdict::SplitServerDown, clock.nowMs()));
        QCOMPARE(spy.count(), 0);
        QVERIFY(spy.wait(2000));
        QTRY_COMPARE(spy.count(), 2);  // below the group threshold: one each
    }

    void blipInsideTheWindowIsNeverAnnounced()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::SplitLocalDown, clock.nowMs()));
        n.addTransition(u"prod"_s, t(1, Verdict::SplitLocalDown, Verdict::AgreeUp, clock.nowMs() + 1000));
        n.flush();
        QCOMPARE(spy.count(), 0);
    }

    void flappingWorkerIsAnnouncedOnceThenKeptQuiet()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        n.setFlapLimit(3, 10 * 60 * 1000);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        qint64 at = clock.nowMs();
        for (int round = 0; round < 6; ++round) {
            n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::AgreeDown, at));
            n.flush();
            n.addTransition(u"prod"_s, t(1, Verdict::AgreeDown, Verdict::AgreeUp, at + 30'000));
            n.flush();
            at += 60'000;
        }
        // incident, recovery, incident, recovery, then "keeps going up and down" once.
        QCOMPARE(spy.count(), 5);
        QCOMPARE(notice(spy, 4).kind, IncidentNotice::Kind::Flapping);
        // Stable for a whole window: announced normally again.
        at += 11 * 60 * 1000;
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::AgreeDown, at));
        n.flush();
        QCOMPARE(spy.count(), 6);
        QCOMPARE(notice(spy, 5).kind, IncidentNotice::Kind::Incident);
    }

    void quietModeAnnouncesNothing()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        n.setQuiet(true);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::AgreeDown, clock.nowMs()));
        n.flush();
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeDown, Verdict::AgreeUp, clock.nowMs() + 1000));
        n.flush();
        QCOMPARE(spy.count(), 0);
    }

    void followsARealMonitor()
    {
        ManualClock clock;
        ClusterMonitor monitor(clock);
        monitor.setName(u"prod"_s);
        IncidentNotifier n(clock);
        n.watch(&monitor);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        const QList<Worker> ws = fleet::many(5, clock.nowMs());
        monitor.setServerSnapshot(ws);
        for (const Worker &w : ws)
            fleet::observe(monitor, fleet::probe(w, clock.nowMs(), true, 2));
        n.flush();
        QCOMPARE(spy.count(), 0);  // unknown → up is not news
        clock.advanceMs(15'000);
        for (const Worker &w : ws)
            fleet::observe(monitor, fleet::probe(w, clock.nowMs(), false, 0));
        for (const Worker &w : ws)  // a second failing cycle: still one incident each
            fleet::observe(monitor, fleet::probe(w, clock.nowMs() + 1, false, 0));
        n.flush();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(notice(spy, 0).title, u"5 workers ready on the server but unreachable from here in cluster prod"_s);
    }

    // Issue 21, item 4: a server churning workers with fresh ids must not grow what is tracked.
    void churnedWorkersAreForgotten()
    {
        constexpr qint64 Churned = 100'000;
        ManualClock clock;
        IncidentNotifier n(clock);
        QSignalSpy spy(&n, &IncidentNotifier::notice);
        for (qint64 id = 1; id <= Churned; ++id) {
            n.addTransition(u"prod"_s, t(id, Verdict::Unknown, Verdict::AgreeDown, clock.nowMs() + id));
            n.forgetWorkers(u"prod"_s, {id});  // DELETED right after CREATED
        }
        QCOMPARE(n.trackedWorkers(), 0);
        n.flush();
        QCOMPARE(spy.count(), 0);  // nothing is said about workers that are gone

        // Removed through the monitor the notifier watches.
        ClusterMonitor monitor(clock);
        monitor.setName(u"lab"_s);
        n.watch(&monitor);
        const QList<Worker> ws = fleet::many(5, clock.nowMs());
        monitor.setServerSnapshot(ws);
        for (const Worker &w : ws)
            fleet::observe(monitor, fleet::probe(w, clock.nowMs(), true, 2));
        monitor.flush();
        QCOMPARE(n.trackedWorkers(), 5);
        monitor.setServerSnapshot({});
        monitor.flush();
        QCOMPARE(n.trackedWorkers(), 0);
    }

    void trackedWorkersAreCapped()
    {
        ManualClock clock;
        IncidentNotifier n(clock);
        n.setMaxTrackedWorkers(1000);
        // An incident that is announced and still open is kept over quiet workers.
        n.addTransition(u"prod"_s, t(1, Verdict::AgreeUp, Verdict::AgreeDown, clock.nowMs()));
        n.flush();
        QVERIFY(n.hasOpenIncident(u"prod"_s, 1));
        for (qint64 id = 2; id <= 100'000; ++id)
            n.addTransition(u"prod"_s, t(id, Verdict::Unknown, Verdict::AgreeUp, clock.nowMs() + id));
        QVERIFY2(n.trackedWorkers() <= 1000, qPrintable(QString::number(n.trackedWorkers())));
        QVERIFY(n.hasOpenIncident(u"prod"_s, 1));
    }
};

QTEST_GUILESS_MAIN(TestIncidentNotifier)
#include "tst_incidentnotifier.moc"

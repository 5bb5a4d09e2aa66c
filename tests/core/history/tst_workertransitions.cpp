// Issue 15: one place detects a worker's transitions. Its rules: each kind of fact, the first
// sighting, no change, a change and back, and how a restart resumes the stored history.
#include "history/workertransitions.h"

#include <QTest>

#include <functional>

using namespace parallax;
using namespace Qt::StringLiterals;

namespace {

Worker readyWorker()
{
    Worker w;
    w.id = 7;
    w.name = u"gpu-7"_s;
    w.hostname = u"gpu-7.lab"_s;
    w.ip = u"10.0.0.7"_s;
    w.port = 10150;
    w.state = WorkerState::Ready;
    w.stateText = u"ready"_s;
    w.maintenanceEnabled = false;
    return w;
}

WorkerFacts facts(const Worker &w, Verdict verdict = Verdict::AgreeUp, LocalState local = LocalState::Up)
{
    return WorkerFacts::of(w, verdict, local);
}

HistoryEvent transition(qint64 atMs, HistoryEventKind kind, const QString &field, const QString &from,
    const QString &to, const QString &message = {})
{
    return HistoryEvent{atMs, kind, field, from, to, message};
}

}  // namespace

Q_DECLARE_METATYPE(std::function<void(Worker &)>)

class TestWorkerTransitions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // First sighting: every server fact from unknown (so a history starts with what was there);
    // the verdict and your view from "unknown", their start, only when known.
    void firstSighting()
    {
        Worker w = readyWorker();
        w.stateMessage = u"all good"_s;
        const QList<HistoryEvent> first = WorkerTransitions::between(std::nullopt, facts(w), 1000);
        const QList<HistoryEvent> expected{
            transition(1000, HistoryEventKind::ServerState, {}, {}, u"ready"_s, u"all good"_s),
            transition(1000, HistoryEventKind::Maintenance, {}, {}, u"off"_s),
            transition(1000, HistoryEventKind::Address, u"ip"_s, {}, u"10.0.0.7"_s),
            transition(1000, HistoryEventKind::Address, u"advertise_address"_s, {}, {}),
            transition(1000, HistoryEventKind::Address, u"hostname"_s, {}, u"gpu-7.lab"_s),
            transition(1000, HistoryEventKind::Address, u"port"_s, {}, u"10150"_s),
            transition(1000, HistoryEventKind::LocalState, {}, u"unknown"_s, u"up"_s),
            transition(1000, HistoryEventKind::Verdict, {}, u"unknown"_s, u"agree_up"_s),
        };
        QCOMPARE(first, expected);

        // Parallax's own views not known yet: no transition of theirs.
        const QList<HistoryEvent> unjudged =
            WorkerTransitions::between(std::nullopt, facts(w, Verdict::Unknown, LocalState::Unknown), 1000);
        QCOMPARE(unjudged.size(), 6);
        for (const HistoryEvent &e : unjudged)
            QVERIFY(e.kind != HistoryEventKind::Verdict && e.kind != HistoryEventKind::LocalState);

        // The detector: the first observation of a worker is its first sighting.
        WorkerTransitions detector;
        QCOMPARE(detector.observe(w.id, facts(w), 1000), expected);
    }

    void noChange()
    {
        Worker w = readyWorker();
        WorkerTransitions detector;
        detector.observe(w.id, facts(w), 1000);
        QVERIFY(detector.observe(w.id, facts(w), 2000).isEmpty());
        // A message, a heartbeat or the name is not a transition by itself.
        w.stateMessage = u"still fine"_s;
        w.maintenanceMessage = u"a note"_s;
        w.heartbeatTime = QDateTime::fromMSecsSinceEpoch(2500, Qt::UTC);
        w.name = u"renamed"_s;
        QVERIFY(detector.observe(w.id, facts(w), 3000).isEmpty());
    }

    void eachKind_data()
    {
        QTest::addColumn<std::function<void(Worker &)>>("change");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("message");
        using Change = std::function<void(Worker &)>;
        QTest::newRow("server state") << Change([](Worker &w) {
            w.state = WorkerState::Unreachable;
            w.stateText = u"unreachable"_s;
            w.stateMessage = u"Server cannot access the worker"_s;
        }) << int(HistoryEventKind::ServerState)
                                      << QString() << u"ready"_s << u"unreachable"_s
                                      << u"Server cannot access the worker"_s;
        QTest::newRow("unknown state keeps GPUStack's spelling") << Change([](Worker &w) {
            w.state = WorkerState::Other;
            w.stateText = u"draining"_s;
        }) << int(HistoryEventKind::ServerState) << QString() << u"ready"_s
                                                                 << u"draining"_s << QString();
        QTest::newRow("unknown state without text") << Change([](Worker &w) {
            w.state = WorkerState::Other;
            w.stateText.clear();
        }) << int(HistoryEventKind::ServerState) << QString()
                                                    << u"ready"_s << u"other"_s << QString();
        QTest::newRow("maintenance") << Change([](Worker &w) {
            w.maintenanceEnabled = true;
            w.maintenanceMessage = u"driver upgrade"_s;
        }) << int(HistoryEventKind::Maintenance)
                                     << QString() << u"off"_s << u"on"_s << u"driver upgrade"_s;
        QTest::newRow("ip") << Change([](Worker &w) { w.ip = u"172.17.0.2"_s; }) << int(HistoryEventKind::Address)
                            << u"ip"_s << u"10.0.0.7"_s << u"172.17.0.2"_s << QString();
        QTest::newRow("advertise_address")
            << Change([](Worker &w) { w.advertiseAddress = u"10.9.0.7"_s; }) << int(HistoryEventKind::Address)
            << u"advertise_address"_s << QString() << u"10.9.0.7"_s << QString();
        QTest::newRow("hostname") << Change([](Worker &w) { w.hostname = u"gpu-7b.lab"_s; })
                                  << int(HistoryEventKind::Address) << u"hostname"_s << u"gpu-7.lab"_s
                                  << u"gpu-7b.lab"_s << QString();
        QTest::newRow("port") << Change([](Worker &w) { w.port = 10160; }) << int(HistoryEventKind::Address)
                              << u"port"_s << u"10150"_s << u"10160"_s << QString();
    }

    // Each kind of fact, one at a time: exactly one transition, with what it was and is.
    void eachKind()
    {
        QFETCH(std::function<void(Worker &)>, change);
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, message);
        Worker w = readyWorker();
        WorkerTransitions detector;
        detector.observe(w.id, facts(w), 1000);
        change(w);
        const QList<HistoryEvent> moved = detector.observe(w.id, facts(w), 2000);
        QCOMPARE(moved, (QList<HistoryEvent>{transition(2000, HistoryEventKind(kind), field, from, to, message)}));
    }

    void yourViewAndVerdict()
    {
        const Worker w = readyWorker();
        WorkerTransitions detector;
        detector.observe(w.id, facts(w), 1000);
        QCOMPARE(detector.observe(w.id, facts(w, Verdict::AgreeUp, LocalState::Down), 2000),
            (QList<HistoryEvent>{transition(2000, HistoryEventKind::LocalState, {}, u"up"_s, u"down"_s)}));
        QCOMPARE(detector.observe(w.id, facts(w, Verdict::SplitLocalDown, LocalState::Down), 3000),
            (QList<HistoryEvent>{
                transition(3000, HistoryEventKind::Verdict, {}, u"agree_up"_s, u"split_local_down"_s)}));
    }

    // A change and back are two transitions: nothing is smoothed away.
    void changeAndBack()
    {
        Worker w = readyWorker();
        WorkerTransitions detector;
        detector.observe(w.id, facts(w), 1000);
        w.state = WorkerState::Unreachable;
        QCOMPARE(detector.observe(w.id, facts(w), 2000).size(), 1);
        w.state = WorkerState::Ready;
        const QList<HistoryEvent> back = detector.observe(w.id, facts(w), 3000);
        QCOMPARE(back,
            (QList<HistoryEvent>{transition(3000, HistoryEventKind::ServerState, {}, u"unreachable"_s, u"ready"_s)}));
    }

    // Workers are apart; a forgotten one is seen for the first time again.
    void perWorkerAndForget()
    {
        Worker a = readyWorker();
        Worker b = readyWorker();
        b.id = 8;
        WorkerTransitions detector;
        detector.observe(a.id, facts(a), 1000);
        QCOMPARE(detector.observe(b.id, facts(b), 1000).size(), 8);  // b's own first sighting
        QVERIFY(detector.observe(a.id, facts(a), 2000).isEmpty());
        detector.forget(a.id);
        const QList<HistoryEvent> again = detector.observe(a.id, facts(a), 3000);
        QCOMPARE(again, WorkerTransitions::between(std::nullopt, facts(a), 3000));
    }

    // After a restart the stored history resumes: the same value is no transition, an unknown
    // `from` is the value stored last, a known one stays.
    void resumeStored()
    {
        const HistoryEvent firstSight = transition(5000, HistoryEventKind::ServerState, {}, {}, u"ready"_s);
        const auto resumed = [](const HistoryEvent &e, const std::optional<QString> &stored) {
            return WorkerTransitions::resumeStored(e, stored);
        };
        QCOMPARE(resumed(firstSight, std::nullopt).value_or(HistoryEvent{}), firstSight);  // nothing stored yet
        QVERIFY(!resumed(firstSight, u"ready"_s));  // the stored state continues
        HistoryEvent fromStored = firstSight;
        fromStored.from = u"unreachable"_s;
        QCOMPARE(resumed(firstSight, u"unreachable"_s).value_or(HistoryEvent{}), fromStored);
        const HistoryEvent known = transition(5000, HistoryEventKind::Verdict, {}, u"unknown"_s, u"agree_up"_s);
        QCOMPARE(resumed(known, u"agree_down"_s).value_or(HistoryEvent{}), known);
        QVERIFY(!resumed(known, u"agree_up"_s));
    }

    // What a timeline marks: address and maintenance changes, not what a first sighting found.
    void marksTimeline()
    {
        QVERIFY(
            !WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Address, u"ip"_s, {}, u"10.0.0.7"_s)));
        QVERIFY(WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Address, u"ip"_s, u"a"_s, u"b"_s)));
        QVERIFY(!WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Maintenance, {}, {}, u"off"_s)));
        QVERIFY(WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Maintenance, {}, {}, u"on"_s)));
        QVERIFY(WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Maintenance, {}, u"on"_s, u"off"_s)));
        QVERIFY(!WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::ServerState, {}, u"a"_s, u"b"_s)));
        QVERIFY(!WorkerTransitions::marksTimeline(transition(1, HistoryEventKind::Verdict, {}, u"a"_s, u"b"_s)));
    }
};

QTEST_GUILESS_MAIN(TestWorkerTransitions)
#include "tst_workertransitions.moc"

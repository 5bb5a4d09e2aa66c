#include "gpustack/serverversion.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// One reading of a GPUStack version, over the strings real servers send (ref/gpustack-api.md:
// GET /version answers "v2.2.3"; v0.x releases "0.7.1"; release candidates "2.1.0rc1";
// development builds "v0.0.0") and strings that are not versions.
class TestServerVersion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("known");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<int>("patch");
        QTest::addColumn<bool>("preRelease");
        QTest::newRow("v2.2.3") << u"v2.2.3"_s << true << 2 << 2 << 3 << false;
        QTest::newRow("v2.2.1") << u"v2.2.1"_s << true << 2 << 2 << 1 << false;
        QTest::newRow("v2.0.2") << u"v2.0.2"_s << true << 2 << 0 << 2 << false;
        QTest::newRow("0.7.1") << u"0.7.1"_s << true << 0 << 7 << 1 << false;
        QTest::newRow("v0.5.1") << u"v0.5.1"_s << true << 0 << 5 << 1 << false;
        QTest::newRow("2.1.0rc1") << u"2.1.0rc1"_s << true << 2 << 1 << 0 << true;
        QTest::newRow("v2.1.0-rc.2") << u"v2.1.0-rc.2"_s << true << 2 << 1 << 0 << true;
        QTest::newRow("0.6.0.dev3") << u"0.6.0.dev3"_s << true << 0 << 6 << 0 << true;
        QTest::newRow("2.2.3+local") << u"2.2.3+cu124"_s << true << 2 << 2 << 3 << false;
        QTest::newRow("two numbers") << u"v2.2"_s << true << 2 << 2 << 0 << false;
        QTest::newRow("spaces") << u"  v2.2.3\n"_s << true << 2 << 2 << 3 << false;
        QTest::newRow("dev build v0.0.0") << u"v0.0.0"_s << false << -1 << -1 << -1 << false;
        QTest::newRow("dev") << u"dev"_s << false << -1 << -1 << -1 << false;
        QTest::newRow("empty") << QString() << false << -1 << -1 << -1 << false;
        QTest::newRow("main") << u"main"_s << false << -1 << -1 << -1 << false;
        QTest::newRow("one number") << u"2"_s << false << -1 << -1 << -1 << false;
        QTest::newRow("letters glued") << u"2.1x"_s << false << -1 << -1 << -1 << false;
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(bool, known);
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(int, patch);
        QFETCH(bool, preRelease);
        const ServerVersion v(text);
        QCOMPARE(v.isKnown(), known);
        QCOMPARE(v.major(), major);
        QCOMPARE(v.minor(), minor);
        QCOMPARE(v.patch(), patch);
        QCOMPARE(v.isPreRelease(), preRelease);
        QCOMPARE(v.text(), text.trimmed());
    }

    // The facts Parallax keys on: X-API-Key from 2.2.0, auto check mode from 2.1.0, the check
    // of advertise_address and CIDR NO_PROXY from 2.0.2, server-clock heartbeats from 1.0.
    void atLeast_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<int>("patch");
        QTest::addColumn<bool>("expected");
        QTest::newRow("2.2.3 ≥ 2.2") << u"v2.2.3"_s << 2 << 2 << 0 << true;
        QTest::newRow("2.1.0 < 2.2") << u"v2.1.0"_s << 2 << 2 << 0 << false;
        QTest::newRow("2.1.0 ≥ 2.1") << u"v2.1.0"_s << 2 << 1 << 0 << true;
        QTest::newRow("2.1.0rc1 ≥ 2.1") << u"2.1.0rc1"_s << 2 << 1 << 0 << true;
        QTest::newRow("2.2.3rc1 ≥ 2.1") << u"2.2.3rc1"_s << 2 << 1 << 0 << true;
        QTest::newRow("2.0.1 < 2.0.2") << u"v2.0.1"_s << 2 << 0 << 2 << false;
        QTest::newRow("2.0.2 ≥ 2.0.2") << u"v2.0.2"_s << 2 << 0 << 2 << true;
        QTest::newRow("0.7.1 < 2.0.2") << u"v0.7.1"_s << 2 << 0 << 2 << false;
        QTest::newRow("0.7.1 < 1.0") << u"0.7.1"_s << 1 << 0 << 0 << false;
        QTest::newRow("0.7.1 ≥ 0.7.1") << u"0.7.1"_s << 0 << 7 << 1 << true;
        QTest::newRow("0.6.0 < 0.7.1") << u"v0.6.0"_s << 0 << 7 << 1 << false;
        QTest::newRow("10.0 ≥ 2.2") << u"10.0.0"_s << 2 << 2 << 0 << true;
        // An unknown version is taken as the newest (a development build is current code).
        QTest::newRow("dev ≥ 2.2") << u"dev"_s << 2 << 2 << 0 << true;
        QTest::newRow("v0.0.0 ≥ 1.0") << u"v0.0.0"_s << 1 << 0 << 0 << true;
        QTest::newRow("empty ≥ 2.0.2") << QString() << 2 << 0 << 2 << true;
    }

    void atLeast()
    {
        QFETCH(QString, text);
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(int, patch);
        QFETCH(bool, expected);
        QCOMPARE(ServerVersion(text).atLeast(major, minor, patch), expected);
    }

    void orders()
    {
        const ServerVersion v071(u"0.7.1"_s), v200(u"v2.0.0"_s), rc(u"2.1.0rc1"_s), v210(u"v2.1.0"_s),
            v223(u"v2.2.3"_s), dev(u"dev"_s), zero(u"v0.0.0"_s);
        QVERIFY(v071 < v200);
        QVERIFY(v200 < rc);
        QVERIFY(rc < v210);  // a pre-release comes before its release
        QVERIFY(v210 < v223);
        QVERIFY(v223 < dev);  // unknown sorts last: taken as the newest
        QVERIFY(dev == zero);
        QVERIFY(ServerVersion(u"2.2.3"_s) == v223);  // the "v" is spelling only
        QVERIFY(v223 != v210);
    }
};

QTEST_GUILESS_MAIN(TestServerVersion)
#include "tst_serverversion.moc"

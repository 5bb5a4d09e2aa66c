#include "mainwindow.h"

#include <QLabel>
#include <QTest>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsEmptyStateWhenNothingIsConnected()
    {
        parallax::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *empty = w.findChild<QLabel *>(u"emptyState"_s);
        QVERIFY(empty);
        QVERIFY(empty->isVisible());
        QVERIFY(!empty->text().isEmpty());
        QCOMPARE(w.windowTitle(), u"Parallax"_s);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

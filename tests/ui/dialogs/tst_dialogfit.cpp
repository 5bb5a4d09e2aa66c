// Every dialog fits a laptop at 200 % (1920x1080 scaled: 960x540 device-independent pixels) in
// English and in Chinese, with no text cut by its container: what a person reads is whole.
#include "base/translations.h"
#include "dialogs/connectdialog.h"
#include "dialogs/exportdialog.h"
#include "dialogs/probesettingsdialog.h"
#include "dialogs/settingsdialog.h"
#include "dialogs/shortcutsdialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QScreen>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace parallax;

namespace {

// The screen the test runs on (CMakeLists.txt): 1920x1080 at 200 %.
constexpr QSize kLaptopAt200{960, 540};

// Whether `w` lies wholly inside `window`.
bool inside(const QWidget *w, const QWidget *window)
{
    const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
    return window->rect().contains(r);
}

QStringList cutTexts(QWidget *dialog)
{
    QStringList out;
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(dialog) || label->text().isEmpty() || !label->pixmap().isNull())
            continue;
        if (label->wordWrap()) {
            if (label->height() < label->heightForWidth(label->width()))
                out << u"label \"%1\" is %2 px high for %3 px of text"_s.arg(label->text().left(40),
                    QString::number(label->height()), QString::number(label->heightForWidth(label->width())));
        } else if (label->width() < label->sizeHint().width()) {
            out << u"label \"%1\" is %2 px wide for %3 px of text"_s.arg(
                label->text().left(40), QString::number(label->width()), QString::number(label->sizeHint().width()));
        }
    }
    for (QAbstractButton *button : dialog->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(dialog) || button->text().isEmpty())
            continue;
        if (button->width() < button->sizeHint().width())
            out << u"button \"%1\" is %2 px wide for %3 px"_s.arg(
                button->text(), QString::number(button->width()), QString::number(button->sizeHint().width()));
        // Inside the dialog, or inside the part of a scroll area one can scroll to.
        const QWidget *container = button->window();
        for (QWidget *up = button->parentWidget(); up; up = up->parentWidget()) {
            if (auto *scroll = qobject_cast<QScrollArea *>(up)) {
                container = scroll->widget();
                break;
            }
        }
        if (!inside(button, container))
            out << u"button \"%1\" lies outside %2"_s.arg(button->text(), container->objectName());
    }
    for (QComboBox *combo : dialog->findChildren<QComboBox *>()) {
        if (!combo->isVisibleTo(dialog))
            continue;
        if (combo->width() < combo->minimumSizeHint().width())
            out << u"choice \"%1\" is %2 px wide for %3 px"_s.arg(combo->currentText(), QString::number(combo->width()),
                QString::number(combo->minimumSizeHint().width()));
    }
    return out;
}

}  // namespace

class TestDialogFit : public QObject {
    Q_OBJECT
private:
    using Factory = std::function<std::unique_ptr<QDialog>()>;
    QList<QAction *> m_actions;
    QMenu m_menu;

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::primaryScreen()->availableGeometry().size(), kLaptopAt200);
        QCOMPARE(QGuiApplication::primaryScreen()->devicePixelRatio(), 2.0);
        QStandardPaths::setTestModeEnabled(true);
        for (const char *text : {"&Connect to a server…", "&Export table…", "&Probe settings for this cluster…",
                 "&Next worker in trouble", "Previous cl&uster", "&Troubleshoot…"})
            m_actions.append(m_menu.addAction(QString::fromUtf8(text)));
        m_actions.constFirst()->setShortcut(QKeySequence(u"Ctrl+N"_s));
    }

    void dialogsFitALaptopAt200Percent_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("dialog");
        for (const QString &language : {u"en"_s, u"zh_CN"_s}) {
            for (const QString &dialog :
                {u"connect"_s, u"settings"_s, u"probe settings"_s, u"export"_s, u"shortcuts"_s})
                QTest::addRow("%s %s", qPrintable(language), qPrintable(dialog)) << language << dialog;
        }
    }
    void dialogsFitALaptopAt200Percent()
    {
        QFETCH(QString, language);
        QFETCH(QString, dialog);
        installTranslations(*qApp, language == u"zh_CN"_s ? Language::SimplifiedChinese : Language::English);
        std::unique_ptr<QDialog> d;
        if (dialog == u"connect"_s)
            d = std::make_unique<ConnectDialog>();
        else if (dialog == u"settings"_s)
            d = std::make_unique<SettingsDialog>(Preferences{});
        else if (dialog == u"probe settings"_s)
            d = std::make_unique<ProbeSettingsDialog>(u"prod"_s, ProbeTuning{}, std::nullopt);
        else if (dialog == u"export"_s)
            d = std::make_unique<ExportDialog>(ExportChoice{}, true, u"parallax-prod-20261128-0310"_s);
        else
            d = std::make_unique<ShortcutsDialog>(m_actions);
        // What a window manager does on a 960x540 screen: the dialog's own size, within it.
        QVERIFY2(d->minimumSizeHint().width() <= kLaptopAt200.width()
                && d->minimumSizeHint().height() <= kLaptopAt200.height(),
            qPrintable(u"needs at least %1x%2"_s.arg(d->minimumSizeHint().width()).arg(d->minimumSizeHint().height())));
        d->resize(d->size().boundedTo(kLaptopAt200).expandedTo(d->minimumSizeHint()));
        d->show();
        QVERIFY(QTest::qWaitForWindowExposed(d.get()));
        d->resize(d->size().boundedTo(kLaptopAt200));
        QTest::qWait(20);
        QVERIFY2(d->width() <= kLaptopAt200.width() && d->height() <= kLaptopAt200.height(),
            qPrintable(u"%1x%2"_s.arg(d->width()).arg(d->height())));
        const QStringList cut = cutTexts(d.get());
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(u"; "_s)));
    }

    void cleanupTestCase() { installTranslations(*qApp, Language::English); }
};

QTEST_MAIN(TestDialogFit)
#include "tst_dialogfit.moc"

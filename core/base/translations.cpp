#include "translations.h"

#include "logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace parallax {

Language languageFromId(const QString &id)
{
    if (id == u"en"_s)
        return Language::English;
    if (id == u"zh_CN"_s)
        return Language::SimplifiedChinese;
    return Language::System;
}

QString languageId(Language language)
{
    switch (language) {
    case Language::English: return u"en"_s;
    case Language::SimplifiedChinese: return u"zh_CN"_s;
    case Language::System: break;
    }
    return u"system"_s;
}

QLocale installTranslations(QCoreApplication &app, Language language)
{
    QLocale locale;
    switch (language) {
    case Language::English: locale = QLocale(QLocale::English, QLocale::UnitedStates); break;
    case Language::SimplifiedChinese:
        locale = QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China);
        break;
    case Language::System: locale = QLocale::system(); break;
    }
    QLocale::setDefault(locale);

    // The translators are children of the application and live as long as it does.
    // English plural forms ("1 worker" / "2 workers") under every language; a translator
    // installed later is asked first, so the chosen language wins where it has an entry.
    auto *plurals = new QTranslator(&app);
    if (plurals->load(u":/i18n/parallax_en.qm"_s))
        app.installTranslator(plurals);
    else
        delete plurals;
    auto *own = new QTranslator(&app);
    if (own->load(locale, u"parallax"_s, u"_"_s, u":/i18n"_s))
        app.installTranslator(own);
    else
        delete own;

    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    else
        delete qt;

    qCDebug(lcApp) << "language" << languageId(language) << "locale" << locale.name();
    return locale;
}

}  // namespace parallax

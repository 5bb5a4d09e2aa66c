#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace parallax {

// The languages Parallax ships. "system" follows the OS locale.
enum class Language { System, English, SimplifiedChinese };

Language languageFromId(const QString &id);  // "system" | "en" | "zh_CN"
QString languageId(Language language);

// Installs Parallax's (and Qt's own) translators on the application for the language,
// returning the locale in effect. Safe to call once at start-up.
QLocale installTranslations(QCoreApplication &app, Language language);

}  // namespace parallax

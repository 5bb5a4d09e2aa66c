#pragma once

#include <QString>

// True when the text holds a CJK ideograph: a Chinese translation reached the user.
inline bool hasChinese(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    }
    return false;
}

#pragma once

// Small helpers every part of the history database uses with its SQL.

#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>

namespace parallax::historysql {

constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 3'600'000;

// The start of the `widthMs` bucket holding `t` (negative times round down too).
constexpr qint64 bucketStart(qint64 t, qint64 widthMs)
{
    return t - ((t % widthMs) + widthMs) % widthMs;
}

// Binds every placeholder by position: a statement whose earlier binding was abandoned
// (the row before it failed) can never carry those values into this one.
inline void bindAll(QSqlQuery &q, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        q.bindValue(i++, value);
}

}  // namespace parallax::historysql

#pragma once

// The subset of JSON Schema (draft 2020-12) that docs/report-schema.json uses: type, required,
// properties, additionalProperties, items, enum — plus annotations. Any other keyword is
// reported as an error, so the schema cannot quietly grow a rule that is not being checked.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace jsonschemacheck {

using namespace Qt::StringLiterals;

inline bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == u"object"_s)
        return v.isObject();
    if (type == u"array"_s)
        return v.isArray();
    if (type == u"string"_s)
        return v.isString();
    if (type == u"boolean"_s)
        return v.isBool();
    if (type == u"null"_s)
        return v.isNull();
    if (type == u"number"_s)
        return v.isDouble();
    if (type == u"integer"_s)
        return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
    return false;
}

// Appends one line per violation ("$.workers[3].verdict: … ") to `errors`.
inline void validate(const QJsonValue &value, const QJsonObject &schema, const QString &path, QStringList &errors)
{
    static const QStringList known = {u"$schema"_s, u"$id"_s, u"title"_s, u"description"_s, u"type"_s, u"required"_s,
        u"properties"_s, u"additionalProperties"_s, u"items"_s, u"enum"_s};
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (!known.contains(it.key()))
            errors.append(u"%1: schema keyword '%2' is not supported by this validator"_s.arg(path, it.key()));
    }
    if (schema.contains(u"type"_s)) {
        const QJsonValue t = schema.value(u"type"_s);
        QStringList types;
        if (t.isArray()) {
            for (const QJsonValue &x : t.toArray())
                types.append(x.toString());
        } else {
            types.append(t.toString());
        }
        bool any = false;
        for (const QString &type : types)
            any = any || hasType(value, type);
        if (!any) {
            errors.append(u"%1: expected %2"_s.arg(path, types.join(u'|')));
            return;
        }
    }
    if (schema.contains(u"enum"_s) && !schema.value(u"enum"_s).toArray().contains(value))
        errors.append(
            u"%1: value %2 is not in the enum"_s.arg(path, value.isString() ? value.toString() : u"(non-string)"_s));
    if (value.isObject()) {
        const QJsonObject obj = value.toObject();
        for (const QJsonValue &r : schema.value(u"required"_s).toArray()) {
            if (!obj.contains(r.toString()))
                errors.append(u"%1: missing required '%2'"_s.arg(path, r.toString()));
        }
        const QJsonObject props = schema.value(u"properties"_s).toObject();
        const QJsonValue additional = schema.value(u"additionalProperties"_s);
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            const QString sub = path + u'.' + it.key();
            if (props.contains(it.key()))
                validate(it.value(), props.value(it.key()).toObject(), sub, errors);
            else if (additional.isBool() && !additional.toBool())
                errors.append(u"%1: property not allowed by the schema"_s.arg(sub));
            else if (additional.isObject())
                validate(it.value(), additional.toObject(), sub, errors);
        }
    }
    if (value.isArray() && schema.contains(u"items"_s)) {
        const QJsonArray arr = value.toArray();
        const QJsonObject items = schema.value(u"items"_s).toObject();
        for (qsizetype i = 0; i < arr.size(); ++i)
            validate(arr.at(i), items, u"%1[%2]"_s.arg(path).arg(i), errors);
    }
}

inline QStringList validate(const QJsonValue &value, const QJsonObject &schema)
{
    QStringList errors;
    validate(value, schema, u"$"_s, errors);
    return errors;
}

}  // namespace jsonschemacheck

#include "profilestore.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

// A save killed between writing its temporary file and renaming it over the real one leaves
// the temporary file behind (QSaveFile names it "<file>.XXXXXX"). One this old is abandoned;
// a younger one may be another Parallax saving right now.
constexpr qint64 kAbandonedSaveAgeSecs = 600;

void removeAbandonedSaves(const QString &path)
{
    const QFileInfo info(path);
    const QRegularExpression temporary(
        QRegularExpression::anchoredPattern(QRegularExpression::escape(info.fileName()) + u"\\.[A-Za-z0-9]{6}"_s));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QFileInfoList candidates =
        info.absoluteDir().entryInfoList({info.fileName() + u".*"_s}, QDir::Files | QDir::Hidden);
    for (const QFileInfo &f : candidates) {
        if (temporary.match(f.fileName()).hasMatch() && f.lastModified().secsTo(now) > kAbandonedSaveAgeSecs) {
            qCDebug(lcSettings) << "removing an abandoned save" << f.fileName();
            QFile::remove(f.absoluteFilePath());
        }
    }
}

}  // namespace

ProfileStore::ProfileStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_path(filePath)
{
}

QString ProfileStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/profiles.json"_s;
}

std::optional<ServerProfile> ProfileStore::profile(const QString &id) const
{
    for (const ServerProfile &p : m_profiles) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

void ProfileStore::upsert(const ServerProfile &profile)
{
    for (ServerProfile &p : m_profiles) {
        if (p.id == profile.id) {
            p = profile;
            Q_EMIT changed();
            return;
        }
    }
    m_profiles.append(profile);
    Q_EMIT changed();
}

bool ProfileStore::remove(const QString &id)
{
    const qsizetype before = m_profiles.size();
    m_profiles.removeIf([&id](const ServerProfile &p) { return p.id == id; });
    m_open.removeAll(id);
    if (m_profiles.size() == before)
        return false;
    Q_EMIT changed();
    return true;
}

void ProfileStore::setOpenProfileIds(const QStringList &ids)
{
    m_open = ids;
    Q_EMIT changed();
}

QJsonObject ProfileStore::migrate(QJsonObject root, int fromVersion)
{
    if (fromVersion < 1) {
        // v0 → v1: "open" list added; auth "apikey" renamed "api-key".
        QJsonArray profiles = root.value(u"profiles"_s).toArray();
        for (qsizetype i = 0; i < profiles.size(); ++i) {
            QJsonObject p = profiles.at(i).toObject();
            if (p.value(u"auth"_s).toString() == u"apikey"_s)
                p.insert(u"auth"_s, u"api-key"_s);
            profiles.replace(i, p);
        }
        root.insert(u"profiles"_s, profiles);
        if (!root.contains(u"open"_s))
            root.insert(u"open"_s, QJsonArray());
    }
    root.insert(u"version"_s, CurrentVersion);
    return root;
}

Result<void> ProfileStore::load()
{
    m_profiles.clear();
    m_open.clear();
    removeAbandonedSaves(m_path);
    QFile file(m_path);
    if (!file.exists()) {
        Q_EMIT changed();
        return {};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{ErrorCode::StorageFailure,
            tr("The server profiles in %1 cannot be read: %2.").arg(m_path, file.errorString()), u"open failed"_s};
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        return Error{ErrorCode::StorageFailure,
            tr("The server profiles file %1 is damaged (%2). It was left as it is; move it away to start afresh.")
                .arg(m_path, parseError.errorString()),
            u"profiles.json not a JSON object"_s};
    }
    QJsonObject root = doc.object();
    const int version = root.value(u"version"_s).toInt(0);
    if (version > CurrentVersion) {
        return Error{ErrorCode::StorageFailure,
            tr("The server profiles were saved by a newer Parallax (format %1). Update Parallax to use them.")
                .arg(version),
            u"profiles.json version %1 > %2"_s.arg(version).arg(CurrentVersion)};
    }
    if (version < CurrentVersion)
        root = migrate(root, version);
    for (const QJsonValue &v : root.value(u"profiles"_s).toArray()) {
        Result<ServerProfile> p = profileFromJson(v.toObject());
        if (!p.ok()) {
            qCWarning(lcSettings).noquote() << logSafe(p.error().detail);
            continue;
        }
        m_profiles.append(std::move(p).value());
    }
    for (const QJsonValue &v : root.value(u"open"_s).toArray()) {
        if (profile(v.toString()))
            m_open.append(v.toString());
    }
    Q_EMIT changed();
    return {};
}

Result<void> ProfileStore::save() const
{
    QJsonArray profiles;
    for (const ServerProfile &p : m_profiles)
        profiles.append(profileToJson(p));
    const QJsonObject root{
        {u"version"_s, CurrentVersion}, {u"profiles"_s, profiles}, {u"open"_s, QJsonArray::fromStringList(m_open)}};
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error{ErrorCode::StorageFailure, tr("The folder %1 cannot be created.").arg(info.absolutePath()),
            u"mkpath failed"_s};
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Error{ErrorCode::StorageFailure,
            tr("The server profiles cannot be saved to %1: %2.").arg(m_path, file.errorString()),
            u"QSaveFile open failed"_s};
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The reason is read right after the write: once QSaveFile gives up, commit() only says
    // "Unknown error", and "No space left on device" is what the user needs to hear.
    const QByteArray data = QJsonDocument(root).toJson(QJsonDocument::Indented);
    const bool written = file.write(data) == data.size() && file.flush();
    const QString reason = file.errorString();
    if (!written || !file.commit()) {
        if (written)  // commit() failed on its own (the rename): its reason is the one to show
            return Error{ErrorCode::StorageFailure,
                tr("The server profiles cannot be saved to %1: %2. The previous file is unchanged.")
                    .arg(m_path, file.errorString()),
                u"QSaveFile commit failed"_s};
        file.cancelWriting();
        return Error{ErrorCode::StorageFailure,
            tr("The server profiles cannot be saved to %1: %2. The previous file is unchanged.").arg(m_path, reason),
            u"QSaveFile write failed"_s};
    }
    return {};
}

}  // namespace parallax

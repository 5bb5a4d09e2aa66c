#pragma once

#include "base/result.h"
#include "settings/serverprofile.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

namespace parallax {

// The saved server profiles and which of them are open, as one versioned JSON file
// (written atomically with QSaveFile, so a crash never leaves half a file). No secrets:
// those are in the CredentialStore. The path is injectable; the app uses defaultPath().
//
//   ProfileStore store(ProfileStore::defaultPath());
//   if (auto r = store.load(); !r) show(r.error().message);
//   store.upsert(profile); store.setOpenProfileIds({profile.id}); store.save();
class ProfileStore : public QObject {
    Q_OBJECT
public:
    static constexpr int CurrentVersion = 1;

    explicit ProfileStore(const QString &filePath, QObject *parent = nullptr);

    static QString defaultPath();  // <AppConfigLocation>/profiles.json
    QString filePath() const { return m_path; }

    // A missing file is an empty store, not an error. A damaged file is an error and the
    // store stays empty (the file is left alone so nothing is lost by saving over it blindly).
    Result<void> load();
    Result<void> save() const;

    QList<ServerProfile> profiles() const { return m_profiles; }
    std::optional<ServerProfile> profile(const QString &id) const;
    void upsert(const ServerProfile &profile);  // by id; keeps order, appends new ones
    bool remove(const QString &id);

    // Several profiles may be open at once; the app restores them on start.
    QStringList openProfileIds() const { return m_open; }
    void setOpenProfileIds(const QStringList &ids);

    // Upgrades an older file's root object to CurrentVersion. Version 0 was a bare
    // {"profiles":[…]} without "version" and without "open".
    static QJsonObject migrate(QJsonObject root, int fromVersion);

Q_SIGNALS:
    void changed();

private:
    QString m_path;
    QList<ServerProfile> m_profiles;
    QStringList m_open;
};

}  // namespace parallax

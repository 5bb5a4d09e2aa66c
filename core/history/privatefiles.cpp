#include "history/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace parallax {

bool makePrivatePath(const QString &dirPath)
{
    QString path = QDir::cleanPath(QFileInfo(dirPath).absoluteFilePath());
    QStringList missing;
    while (!QFileInfo::exists(path)) {
        missing.prepend(path);
        const QString parent = QFileInfo(path).path();
        if (parent == path)
            break;
        path = parent;
    }
    for (const QString &folder : std::as_const(missing)) {
        if (!QDir().mkdir(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner) && !QFileInfo(folder).isDir())
            return false;
    }
    return QFileInfo(dirPath).isDir();
}

void makePrivateFile(const QString &path, bool create)
{
#ifdef Q_OS_UNIX
    if (create) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }
#else
    if (create && !QFileInfo::exists(path)) {
        QFile file(path);
        file.open(QIODevice::ReadWrite);
    }
#endif
    if (QFileInfo::exists(path))
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

}  // namespace parallax

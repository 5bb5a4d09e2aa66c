#include "processmeter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

// Qt's hook table (QtCore/private/qhooks_p.h): exported for debugging tools. Indexes 3 and 4
// are called from every QObject constructor and destructor.
QT_BEGIN_NAMESPACE
extern Q_CORE_EXPORT quintptr qtHookData[];
QT_END_NAMESPACE

namespace {

constexpr int kAddQObject = 3;
constexpr int kRemoveQObject = 4;
using ObjectCallback = void (*)(QObject *);

std::mutex g_mutex;
std::unordered_map<QObject *, std::thread::id> *g_live = nullptr;
ObjectCallback g_previousAdd = nullptr;
ObjectCallback g_previousRemove = nullptr;
std::thread::id g_mainThread;

void onAdd(QObject *object)
{
    {
        std::lock_guard lock(g_mutex);
        g_live->emplace(object, std::this_thread::get_id());
    }
    if (g_previousAdd)
        g_previousAdd(object);
}

void onRemove(QObject *object)
{
    {
        std::lock_guard lock(g_mutex);
        g_live->erase(object);
    }
    if (g_previousRemove)
        g_previousRemove(object);
}

qint64 statusKiB(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

}  // namespace

namespace processmeter {

void installObjectHooks()
{
    g_live = new std::unordered_map<QObject *, std::thread::id>;  // lives as long as the process
    g_mainThread = std::this_thread::get_id();
    g_previousAdd = reinterpret_cast<ObjectCallback>(qtHookData[kAddQObject]);
    g_previousRemove = reinterpret_cast<ObjectCallback>(qtHookData[kRemoveQObject]);
    qtHookData[kAddQObject] = reinterpret_cast<quintptr>(&onAdd);
    qtHookData[kRemoveQObject] = reinterpret_cast<quintptr>(&onRemove);
}

ProcessSample sample()
{
    ProcessSample s;
    s.rssKiB = statusKiB(QStringLiteral("/proc/self/status"));
    s.fds =
        int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size())
        - 1;  // minus the listing's own
    if (!g_live)
        return s;
    std::lock_guard lock(g_mutex);
    s.objects = qint64(g_live->size());
    // Only objects created on and living in this (the main) thread are looked into: the
    // others could be mid-destruction on their own thread.
    QThread *main = QCoreApplication::instance() ? QCoreApplication::instance()->thread() : nullptr;
    for (const auto &[object, creator] : *g_live) {
        if (creator != g_mainThread || object->thread() != main)
            continue;
        if (const auto *timer = qobject_cast<const QTimer *>(object)) {
            ++s.timers;
            if (timer->isActive())
                ++s.activeTimers;
        } else if (std::strcmp(object->metaObject()->className(), "QSingleShotTimer") == 0) {
            ++s.singleShots;
        }
    }
    return s;
}

qint64 rssKiB(qint64 pid)
{
    return statusKiB(QStringLiteral("/proc/%1/status").arg(pid));
}

}  // namespace processmeter

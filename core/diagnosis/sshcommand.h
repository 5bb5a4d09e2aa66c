#pragma once

#include "base/result.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

class QProcess;
class QTimer;

namespace parallax {

// Where to run a worker-side wizard command. Values come from the user or the server:
// validated, never passed where ssh would read them as options.
struct SshTarget {
    QString host;
    QString user;  // empty = ssh's configured default
    int port = 0;  // 0 = ssh's configured default
};

struct SshOutcome {
    bool ok = false;  // ssh ran the command (whatever the command's own exit code)
    int exitCode = -1;  // the remote command's exit code
    QString output;  // stdout and stderr merged (what the paste parsers expect), capped
    Error error;  // when !ok: ssh missing, could not connect / authenticate, timeout
};

// Runs one command on a worker with the user's own ssh client and configuration (optional:
// only when `ssh` is on the PATH). BatchMode=yes makes ssh fail instead of prompting, so
// Parallax never sees or stores a password or key; host keys are checked as the user's
// ssh_config says. Asynchronous: finished() is emitted once per start().
class SshCommand : public QObject {
    Q_OBJECT
public:
    explicit SshCommand(QObject *parent = nullptr);
    ~SshCommand() override;

    // The ssh executable on the PATH, or empty.
    static QString findSsh();
    // ssh's argument vector for a command (exposed for tests): options, "--", destination, command.
    static Result<QStringList> arguments(const SshTarget &target, const QString &command, int connectTimeoutS = 10);

    void setProgram(const QString &program) { m_program = program; }  // tests: a stand-in ssh
    QString program() const { return m_program; }
    bool isAvailable() const { return !m_program.isEmpty(); }
    bool isRunning() const;

    void start(const SshTarget &target, const QString &command, int timeoutMs = 30'000);
    void cancel();

Q_SIGNALS:
    void finished(const parallax::SshOutcome &outcome);

private:
    void finish(SshOutcome outcome);

    QString m_program;
    QProcess *m_process = nullptr;
    QTimer *m_timer = nullptr;
    QByteArray m_output;
    bool m_timedOut = false;
};

}  // namespace parallax

Q_DECLARE_METATYPE(parallax::SshOutcome)

#include "sshcommand.h"

#include "base/logging.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {

constexpr qsizetype kMaxOutput = 256 * 1024;

const QStringList kNoForwarding{u"-a"_s, u"-x"_s, u"-o"_s, u"ClearAllForwardings=yes"_s, u"-o"_s, u"ForwardAgent=no"_s,
    u"-o"_s, u"PermitLocalCommand=no"_s};

Error error(ErrorCode code, const QString &message, const QString &detail = {})
{
    return Error{code, message, detail};
}

}  // namespace

SshCommand::SshCommand(QObject *parent)
    : QObject(parent)
    , m_program(findSsh())
{
}

SshCommand::~SshCommand()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();  // QProcess's destructor reaps it
    }
}

QString SshCommand::findSsh()
{
    return QStandardPaths::findExecutable(u"ssh"_s);
}

Result<QStringList> SshCommand::arguments(const SshTarget &target, const QString &command, int connectTimeoutS)
{
    // A host or user starting with '-' would be read as an option; whitespace, '@' in the
    // user and control characters have no business there either.
    static const QRegularExpression host(uR"re(^[A-Za-z0-9_.:\[\]%\-]+$)re"_s);
    static const QRegularExpression user(uR"re(^[A-Za-z0-9_.\-]+$)re"_s);
    if (target.host.isEmpty() || target.host.startsWith(u'-') || !host.match(target.host).hasMatch())
        return error(
            ErrorCode::InvalidArgument, tr("\"%1\" is not a host name or address ssh can be given.").arg(target.host));
    if (!target.user.isEmpty() && (target.user.startsWith(u'-') || !user.match(target.user).hasMatch()))
        return error(ErrorCode::InvalidArgument, tr("\"%1\" is not a user name ssh can be given.").arg(target.user));
    if (command.trimmed().isEmpty())
        return error(ErrorCode::InvalidArgument, tr("There is no command to run."));
    QStringList args{u"-o"_s, u"BatchMode=yes"_s, u"-o"_s, u"ConnectTimeout=%1"_s.arg(connectTimeoutS), u"-T"_s};
    // The destination may be a name the GPUStack server sent: whatever the user's ssh_config
    // says for it, nothing of this machine is forwarded there (agent, X11, ports) and no local
    // command runs on connecting. Command-line options win over ssh_config.
    args << kNoForwarding;
    if (target.port > 0)
        args << u"-p"_s << QString::number(target.port);
    if (!target.user.isEmpty())
        args << u"-l"_s << target.user;
    QString dest = target.host;
    if (dest.startsWith(u'[') && dest.endsWith(u']'))
        dest = dest.mid(1, dest.size() - 2);
    args << u"--"_s << dest << command;
    return args;
}

bool SshCommand::isRunning() const
{
    return m_process != nullptr;
}

void SshCommand::start(const SshTarget &target, const QString &command, int timeoutMs)
{
    if (m_process) {
        QTimer::singleShot(0, this, [this] {
            finish({false, -1, {}, error(ErrorCode::InvalidArgument, tr("A command is already running over ssh."))});
        });
        return;
    }
    const auto args = arguments(target, command);
    if (!args.ok() || m_program.isEmpty()) {
        const Error e = !args.ok() ? args.error()
                                   : error(ErrorCode::NotFound,
                                       tr("No ssh client was found on the PATH: run the command on the worker yourself "
                                          "and paste its output."));
        QTimer::singleShot(0, this, [this, e] { finish({false, -1, {}, e}); });
        return;
    }
    m_output.clear();
    m_timedOut = false;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_process)
            m_process->kill();
    });
    connect(m_process, &QProcess::readyRead, this, [this] {
        const QByteArray chunk = m_process->readAll();
        if (m_output.size() < kMaxOutput)
            m_output.append(chunk.left(kMaxOutput - m_output.size()));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(
                {false, -1, {}, error(ErrorCode::NotFound, tr("ssh could not be started."), m_process->errorString())});
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_output.append(m_process->readAll().left(qMax<qsizetype>(0, kMaxOutput - m_output.size())));
        SshOutcome o;
        o.output = QString::fromUtf8(m_output);
        o.exitCode = code;
        if (m_timedOut) {
            o.error = error(ErrorCode::Timeout, tr("The command over ssh did not finish in time."));
        } else if (status != QProcess::NormalExit) {
            o.error = error(ErrorCode::Internal, tr("ssh stopped unexpectedly."));
        } else if (code == 255) {
            // ssh's own failure (the remote command's codes are passed through otherwise).
            const ErrorCode c = o.output.contains(u"Permission denied"_s) ? ErrorCode::Unauthorized
                : o.output.contains(u"Could not resolve hostname"_s)      ? ErrorCode::HostNotFound
                : o.output.contains(u"timed out"_s)                       ? ErrorCode::ConnectionTimedOut
                : o.output.contains(u"Host key verification failed"_s)    ? ErrorCode::TlsFailure
                                                                          : ErrorCode::ConnectionRefused;
            o.error = error(c,
                tr("ssh could not run the command on the worker (BatchMode: keys or an agent must work without a "
                   "prompt)."),
                o.output.trimmed().left(300));
        } else {
            o.ok = true;
        }
        finish(o);
    });
    m_timer->start(timeoutMs);
    qCDebug(lcDiagnosis) << "ssh" << target.host;
    m_process->start(m_program, args.value());
}

void SshCommand::cancel()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        finish({false, -1, QString::fromUtf8(m_output), error(ErrorCode::Cancelled, tr("Cancelled."))});
    }
}

void SshCommand::finish(SshOutcome outcome)
{
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater();
        m_timer = nullptr;
    }
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    Q_EMIT finished(outcome);
}

}  // namespace parallax

#include "clioptions.h"
#include "docgen.h"
#include "guioptions.h"

#include "base/buildinfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

// parallax-docgen OUTDIR: writes man1/parallax.1, man1/parallax-cli.1,
// bash-completion/parallax-cli and zsh/_parallax-cli under OUTDIR. Run by the build
// (app/CMakeLists.txt); no translator is installed, so every text is the English source.
namespace {

bool write(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        QTextStream(stderr) << path << ": " << file.errorString() << '\n';
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        QTextStream(stderr) << path << ": " << file.errorString() << '\n';
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        QTextStream(stderr) << "usage: parallax-docgen OUTDIR\n";
        return 2;
    }
    const QString out = args.at(1);
    const QString version = parallax::buildinfo::version();
    const parallax::options::ProgramSpec cli = parallax::cli::cliProgram();
    const parallax::options::ProgramSpec gui = parallax::gui::guiProgram();
    using namespace parallax::docgen;
    const bool ok = write(out + u"/man1/parallax.1"_s, manPage(gui, version))
        && write(out + u"/man1/parallax-cli.1"_s, manPage(cli, version))
        && write(out + u"/bash-completion/parallax-cli"_s, bashCompletion(cli))
        && write(out + u"/zsh/_parallax-cli"_s, zshCompletion(cli));
    return ok ? 0 : 1;
}

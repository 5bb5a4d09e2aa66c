#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

// Issue 20: the man pages and the shell completions are generated from the option tables the
// programs parse. Every option a parser knows (read from the program's own --help, so an option
// added to a parser but not to its table is caught) appears in the man page, in the bash
// completion (asked through bash itself) and in the zsh completion.
class TestCliDocs : public QObject {
    Q_OBJECT

    static QString readDoc(const QString &relative)
    {
        QFile f(QStringLiteral(PARALLAX_DOCS_DIR "/") + relative);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll());
    }

    static QString run(const QString &program, const QStringList &args, const QString &input = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"LANGUAGE"_s})
            env.remove(name);
        env.insert(u"LANG"_s, u"C.UTF-8"_s);
        env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
        p.setProcessEnvironment(env);
        p.start(program, args);
        if (!input.isEmpty()) {
            p.write(input.toUtf8());
            p.closeWriteChannel();
        }
        if (!p.waitForFinished(30000))
            return {};
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    // Every option name of a --help text: "  -h, --help   …", "  --lang <language>   …".
    static QStringList helpOptions(const QString &help)
    {
        static const QRegularExpression line(u"^  (-[^ ,]+(?:, -[^ ,]+)*)"_s, QRegularExpression::MultilineOption);
        QStringList names;
        auto it = line.globalMatch(help);
        while (it.hasNext())
            names += it.next().captured(1).split(u", "_s);
        return names;
    }

    // The part of a man page between ".SS <heading>" (or the start) and the next section.
    static QString manSection(const QString &page, const QString &heading)
    {
        const qsizetype start = page.indexOf(heading);
        if (start < 0)
            return {};
        const qsizetype end = page.indexOf(
            QRegularExpression(u"^\\.S[SH] "_s, QRegularExpression::MultilineOption), start + heading.size());
        return page.mid(start, end < 0 ? -1 : end - start);
    }

    static QString roff(const QString &name) { return u"\\fB"_s + QString(name).replace(u'-', u"\\-"_s) + u"\\fR"_s; }

    // What bash completes after `line` (the cursor at its end), with the generated script.
    static QStringList bashComplete(const QString &line)
    {
        const QString script = u"source '"_s + QStringLiteral(PARALLAX_DOCS_DIR "/bash-completion/parallax-cli")
            + u"'\nCOMP_LINE='"_s + line + u"'\nread -ra COMP_WORDS <<< \"$COMP_LINE\"\n"_s
            + (line.endsWith(u' ') ? u"COMP_WORDS+=('')\n"_s : QString())
            + u"COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_parallax_cli\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"_s;
        return run(u"bash"_s, {u"--norc"_s, u"--noprofile"_s}, script).split(u'\n', Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void everyCliOptionIsDocumentedAndCompleted_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("parallax-cli") << QString();
        QTest::newRow("check") << u"check"_s;
        QTest::newRow("watch") << u"watch"_s;
        QTest::newRow("sim") << u"sim"_s;
    }

    void everyCliOptionIsDocumentedAndCompleted()
    {
        QFETCH(QString, command);
        QStringList args{u"--lang"_s, u"en"_s};
        if (!command.isEmpty())
            args.append(command);
        args.append(u"--help"_s);
        const QStringList names = helpOptions(run(QStringLiteral(PARALLAX_BIN_DIR "/parallax-cli"), args));
        QVERIFY2(names.contains(u"--help"_s) && names.size() > 3, qPrintable(names.join(u' ')));

        const QString page = readDoc(u"man1/parallax-cli.1"_s);
        QVERIFY2(!page.isEmpty(), "no generated parallax-cli.1");
        const QString section = command.isEmpty() ? manSection(page, u".SH OPTIONS"_s)
                                                  : manSection(page, u".SS parallax\\-cli "_s + command + u'\n');
        const QStringList bash =
            bashComplete(u"parallax-cli "_s + (command.isEmpty() ? QString() : command + u' ') + u'-');
        const QString zsh = readDoc(u"zsh/_parallax-cli"_s);
        const QString zshBlock = command.isEmpty()
            ? zsh.section(u"'1:command:->command'"_s, 0, 0)
            : zsh.section(u"        "_s + command + u")\n"_s, 1).section(u";;"_s, 0, 0);
        QVERIFY2(!zshBlock.isEmpty(), "no zsh block");
        for (const QString &name : names) {
            QVERIFY2(section.contains(roff(name)), qPrintable(name + u" is not in the man page"_s));
            QVERIFY2(bash.contains(name), qPrintable(name + u" is not completed by bash: "_s + bash.join(u' ')));
            const QRegularExpression zshName(u"['*{,)]"_s + QRegularExpression::escape(name) + u"[=\\[,}]"_s);
            QVERIFY2(zshBlock.contains(zshName), qPrintable(name + u" is not in the zsh completion"_s));
        }
    }

    void guiOptionsAreInItsManPage()
    {
        const QStringList names = helpOptions(run(QStringLiteral(PARALLAX_BIN_DIR "/parallax"), {u"--help"_s}));
        QVERIFY2(names.contains(u"--demo"_s), qPrintable(names.join(u' ')));
        const QString options = manSection(readDoc(u"man1/parallax.1"_s), u".SH OPTIONS"_s);
        for (const QString &name : names)
            QVERIFY2(options.contains(roff(name)), qPrintable(name + u" is not in parallax.1"_s));
    }

    void bashCompletesCommandsAndValues_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("commands") << u"parallax-cli "_s << QStringList{u"check"_s, u"serve"_s, u"sim"_s, u"watch"_s};
        QTest::newRow("language") << u"parallax-cli --lang "_s << QStringList{u"en"_s, u"zh_CN"_s};
        QTest::newRow("language after a command") << u"parallax-cli watch --lang z"_s << QStringList{u"zh_CN"_s};
        QTest::newRow("format") << u"parallax-cli check --format "_s << QStringList{u"html"_s, u"json"_s, u"md"_s};
        QTest::newRow("a free value") << u"parallax-cli check --server "_s << QStringList{};
    }

    void bashCompletesCommandsAndValues()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, expected);
        QStringList got = bashComplete(line);
        got.sort();
        QCOMPARE(got, expected);
    }

    // groff reads both pages without a warning (what `man` and lintian use).
    void manPagesAreCleanRoff_data()
    {
        QTest::addColumn<QString>("page");
        QTest::newRow("parallax.1") << u"man1/parallax.1"_s;
        QTest::newRow("parallax-cli.1") << u"man1/parallax-cli.1"_s;
    }

    void manPagesAreCleanRoff()
    {
        QFETCH(QString, page);
        QProcess groff;
        groff.start(u"groff"_s, {u"-man"_s, u"-ww"_s, u"-z"_s, QStringLiteral(PARALLAX_DOCS_DIR "/") + page});
        if (!groff.waitForStarted(10000))
            QSKIP("groff is not installed");
        QVERIFY(groff.waitForFinished(30000));
        QCOMPARE(QString::fromUtf8(groff.readAllStandardError()), QString());
        QCOMPARE(groff.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_clidocs.moc"

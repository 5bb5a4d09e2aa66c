// Text the server sends reaches the log escaped: a version string or message carrying an ANSI
// escape or a bidi override cannot recolour the terminal, forge a journal line or read
// backwards where the log is read (issue 21, item 13). Captured through a Qt message handler.
#include "base/logging.h"
#include "gpustack/gpustackclient.h"

#include "scriptedhttpserver.h"
#include "testserverfixtures.h"

#include <QNetworkAccessManager>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;
using namespace parallax::test;

namespace {

QStringList g_messages;

void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_messages.append(message);
}

}  // namespace

class TestServerLogging : public QObject {
    Q_OBJECT

    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void escapesControlAndBidiCharacters()
    {
        QCOMPARE(logSafe(u"v2\x1b[31mred\u202Etxt.exe\nforged line\t\x7f\u0085\u2066x\u2069"_s),
            u"v2\\x1b[31mred\\u202etxt.exe\\x0aforged line\\x09\\x7f\\x85\\u2066x\\u2069"_s);
        QCOMPARE(logSafe(u"GPUStack v2.2.3 — 中文 ü"_s), u"GPUStack v2.2.3 — 中文 ü"_s);  // printable text stays
    }

    void serverVersionIsLoggedEscaped()
    {
        ScriptedHttpServer server;
        // JSON escapes: ESC [2J clears a terminal, U+202E makes "exe.txt" read as "txt.exe".
        server.setHandler([](const HttpRequest &r) {
            if (r.path() == u"/version"_s)
                return versionReply("v9.9.9\\u001b[2J\\u001b[31m\\u202eexe.txt");
            return Script::json(200, R"({"id":1,"username":"admin","is_admin":true})");
        });
        QVERIFY(server.start());
        GpuStackClient client(&m_nam);
        ServerEndpoint e;
        e.url = server.url();
        e.authMode = AuthMode::ApiKeyBearer;
        e.secret = testApiKey();
        e.proxy.mode = ProxyOptions::Mode::None;
        client.setEndpoint(e);

        g_messages.clear();
        const QtMessageHandler previous = qInstallMessageHandler(capture);
        bool done = false;
        QObject context;
        client.checkConnection(&context, [&done](Result<ServerInfo>) { done = true; });
        const bool answered = QTest::qWaitFor([&] { return done; }, 10'000);
        qInstallMessageHandler(previous);
        QVERIFY(answered);
        QVERIFY2(client.serverInfo().version.contains(QChar(0x1b)), "the server's version as sent");

        const QString all = g_messages.join(u'\n');
        QVERIFY2(all.contains(u"v9.9.9\\x1b[2J\\x1b[31m\\u202eexe.txt"_s), qPrintable(all));
        for (const QString &m : std::as_const(g_messages)) {
            QVERIFY2(!m.contains(QChar(0x1b)) && !m.contains(QChar(0x202e)), qPrintable(logSafe(m)));
            QVERIFY2(!m.contains(u'\n'), qPrintable(logSafe(m)));
        }
    }
};

QTEST_GUILESS_MAIN(TestServerLogging)
#include "tst_serverlogging.moc"

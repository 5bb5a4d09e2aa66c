#include "gpustack/apisession.h"
#include "gpustack/errorwording.h"
#include "gpustack/pagedlisting.h"
#include "gpustack/proxychoice.h"
#include "gpustack/serverclock.h"
#include "gpustack/serverdetection.h"
#include "gpustack/tlspolicy.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkProxyQuery>
#include <QNetworkRequest>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace parallax;

// The parts GpuStackClient is made of, each on its own: which proxy a request takes, what a
// person reads for a failure, which API a server version gets, how a listing counts its
// pages, the credentials a request carries, which names a certificate holds, and the server
// clock read from a Date header.
// (tst_gpustackclient and tst_hostile* drive them together against scripted servers.)
class TestClientParts : public QObject {
    Q_OBJECT

private:
    static ServerEndpoint endpoint(AuthMode mode)
    {
        ServerEndpoint e;
        e.url = QUrl(u"https://gpustack.example:8443"_s);
        e.authMode = mode;
        e.username = u"ops"_s;
        e.secret = u"s3cret"_s;
        return e;
    }

private Q_SLOTS:
    // --- proxychoice.h ---

    // An http_proxy in the environment must not capture the simulator or tests on loopback.
    void systemProxySkipsLoopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("localhost") << u"localhost"_s;
        QTest::newRow("127.0.0.1") << u"127.0.0.1"_s;
        QTest::newRow("127.8.9.10") << u"127.8.9.10"_s;
        QTest::newRow("::1") << u"::1"_s;
    }
    void systemProxySkipsLoopback()
    {
        QFETCH(QString, host);
        qputenv("http_proxy", "http://proxy.invalid:3128");
        qputenv("no_proxy", "");
        const QNetworkProxyQuery query(
            QUrl(u"http://"_s + (host.contains(u':') ? u'[' + host + u']' : host) + u":8080/version"_s));
        const QList<QNetworkProxy> proxies = systemProxyFor(query);
        QCOMPARE(proxies.size(), 1);
        QCOMPARE(proxies.first().type(), QNetworkProxy::NoProxy);
        // The same query for another host does take the environment's proxy.
        const QList<QNetworkProxy> remote = systemProxyFor(QNetworkProxyQuery(QUrl(u"http://gpu.example/"_s)));
        QVERIFY(!remote.isEmpty());
        QCOMPARE(remote.first().type(), QNetworkProxy::HttpProxy);
        QCOMPARE(remote.first().hostName(), u"proxy.invalid"_s);
        qunsetenv("http_proxy");
        qunsetenv("no_proxy");
    }

    void explicitProxyKinds_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::newRow("socks5 default port")
            << u"socks5://relay.example"_s << int(QNetworkProxy::Socks5Proxy) << 1080 << QString();
        QTest::newRow("socks5h with port")
            << u"socks5h://relay.example:9050"_s << int(QNetworkProxy::Socks5Proxy) << 9050 << QString();
        QTest::newRow("http default port")
            << u"http://squid.example"_s << int(QNetworkProxy::HttpProxy) << 8080 << QString();
        QTest::newRow("http with credentials")
            << u"http://me:pw@squid.example:3128"_s << int(QNetworkProxy::HttpProxy) << 3128 << u"me"_s;
    }
    void explicitProxyKinds()
    {
        QFETCH(QString, url);
        QFETCH(int, type);
        QFETCH(int, port);
        QFETCH(QString, user);
        const QNetworkProxy proxy = explicitProxy(QUrl(url));
        QCOMPARE(int(proxy.type()), type);
        QCOMPARE(int(proxy.port()), port);
        QCOMPARE(proxy.hostName(), QUrl(url).host());
        QCOMPARE(proxy.user(), user);
    }

    void applyProxyChoiceSetsTheManager()
    {
        QNetworkAccessManager network;
        ProxyOptions options;
        options.mode = ProxyOptions::Mode::Explicit;
        options.url = QUrl(u"socks5://relay.example:1081"_s);
        applyProxyChoice(&network, options);
        QVERIFY(!network.proxyFactory());
        QCOMPARE(network.proxy().type(), QNetworkProxy::Socks5Proxy);
        QCOMPARE(network.proxy().port(), quint16(1081));
        options.mode = ProxyOptions::Mode::None;
        applyProxyChoice(&network, options);
        QCOMPARE(network.proxy().type(), QNetworkProxy::NoProxy);
        options.mode = ProxyOptions::Mode::System;
        applyProxyChoice(&network, options);
        QVERIFY(network.proxyFactory());
    }

    // --- errorwording.h ---

    void httpStatusWording_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("401 key") << 401 << int(AuthMode::ApiKeyBearer) << int(ErrorCode::Unauthorized) << u"API key"_s;
        QTest::newRow("401 password") << 401 << int(AuthMode::Password) << int(ErrorCode::Unauthorized) << u"“ops”"_s;
        QTest::newRow("401 none") << 401 << int(AuthMode::None) << int(ErrorCode::Unauthorized)
                                  << u"requires credentials"_s;
        QTest::newRow("403 key") << 403 << int(AuthMode::ApiKeyHeader) << int(ErrorCode::Forbidden) << u"management"_s;
        QTest::newRow("403 user") << 403 << int(AuthMode::Basic) << int(ErrorCode::Forbidden) << u"administrators"_s;
        QTest::newRow("404") << 404 << int(AuthMode::ApiKeyBearer) << int(ErrorCode::NotFound) << u"/v2/workers"_s;
        QTest::newRow("307") << 307 << int(AuthMode::ApiKeyBearer) << int(ErrorCode::Redirect) << u"HTTP 307"_s;
        QTest::newRow("502") << 502 << int(AuthMode::ApiKeyBearer) << int(ErrorCode::ServerError) << u"HTTP 502"_s;
        QTest::newRow("418") << 418 << int(AuthMode::ApiKeyBearer) << int(ErrorCode::HttpStatus) << u"418"_s;
    }
    void httpStatusWording()
    {
        QFETCH(int, status);
        QFETCH(int, mode);
        QFETCH(int, code);
        QFETCH(QString, says);
        const QUrl url(u"https://key:pw@gpustack.example/v2/workers?page=1"_s);
        const Error e = describeHttpStatus(status, R"({"message":"token expired"})", url, endpoint(AuthMode(mode)));
        QCOMPARE(int(e.code), code);
        QVERIFY2(e.message.contains(says), qPrintable(e.message));
        // The log line names the status and GPUStack's own message, never the URL's credentials.
        QVERIFY2(
            e.detail.contains(u"HTTP %1"_s.arg(status)) && e.detail.contains(u"token expired"_s), qPrintable(e.detail));
        QVERIFY2(!e.detail.contains(u"pw@"_s) && !e.detail.contains(u"page=1"_s), qPrintable(e.detail));
    }

    void unreadableBodyWording()
    {
        QJsonParseError parseError;
        const QByteArray page = "<!DOCTYPE html><html><body>Sign in</body></html>";
        QJsonDocument::fromJson(page, &parseError);
        QCOMPARE(describeUnreadableBody(page, "text/plain", QUrl(u"http://h/v2/workers"_s), parseError).code,
            ErrorCode::NotGpuStack);
        const QByteArray broken = R"({"items": [1, 2)";
        QJsonDocument::fromJson(broken, &parseError);
        const Error e = describeUnreadableBody(broken, "application/json", QUrl(u"http://h/v2/workers"_s), parseError);
        QCOMPARE(e.code, ErrorCode::MalformedReply);
        QVERIFY2(e.message.contains(QString::number(parseError.offset)), qPrintable(e.message));
    }

    void limitsWording()
    {
        const Error late = describeDeadlinePassed(QUrl(u"https://u:p@gpu.example:8443/v2/workers?x=1"_s), 2500);
        QCOMPARE(late.code, ErrorCode::Timeout);
        QVERIFY2(late.message.contains(u"https://gpu.example:8443"_s) && late.message.contains(u"2 s"_s),
            qPrintable(late.message));
        QVERIFY(!late.message.contains(u"u:p"_s));
        QVERIFY(describeReplyTooLarge(16LL * 1024 * 1024, {}).message.contains(u"16 MiB"_s));
        const Error away =
            describeForeignRedirect(QUrl(u"https://a.example/v2"_s), QUrl(u"https://b.example:444/login"_s));
        QCOMPARE(away.code, ErrorCode::Redirect);
        QVERIFY2(away.message.contains(u"https://b.example:444"_s) && !away.message.contains(u"/login"_s),
            qPrintable(away.message));
    }

    // --- serverdetection.h ---

    void apiForVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<int>("override");
        QTest::addColumn<int>("api");  // -1: ask the routes
        QTest::addColumn<bool>("warns");
        QTest::newRow("v2.2.3") << u"v2.2.3"_s << int(ApiVersion::Auto) << int(ApiVersion::V2) << false;
        QTest::newRow("v2.0.2") << u"v2.0.2"_s << int(ApiVersion::Auto) << int(ApiVersion::V2) << false;
        QTest::newRow("0.7.1") << u"0.7.1"_s << int(ApiVersion::Auto) << int(ApiVersion::V0) << false;
        QTest::newRow("0.4.0 untested") << u"0.4.0"_s << int(ApiVersion::Auto) << int(ApiVersion::V0) << true;
        QTest::newRow("v2.5.0 newer") << u"v2.5.0"_s << int(ApiVersion::Auto) << int(ApiVersion::V2) << true;
        QTest::newRow("v3.0.0 newer") << u"v3.0.0"_s << int(ApiVersion::Auto) << int(ApiVersion::V2) << true;
        QTest::newRow("dev build") << u"v0.0.0"_s << int(ApiVersion::Auto) << -1 << true;
        QTest::newRow("override wins") << u"v0.0.0"_s << int(ApiVersion::V0) << int(ApiVersion::V0) << false;
    }
    void apiForVersion()
    {
        QFETCH(QString, version);
        QFETCH(int, override);
        QFETCH(int, api);
        QFETCH(bool, warns);
        const ApiChoice choice = chooseApi(ServerVersion(version), ApiVersion(override));
        QCOMPARE(choice.api ? int(*choice.api) : -1, api);
        QCOMPARE(!choice.warning.isEmpty(), warns);
        if (warns)
            QVERIFY2(choice.warning.contains(version), qPrintable(choice.warning));
    }

    void routeProbeAndHeaderKey()
    {
        QCOMPARE(apiFromRouteProbe(404), ApiVersion::V0);
        QCOMPARE(apiFromRouteProbe(401), ApiVersion::V2);
        QVERIFY(acceptsHeaderKey(ApiVersion::V2, ServerVersion(u"v2.2.0"_s)));
        QVERIFY(!acceptsHeaderKey(ApiVersion::V2, ServerVersion(u"v2.1.3"_s)));
        QVERIFY(!acceptsHeaderKey(ApiVersion::V0, ServerVersion(u"v2.2.0"_s)));
    }

    void versionReply()
    {
        const ServerEndpoint auto_ = endpoint(AuthMode::ApiKeyBearer);
        const Result<VersionReply> ok = readVersionReply(
            QJsonDocument(QJsonObject{{u"version"_s, u"v2.2.3"_s}, {u"git_commit"_s, u"abc"_s}}), auto_);
        QVERIFY(ok.ok());
        QCOMPARE(ok->version, u"v2.2.3"_s);
        QCOMPARE(ok->gitCommit, u"abc"_s);
        // Some other web service: no version.
        const Result<VersionReply> other = readVersionReply(QJsonDocument(QJsonObject{{u"name"_s, u"x"_s}}), auto_);
        QVERIFY(!other.ok());
        QCOMPARE(other.error().code, ErrorCode::NotGpuStack);
        QCOMPARE(other.error().detail, u"no version field"_s);
        // A failure that says nothing about what the server is, and a server error, pass on.
        const Error refused{ErrorCode::ConnectionRefused, u"m"_s, u"d"_s};
        QCOMPARE(readVersionReply(refused, auto_).error().code, ErrorCode::ConnectionRefused);
        QCOMPARE(readVersionReply(Error{ErrorCode::ServerError, u"m"_s, u"d"_s}, auto_).error().code,
            ErrorCode::ServerError);
        QCOMPARE(
            readVersionReply(Error{ErrorCode::NotFound, u"m"_s, u"404"_s}, auto_).error().code, ErrorCode::NotGpuStack);
        // A profile that names its API goes on without a version.
        ServerEndpoint pinned = auto_;
        pinned.apiVersion = ApiVersion::V2;
        QVERIFY(readVersionReply(Error{ErrorCode::NotFound, u"m"_s, u"404"_s}, pinned).ok());
    }

    // --- pagedlisting.h ---

    void listQueries()
    {
        ListFilter filter;
        filter.clusterId = 7;
        filter.search = u"gpu a"_s;
        QCOMPARE(listQuery(filter, ApiVersion::V2, 3, 50).query(), u"page=3&perPage=50&cluster_id=7&search=gpu a"_s);
        QCOMPARE(listQuery(filter, ApiVersion::V0, 1, 100).query(), u"page=1&perPage=100&search=gpu a"_s);  // v2 only
        QCOMPARE(watchQuery(filter, ApiVersion::V2).query(), u"watch=true&cluster_id=7&search=gpu a"_s);
        QCOMPARE(watchQuery({}, ApiVersion::V0).query(), u"watch=true"_s);
    }

    void pageAdmission()
    {
        const ListLimits limits{10, 25, 1000};
        ListPage page;
        for (int i = 0; i < 10; ++i)
            page.items.append(QJsonObject{{u"id"_s, i}});
        page.totalPage = 3;
        ListWalk walk;
        QVERIFY(!admitPage(page, false, 300, u"workers"_s, limits, walk));
        QCOMPARE(walk.items, 10);
        QCOMPARE(walk.bytes, 300);
        // The third page would pass the item limit (30 > 25)…
        QVERIFY(!admitPage(page, false, 300, u"workers"_s, limits, walk));
        const std::optional<Error> third = admitPage(page, false, 300, u"workers"_s, limits, walk);
        QVERIFY(third);
        QCOMPARE(third->code, ErrorCode::ReplyTooLarge);
        // …a page larger than asked is refused (a bare array is all there is: no paging)…
        ListPage big = page;
        big.items.append(QJsonObject{{u"id"_s, 10}});
        ListWalk fresh;
        QCOMPARE(admitPage(big, false, 10, u"workers"_s, limits, fresh)->code, ErrorCode::MalformedReply);
        QVERIFY(!admitPage(big, true, 10, u"workers"_s, limits, fresh));
        // …and so is a claim of more than a listing may hold, before anything is counted.
        ListPage claims = page;
        claims.total = 26;
        ListWalk none;
        QCOMPARE(admitPage(claims, false, 10, u"workers"_s, limits, none)->code, ErrorCode::ReplyTooLarge);
        QCOMPARE(none.items, 0);
        claims.total = -1;
        claims.totalPage = 4;  // 3 pages of 10 hold the 25 at most
        QVERIFY(admitPage(claims, false, 10, u"workers"_s, limits, none));
        // Bytes count too.
        ListWalk heavy;
        QVERIFY(admitPage(page, false, 1001, u"workers"_s, limits, heavy));
    }

    // --- apisession.h ---

    void credentialsOfARequest()
    {
        ApiSession session;
        QNetworkRequest bearer;
        session.reset(endpoint(AuthMode::ApiKeyBearer));
        session.authorize(bearer);
        QCOMPARE(bearer.rawHeader("Authorization"), QByteArray("Bearer s3cret"));

        QNetworkRequest header;
        session.reset(endpoint(AuthMode::ApiKeyHeader));
        session.authorize(header);
        QCOMPARE(header.rawHeader("X-API-Key"), QByteArray("s3cret"));
        QVERIFY(!header.hasRawHeader("Authorization"));
        QVERIFY(session.downgradeHeaderKey());
        QNetworkRequest downgraded;
        session.authorize(downgraded);
        QCOMPARE(downgraded.rawHeader("Authorization"), QByteArray("Bearer s3cret"));

        QNetworkRequest basic;
        session.reset(endpoint(AuthMode::Basic));
        QVERIFY(!session.downgradeHeaderKey());
        QVERIFY(!session.needsLogin());
        session.authorize(basic);
        QCOMPARE(basic.rawHeader("Authorization"), "Basic " + QByteArray("ops:s3cret").toBase64());
    }

    void formLogin()
    {
        ApiSession session;
        ServerEndpoint e = endpoint(AuthMode::Password);
        e.secret = u"p&ss=1"_s;
        session.reset(e);
        QVERIFY(session.needsLogin());
        const ApiCall call = session.loginCall(QUrl(u"https://gpustack.example/auth/login"_s));
        QCOMPARE(call.verb, QByteArray("POST"));
        QVERIFY(!call.authenticated);
        QCOMPARE(call.body, QByteArray("username=ops&password=p%26ss%3D1"));

        bool basic = false;
        RawReply noCookie;
        noCookie.status = 200;
        QCOMPARE(session.takeLoginReply(noCookie, e, &basic).error().code, ErrorCode::NotGpuStack);
        RawReply wrong;
        wrong.status = 422;
        QCOMPARE(session.takeLoginReply(wrong, e, &basic).error().code, ErrorCode::Unauthorized);

        RawReply in;
        in.status = 200;
        in.cookies = {QNetworkCookie("other", "x"), QNetworkCookie("gpustack_session", "tok")};
        QVERIFY(session.takeLoginReply(in, e, &basic).ok());
        QVERIFY(!basic);
        QCOMPARE(session.cookie(), QByteArray("gpustack_session=tok"));
        QVERIFY(!session.needsLogin());
        QNetworkRequest request;
        session.authorize(request);
        QCOMPARE(request.rawHeader("Cookie"), QByteArray("gpustack_session=tok"));

        RawReply noLogin;
        noLogin.status = 404;
        session.dropCookie();
        QVERIFY(session.takeLoginReply(noLogin, e, &basic).ok());
        QVERIFY(basic);
        QVERIFY(!session.renewsSession());
        QNetworkRequest fallback;
        session.authorize(fallback);
        QVERIFY(fallback.rawHeader("Authorization").startsWith("Basic "));
    }

    // --- tlspolicy.h ---

    // RFC 6125: once a certificate lists subjectAltNames, only they name it (Qt alone would also
    // accept its CN). A wildcard stands for one leftmost label of a host name, never an address.
    void subjectAltNamesAloneNameTheServer()
    {
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty())
            QSKIP("the openssl command is not installed, so no test certificate can be made");
        QTemporaryDir dir;
        const QString pem = dir.filePath(u"cert.pem"_s);
        QProcess p;
        p.start(openssl,
            {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s, u"-nodes"_s,
                u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=10.0.0.9"_s, u"-addext"_s,
                u"subjectAltName=DNS:gpu.example,DNS:*.cluster.example,IP:10.0.0.5"_s, u"-keyout"_s,
                dir.filePath(u"key.pem"_s), u"-out"_s, pem});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(pem, QSsl::Pem);
        QCOMPARE(certs.size(), 1);
        const QSslCertificate &cert = certs.first();
        QVERIFY(!subjectAltNamesMiss(cert, u"gpu.example"_s));
        QVERIFY(!subjectAltNamesMiss(cert, u"GPU.Example"_s));
        QVERIFY(!subjectAltNamesMiss(cert, u"node1.cluster.example"_s));
        QVERIFY(!subjectAltNamesMiss(cert, u"10.0.0.5"_s));
        QVERIFY(subjectAltNamesMiss(cert, u"10.0.0.9"_s));  // the CN only
        QVERIFY(subjectAltNamesMiss(cert, u"a.b.cluster.example"_s));  // two labels
        QVERIFY(subjectAltNamesMiss(cert, u"cluster.example"_s));
        QVERIFY(subjectAltNamesMiss(cert, u"other.example"_s));
    }

    // --- serverclock.h ---

    void clockFromDateHeader()
    {
        const qint64 now = QDateTime(QDate(2025, 3, 4), QTime(10, 0, 0), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(clockOffsetFromDate(" Tue, 04 Mar 2025 10:00:07 GMT ", now), std::optional<qint64>(7500));
        QCOMPARE(clockOffsetFromDate("Tue, 04 Mar 2025 09:59:50 GMT", now), std::optional<qint64>(-9500));
        QCOMPARE(clockOffsetFromDate("", now), std::nullopt);
        QCOMPARE(clockOffsetFromDate("yesterday", now), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestClientParts)
#include "tst_clientparts.moc"

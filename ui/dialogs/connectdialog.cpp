#include "connectdialog.h"

#include "gpustack/gpustackclient.h"
#include "widgets/probetuningeditor.h"
#include "widgets/scrollingcontent.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace parallax {

namespace {
const QList<AuthMode> kAuthModes{AuthMode::ApiKeyBearer, AuthMode::ApiKeyHeader, AuthMode::Password, AuthMode::Basic};
const QList<ProxyOptions::Mode> kProxyModes{
    ProxyOptions::Mode::System, ProxyOptions::Mode::None, ProxyOptions::Mode::Explicit};
const QList<ApiVersion> kApiVersions{ApiVersion::Auto, ApiVersion::V2, ApiVersion::V0};
}  // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_auth(new QComboBox(this))
    , m_authStack(new QStackedWidget(this))
    , m_apiKey(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_pin(new QLineEdit(this))
    , m_proxyMode(new QComboBox(this))
    , m_proxyUrl(new QLineEdit(this))
    , m_apiVersion(new QComboBox(this))
    , m_probe(new ProbeTuningEditor(ProbeTuningEditor::Mode::Overridable, this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_answer(new QLabel(this))
    , m_network(new QNetworkAccessManager(this))
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect to a GPUStack server"));
    m_base = newServerProfile({}, {});

    m_name->setObjectName(u"profileName"_s);
    m_name->setPlaceholderText(tr("prod"));
    m_url->setObjectName(u"serverUrl"_s);
    m_url->setPlaceholderText(tr("https://gpustack.example.com"));
    m_auth->setObjectName(u"authMode"_s);
    m_auth->addItems({tr("API key (Authorization: Bearer)"), tr("API key (X-API-Key header, GPUStack 2.2+)"),
        tr("Username and password (login)"), tr("Username and password (HTTP Basic)")});
    m_apiKey->setObjectName(u"apiKey"_s);
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("gpustack_…"));
    m_user->setObjectName(u"username"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);

    auto *keyPage = new QWidget(this);
    auto *keyForm = new QFormLayout(keyPage);
    keyForm->setContentsMargins(0, 0, 0, 0);
    keyForm->addRow(tr("API &key:"), m_apiKey);
    auto *userPage = new QWidget(this);
    auto *userForm = new QFormLayout(userPage);
    userForm->setContentsMargins(0, 0, 0, 0);
    userForm->addRow(tr("&Username:"), m_user);
    userForm->addRow(tr("&Password:"), m_password);
    m_authStack->addWidget(keyPage);
    m_authStack->addWidget(userPage);

    auto *caRow = new QHBoxLayout;
    m_caFile->setObjectName(u"caFile"_s);
    m_caFile->setPlaceholderText(tr("optional: PEM file with your CA"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    browse->setAccessibleName(tr("Choose a CA file"));
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    m_pin->setObjectName(u"pinnedFingerprint"_s);
    m_pin->setPlaceholderText(tr("optional: SHA-256 of the server certificate (AB:CD:…)"));
    m_proxyMode->setObjectName(u"proxyMode"_s);
    m_proxyMode->addItems({tr("System proxy settings"), tr("No proxy"), tr("This proxy:")});
    m_proxyUrl->setObjectName(u"proxyUrl"_s);
    m_proxyUrl->setPlaceholderText(tr("http://proxy:3128 or socks5://proxy:1080"));
    m_apiVersion->addItems({tr("Detect"), tr("v2 (/v2)"), tr("v0.x (/v1)")});

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Server &URL:"), m_url);
    form->addRow(tr("&Sign in with:"), m_auth);
    form->addRow(m_authStack);

    auto *tls = new QGroupBox(tr("TLS"), this);
    auto *tlsForm = new QFormLayout(tls);
    // A row holding a layout gets no buddy from QFormLayout: without one the '&' would show.
    auto *caLabel = new QLabel(tr("Extra &CA file:"), this);
    caLabel->setBuddy(m_caFile);
    tlsForm->addRow(caLabel, caRow);
    tlsForm->addRow(tr("Pinned &fingerprint:"), m_pin);
    auto *tlsNote =
        new QLabel(tr("The system's trusted CAs always apply. There is no switch to ignore certificate errors: "
                      "for a self-signed server, pin its fingerprint."),
            this);
    tlsNote->setWordWrap(true);
    tlsForm->addRow(tlsNote);

    auto *network = new QGroupBox(tr("Network"), this);
    auto *netForm = new QFormLayout(network);
    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyMode);
    proxyRow->addWidget(m_proxyUrl, 1);
    auto *proxyLabel = new QLabel(tr("&Proxy:"), this);
    proxyLabel->setBuddy(m_proxyMode);
    netForm->addRow(proxyLabel, proxyRow);
    netForm->addRow(tr("&API version:"), m_apiVersion);

    m_answer->setObjectName(u"testAnswer"_s);
    m_answer->setWordWrap(true);
    m_answer->setTextFormat(Qt::PlainText);  // the answer may quote the server
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_test->setObjectName(u"testConnectionButton"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);

    // Everything but the buttons scrolls: at 200 % on a 1080p laptop the dialog is taller than
    // the screen, and its lower rows and buttons were out of reach.
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins({});
    contentLayout->addLayout(form);
    contentLayout->addWidget(tls);
    contentLayout->addWidget(network);
    contentLayout->addWidget(m_probe);
    contentLayout->addWidget(m_answer);
    auto *scroll = scrollingContent(content, this);
    scroll->setObjectName(u"connectScroll"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);

    connect(m_auth, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateAuthFields);
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this,
        [this](int i) { m_proxyUrl->setEnabled(kProxyModes.value(i) == ProxyOptions::Mode::Explicit); });
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("CA certificate"), {}, tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    updateAuthFields();
    m_proxyUrl->setEnabled(false);
    m_answer->hide();
    resize(560, sizeHint().height());
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::updateAuthFields()
{
    m_authStack->setCurrentIndex(authUsesApiKey(kAuthModes.value(m_auth->currentIndex())) ? 0 : 1);
}

void ConnectDialog::setProfile(const ServerProfile &profile)
{
    m_base = profile;
    m_name->setText(profile.name);
    m_url->setText(profile.serverUrl.toString());
    m_auth->setCurrentIndex(qMax(0, int(kAuthModes.indexOf(profile.authMode))));
    m_user->setText(profile.username);
    m_caFile->setText(profile.tls.extraCaFile);
    m_pin->setText(profile.tls.pinnedSha256.isEmpty() ? QString() : displayFingerprint(profile.tls.pinnedSha256));
    m_proxyMode->setCurrentIndex(qMax(0, int(kProxyModes.indexOf(profile.proxy.mode))));
    m_proxyUrl->setText(profile.proxy.url.toString());
    m_apiVersion->setCurrentIndex(qMax(0, int(kApiVersions.indexOf(profile.apiVersion))));
    m_probe->setTuning(profile.probe);
}

void ConnectDialog::setProbeDefaults(const ProbeTuning &defaults)
{
    m_probe->setDefaults(defaults);
}

ServerProfile ConnectDialog::profile() const
{
    ServerProfile p = m_base;
    p.name = m_name->text().trimmed();
    p.serverUrl = QUrl::fromUserInput(m_url->text().trimmed());
    if (p.name.isEmpty())
        p.name = p.serverUrl.host();
    p.authMode = kAuthModes.value(m_auth->currentIndex());
    p.username = authUsesApiKey(p.authMode) ? QString() : m_user->text().trimmed();
    p.tls.extraCaFile = m_caFile->text().trimmed();
    p.tls.pinnedSha256 = normalizedFingerprint(m_pin->text());
    p.proxy.mode = kProxyModes.value(m_proxyMode->currentIndex());
    p.proxy.url =
        p.proxy.mode == ProxyOptions::Mode::Explicit ? QUrl::fromUserInput(m_proxyUrl->text().trimmed()) : QUrl();
    p.apiVersion = kApiVersions.value(m_apiVersion->currentIndex());
    p.probe = m_probe->tuning();
    return p;
}

QString ConnectDialog::secret() const
{
    return authUsesApiKey(kAuthModes.value(m_auth->currentIndex())) ? m_apiKey->text() : m_password->text();
}

QString ConnectDialog::testAnswer() const
{
    return m_answer->text();
}

void ConnectDialog::showAnswer(bool ok, const QString &text)
{
    m_answer->setText((ok ? u"✔ "_s : u"✖ "_s) + text);
    QPalette pal = palette();
    pal.setColor(QPalette::WindowText, ok ? QColor(0x38, 0x9e, 0x0d) : QColor(0xcf, 0x13, 0x22));
    m_answer->setPalette(pal);
    m_answer->show();
    m_test->setEnabled(true);
    Q_EMIT testFinished(ok, text);
}

void ConnectDialog::testConnection()
{
    const ServerProfile p = profile();
    if (const Result<void> valid = validateProfile(p); !valid) {
        showAnswer(false, valid.error().message);
        return;
    }
    if (m_client)
        m_client->deleteLater();
    m_client = new GpuStackClient(m_network, this);
    m_client->setEndpoint(p.endpoint(secret()));
    m_test->setEnabled(false);
    m_answer->setText(tr("Testing…"));
    m_answer->show();
    m_client->checkConnection(this, [this](Result<ServerInfo> r) {
        if (!r) {
            showAnswer(false, r.error().message);
            return;
        }
        QString text = r->userName.isEmpty()
            ? tr("Connected to GPUStack %1.").arg(r->version.isEmpty() ? tr("(version unknown)") : r->version)
            : tr("Connected to GPUStack %1 as %2.")
                  .arg(r->version.isEmpty() ? tr("(version unknown)") : r->version, r->userName);
        for (const QString &w : r->warnings)
            text += u'\n' + w;
        showAnswer(true, text);
    });
}

void ConnectDialog::accept()
{
    if (const Result<void> valid = validateProfile(profile()); !valid) {
        showAnswer(false, valid.error().message);
        return;
    }
    QDialog::accept();
}

}  // namespace parallax

#pragma once

#include "settings/serverprofile.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QStackedWidget;

namespace parallax {

class GpuStackClient;
class ProbeTuningEditor;

// Adds or edits a server profile: URL, auth mode and secret, TLS and proxy options, and a
// "Test connection" that shows GpuStackClient::checkConnection's own answer inline.
// The secret is handed to the caller (for the CredentialStore), never written anywhere here.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    ~ConnectDialog() override;

    void setProfile(const ServerProfile &profile);
    // What "use the defaults from Settings" means for the probe settings.
    void setProbeDefaults(const ProbeTuning &defaults);
    ServerProfile profile() const;
    QString secret() const;

    // Starts a connection test with what the form holds; the answer appears under the form.
    void testConnection();
    QString testAnswer() const;

Q_SIGNALS:
    void testFinished(bool ok, const QString &answer);

public:
    void accept() override;

private:
    void updateAuthFields();
    void showAnswer(bool ok, const QString &text);

    ServerProfile m_base;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QComboBox *m_auth;
    QStackedWidget *m_authStack;
    QLineEdit *m_apiKey;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_caFile;
    QLineEdit *m_pin;
    QComboBox *m_proxyMode;
    QLineEdit *m_proxyUrl;
    QComboBox *m_apiVersion;
    ProbeTuningEditor *m_probe;
    QPushButton *m_test;
    QLabel *m_answer;
    QNetworkAccessManager *m_network;
    QPointer<GpuStackClient> m_client;
};

}  // namespace parallax

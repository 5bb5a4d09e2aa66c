#include "addressclass.h"
#include "base/trcontexts.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace parallax {

QString addressClassId(AddressClass cls)
{
    switch (cls) {
    case AddressClass::Invalid: return u"invalid"_s;
    case AddressClass::Unspecified: return u"unspecified"_s;
    case AddressClass::Loopback: return u"loopback"_s;
    case AddressClass::LinkLocal: return u"link_local"_s;
    case AddressClass::DockerBridge: return u"docker_bridge"_s;
    case AddressClass::DockerUserNetwork: return u"docker_user_network"_s;
    case AddressClass::Podman: return u"podman"_s;
    case AddressClass::KubernetesPod: return u"kubernetes_pod"_s;
    case AddressClass::Wsl: return u"wsl"_s;
    case AddressClass::VirtualAdapter: return u"virtual_adapter"_s;
    case AddressClass::Cgnat: return u"cgnat"_s;
    case AddressClass::Private: return u"private"_s;
    case AddressClass::Public: return u"public"_s;
    case AddressClass::Multicast: return u"multicast"_s;
    case AddressClass::Hostname: return u"hostname"_s;
    }
    return u"invalid"_s;
}

namespace {

bool inSubnet(const QHostAddress &a, const char16_t *net, int prefix)
{
    return a.isInSubnet(QHostAddress(QString::fromUtf16(net)), prefix);
}

}  // namespace

AddressClass classifyAddress(const QString &input)
{
    QString text = input.trimmed();
    if (text.startsWith(u'[') && text.endsWith(u']'))
        text = text.mid(1, text.size() - 2);
    if (text.isEmpty())
        return AddressClass::Invalid;
    QHostAddress a;
    if (!a.setAddress(text)) {
        // RFC 1123 host names; anything else (spaces, shell characters) is not an address.
        static const QRegularExpression name(
            uR"re(^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_\-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_\-]{0,62}))*\.?$)re"_s);
        return name.match(text).hasMatch() ? AddressClass::Hostname : AddressClass::Invalid;
    }
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    if (mapped && a.protocol() == QAbstractSocket::IPv6Protocol)
        a = QHostAddress(v4);
    if (a.protocol() == QAbstractSocket::IPv4Protocol) {
        // Integer masks, not QHostAddress::isInSubnet with parsed strings: this runs for every
        // worker in trouble on every batch, and parsing made it the diagnosis's hottest path.
        const quint32 ip = a.toIPv4Address();
        const auto in = [ip](quint32 net, int prefix) { return (ip & (~quint32(0) << (32 - prefix))) == net; };
        if (ip == 0)
            return AddressClass::Unspecified;
        if (in(0x7F000000, 8))  // 127.0.0.0/8
            return AddressClass::Loopback;
        if (in(0xA9FE0000, 16))  // 169.254.0.0/16
            return AddressClass::LinkLocal;
        if (in(0xE0000000, 4))  // 224.0.0.0/4
            return AddressClass::Multicast;
        if (in(0xAC110000, 16))  // 172.17.0.0/16, Docker's default bridge
            return AddressClass::DockerBridge;
        if (in(0xAC100000, 12) && !in(0xAC100000, 16))  // 172.16.0.0/12 minus 172.16/16: user networks
            return AddressClass::DockerUserNetwork;
        if (in(0x0A580000, 16))  // 10.88.0.0/16, Podman
            return AddressClass::Podman;
        if (in(0x0A2A0000, 16) || in(0x0AF40000, 16))  // 10.42.0.0/16 (k3s), 10.244.0.0/16 (flannel)
            return AddressClass::KubernetesPod;
        if (in(0x0AFF0000, 16))  // 10.255.0.0/16, WSL
            return AddressClass::Wsl;
        if (ip == 0x0A000001)  // 10.0.0.1
            return AddressClass::VirtualAdapter;
        if (in(0x64400000, 10))  // 100.64.0.0/10
            return AddressClass::Cgnat;
        if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16))
            return AddressClass::Private;
        return AddressClass::Public;
    }
    if (a == QHostAddress(QHostAddress::AnyIPv6))
        return AddressClass::Unspecified;
    if (a.isLoopback())
        return AddressClass::Loopback;
    if (inSubnet(a, u"fe80::", 10))
        return AddressClass::LinkLocal;
    if (inSubnet(a, u"ff00::", 8))
        return AddressClass::Multicast;
    if (inSubnet(a, u"fc00::", 7))
        return AddressClass::Private;
    return AddressClass::Public;
}

bool isUnroutableForPeers(AddressClass cls)
{
    return bridgeLikelihood(cls) > 0.0;
}

double bridgeLikelihood(AddressClass cls)
{
    switch (cls) {
    case AddressClass::Unspecified:
    case AddressClass::Loopback: return 0.95;
    case AddressClass::LinkLocal:
    case AddressClass::DockerBridge: return 0.9;
    case AddressClass::Wsl:
    case AddressClass::VirtualAdapter: return 0.8;
    case AddressClass::Podman: return 0.75;
    case AddressClass::DockerUserNetwork: return 0.55;
    case AddressClass::KubernetesPod: return 0.5;
    default: return 0.0;
    }
}

QString addressClassDescription(AddressClass cls)
{
    const char *text = nullptr;
    switch (cls) {
    case AddressClass::Invalid: text = QT_TRANSLATE_NOOP("Findings", "not a valid address"); break;
    case AddressClass::Unspecified:
        text = QT_TRANSLATE_NOOP("Findings", "the unspecified address (0.0.0.0 / ::), which no one can connect to");
        break;
    case AddressClass::Loopback:
        text = QT_TRANSLATE_NOOP("Findings", "a loopback address, reachable only from the worker itself");
        break;
    case AddressClass::LinkLocal:
        text = QT_TRANSLATE_NOOP("Findings", "a link-local address (169.254.0.0/16 or fe80::/10)");
        break;
    case AddressClass::DockerBridge:
        text = QT_TRANSLATE_NOOP("Findings", "Docker's default bridge network (172.17.0.0/16), private to one host");
        break;
    case AddressClass::DockerUserNetwork:
        text = QT_TRANSLATE_NOOP("Findings",
            "a range Docker uses for user and compose networks (172.18.0.0–172.31.255.255), likely private to one "
            "host");
        break;
    case AddressClass::Podman:
        text = QT_TRANSLATE_NOOP("Findings", "podman's default container network (10.88.0.0/16)");
        break;
    case AddressClass::KubernetesPod:
        text = QT_TRANSLATE_NOOP(
            "Findings", "a common Kubernetes pod network (10.42.0.0/16 or 10.244.0.0/16), likely a pod address");
        break;
    case AddressClass::Wsl:
        text = QT_TRANSLATE_NOOP("Findings", "a WSL virtual network address (10.255.0.0/16)");
        break;
    case AddressClass::VirtualAdapter:
        text = QT_TRANSLATE_NOOP(
            "Findings", "10.0.0.1, typically a virtual adapter (Hyper-V, VPN) picked instead of the LAN interface");
        break;
    case AddressClass::Cgnat:
        text = QT_TRANSLATE_NOOP("Findings", "a carrier-grade NAT / overlay address (100.64.0.0/10)");
        break;
    case AddressClass::Private: text = QT_TRANSLATE_NOOP("Findings", "a private LAN address"); break;
    case AddressClass::Public: text = QT_TRANSLATE_NOOP("Findings", "a public address"); break;
    case AddressClass::Multicast: text = QT_TRANSLATE_NOOP("Findings", "a multicast address"); break;
    case AddressClass::Hostname: text = QT_TRANSLATE_NOOP("Findings", "a host name"); break;
    }
    return Findings::tr(text);
}

bool serverOnThisHost(const QString &serverHost)
{
    return !serverHost.isEmpty()
        && (classifyAddress(serverHost) == AddressClass::Loopback
            || serverHost.compare(u"localhost"_s, Qt::CaseInsensitive) == 0);
}

bool isUnroutableForServer(AddressClass cls, const QString &serverHost)
{
    if (cls == AddressClass::Loopback && serverOnThisHost(serverHost))
        return false;
    return isUnroutableForPeers(cls);
}

}  // namespace parallax

#!/usr/bin/env bash
# Installs what Parallax needs to build, run and test, from Debian 12 (bookworm) packages.
# This is the one place that knows the package list.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ ccache pkg-config python3 clang-format  # clang-format: scripts/check-format.sh
  clang-14 libclang-rt-14-dev llvm-14  # sanitizer + libFuzzer build of `dev.sh test`; llvm-14: llvm-symbolizer
  # Qt 6.4 and QtKeychain
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6opengl6-dev qt6-qpa-plugins qt6-translations-l10n qtkeychain-qt6-dev
  libgl-dev libegl-dev libxkbcommon-dev libvulkan-dev
  # tests: a real X server, a D-Bus session, the Secret Service, network namespaces, a browser for the HTML report
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools iproute2 iptables
  prometheus  # promtool: the exporter's tests check both metrics formats with it
  chromium fonts-noto-cjk
  # the Debian package (scripts/package-check.sh): cpack's dpkg-shlibdeps, its checks, man
  dpkg-dev fakeroot lintian appstream desktop-file-utils man-db
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
else
  echo "Parallax's set-up script knows Debian and Ubuntu only." >&2
  echo "Install the equivalents of these packages, then run cmake yourself (see README.md):" >&2
  printf '  %s\n' "${PACKAGES[@]}" >&2
  exit 1
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing ${#missing[@]} missing packages: ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "Not root and no sudo: install these packages, then run this again:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

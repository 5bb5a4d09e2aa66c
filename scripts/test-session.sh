#!/usr/bin/env bash
# Runs a command inside a private test session: an Xvfb display, a private D-Bus session bus and
# an unlocked gnome-keyring (the real Secret Service) with a throwaway keyring, so that the
# keychain tests talk to the real thing and never touch the user's own keyring.
set -euo pipefail
if [[ "${PARALLAX_IN_TEST_SESSION:-}" != "1" ]]; then
  export PARALLAX_IN_TEST_SESSION=1
  tmp=$(mktemp -d /tmp/parallax-test-session.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- "$0" "$@"
  exit $?
fi
# Inside the D-Bus session: start the keyring daemon and unlock a throwaway login keyring (an empty
# password would leave gnome-keyring waiting on a prompt nobody answers).
eval "$(printf 'parallax-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)" || true
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
"$@"

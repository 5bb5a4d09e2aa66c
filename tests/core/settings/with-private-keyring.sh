#!/usr/bin/env bash
# Runs a command with its own D-Bus session bus and an unlocked, throwaway gnome-keyring (the
# real Secret Service), so the keychain test never touches a user's keyring and never waits on
# a prompt. gnome-keyring creates the login keyring silently only when --unlock is given a
# non-empty password; with an empty one it asks gcr-prompter, which nobody answers here.
# Exit code 77 (ctest SKIP_RETURN_CODE) when the tools are missing.
set -euo pipefail
if [[ "${PARALLAX_PRIVATE_KEYRING:-}" != "1" ]]; then
  for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
  done
  export PARALLAX_PRIVATE_KEYRING=1
  tmp=$(mktemp -d /tmp/parallax-keyring.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/run
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  set +e
  dbus-run-session -- "$0" "$@"
  rc=$?
  exit $rc
fi
eval "$(printf 'parallax-throwaway-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export PARALLAX_KEYRING_READY=1
"$@"

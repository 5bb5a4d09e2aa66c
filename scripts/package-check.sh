#!/usr/bin/env bash
# Builds the Debian package from an already built tree, checks it, installs it and runs what it
# installed:
#   scripts/package-check.sh [BUILD_DIR]      (default: build; `scripts/dev.sh test` runs it in CI)
# - cpack -G DEB in BUILD_DIR (no recompilation: the binaries are the tested ones);
# - desktop-file-validate, appstreamcli validate --no-net and lintian on what the package ships:
#   any error fails, lintian's warnings are printed;
# - apt-get install ./parallax_*.deb (as root, or through sudo like scripts/install-deps.sh);
# - the installed parallax-cli --version, a parallax-cli check against the installed simulator,
#   the installed GUI on the demo cluster (offscreen, a few seconds), the man pages, the bash
#   completion and the systemd units;
# - apt-get remove parallax, unless PARALLAX_KEEP_PACKAGE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$(realpath "${1:-${PARALLAX_BUILD_DIR:-$ROOT/build}}")
started=$SECONDS

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "package-check: needs root or sudo to install the package" >&2
    exit 1
  fi
fi

work=$(mktemp -d /tmp/parallax-package.XXXXXX)
sim_pid=
cleanup() {
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== package-check: %s (%d s so far)\n' "$*" $((SECONDS - started)); }

step "cpack"
rm -f "$BUILD"/parallax_*.deb
(cd "$BUILD" && cpack -G DEB >"$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$BUILD"/parallax_*.deb)
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
dpkg-deb --contents "$deb" | awk '{print $6}' > "$work/contents"
for f in ./usr/bin/parallax ./usr/bin/parallax-cli ./usr/share/man/man1/parallax.1.gz ./usr/share/man/man1/parallax-cli.1.gz \
         ./usr/share/bash-completion/completions/parallax-cli ./usr/share/zsh/vendor-completions/_parallax-cli \
         ./usr/share/applications/io.parallax.Parallax.desktop ./usr/share/metainfo/io.parallax.Parallax.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.parallax.Parallax.svg ./usr/share/icons/hicolor/48x48/apps/io.parallax.Parallax.png \
         ./usr/share/icons/hicolor/256x256/apps/io.parallax.Parallax.png ./usr/lib/systemd/user/parallax-watch@.service \
         ./usr/share/doc/parallax/copyright ./usr/share/doc/parallax/changelog.gz; do
  grep -qxF "$f" "$work/contents" || { echo "package-check: the package lacks $f" >&2; exit 1; }
done

step "desktop-file-validate, appstreamcli validate"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/io.parallax.Parallax.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.parallax.Parallax.metainfo.xml"

step "lintian"
# Errors fail; warnings are printed.
lintian --fail-on error "$deb" || {
  echo "package-check: lintian reports errors" >&2; exit 1; }

step "apt-get install $(basename "$deb")"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; exit 1; }

step "the installed programs"
# A private home, so nothing here touches the user's settings, history or keychain.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
  XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
/usr/bin/parallax-cli --version
/usr/bin/parallax --version
revision=$(git -C "$ROOT" describe --always --dirty --abbrev=10 --exclude='*' 2>/dev/null || true)
if [[ -n "$revision" ]] && ! /usr/bin/parallax-cli --version | grep -qF "$revision"; then
  echo "package-check: the installed parallax-cli is not from $revision" >&2; exit 1
fi

port=$(( 20000 + RANDOM % 20000 ))
PARALLAX_KEY=gpustack_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export PARALLAX_KEY
(umask 077 && printf %s "$PARALLAX_KEY" > "$work/key")
/usr/bin/parallax-cli sim --scenario demo --listen "127.0.0.1:$port" --api-key-file "$work/key" >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 50); do grep -q "127.0.0.1:$port" "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
rc=0
/usr/bin/parallax-cli check --server "http://127.0.0.1:$port" --api-key-env PARALLAX_KEY --probe-only 127.0.0.0/8 \
  --format json --out "$work/report.json" || rc=$?
# 0: every worker agrees up; 1: the demo's troubled workers; 2 would be a failure to check at all.
if [[ $rc -gt 1 ]] || ! grep -q '"workers"' "$work/report.json"; then
  echo "package-check: the installed parallax-cli check failed (exit $rc)" >&2; cat "$work/sim.log" >&2; exit 1
fi
grep -o '"version": *"[^"]*"' "$work/report.json" | head -1
kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=

QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/parallax --demo --quit-after 4000 >"$work/gui.log" 2>&1 \
  || { echo "package-check: the installed parallax --demo failed" >&2; cat "$work/gui.log" >&2; exit 1; }
echo "parallax --demo ran 4 s offscreen and quit cleanly"

man -w parallax parallax-cli
MANWIDTH=80 man --warnings=w parallax-cli 2>&1 >/dev/null | { ! grep .; } || { echo "package-check: man warns" >&2; exit 1; }
bash -n /usr/share/bash-completion/completions/parallax-cli
mkdir -p "$work/units"
cp /usr/lib/systemd/user/parallax-watch@.service "$work/units/parallax-watch@.service"
cp /usr/share/doc/parallax/examples/parallax-watch@.service "$work/units/parallax-watch-system@.service"
for unit in parallax-watch@check.service parallax-watch-system@check.service; do
  # Exercised as system units (no user manager here); the only complaint allowed is that the
  # environment file of this made-up instance does not exist.
  out=$(cd "$work/units" && systemd-analyze verify "./$unit" 2>&1 || true)
  if grep -v -e 'EnvironmentFile' -e '^$' <<<"$out" | grep .; then
    echo "package-check: systemd-analyze verify $unit complains" >&2; exit 1
  fi
done

if [[ "${PARALLAX_KEEP_PACKAGE:-}" != "1" ]]; then
  step "apt-get remove parallax"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq parallax >/dev/null
fi
step "done"

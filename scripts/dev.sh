#!/usr/bin/env bash
# Parallax's two entry points for a newcomer:
#   scripts/dev.sh demo   install what is missing, build, start the GUI on the embedded demo cluster
#   scripts/dev.sh test   install what is missing, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${PARALLAX_BUILD_DIR:-$ROOT/build}
JOBS=${PARALLAX_JOBS:-$(nproc)}

usage() { echo "usage: scripts/dev.sh demo|test|build" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
cmd=$1; shift

scripts/install-deps.sh

configure() {
  local werror=OFF
  [[ "${CI:-}" == "true" ]] && werror=ON
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DPARALLAX_WERROR=$werror "${launcher[@]}"
  else
    cmake -S "$ROOT" -B "$BUILD" -DPARALLAX_WERROR=$werror >/dev/null
  fi
}

build() {
  configure
  cmake --build "$BUILD" --parallel "$JOBS"
}

case "$cmd" in
  build) build ;;
  demo)
    build
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
      echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): start this from a desktop session." >&2
      exit 1
    fi
    exec "$BUILD/bin/parallax" --demo "$@"
    ;;
  test)
    build
    # Tests need a real X server (some GUI tests), a private D-Bus session and an unlocked
    # Secret Service (the keychain tests): scripts/test-session.sh provides both.
    exec scripts/test-session.sh ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" "$@"
    ;;
  *) usage ;;
esac

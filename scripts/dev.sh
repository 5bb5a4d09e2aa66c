#!/usr/bin/env bash
# Parallax's two entry points for a newcomer:
#   scripts/dev.sh demo   install what is missing, build, start the GUI on the embedded demo cluster
#   scripts/dev.sh test   install what is missing, build, run the whole test suite; then the same
#                         suite built with sanitizers, and a short run of every fuzz target
#                         (PARALLAX_SKIP_SANITIZERS=1 skips both locally; CI runs them), and in CI
#                         (or with PARALLAX_PACKAGE_CHECK=1) the Debian package: built from the same
#                         build dir, checked, installed and run (scripts/package-check.sh), and the
#                         probe tests with the poll() backend (PARALLAX_POLL_CHECK=1 locally)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${PARALLAX_BUILD_DIR:-$ROOT/build}
JOBS=${PARALLAX_JOBS:-$(nproc)}

usage() { echo "usage: scripts/dev.sh demo|test|build|poll-tests" >&2; exit 2; }
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

# The second build of `test`: the whole test suite with AddressSanitizer + LeakSanitizer +
# UndefinedBehaviorSanitizer, and the libFuzzer targets (fuzz/), in one clang build dir
# (cmake/ParallaxPolicy.cmake). -O0 with line tables only: readable stack traces, and a third
# less compile time than -O1 (measured: 8.1 s against 12.1 s for tst_gpustackclient.cpp), which
# matters more than test speed here: a clean sanitizer build is most of the CI run. No
# benchmarks, no -Werror (the gcc build above is the warnings gate; clang warns differently).
ASAN_BUILD=${PARALLAX_ASAN_BUILD_DIR:-$BUILD-asan}
sanitizer_tests() {
  local launcher=()
  command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if [[ ! -f "$ASAN_BUILD/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
      "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -gline-tables-only" \
      -DPARALLAX_SANITIZE=ON -DPARALLAX_BUILD_FUZZ=ON -DPARALLAX_BUILD_BENCH=OFF -DPARALLAX_WERROR=OFF \
      "${launcher[@]}"
  fi
  cmake --build "$ASAN_BUILD" --parallel "$JOBS"
  # Every finding fails its test: ASan stops at the first error, UBSan too (the build also has
  # -fno-sanitize-recover), LeakSanitizer reports leaks at exit with the exit code 23.
  # scripts/lsan-suppressions.txt lists the few leaks inside system libraries, each with why.
  export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:print_stacktrace=1:check_initialization_order=1:strict_init_order=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:report_error_type=1
  export LSAN_OPTIONS=suppressions=$ROOT/scripts/lsan-suppressions.txt:print_suppressions=0
  if command -v llvm-symbolizer-14 >/dev/null 2>&1; then
    ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
    export ASAN_SYMBOLIZER_PATH
  fi
  # The memory bounds of the hostile-server tests are asserted by the build above: ASan's
  # quarantine keeps freed buffers resident, so here those tests check behaviour only.
  scripts/test-session.sh ctest --test-dir "$ASAN_BUILD" --output-on-failure --parallel "$JOBS" "$@"
}

# The probe tests once more with the portable poll() backend of the probe engine
# (core/probe/poller.h): the same build, with the environment choosing the backend
# (PARALLAX_PROBE_POLLER=poll), so no second build is needed. A build for a platform without
# epoll (-DPARALLAX_PROBE_POLLER=poll) compiles only that backend.
PROBE_TESTS=(tst_poller tst_probeengine tst_probescheduler tst_hostilehealth tst_healthresponse tst_localnetworkwatch)
probe_poll_tests() {
  local regex
  regex="^($(IFS='|'; echo "${PROBE_TESTS[*]}"))\$"
  PARALLAX_PROBE_POLLER=poll scripts/test-session.sh ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" -R "$regex"
}

case "$cmd" in
  build) build ;;
  poll-tests) build; probe_poll_tests ;;
  demo)
    build
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
      echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): start this from a desktop session." >&2
      exit 1
    fi
    exec "$BUILD/bin/parallax" --demo "$@"
    ;;
  test)
    scripts/check-format.sh
    build
    # Tests need a real X server (some GUI tests), a private D-Bus session and an unlocked
    # Secret Service (the keychain tests): scripts/test-session.sh provides both.
    scripts/test-session.sh ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS" "$@"
    if [[ "${CI:-}" == "true" || "${PARALLAX_POLL_CHECK:-}" == "1" ]]; then
      poll_started=$SECONDS
      probe_poll_tests
      echo "probe tests with the poll() backend: $((SECONDS - poll_started)) s"
    fi
    if [[ "${CI:-}" == "true" || "${PARALLAX_PACKAGE_CHECK:-}" == "1" ]]; then
      package_started=$SECONDS
      scripts/package-check.sh "$BUILD"
      echo "package check: $((SECONDS - package_started)) s"
    fi
    if [[ "${PARALLAX_SKIP_SANITIZERS:-}" == "1" ]]; then
      echo "PARALLAX_SKIP_SANITIZERS=1: skipping the sanitizer build, its tests and the fuzz runs (CI runs them)."
      exit 0
    fi
    sanitizer_tests "$@"
    if [[ "${PARALLAX_SKIP_FUZZ:-}" != "1" ]]; then
      # A short run of every libFuzzer target (fuzz/README.md): new inputs go to a temporary
      # directory; a crash fails the run and prints the input for fuzz/regressions/.
      fuzz/run.sh "$ASAN_BUILD" "${PARALLAX_FUZZ_SECONDS:-10}"
    fi
    ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# Fuzzes each libFuzzer target for a while, starting from the seed corpus in fuzz/corpus/ and
# the crash regressions in fuzz/regressions/; new inputs go to a work directory, never into
# the repository. Fails on the first crash, leak, UBSan finding, timeout or out-of-memory and
# prints the input (as hex) so it can be added to fuzz/regressions/<target>/.
#
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]     (targets: BUILD_DIR/fuzz/targets.txt)
#   FUZZ_WORK=dir keeps the grown corpora and the logs there (default: a temporary directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
seconds=${2:?seconds per target}
shift 2
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < "$build/fuzz/targets.txt"
fi
work=${FUZZ_WORK:-}
if [[ -z "$work" ]]; then
  work=$(mktemp -d /tmp/parallax-fuzz.XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:print_stacktrace=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
printf '%-20s %8s %12s %10s %8s\n' target seconds execs exec/s corpus
for t in "${targets[@]}"; do
  [[ -n "$t" ]] || continue
  corpus=$work/corpus-$t
  mkdir -p "$corpus"
  dirs=("$corpus" "$here/corpus/$t")
  [[ -d "$here/regressions/$t" ]] && dirs+=("$here/regressions/$t")
  opts=()
  [[ -f "$here/dict/$t.dict" ]] && opts+=(-dict="$here/dict/$t.dict")
  log=$work/$t.log
  # -timeout: one input taking 10 s is a hang (the parsers take microseconds); -rss_limit_mb:
  # a hostile input must not make a parser allocate gigabytes.
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/$t-" "${opts[@]}" "${dirs[@]}" >"$log" 2>&1; then
    status=1
    echo "fuzz_$t FAILED; the end of its log:" >&2
    tail -n 60 "$log" >&2
    for a in "$work/$t-"*; do
      [[ -f "$a" ]] || continue
      echo "--- input $a ($(stat -c %s "$a") bytes), add it to fuzz/regressions/$t/:" >&2
      head -c 2048 "$a" | od -A d -c | head -n 40 >&2
    done
    continue
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  size=$(find "$corpus" "$here/corpus/$t" -type f | wc -l)
  printf '%-20s %8s %12s %10s %8s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$size"
done
exit $status

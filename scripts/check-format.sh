#!/usr/bin/env bash
# The checked-in .clang-format is the code's layout: fails, naming the files, when a C++ file
# tracked by git deviates from it. `scripts/check-format.sh --fix` rewrites them in place.
# Debian 12's clang-format (14) is the reference: other versions lay some constructs out differently.
set -euo pipefail
cd "$(dirname "$0")/.."
FORMAT=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ "${1:-}" == "--fix" ]]; then
  "$FORMAT" -i "${files[@]}"
  exit 0
fi
# One run for all files; each deviation is reported as "FILE:LINE:COL: error: …".
mapfile -t bad < <("$FORMAT" --dry-run --Werror "${files[@]}" 2>&1 | sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u)
if ((${#bad[@]})); then
  echo "check-format: ${#bad[@]} files deviate from .clang-format (scripts/check-format.sh --fix rewrites them):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"

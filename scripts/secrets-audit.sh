#!/usr/bin/env bash
# Secrets audit by hand (issue 9; tests/integration/secrets/tst_secretsaudit.cpp is the test):
# runs `parallax-cli check` against its own simulator with an API key and with a password, into
# every report format, with every log category at debug level, then searches everything it
# wrote or printed for the secrets. Exit 0: zero hits; 1: a secret was found (the files are
# listed); 2: the audit could not run.
#
#   scripts/secrets-audit.sh [build-dir]        (default: build)
set -euo pipefail
build=${1:-build}
cli=$build/bin/parallax-cli
[[ -x $cli ]] || { echo "no $cli: build parallax-cli first" >&2; exit 2; }

tmp=$(mktemp -d /tmp/parallax-secrets-audit.XXXXXX)
simpid=
cleanup() { [[ -n $simpid ]] && kill "$simpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

key="gpustack_$(hex 8)_$(hex 16)"
printf '%s\n' "$key" >"$tmp/key"
mkdir -p "$tmp/out/reports"
export XDG_CONFIG_HOME=$tmp/out/config XDG_DATA_HOME=$tmp/out/data XDG_CACHE_HOME=$tmp/out/cache
export QT_LOGGING_RULES='*.debug=true'

# The simulator prints its URL and login (that is its job): its output is not searched.
"$cli" sim --scenario demo --api-key-file "$tmp/key" >"$tmp/sim.out" 2>"$tmp/sim.err" &
simpid=$!
for _ in $(seq 100); do grep -q '^Login: ' "$tmp/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^Server URL: //p' "$tmp/sim.out")
read -r user password < <(sed -n 's/^Login: \(.*\) \/ \(.*\)$/\1 \2/p' "$tmp/sim.out")
[[ -n $url && -n $password ]] || { echo "the simulator did not start" >&2; cat "$tmp/sim.err" >&2; exit 2; }

# check exits 0 (all up) or 1 (trouble found, the demo has some); 2 means it could not run.
check() {
  local log=$1; shift
  local rc=0
  "$cli" check --server "$url" --timeout 30 "$@" >"$log" 2>&1 || rc=$?
  if ((rc > 1)); then echo "parallax-cli check failed ($rc):" >&2; tail -5 "$log" >&2; exit 2; fi
}
runs=0
for fmt in json md html; do
  AUDIT_KEY=$key check "$tmp/out/key-$fmt.log" --api-key-env AUDIT_KEY --out "$tmp/out/reports/key.$fmt"
  AUDIT_PASSWORD=$password check "$tmp/out/password-$fmt.log" --user "$user" --password-env AUDIT_PASSWORD \
    --out "$tmp/out/reports/password.$fmt"
  runs=$((runs + 2))
done

basic=$(printf '%s:%s' "$user" "$password" | base64)
secret_half=${key##*_}
hits=$(grep -rlaF -e "$key" -e "$secret_half" -e "$password" -e "$basic" "$tmp/out" || true)
files=$(find "$tmp/out" -type f | wc -l)
bytes=$(find "$tmp/out" -type f -exec cat {} + | wc -c)
echo "secrets audit: $runs CLI runs, $files files, $bytes bytes searched for the API key, its secret half, the password and the Basic credentials"
if [[ -n $hits ]]; then
  echo "FOUND in:"; echo "$hits" | sed "s|$tmp/out/|  |"
  exit 1
fi
echo "zero hits"

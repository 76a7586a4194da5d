#!/usr/bin/env bash
# Load benchmark: builds the release binary, fills a fresh database with the demo team,
# starts the server on a free loopback port, and loads each target with wrk (2 threads,
# 64 connections, $DURATION per target) signed in as a member. Prints one table:
# requests/s, p50 and p99 latency, non-2xx answers, throughput relative to /healthz, then
# the server's peak RSS and its start-up time.
#
#   scripts/bench.sh            # 20 s per target
#   DURATION=5s scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}

if ! command -v wrk > /dev/null; then
  echo "installing wrk (Debian package)..." >&2
  apt-get update -qq && apt-get install -y -qq wrk > /dev/null
fi
cargo build --release --quiet

work=$(mktemp -d)
trap 'kill "${server:-0}" 2> /dev/null || true; rm -rf "$work"' EXIT
export KPI_DATA_DIR="$work" KPI_LOG=warn
./target/release/kpi-rotation demo > "$work/logins"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
manager_token=$(./target/release/kpi-rotation create-token --email mona@example.com | tail -1)
member_token=$(./target/release/kpi-rotation create-token --email ana@example.com | tail -1)

started=$(date +%s.%N)
KPI_BIND="127.0.0.1:$port" ./target/release/kpi-rotation > "$work/server.log" 2>&1 &
server=$!
until curl -sf "$base/healthz" > /dev/null; do sleep 0.01; done
ready=$(date +%s.%N)

# Sign in as a member with a real browser session (CSRF token from the login form).
jar="$work/cookies"
csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
password=$(grep '^ana@example.com' "$work/logins" | sed 's/.* password: //')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=ana@example.com" --data-urlencode "password=$password" --data-urlencode "csrf_token=$csrf" "$base/login"
cookie=$(awk '$6 == "kpi_session" || $6 == "kpi_csrf" { printf "%s=%s; ", $6, $7 }' "$jar")

metric_id=$(curl -s -H "Authorization: Bearer $member_token" "$base/api/v1/metrics" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
assignment=$(curl -s -H "Authorization: Bearer $member_token" "$base/api/v1/me/assignments" | python3 -c 'import json, sys; a = json.load(sys.stdin); print(a[0]["id"] if a else "")')
card_id=$(curl -s -H "Authorization: Bearer $member_token" "$base/api/v1/cards?kind=fail" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')

# A write: correcting a metric's value (an upsert) through the API, as the manager.
cat > "$work/write.lua" << LUA
wrk.method = "PUT"
wrk.headers["Authorization"] = "Bearer $manager_token"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/metrics/$metric_id/values/2019-" .. string.format("%02d", counter % 12 + 1), nil, '{"value": ' .. counter .. '}')
end
LUA

run() { # name path [extra wrk args...]
  local name=$1 path=$2; shift 2
  local out
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@" "$base$path" 2>&1)
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

{
  run "/healthz" "/healthz"
  run "dashboard" "/" -H "Cookie: $cookie"
  run "metric page" "/metrics/$metric_id" -H "Cookie: $cookie"
  run "fail board + search" "/boards/fail?q=budget" -H "Cookie: $cookie"
  if [ -n "$assignment" ]; then run "presentation page" "/assignments/$assignment/presentation" -H "Cookie: $cookie"; fi
  run "card page" "/cards/$card_id" -H "Cookie: $cookie"
  run "GET /api/v1/metrics" "/api/v1/metrics" -H "Authorization: Bearer $member_token"
  run "write: PUT value" "/" -s "$work/write.lua"
} > "$work/results"

healthz=$(awk -F'\t' 'NR == 1 { print $2 }' "$work/results")
printf '%-22s %12s %10s %10s %8s %9s\n' "target" "requests/s" "p50" "p99" "non-2xx" "vs healthz"
awk -F'\t' -v h="$healthz" '{ printf "%-22s %12s %10s %10s %8s %9.2f\n", $1, $2, $3, $4, $5, $2 / h }' "$work/results"
peak=$(awk '/VmHWM/ { print $2 / 1024 }' "/proc/$server/status")
printf '\npeak RSS of the server: %.0f MiB; start-up (process start to /healthz ok): %.0f ms\n' "$peak" "$(echo "($ready - $started) * 1000" | bc)"
printf 'machine: %s cores, %s; %s\n' "$(nproc)" "$(uname -m)" "$(date -u +%Y-%m-%d)"

#!/usr/bin/env bash
# Load benchmark. Builds the release binary, then for two databases, the demo team and a
# large organisation (`kpi-rotation demo --large`: 500 members, 2,000 metrics, five years
# of values, 60 held reviews, 10,000 cards), starts the server on a free loopback port and
# loads each target with wrk (2 threads, 64 connections, $DURATION per target) signed in
# as a member. Prints one table per database: requests/s, p50 and p99 latency, non-2xx
# answers and throughput relative to /healthz in the same run; then the server's peak RSS
# and its start-up time.
#
#   scripts/bench.sh                 # both databases, 20 s per target
#   DURATION=5s DATABASES=large scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
DATABASES=${DATABASES:-demo large}

need() { # command [debian package]
  if ! command -v "$1" > /dev/null; then
    echo "installing $1 (Debian package ${2:-$1})..." >&2
    SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${2:-$1}" > /dev/null
  fi
}
need wrk
need bc
cargo build --release --quiet

work=$(mktemp -d)
trap 'kill "${server:-0}" 2> /dev/null || true; rm -rf "$work"' EXIT

json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

run() { # name path [extra wrk args...]
  local name=$1 path=$2; shift 2
  local out rps p50 p99 non2xx errors
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@" "$base$path" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  errors=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${errors:-0} ))"
}

bench() { # demo|large
  local kind=$1 dir="$work/$1" manager member
  mkdir -p "$dir"
  export KPI_DATA_DIR="$dir" KPI_LOG=warn
  if [ "$kind" = large ]; then
    ./target/release/kpi-rotation demo --large > "$dir/logins"
    manager=maja@example.com member=person2@example.com
  else
    ./target/release/kpi-rotation demo > "$dir/logins"
    manager=mona@example.com member=ana@example.com
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  local member_token manager_token
  member_token=$(./target/release/kpi-rotation create-token --email "$member" | tail -1)
  manager_token=$(./target/release/kpi-rotation create-token --email "$manager" | tail -1)

  local started ready
  started=$(date +%s.%N)
  KPI_BIND="127.0.0.1:$port" ./target/release/kpi-rotation > "$dir/server.log" 2>&1 &
  server=$!
  until curl -sf "$base/healthz" > /dev/null; do sleep 0.005; done
  ready=$(date +%s.%N)

  # Sign in as the member with a real browser session (CSRF token from the login form).
  local jar="$dir/cookies" csrf password cookie
  csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  password=$(grep "^$member" "$dir/logins" | sed 's/.* password: //')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=$member" \
    --data-urlencode "password=$password" --data-urlencode "csrf_token=$csrf" "$base/login"
  cookie=$(awk '$6 == "kpi_session" || $6 == "kpi_csrf" { printf "%s=%s; ", $6, $7 }' "$jar")

  # The upcoming review is published, so its presenters have drafts to save.
  local month
  for month in $(curl -s -H "Authorization: Bearer $manager_token" "$base/api/v1/reviews" |
    json '" ".join(r["month"] for r in d if r["status"] == "drafted")'); do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $manager_token" \
      -H "Content-Type: application/json" -d '{}' "$base/api/v1/reviews/$month/publish"
  done

  local auth="Authorization: Bearer $member_token" metric_id assignment card_id cards
  metric_id=$(curl -s -H "$auth" "$base/api/v1/metrics" | json 'next(m["id"] for m in d if m["north_star"])')
  assignment=$(curl -s -H "$auth" "$base/api/v1/me/assignments" | json 'next(a["id"] for a in d if a["review_status"] == "published")')
  card_id=$(curl -s -H "$auth" "$base/api/v1/cards?kind=fail" | json 'd[0]["id"]')
  cards=$(curl -s -H "$auth" "$base/api/v1/cards" | json 'max(c["id"] for c in d)')

  # The write mix: saving a presentation draft and giving kudos, in turn, as the member.
  # Each wrk thread walks its own half of the cards, giving kudos on one pass and taking
  # them back on the next, so no request is refused as a duplicate (the large
  # organisation's generator leaves the members with logins without kudos).
  cat > "$dir/write.lua" << LUA
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
counter = 0
request = function()
  counter = counter + 1
  local headers = { ["Authorization"] = "Bearer $member_token", ["Content-Type"] = "application/json" }
  if counter % 2 == 0 or $cards < 1000 then
    return wrk.format("PUT", "/api/v1/assignments/$assignment/presentation", headers,
      '{"value": ' .. counter .. ', "answers": {"insight": "draft ' .. counter .. '"}}')
  end
  local half = math.floor($cards / 2)
  local step = math.floor(counter / 2)
  local card = tid * half + step % half + 1
  local method = (math.floor(step / half) % 2 == 0) and "POST" or "DELETE"
  return wrk.format(method, "/api/v1/cards/" .. card .. "/kudos", headers, "")
end
LUA

  {
    run "/healthz" "/healthz"
    run "dashboard" "/" -H "Cookie: $cookie"
    run "metric page" "/metrics/$metric_id" -H "Cookie: $cookie"
    run "fail board + search" "/boards/fail?q=budget" -H "Cookie: $cookie"
    run "presentation page" "/assignments/$assignment/presentation" -H "Cookie: $cookie"
    run "GET /api/v1/metrics" "/api/v1/metrics" -H "$auth"
    if [ "$cards" -ge 1000 ]; then
      run "writes: draft + kudos" "/" -s "$dir/write.lua"
    else # too few cards to walk without giving kudos twice
      run "writes: drafts" "/" -s "$dir/write.lua"
    fi
  } > "$dir/results"

  local healthz peak
  healthz=$(awk -F'\t' 'NR == 1 { print $2 }' "$dir/results")
  peak=$(awk '/VmHWM/ { print $2 / 1024 }' "/proc/$server/status")
  kill "$server"; wait "$server" 2> /dev/null || true
  echo
  echo "== $kind database ($(du -h "$dir/kpi-rotation.db" | cut -f1)), $DURATION per target"
  printf '%-22s %12s %10s %10s %8s %9s\n' "target" "requests/s" "p50" "p99" "errors" "vs healthz"
  awk -F'\t' -v h="$healthz" '{ printf "%-22s %12s %10s %10s %8s %9.2f\n", $1, $2, $3, $4, $5, $2 / h }' "$dir/results"
  printf 'peak RSS of the server: %.0f MiB; start-up (process start to /healthz ok): %.0f ms\n' \
    "$peak" "$(echo "($ready - $started) * 1000" | bc)"
}

for kind in $DATABASES; do bench "$kind"; done
printf '\nmachine: %s cores, %s; %s\n' "$(nproc)" "$(uname -m)" "$(date -u +%Y-%m-%d)"

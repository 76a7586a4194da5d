#!/usr/bin/env bash
# Load benchmark. Builds the release binary, then for two databases, the demo team and a
# large organisation (`kpi-rotation demo --large`: 500 members, 2,000 metrics, five years
# of values, 60 held reviews, 10,000 cards), starts the server on a free loopback port and
# loads each target with wrk (2 threads, 32 connections, $DURATION per target) signed in
# as a member (the meeting slot as the manager): every signed-in read page, the JSON list
# and detail calls, and three kinds of write. Prints one table per database: requests/s,
# p50 and p99 latency, errors (non-2xx answers and socket errors), the server's CPU time
# per request (from /proc), the server's peak RSS so far (which target raised it),
# throughput relative to /healthz in the same run, and the
# target it is held to (issue 17) with whether it is met; then the server's peak RSS and
# its start-up time against their targets.
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

sign_in() { # email dir: signs in with a real browser session (the CSRF token from the
  # login form, the password from the demo's logins) and prints its Cookie header value
  local email=$1 dir=$2 jar csrf password
  jar="$dir/cookies-$email"
  csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  password=$(grep "^$email" "$dir/logins" | sed 's/.* password: //')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "csrf_token=$csrf" "$base/login"
  awk '$6 == "kpi_session" || $6 == "kpi_csrf" { printf "%s=%s; ", $6, $7 }' "$jar"
}

put_script() { # file path token lua-body: a wrk script PUTting JSON, `counter` counting calls
  cat > "$1" << LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("PUT", "$2",
    { ["Authorization"] = "Bearer $3", ["Content-Type"] = "application/json" }, $4)
end
LUA
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

run() { # kind name path [extra wrk args...]; kind: page, json or write (for the target)
  local kind=$1 name=$2 path=$3; shift 3
  local out rps p50 p99 non2xx errors before after requests
  before=$(cpu_ticks)
  out=$(wrk -t2 -c32 -d"$DURATION" --latency "$@" "$base$path" 2>&1)
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  errors=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$rps" "$p50" "$p99" \
    "$(( ${non2xx:-0} + ${errors:-0} ))" \
    "$(echo "($after - $before) * 1000000 / $(getconf CLK_TCK) / ${requests:-1}" | bc)" \
    "$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")"
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
  local member_token manager_token giver giver_token
  member_token=$(./target/release/kpi-rotation create-token --email "$member" | tail -1)
  manager_token=$(./target/release/kpi-rotation create-token --email "$manager" | tail -1)
  # Kudos come from someone who wrote no card (nobody may give kudos to their own).
  giver=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
    'SELECT email FROM members WHERE active AND id NOT IN (SELECT author_id FROM cards)'
    ' AND id NOT IN (SELECT member_id FROM card_coauthors) ORDER BY id LIMIT 1').fetchone()[0])" \
    "$dir/kpi-rotation.db")
  giver_token=$(./target/release/kpi-rotation create-token --email "$giver" | tail -1)

  local started ready
  started=$(date +%s.%N)
  KPI_BIND="127.0.0.1:$port" ./target/release/kpi-rotation > "$dir/server.log" 2>&1 &
  server=$!
  until curl -sf "$base/healthz" > /dev/null; do sleep 0.005; done
  ready=$(date +%s.%N)

  # The member's browser session, for the pages.
  local cookie
  cookie=$(sign_in "$member" "$dir")

  # The upcoming review is published, so its presenters have drafts to save.
  local month
  for month in $(curl -s -H "Authorization: Bearer $manager_token" "$base/api/v1/reviews" |
    json '" ".join(r["month"] for r in d if r["status"] == "drafted")'); do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $manager_token" \
      -H "Content-Type: application/json" -d '{}' "$base/api/v1/reviews/$month/publish"
  done

  local auth="Authorization: Bearer $member_token" metric_id assignment card_id cards
  local held member_id upcoming
  metric_id=$(curl -s -H "$auth" "$base/api/v1/metrics" | json 'next(m["id"] for m in d if m["north_star"])')
  assignment=$(curl -s -H "$auth" "$base/api/v1/me/assignments" | json 'next(a["id"] for a in d if a["review_status"] == "published")')
  card_id=$(curl -s -H "$auth" "$base/api/v1/cards?kind=fail" | json 'd[0]["id"]')
  cards=$(curl -s -H "$auth" "$base/api/v1/cards" | json 'max(c["id"] for c in d)')
  held=$(curl -s -H "$auth" "$base/api/v1/reviews" | json 'next(r["month"] for r in d if r["status"] == "held")')
  member_id=$(curl -s -H "$auth" "$base/api/v1/me" | json 'd["id"]')
  upcoming=$(curl -s -H "$auth" "$base/api/v1/reviews" | json 'next(r["month"] for r in d if r["status"] == "published")')

  # The manager's browser session, for the meeting slot.
  local manager_cookie
  manager_cookie=$(sign_in "$manager" "$dir")

  # Writes, each wrk thread on its own: a presentation draft saved as the member, a
  # metric value saved as the manager (the same month, a new value each time), and kudos
  # given and taken back by a member who wrote none of the cards. For kudos each thread
  # walks its own half of the cards, giving on one pass and taking back on the next, so
  # none is refused as a duplicate; the demo team has too few cards for that and skips it.
  local value_month
  value_month=$(date -u +%Y-%m)
  put_script "$dir/draft.lua" "/api/v1/assignments/$assignment/presentation" "$member_token" \
    "'{\"value\": ' .. counter .. ', \"answers\": {\"insight\": \"draft ' .. counter .. '\"}}'"
  put_script "$dir/value.lua" "/api/v1/metrics/$metric_id/values/$value_month" "$manager_token" \
    "'{\"value\": ' .. (1000 + counter % 500) .. '}'"
  cat > "$dir/kudos.lua" << LUA
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
counter = 0
request = function()
  local half = math.floor($cards / 2)
  local card = tid * half + counter % half + 1
  local method = (math.floor(counter / half) % 2 == 0) and "POST" or "DELETE"
  counter = counter + 1
  return wrk.format(method, "/api/v1/cards/" .. card .. "/kudos",
    { ["Authorization"] = "Bearer $giver_token" }, "")
end
LUA

  local c="Cookie: $cookie"
  {
    run ref "/healthz" "/healthz"
    run page "dashboard" "/" -H "$c"
    run page "metrics" "/metrics" -H "$c"
    run page "metric" "/metrics/$metric_id" -H "$c"
    run page "reviews" "/reviews" -H "$c"
    run page "review" "/reviews/$held" -H "$c"
    run page "presentation" "/assignments/$assignment/presentation" -H "$c"
    run page "meeting slot" "/reviews/$upcoming/run" -H "Cookie: $manager_cookie"
    run page "follow-along" "/reviews/$held/follow" -H "$c"
    run page "fail board" "/boards/fail" -H "$c"
    run page "board + search" "/boards/fail?q=budget" -H "$c"
    run page "card" "/cards/$card_id" -H "$c"
    run page "history" "/reviews/history" -H "$c"
    run page "member" "/members/$member_id" -H "$c"
    run json "GET metrics (paged)" "/api/v1/metrics?limit=100" -H "$auth"
    run json "GET metrics (all)" "/api/v1/metrics" -H "$auth"
    run json "GET cards" "/api/v1/cards" -H "$auth"
    run json "GET reviews" "/api/v1/reviews" -H "$auth"
    run json "GET metric" "/api/v1/metrics/$metric_id" -H "$auth"
    run json "GET review" "/api/v1/reviews/$held" -H "$auth"
    run write "draft save" "/" -s "$dir/draft.lua"
    run write "value save" "/" -s "$dir/value.lua"
    if [ "$cards" -ge 1000 ]; then run write "kudos" "/" -s "$dir/kudos.lua"; fi
  } > "$dir/results"

  local healthz peak now_rss startup
  healthz=$(awk -F'\t' 'NR == 1 { print $3 }' "$dir/results")
  peak=$(awk '/VmHWM/ { print $2 / 1024 }' "/proc/$server/status")
  now_rss=$(awk '/VmRSS/ { print $2 / 1024 }' "/proc/$server/status")
  startup=$(echo "($ready - $started) * 1000" | bc)
  kill "$server"; wait "$server" 2> /dev/null || true
  echo
  echo "== $kind database ($(du -h "$dir/kpi-rotation.db" | cut -f1)), $DURATION per target"
  printf '%-20s %10s %9s %9s %7s %9s %8s %7s  %s\n' \
    "target" "req/s" "p50" "p99" "errors" "CPU/req" "peak RSS" "ratio" "target (issue 17)"
  # Targets: on the demo team read pages >= 0.5x with p99 < 10 ms, JSON >= 0.6x, writes
  # >= 0.25x without an error; on the large organisation everything >= 0.2x, p99 < 50 ms.
  awk -F'\t' -v h="$healthz" -v db="$kind" '
    function ms(t) { if (t ~ /us$/) return t / 1000; if (t ~ /ms$/) return t + 0; if (t ~ /s$/) return t * 1000; return t }
    {
      r = $3 / h; want = 0; p99max = 0; label = "reference"
      if ($1 == "page") { want = db == "large" ? 0.2 : 0.5; p99max = db == "large" ? 50 : 10 }
      if ($1 == "json") { want = db == "large" ? 0.2 : 0.6; p99max = db == "large" ? 50 : 0 }
      if ($1 == "write") { want = db == "large" ? 0.2 : 0.25 }
      if ($1 != "ref") {
        ok = r >= want && $6 == 0 && (p99max == 0 || ms($5) < p99max)
        label = sprintf(">= %.2fx%s%s: %s", want, p99max ? sprintf(", p99 < %d ms", p99max) : "",
          $1 == "write" ? ", no error" : "", ok ? "met" : "NOT MET")
      }
      printf "%-20s %10s %9s %9s %7s %7s us %4s MiB %7.2f  %s\n", $2, $3, $4, $5, $6, $7, $8, r, label
    }' "$dir/results"
  local rss_target=40 start_target=100
  if [ "$kind" = large ]; then rss_target=100; fi
  # The peak includes one sign-in's argon2id hash (7 MiB, OWASP's m=7168, t=5).
  printf 'peak RSS of the server: %.0f MiB (target < %d MB; one sign-in hashes with 7 MiB), %.0f MiB after the load\n' \
    "$peak" "$rss_target" "$now_rss"
  printf 'start-up (process start to /healthz ok): %.0f ms (target < %d ms)\n' "$startup" "$start_target"
}

for kind in $DATABASES; do bench "$kind"; done
printf '\nmachine: %s cores, %s; %s\n' "$(nproc)" "$(uname -m)" "$(date -u +%Y-%m-%d)"

#!/usr/bin/env bash
# Hostile input against a running server on the demo team (issue 8):
#   - schemathesis (PyPI) generates requests from /api/v1/openapi.json with a bearer token
#     and fails on any 5xx or any response that breaks the schema;
#   - sqlmap (Debian) probes the search and filter parameters of the boards page and the
#     cards API, and fails if it finds anything injectable.
# `.ci/run` calls it after the tests; SCHEMATHESIS_EXAMPLES (default 15) and
# SQLMAP_LEVEL (default 1) make it longer or shorter.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-15}
LEVEL=${SQLMAP_LEVEL:-1}

SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
if ! command -v sqlmap > /dev/null; then
  echo "== installing sqlmap (Debian package)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlmap > /dev/null
fi
venv=target/hostile-venv
if [ ! -x "$venv/bin/st" ]; then
  echo "== installing schemathesis (PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4.30,<5'
fi
cargo build --locked --tests --quiet  # the same build as `cargo test`, reused in CI
bin=target/debug/kpi-rotation

work=$(mktemp -d)
trap 'kill "${server:-0}" 2> /dev/null || true; rm -rf "$work"' EXIT
export KPI_DATA_DIR="$work" KPI_LOG=warn
"$bin" demo > "$work/logins"
token=$("$bin" create-token --email mona@example.com | tail -1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
KPI_BIND="127.0.0.1:$port" "$bin" > "$work/server.log" 2>&1 &
server=$!
until curl -sf "$base/healthz" > /dev/null; do sleep 0.05; done

echo "== schemathesis: $EXAMPLES examples per operation (deletes last, in their own run)"
st() {
  "$venv/bin/st" run "$base/api/v1/openapi.json" -H "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --max-examples "$EXAMPLES" --seed 8 --no-color --warnings off "$@"
}
st --exclude-method DELETE
st --include-method DELETE

echo "== sqlmap on the search and filter parameters"
probe() { # url parameters
  local out
  out=$(sqlmap -u "$1" -p "$2" --headers="Authorization: Bearer $token" --batch \
    --level "$LEVEL" --risk 1 --flush-session --output-dir "$work/sqlmap" 2>&1) || true
  if echo "$out" | grep -qiE "is vulnerable|sqlmap identified the following injection point"; then
    echo "$out"
    echo "sqlmap found an injection in $1" >&2
    exit 1
  fi
  echo "$out" | grep -E "do not appear to be injectable|not injectable" | tail -1
}
probe "$base/boards/fail?q=budget&month=2026-10&metric_id=1&author_id=2&department=SEO" "q,month,metric_id,author_id,department"
probe "$base/api/v1/cards?q=budget&kind=fail&month=2026-10&metric_id=1&author_id=2" "q,kind,month,metric_id,author_id"
probe "$base/boards?kind=fail&q=newsletter" "kind,q"

if grep -qE "panicked|database is locked" "$work/server.log"; then
  grep -E "panicked|database is locked" "$work/server.log" | head >&2
  exit 1
fi
echo "== hostile input: nothing found"

#!/usr/bin/env bash
# Refreshes the README's pictures in docs/screenshots/ from the browser journeys
# (`cargo test --test browser` writes every step to target/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
KPI_REQUIRE_BROWSER=1 cargo test --locked --test browser
mkdir -p docs/screenshots
while read -r from to; do
  cp "target/screenshots/$from.png" "docs/screenshots/$to.png"
done <<'LIST'
demo-02-dashboard dashboard
demo-03-metric metric
b-rotation-02-drawn rotation
c-presenter-01-template-on-a-phone template-on-a-phone
d-meeting-02-metric-slot meeting
demo-04-signal-or-noise signal-or-noise
demo-08-boards boards
g-language-sv-01-template template-sv
g-language-da-01-template template-da
g-language-id-01-template template-id
LIST
ls -l docs/screenshots

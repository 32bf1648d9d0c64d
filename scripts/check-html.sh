#!/usr/bin/env bash
# Builds the example site and checks every HTML page with the W3C Nu HTML Checker (vnu-jar from
# npm; needs Java 8+). Exits non-zero on any error. Usage: scripts/check-html.sh [SITE_OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${VNU_CACHE:-.cache/vnu}"
jar="$cache/node_modules/vnu-jar/build/dist/vnu.jar"
if [[ ! -f "$jar" ]]; then
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --prefix "$cache" vnu-jar@latest >/dev/null
fi

out="${1:-}"
if [[ -z "$out" ]]; then
  out="$(mktemp -d)/site"
  cargo run --quiet -- build --output "$out" --drafts >/dev/null
fi

pages=$(find "$out" -name '*.html' | wc -l)
java -jar "$jar" --errors-only --skip-non-html "$out"
echo "vnu: $pages pages checked, 0 errors"

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

check() {
  local pages
  pages=$(find "$1" -name '*.html' | wc -l)
  java -jar "$jar" --errors-only --skip-non-html "$1"
  echo "vnu: $pages pages of $2 checked, 0 errors"
}

if [[ -n "${1:-}" ]]; then
  check "$1" "$1"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet
# The example site, drafts included.
./target/debug/dossier build --output "$work/example" --drafts >/dev/null
check "$work/example" "the example site"
# A synthetic site large enough for paginated listings, under a base path.
python3 scripts/gen_corpus.py 120 "$work/corpus" >/dev/null
./target/debug/dossier build --root "$work/corpus" --output "$work/corpus-site" --base-url https://org.github.io/briefs >/dev/null
check "$work/corpus-site" "a 120-brief synthetic site"

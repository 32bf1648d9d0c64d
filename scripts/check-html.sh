#!/usr/bin/env bash
# Builds the example site and checks every HTML page with the W3C Nu HTML Checker (vnu-jar from
# npm; needs Java 8+), and every PDF Dossier typeset with poppler's pdfinfo and pdffonts (tagged,
# every font embedded). Exits non-zero on any error. Usage: scripts/check-html.sh [SITE_OUTPUT_DIR]
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

# The PDFs Dossier typeset (briefs/{year}/{slug}/{slug}.pdf), not a brief's own.
check_pdfs() {
  local count=0 pdf dir
  if ! command -v pdfinfo >/dev/null; then
    echo "pdf: SKIPPED, pdfinfo not found (apt-get install poppler-utils)"
    return
  fi
  while IFS= read -r pdf; do
    dir=$(basename "$(dirname "$pdf")")
    [[ "$(basename "$pdf" .pdf)" == "$dir" ]] || continue
    pdfinfo "$pdf" 2>/dev/null | grep -q '^Tagged: *yes' || { echo "pdf: not tagged: $pdf"; exit 1; }
    pdfinfo "$pdf" 2>/dev/null | grep -q '^Pages: *[1-9]' || { echo "pdf: no pages: $pdf"; exit 1; }
    if pdffonts "$pdf" 2>/dev/null | tail -n +3 | awk '{print $(NF-4)}' | grep -qv '^yes$'; then
      echo "pdf: a font is not embedded: $pdf"
      exit 1
    fi
    count=$((count + 1))
  done < <(find "$1" -path '*/briefs/*' -name '*.pdf')
  if [[ $count -eq 0 ]]; then
    echo "pdf: no typeset PDF in $2"
    exit 1
  fi
  echo "pdf: $count PDFs of $2 checked: tagged, every font embedded"
}

if [[ -n "${1:-}" ]]; then
  check "$1" "$1"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/check-sites.sh
. scripts/check-sites.sh
build_check_sites "$work"
check "$work/example" "the example site"
check_pdfs "$work/example" "the example site"
check "$work/corpus-site" "a 120-brief synthetic site"

#!/usr/bin/env bash
# Lighthouse over the example site: builds it (release) for http://127.0.0.1:PORT, serves it
# there as a static host does, and runs npm's lighthouse@12.8.2 with Debian's Chromium on the
# home page, a brief, a Polish brief, an author page, the archive, the search page with a query
# and the 404 page (as /404.html: Lighthouse stops on a page whose status is 404); prints the table of accessibility, SEO, best-practices and performance
# scores (Lighthouse's default mobile simulation), the audits that cost points, and the search
# page's timings on a slowed-down run (DevTools throttling: slow 4G, 4× CPU): when the first
# results were shown and the cumulative layout shift. See scripts/lighthouse.mjs.
#
# Run by hand (some ten minutes; not part of .ci/run):
#   scripts/lighthouse.sh [--keep DIR]
# --keep DIR keeps the JSON reports there (each opens in https://googlechrome.github.io/lighthouse/viewer/).
# Environment: DOSSIER (a dossier binary to use instead of building one), PORT (default 8941), LIGHTHOUSE_RUNS (slowed-down runs of the search page,
# default 3), SEARCH_QUERY (default "energy"), CHROME_PATH (default /usr/bin/chromium).
# Lighthouse is installed with npm into .cache/lighthouse/ the first time (Node 20 or later).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8941}
query=${SEARCH_QUERY:-energy}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
keep=
if [[ ${1:-} == --keep && -n ${2:-} ]]; then
  keep=$2
fi
for tool in node npm cargo; do
  command -v "$tool" >/dev/null || { echo "lighthouse.sh: $tool is not installed" >&2; exit 1; }
done
[[ -x $CHROME_PATH ]] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 1; }

prefix=.cache/lighthouse
cli=$prefix/node_modules/lighthouse/cli/index.js
if [[ ! -f $cli ]] || ! grep -q '"version": "12.8.2"' "$prefix/node_modules/lighthouse/package.json"; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" lighthouse@12.8.2 >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site=$work/site
reports=${keep:-$work/reports}
mkdir -p "$reports"
dossier=${DOSSIER:-}
if [[ -z $dossier ]]; then
  cargo build --release --quiet
  dossier=${CARGO_TARGET_DIR:-target}/release/dossier
fi
"$dossier" build --no-cache --output "$site" \
  --base-url "http://127.0.0.1:$port" >/dev/null

# A brief and its Polish version, and an author: the first of each, by path.
brief=$(cd "$site" && find briefs -mindepth 3 -maxdepth 3 -name index.html | sort | head -n 1)
polish=$(cd "$site" && find pl/briefs -mindepth 3 -maxdepth 3 -name index.html | sort | head -n 1)
author=$(cd "$site" && find authors -mindepth 2 -maxdepth 2 -name index.html | sort | head -n 1)

LIGHTHOUSE_CLI=$PWD/$cli node scripts/lighthouse.mjs "$site" "$port" "$reports" \
  "Home=/" \
  "Brief=/${brief%index.html}" \
  "Polish brief=/${polish%index.html}" \
  "Author=/${author%index.html}" \
  "Archive=/archive/" \
  "Search=/search/?q=$query" \
  "404=/404.html" \
  --search "Search=/search/?q=$query"

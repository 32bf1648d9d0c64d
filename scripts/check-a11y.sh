#!/usr/bin/env bash
# Builds the example site and a 120-brief synthetic site (paginated, under a base path) and runs
# axe-core in headless Chromium over a sample of every kind of page of each (home, brief,
# author, topic, series, taxonomy lists and terms, the archive and its years, page 2 of the
# listings, search, the Polish pages, 404), with the WCAG 2.2 AA rules (`wcag22aa`: target size)
# and a focus-not-obscured check (scripts/a11y.mjs): exits non-zero on any serious or critical
# violation.
# Needs Debian's chromium and npm's playwright-core and axe-core in .cache/node (as .ci/run
# installs them); without them it says so and skips, unless DOSSIER_REQUIRE_BROWSER=1.
# Usage: scripts/check-a11y.sh [--screenshot FILE]   (FILE: a brief page of the example site)
set -euo pipefail
cd "$(dirname "$0")/.."

modules="$PWD/.cache/node/node_modules"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x $chromium || ! -d $modules/playwright-core || ! -d $modules/axe-core ]] || ! command -v node >/dev/null; then
  if [[ ${DOSSIER_REQUIRE_BROWSER:-} == 1 ]]; then
    echo "axe: chromium, node, playwright-core or axe-core is missing" >&2
    exit 1
  fi
  echo "note: chromium, node, playwright-core or axe-core is missing; the accessibility check is skipped"
  exit 0
fi
screenshot=()
if [[ ${1:-} == --screenshot && -n ${2:-} ]]; then
  screenshot=(SHOT "$2")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=scripts/check-sites.sh
. scripts/check-sites.sh
build_check_sites "$work"
axe() {
  NODE_PATH="$modules" CHROMIUM="$chromium" node scripts/a11y.mjs "$@"
}
if [[ ${#screenshot[@]} -gt 0 ]]; then
  brief=$(cd "$work/example" && find briefs -mindepth 3 -name index.html | sort | head -n 1)
  screenshot=("${brief%index.html}" "${screenshot[1]}")
fi
status=0
axe "$work/example" / "${screenshot[@]}" || status=1
axe "$work/corpus-site" /briefs/ || status=1
exit $status

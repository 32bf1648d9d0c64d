#!/usr/bin/env bash
# Longer runs of the property tests (src/properties_tests.rs) than `cargo test` makes: Markdown,
# any file text as a content file, and whole sites from generated settings, front matter and
# bodies (build and check agree; XML parses; HTML parses with unique ids; front matter never
# becomes markup in HTML, JSON-LD or feeds).
#
# Usage: scripts/fuzz.sh [CASES] [--debug]
#   CASES    cases per test (default 20000); the whole-site test runs a tenth of them, since
#            each of its cases builds and checks a site
#   --debug  use the debug build (no release build to wait for, slower cases)
#
# A failure is shrunk to its smallest input and saved in proptest-regressions/, which later
# runs of `cargo test` replay first.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CASES=20000
PROFILE=(--release)
for arg in "$@"; do
    case "$arg" in
        --debug) PROFILE=() ;;
        ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [CASES] [--debug]" >&2; exit 2 ;;
        *) CASES=$arg ;;
    esac
done
cd "$ROOT"
SITES=$((CASES / 10))
[ "$SITES" -lt 1 ] && SITES=1
echo "Markdown and file text: $CASES cases each; whole sites: $SITES cases"
PROPTEST_CASES=$CASES cargo test "${PROFILE[@]}" --lib -- properties_tests::markdown properties_tests::any_file
PROPTEST_CASES=$SITES cargo test "${PROFILE[@]}" --lib -- properties_tests::sites

#!/usr/bin/env bash
# Side-by-side build benchmark of two Dossier binaries on one synthetic corpus, to tell what a
# change costs: `dossier build` of scripts/gen_corpus.py's corpus (10,000 briefs by default, one
# language) on tmpfs (/dev/shm), by binary A (built from a git revision) and binary B (built from
# this work tree, or from a second revision), runs alternating A, B, A, B... so that a change
# of load on the machine hits both alike. Two cases, after one untimed warm-up build of each:
#   - a cold build: the output folder and the build cache are deleted first;
#   - a no-change rebuild: the output and cache of that binary's cold build are kept;
#   - a one-brief edit: a sentence is added to one brief, then that binary builds again.
# Each binary has its own site folder (the same content/ through a symlink, its own site.toml,
# public/ and .dossier-cache/). The report gives, per case and binary, the median CPU time
# (user+sys), wall time and peak RSS (/usr/bin/time -v) and B's median over A's; and the load
# average before and after.
#
# Search: a revision from before the search index (which rejects `[search]` in site.toml) cannot
# build one, so by default every binary that accepts it gets `[search] enabled = false`: the same
# work for both. --search keeps the default (search on where the binary has it) and says so.
#
# PDFs: as in bench.sh, every binary that accepts it gets `[pdf] generate = false` (a PDF costs
# ten times the rest of a brief), and `[cards] generate = false` likewise; --pdf leaves both as
# each binary defaults.
#
# Revisions are built in a temporary git worktree with `cargo build --release` into
# target/bench-against/ (kept, so the next comparison builds incrementally; remove it to reclaim
# the disk); the worktree is removed after the build.
#
# Usage: scripts/bench_against.sh [--runs N] [--briefs N] [--search] [--keep]
#                                 [--bin-a PATH] [--bin-b PATH] REV [REV_B]
#   REV        git revision of binary A, e.g. 222ebe8 (not needed with --bin-a)
#   REV_B      git revision of binary B (default: the work tree, built into its target/)
#   --runs N   timed runs per case and binary (default 5)
#   --briefs N size of the corpus (default 10000)
#   --search   leave search on where the binary has it (default: off for both)
#   --pdf      leave PDFs on where the binary has them (default: off for both)
#   --bin-a P  use the binary at P as A instead of building REV (likewise --bin-b)
#   --keep     keep the corpus and outputs under /dev/shm (the path is printed)
# Example: what languages cost a one-language site (issue 8):
#   scripts/bench_against.sh 222ebe8 5e6e8c5   # before and after languages landed
#   scripts/bench_against.sh 222ebe8           # before languages, and this work tree
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/timed.sh
. "$ROOT/scripts/timed.sh"
RUNS=5
BRIEFS=10000
SEARCH=0
PDF=0
KEEP=0
BIN_A=""
BIN_B=""
REVS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --briefs) BRIEFS=${2:?--briefs needs a number}; shift ;;
        --search) SEARCH=1 ;;
        --pdf) PDF=1 ;;
        --keep) KEEP=1 ;;
        --bin-a) BIN_A=${2:?--bin-a needs a path}; shift ;;
        --bin-b) BIN_B=${2:?--bin-b needs a path}; shift ;;
        -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
        -*) echo "bench_against.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) REVS+=("$1") ;;
    esac
    shift
done
for number in "$RUNS" "$BRIEFS"; do
    case "$number" in
        '' | *[!0-9]* | 0) echo "bench_against.sh: --runs and --briefs take a positive number, not '$number'" >&2; exit 2 ;;
    esac
done

log() { printf '%s\n' "$*" >&2; }
die() { log "bench_against.sh: $*"; exit 1; }

[ -n "$BIN_A" ] || [ "${#REVS[@]}" -ge 1 ] || die "name the revision of binary A (see --help)"
command -v python3 >/dev/null || die "python3 is needed to generate the corpus"
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time: apt-get install -y time"
[ -d /dev/shm ] && [ -w /dev/shm ] || die "/dev/shm (tmpfs) is not writable"

WORK=$(mktemp -d /dev/shm/dossier-against.XXXXXX)
TREE=""
cleanup() {
    if [ -n "$TREE" ]; then
        git -C "$ROOT" worktree remove --force "$TREE" 2>/dev/null || rm -rf "$TREE"
    fi
    if [ "$KEEP" = 1 ]; then log "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# build_rev REV NAME: builds dossier at REV into target/bench-against, copies it to $WORK/NAME.
build_rev() {
    local rev=$1 name=$2 commit
    commit=$(git -C "$ROOT" rev-parse --verify "$rev^{commit}") || die "no such revision: $rev"
    TREE=$(mktemp -d /tmp/dossier-against-tree.XXXXXX)
    rmdir "$TREE"
    git -C "$ROOT" worktree add --quiet --detach "$TREE" "$commit" >&2
    log "Building $rev ($(git -C "$ROOT" log -1 --format='%h %s' "$commit" | cut -c1-70))..."
    (cd "$TREE" && CARGO_TARGET_DIR=$ROOT/target/bench-against cargo build --release --quiet) \
        || die "cargo build --release of $rev failed"
    cp "$ROOT/target/bench-against/release/dossier" "$WORK/$name"
    git -C "$ROOT" worktree remove --force "$TREE"
    TREE=""
}

# Copies, so that a concurrent `cargo build` cannot swap a binary between runs.
if [ -n "$BIN_A" ]; then cp "$BIN_A" "$WORK/a"; else build_rev "${REVS[0]}" a; fi
LABEL_A=${BIN_A:-${REVS[0]}}
if [ -n "$BIN_B" ]; then
    cp "$BIN_B" "$WORK/b"
    LABEL_B=$BIN_B
elif [ -n "$BIN_A" ] && [ "${#REVS[@]}" -ge 1 ] || [ "${#REVS[@]}" -ge 2 ]; then
    LABEL_B=${REVS[-1]}
    build_rev "$LABEL_B" b
else
    log "Building the work tree ($(git -C "$ROOT" log -1 --format='%h') + uncommitted changes)..."
    (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
    cp "${CARGO_TARGET_DIR:-$ROOT/target}/release/dossier" "$WORK/b"
    LABEL_B="work tree ($(git -C "$ROOT" log -1 --format='%h'))"
fi

# --- Corpus: one content folder, a site folder per binary ------------------------------------
log "Generating $BRIEFS briefs..."
python3 "$ROOT/scripts/gen_corpus.py" "$BRIEFS" "$WORK/corpus" >&2
python3 "$ROOT/scripts/gen_corpus.py" 20 "$WORK/probe" >/dev/null
NO_SEARCH=$'\n[search]\nenabled = false\n'
NO_PDF=$'\n[pdf]\ngenerate = false\n'
NO_CARDS=$'\n[cards]\ngenerate = false\n'
for bin in a b; do
    mkdir -p "$WORK/site-$bin"
    ln -sfn "$WORK/corpus/content" "$WORK/site-$bin/content"
    cp "$WORK/corpus/site.toml" "$WORK/site-$bin/site.toml"
    # Does this binary know [search]? Ask it on a 20-brief corpus.
    mkdir -p "$WORK/probe-$bin"
    ln -sfn "$WORK/probe/content" "$WORK/probe-$bin/content"
    { cat "$WORK/probe/site.toml"; printf '%s' "$NO_SEARCH"; } >"$WORK/probe-$bin/site.toml"
    has_search=0
    if "$WORK/$bin" build --quiet --root "$WORK/probe-$bin" >/dev/null 2>&1; then
        has_search=1
    fi
    if [ "$has_search" = 1 ] && [ "$SEARCH" = 0 ]; then
        printf '%s' "$NO_SEARCH" >>"$WORK/site-$bin/site.toml"
        log "  $bin: has search; built with [search] enabled = false"
    elif [ "$has_search" = 1 ]; then
        log "  $bin: has search; built with search on (--search)"
    else
        log "  $bin: has no search (rejects [search] in site.toml)"
    fi
    # Does it know [pdf]? Ask it the same way.
    { cat "$WORK/probe/site.toml"; printf '%s' "$NO_PDF"; } >"$WORK/probe-$bin/site.toml"
    if [ "$PDF" = 0 ] && "$WORK/$bin" build --quiet --root "$WORK/probe-$bin" >/dev/null 2>&1; then
        printf '%s' "$NO_PDF" >>"$WORK/site-$bin/site.toml"
        log "  $bin: built with [pdf] generate = false"
    fi
    # Social cards are typeset with the PDFs' engine (about 6 ms a card): off with the PDFs,
    # where the binary knows [cards].
    { cat "$WORK/probe/site.toml"; printf '%s' "$NO_CARDS"; } >"$WORK/probe-$bin/site.toml"
    if [ "$PDF" = 0 ] && "$WORK/$bin" build --quiet --root "$WORK/probe-$bin" >/dev/null 2>&1; then
        printf '%s' "$NO_CARDS" >>"$WORK/site-$bin/site.toml"
        log "  $bin: built with [cards] generate = false"
    fi
done

# --- Measuring --------------------------------------------------------------------------------
RESULTS=$WORK/results.tsv
: >"$RESULTS"
# measure BIN MODE RUN: one build of site-BIN under /usr/bin/time -v, a line in $RESULTS.
measure() {
    local bin=$1 mode=$2 run=$3
    timed "$WORK/last.out" "$WORK/last.err" "$WORK/time.txt" \
        "$WORK/$bin" build --quiet --root "$WORK/site-$bin" \
        || { cat "$WORK/last.err" >&2; die "$bin build failed"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$bin" "$mode" "$run" "$TIMED_CPU" "$TIMED_WALL" "$TIMED_RSS" >>"$RESULTS"
    log "  $(tail -n 1 "$RESULTS")"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "Load average before: $LOAD_BEFORE; nproc=$(nproc)"
for bin in a b; do
    log "Warm-up build of $bin"
    "$WORK/$bin" build --quiet --root "$WORK/site-$bin" >/dev/null 2>"$WORK/last.err" \
        || { cat "$WORK/last.err" >&2; die "$bin build failed"; }
done
# The brief a one-brief edit changes: the first of the corpus (the same file for both sites).
EDITED=$(find "$WORK/corpus/content/briefs" -name '*.md' | sort | awk 'NR == 1')
log "bin mode run cpu_s wall_s rss_kib"
for run in $(seq 1 "$RUNS"); do
    for bin in a b; do
        rm -rf "$WORK/site-$bin/public" "$WORK/site-$bin/.dossier-cache"
        measure "$bin" cold "$run"
        measure "$bin" rebuild "$run"
        printf '\nA sentence added by run %s of %s.\n' "$run" "$bin" >>"$EDITED"
        measure "$bin" edit "$run"
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "A: $LABEL_A; B: $LABEL_B; $BRIEFS briefs, one language, search $([ "$SEARCH" = 1 ] && echo 'as each binary defaults' || echo 'off'), PDFs $([ "$PDF" = 1 ] && echo 'as each binary defaults' || echo 'off'); $RUNS runs each, alternating A, B"
echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER; nproc=$(nproc)"
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    bin, mode, _run, cpu, wall, rss = line.split("\t")
    rows.setdefault((mode, bin), []).append((float(cpu), float(wall), int(rss) / 1024))
print(f"{'build':<18}{'':>3}{'CPU median':>12}{'wall median':>13}{'peak RSS':>12}   (min-max CPU)")
for mode, name in (("cold", "cold build"), ("rebuild", "no-change rebuild"), ("edit", "one-brief edit")):
    med = {}
    for bin in ("a", "b"):
        runs = rows[(mode, bin)]
        med[bin] = [statistics.median(r[k] for r in runs) for k in range(3)]
        cpus = [r[0] for r in runs]
        print(f"{name:<18}{bin.upper():>3}{med[bin][0]:>10.2f} s{med[bin][1]:>11.3f} s{med[bin][2]:>8.0f} MiB   ({min(cpus):.2f}-{max(cpus):.2f})")
    # A build too short to time (0.00 s of CPU) has no ratio.
    ratio = [med["b"][k] / med["a"][k] if med["a"][k] > 0 else float("nan") for k in range(3)]
    print(f"{name:<18}{'B/A':>3}{ratio[0]:>11.3f}x{ratio[1]:>12.3f}x{ratio[2]:>11.3f}x")
PY

#!/usr/bin/env bash
# Reproducible build benchmark: `dossier build` on synthetic corpora of 1,000 and 10,000 briefs
# (scripts/gen_corpus.py, about 6 KB of Markdown each), on tmpfs (/dev/shm), measuring wall
# time and peak RSS (/usr/bin/time -v) of
#   - a cold build: the output folder is deleted first;
#   - a no-change rebuild: the output of the previous build is kept.
#   - a one-brief edit: one brief's body changes, then a build with the cache of the last one;
#   - a no-change rebuild with --no-cache (every file made again, only changed bytes written).
# Each case runs RUNS times (default 3) after one untimed warm-up build; the table reports
# the median (and the min-max range), and the ratios of each rebuild to the cold build. When `hugo` is installed, the 10,000-brief corpus is also
# built with Hugo (a minimal project with comparable templates) for comparison.
#
# Search: "dossier" builds with its search index (the default), "dossier-nosearch" the same
# corpus with `[search] enabled = false`. The size of the index (files, bytes) is reported, and,
# where Chromium and playwright-core are installed (as for tests/search.rs), the bytes a browser
# downloads from the index for one query, counted by tests/search/browser.mjs's server. Beside
# Hugo, Pagefind's own CLI (npm's `pagefind`, installed into .cache/pagefind) indexes Hugo's
# output, for the side-by-side "Hugo + Pagefind" figure.
#
# Scale: with --scale, a 100,000-brief corpus is added, built without search (Pagefind took 2.5 GB
# for 10,000 briefs, and grows with them past this machine's memory), and the report gives how time and peak memory
# grow from 1,000 to 10,000 to 100,000 briefs (linear growth is 10x a step).
#
# PDFs: the corpora are built with `[pdf] generate = false` and `[cards] generate = false`, so
# that Dossier makes what Hugo makes. With --pdf, "dossier" (a PDF typeset for every brief) and "dossier-nopdf" (the same
# corpus without) run side by side instead, alternating run by run (cold, no-change rebuild,
# one-brief edit; no --no-cache case, no search variant, no Hugo), and the report gives the
# typesetting's CPU time per PDF: (CPU with PDFs - CPU without) / briefs, the elapsed time per PDF
# per core ((wall with - wall without) x cores / briefs), and the ratio of a PDF's CPU time to the
# rest of a brief's build (which varies less than either with the shared machine's speed).
#
# Usage: scripts/bench.sh [--quick] [--runs N] [--no-hugo] [--keep] [--scale] [--pdf] [--sizes "N ..."]
#   --quick    only the 1,000-brief corpus, one run each, no Hugo
#   --scale    also 100,000 briefs (without search; about 600 MB of Markdown in /dev/shm)
#   --runs N   timed runs per case (default 3)
#   --no-hugo  skip Hugo even when it is installed
#   --keep     keep the corpora and outputs under /dev/shm (the path is printed)
#   --pdf      PDFs on and off side by side (see above)
#   --sizes S  the corpus sizes, such as "1000 10000" (the default)
#
# Needs: cargo, python3, /usr/bin/time (installed with apt-get when missing and run as root).
# Optional: hugo (`apt-get install -y hugo`; Debian 12 ships 0.111).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/timed.sh
. "$ROOT/scripts/timed.sh"
QUICK=0
RUNS=3
USE_HUGO=1
KEEP=0
SCALE=0
PDF=0
SIZES_GIVEN=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --runs)
            [ $# -ge 2 ] || { echo "bench.sh: --runs needs a number" >&2; exit 2; }
            RUNS=$2
            shift ;;
        --runs=*) RUNS=${1#--runs=} ;;
        --no-hugo) USE_HUGO=0 ;;
        --keep) KEEP=1 ;;
        --scale) SCALE=1 ;;
        --pdf) PDF=1 ;;
        --sizes)
            [ $# -ge 2 ] || { echo "bench.sh: --sizes needs a list" >&2; exit 2; }
            SIZES_GIVEN=$2
            shift ;;
        -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in
    '' | *[!0-9]* | 0) echo "bench.sh: --runs needs a positive number, not '$RUNS'" >&2; exit 2 ;;
esac
if [ "$QUICK" = 1 ]; then
    SIZES=(1000)
    RUNS=1
    USE_HUGO=0
else
    SIZES=(1000 10000)
fi
if [ -n "$SIZES_GIVEN" ]; then
    read -r -a SIZES <<<"$SIZES_GIVEN"
fi
if [ "$PDF" = 1 ]; then
    USE_HUGO=0
fi
if [ "$SCALE" = 1 ]; then
    SIZES+=(100000)
fi

log() { printf '%s\n' "$*" >&2; }
die() { log "bench.sh: $*"; exit 1; }

# --- Tools ------------------------------------------------------------------------------------
command -v python3 >/dev/null || die "python3 is needed to generate the corpora"
command -v cargo >/dev/null || die "cargo is needed to build dossier"
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "Installing GNU time (apt-get install time)..."
        apt-get update -qq >&2 && apt-get install -y -qq time >&2
    fi
    [ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time: apt-get install -y time"
fi
HUGO=""
if [ "$USE_HUGO" = 1 ] && command -v hugo >/dev/null; then
    HUGO=$(command -v hugo)
fi
PAGEFIND=""
if [ -n "$HUGO" ]; then
    PAGEFIND=${PAGEFIND_BIN:-$ROOT/.cache/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended}
    if [ ! -x "$PAGEFIND" ] && command -v npm >/dev/null; then
        log "Installing Pagefind's CLI (npm install pagefind into .cache/pagefind)..."
        mkdir -p "$ROOT/.cache/pagefind"
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.cache/pagefind" pagefind@1.6.0 >&2 || true
    fi
    [ -x "$PAGEFIND" ] || PAGEFIND=""
fi
# The browser harness of tests/search.rs, to count the bytes of one query.
NODE_MODULES=${DOSSIER_NODE_MODULES:-$ROOT/.cache/node/node_modules}
BROWSER=0
if command -v node >/dev/null && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d "$NODE_MODULES/playwright-core" ]; then
    BROWSER=1
fi
[ -d /dev/shm ] && [ -w /dev/shm ] || die "/dev/shm (tmpfs) is not writable"

WORK=$(mktemp -d /dev/shm/dossier-bench.XXXXXX)
cleanup() {
    if [ "$KEEP" = 1 ]; then
        log "Kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
RESULTS=$WORK/results.tsv
: >"$RESULTS"

# --- Machine ----------------------------------------------------------------------------------
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
log "Machine: nproc=$(nproc), CPU: ${CPU:-unknown}, memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
log "Tools: $(rustc --version 2>/dev/null || echo 'rustc ?'); $(python3 --version)${HUGO:+; $("$HUGO" version | cut -d' ' -f1-2)}"

# --- Build ------------------------------------------------------------------------------------
log "Building dossier (cargo build --release)..."
(cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
RELEASE=${CARGO_TARGET_DIR:-$ROOT/target}/release
[ -x "$RELEASE/dossier" ] || die "no binary at $RELEASE/dossier"
# Benchmark a copy, so that a concurrent `cargo build` cannot swap the binary between runs.
BIN=$WORK/dossier
cp "$RELEASE/dossier" "$BIN"
log "  $("$BIN" --version 2>/dev/null || echo dossier), $(stat -c %s "$BIN") bytes"

# --- Measuring --------------------------------------------------------------------------------
# measure TOOL BRIEFS MODE RUN -- COMMAND...: runs COMMAND under /usr/bin/time -v, appends
# "tool briefs mode run wall_s rss_kib cpu_s" to $RESULTS; COMMAND's output goes to $WORK/last.*.
measure() {
    local tool=$1 briefs=$2 mode=$3 run=$4
    shift 5
    local status=0
    timed "$WORK/last.out" "$WORK/last.err" "$WORK/time.txt" "$@" || status=$?
    if [ "$status" != 0 ]; then
        log "FAILED ($status): $*"
        tail -n 30 "$WORK/last.err" >&2 || true
        tail -n 5 "$WORK/last.out" >&2 || true
        exit 1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$briefs" "$mode" "$run" "$TIMED_WALL" "$TIMED_RSS" "$TIMED_CPU" >>"$RESULTS"
    log "  $tool $briefs $mode #$run: ${TIMED_WALL} s wall, $((TIMED_RSS / 1024)) MiB peak RSS, ${TIMED_CPU} s CPU"
}

bench_dossier() {
    local n=$1 site=$2 tool=${3:-dossier}
    local out=$site/public
    # The warm-up build also prints the per-stage timings, when this dossier has --verbose.
    local verbose=()
    if "$BIN" build --help 2>/dev/null | grep -q -- '--verbose'; then
        verbose=(--verbose)
    fi
    log "$tool, $n briefs: warm-up build"
    rm -rf "$out"
    "$BIN" build "${verbose[@]}" --root "$site" >"$WORK/last.out" 2>"$WORK/last.err" || {
        cat "$WORK/last.err" "$WORK/last.out" >&2
        die "dossier build --root $site failed"
    }
    sed 's/^/  /' "$WORK/last.out" "$WORK/last.err" >&2
    local edited
    edited=$(find "$site/content/briefs" -name '*.md' | sort | sed -n '2p')
    for run in $(seq 1 "$RUNS"); do
        rm -rf "$out" "$site/.dossier-cache"
        measure "$tool" "$n" cold "$run" -- "$BIN" build --root "$site"
        measure "$tool" "$n" rebuild "$run" -- "$BIN" build --root "$site"
        log "    $(cat "$WORK/last.out")"
        printf '\nAn added sentence in run %s.\n' "$run" >>"$edited"
        measure "$tool" "$n" edit1 "$run" -- "$BIN" build --root "$site"
        log "    $(cat "$WORK/last.out")"
        measure "$tool" "$n" nocache "$run" -- "$BIN" build --no-cache --root "$site"
    done
}

# The same corpus without PDFs: its own site.toml, the same content.
nopdf_site() {
    local site=$1 copy=$1-nopdf
    mkdir -p "$copy"
    ln -sfn "$site/content" "$copy/content"
    { cat "$site/site.toml"; printf '\n[pdf]\ngenerate = false\n'; } >"$copy/site.toml"
    echo "$copy"
}

# PDFs on and off, alternating: each run builds both, cold, unchanged and after a one-brief
# edit (the edit is to the shared content, so both sites see it).
bench_pdf() {
    local n=$1 site=$2 plain=$3
    local edited
    edited=$(find "$site/content/briefs" -name '*.md' | sort | sed -n '2p')
    for pair in "dossier:$site" "dossier-nopdf:$plain"; do
        log "${pair%%:*}, $n briefs: warm-up build"
        rm -rf "${pair#*:}/public"
        "$BIN" build --root "${pair#*:}" >"$WORK/last.out" 2>"$WORK/last.err" || {
            cat "$WORK/last.err" "$WORK/last.out" >&2
            die "dossier build --root ${pair#*:} failed"
        }
        sed 's/^/  /' "$WORK/last.out" >&2
    done
    for run in $(seq 1 "$RUNS"); do
        for pair in "dossier:$site" "dossier-nopdf:$plain"; do
            local tool=${pair%%:*} root=${pair#*:}
            rm -rf "$root/public" "$root/.dossier-cache"
            measure "$tool" "$n" cold "$run" -- "$BIN" build --root "$root"
            log "    $(cat "$WORK/last.out")"
            measure "$tool" "$n" rebuild "$run" -- "$BIN" build --root "$root"
        done
        printf '\nAn added sentence in run %s.\n' "$run" >>"$edited"
        for pair in "dossier:$site" "dossier-nopdf:$plain"; do
            measure "${pair%%:*}" "$n" edit1 "$run" -- "$BIN" build --root "${pair#*:}"
            log "    $(cat "$WORK/last.out")"
        done
    done
}

# The same corpus without search: its own site.toml, the same content.
nosearch_site() {
    local site=$1 copy=$1-nosearch
    mkdir -p "$copy"
    ln -sfn "$site/content" "$copy/content"
    { cat "$site/site.toml"; printf '\n[search]\nenabled = false\n'; } >"$copy/site.toml"
    echo "$copy"
}

# The index's size, and the bytes one query downloads from it in a browser.
index_size() {
    local n=$1 out=$2/public
    [ -d "$out/pagefind" ] || return 0
    local files bytes
    files=$(find "$out/pagefind" -type f | wc -l)
    bytes=$(du -sb "$out/pagefind" | cut -f1)
    printf 'index\t%s\tfiles\t%s\tbytes\t%s\n' "$n" "$files" "$bytes" >>"$WORK/search.tsv"
    log "  search index of $n briefs: $files files, $((bytes / 1024)) KiB"
    if [ "$BROWSER" = 1 ]; then
        local word
        word=$(python3 -c "import sys,re; t=open(sys.argv[1]).read().split('+++')[2]; print(max(re.findall(r'[a-z]{6,}', t), key=len))" "$(find "$2/content/briefs" -name '*.md' | sort | head -n1)")
        printf '{"site": "%s", "base": "/", "queries": [{"path": "search/", "q": "%s"}, {"path": "search/", "q": "security"}]}' "$out" "$word" >"$WORK/scenario.json"
        NODE_PATH=$NODE_MODULES node "$ROOT/tests/search/browser.mjs" "$WORK/scenario.json" >"$WORK/query.json" || return 0
        python3 - "$WORK/query.json" "$n" "$word" >>"$WORK/search.tsv" <<'PY'
import json, sys
seen = json.load(open(sys.argv[1]))
for q, query in zip((sys.argv[3], "security"), seen.get("queries", [])):
    print(f"query\t{sys.argv[2]}\t{q}\t{len(query['results'])}\tbytes\t{query['bundle_bytes']}\tfiles\t{query['bundle_files']}")
PY
        log "  $(tail -n 2 "$WORK/search.tsv" | tr '\n' ' ')"
    fi
}

# A minimal Hugo project over the same content, configured to do the work Dossier's default
# theme does: taxonomies for authors, topics and series (Hugo takes the string `series` as a
# one-term list); every brief page with its table of contents; listings (home, year sections,
# term pages) paginated 20 to a page with title, date, authors and summary of each brief; term
# lists with counts; a feed of the latest 50 briefs for the site and for every term; a sitemap
# and robots.txt.
make_hugo_project() {
    local dir=$1 content=$2 public=$3
    mkdir -p "$dir/layouts/_default" "$dir/layouts/partials"
    cat >"$dir/hugo.toml" <<EOF
baseURL = "https://bench.example/"
title = "Benchmark Institute for Policy Studies"
languageCode = "en"
contentDir = "$content"
publishDir = "$public"
enableRobotsTXT = true
paginate = 20
rssLimit = 50
summaryLength = 60

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]

[taxonomies]
author = "authors"
topic = "topics"
series = "series"

[params]
publisher = "Benchmark Institute for Policy Studies"
EOF
    cat >"$dir/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "authors/" | relURL }}">Authors</a> <a href="{{ "topics/" | relURL }}">Topics</a> <a href="{{ "series/" | relURL }}">Series</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>© {{ now.Year }} {{ site.Params.publisher }}</footer>
</body>
</html>
EOF
    cat >"$dir/layouts/partials/item.html" <<'EOF'
<article class="brief-item">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
{{- with .Params.series }}<p class="kicker">{{ . }}{{ with $.Params.number }} No. {{ . }}/{{ $.Date.Year }}{{ end }}</p>{{ end }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ range $i, $a := .GetTerms "authors" }}{{ if $i }}, {{ end }}<a href="{{ $a.RelPermalink }}">{{ $a.LinkTitle }}</a>{{ end }}</p>
<p class="summary">{{ .Summary }}</p>
</article>
EOF
    cat >"$dir/layouts/_default/single.html" <<'EOF'
{{ define "main" }}
<article class="brief">
<h1>{{ .Title }}</h1>
{{- with .Params.series }}<p class="kicker">{{ . }}{{ with $.Params.number }} No. {{ . }}/{{ $.Date.Year }}{{ end }}</p>{{ end }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ range $i, $a := .GetTerms "authors" }}{{ if $i }}, {{ end }}<a href="{{ $a.RelPermalink }}">{{ $a.LinkTitle }}</a>{{ end }} · {{ .ReadingTime }} min read</p>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="prose">{{ .Content }}</div>
<p class="topics">{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ end }}
EOF
    cat >"$dir/layouts/_default/list.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := "" }}{{ if .IsHome }}{{ $pager = .Paginate site.RegularPages }}{{ else }}{{ $pager = .Paginator }}{{ end }}
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
EOF
    cat >"$dir/layouts/_default/terms.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
EOF
    cat >"$dir/layouts/_default/taxonomy.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} briefs</p>
{{ range .Paginator.Pages }}{{ partial "item.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
EOF
}

bench_hugo() {
    local n=$1 site=$2
    local dir=$WORK/hugo-$n public=$WORK/hugo-$n-public cache=$WORK/hugo-$n-cache
    make_hugo_project "$dir" "$site/content/briefs" "$public"
    local cmd=("$HUGO" --source "$dir" --cacheDir "$cache")
    log "Hugo, $n briefs: warm-up build"
    rm -rf "$public" "$cache" "$dir/resources"
    "${cmd[@]}" >"$WORK/last.out" 2>"$WORK/last.err" || {
        cat "$WORK/last.err" "$WORK/last.out" >&2
        die "hugo build failed"
    }
    log "  $(grep -E 'Pages|Total in' "$WORK/last.out" | tr -s ' ' | tr '\n' ' ')"
    for run in $(seq 1 "$RUNS"); do
        rm -rf "$public" "$cache" "$dir/resources"
        measure hugo "$n" cold "$run" -- "${cmd[@]}"
        if [ -n "$PAGEFIND" ]; then
            measure pagefind "$n" cold "$run" -- "$PAGEFIND" --site "$public"
        fi
        measure hugo "$n" rebuild "$run" -- "${cmd[@]}"
    done
    if [ -n "$PAGEFIND" ]; then
        local files bytes
        files=$(find "$public/pagefind" -type f | wc -l)
        bytes=$(du -sb "$public/pagefind" | cut -f1)
        printf 'pagefind-index\t%s\tfiles\t%s\tbytes\t%s\n' "$n" "$files" "$bytes" >>"$WORK/search.tsv"
    fi
}

# --- Corpora and runs -------------------------------------------------------------------------
for n in "${SIZES[@]}"; do
    site=$WORK/corpus-$n
    log "Generating $n briefs into $site..."
    python3 "$ROOT/scripts/gen_corpus.py" "$n" "$site"
    if [ "$PDF" = 1 ]; then
        bench_pdf "$n" "$site" "$(nopdf_site "$site")"
        continue
    fi
    # Without PDFs and social cards, as Hugo's site has neither (--pdf measures PDFs).
    printf '\n[pdf]\ngenerate = false\n\n[cards]\ngenerate = false\n' >>"$site/site.toml"
    if [ "$n" -le 10000 ]; then
        bench_dossier "$n" "$site"
        index_size "$n" "$site"
    fi
    bench_dossier "$n" "$(nosearch_site "$site")" dossier-nosearch
    if [ "$n" -gt 10000 ] && [ "$KEEP" = 0 ]; then
        rm -rf "$site" "$site-nosearch"
    fi
    if [ -n "$HUGO" ] && [ "$n" = 10000 ]; then
        bench_hugo "$n" "$site"
    fi
done

# --- Report -----------------------------------------------------------------------------------
echo
echo "Dossier build benchmark: median of $RUNS run(s) each; nproc=$(nproc), CPU: ${CPU:-unknown}"
python3 - "$RESULTS" <<'EOF'
import os
import statistics
import sys

rows = {}
for line in open(sys.argv[1]):
    tool, briefs, mode, _run, wall, rss, cpu = line.split("\t")
    rows.setdefault((tool, int(briefs), mode), []).append((float(wall), int(rss), float(cpu)))

names = {"dossier": "Dossier", "dossier-nosearch": "Dossier, no search", "dossier-nopdf": "Dossier, no PDFs", "hugo": "Hugo", "pagefind": "Pagefind CLI"}
modes = {
    "cold": "cold build",
    "rebuild": "no-change rebuild",
    "edit1": "one-brief edit",
    "nocache": "no-change, --no-cache",
}
header = ("tool", "briefs", "build", "runs", "wall median", "wall min-max", "peak RSS median", "CPU median")
table = [header]
order = {"dossier": 0, "dossier-nopdf": 1, "dossier-nosearch": 2, "hugo": 3, "pagefind": 4}
mode_order = {m: i for i, m in enumerate(modes)}
for (tool, briefs, mode), runs in sorted(rows.items(), key=lambda kv: (kv[0][1], order[kv[0][0]], mode_order.get(kv[0][2], 9))):
    walls = [r[0] for r in runs]
    table.append((
        names.get(tool, tool), f"{briefs:,}", modes.get(mode, mode), str(len(runs)),
        f"{statistics.median(walls):.3f} s", f"{min(walls):.3f}-{max(walls):.3f} s",
        f"{statistics.median(r[1] for r in runs) / 1024:.1f} MiB",
        f"{statistics.median(r[2] for r in runs):.2f} s",
    ))
widths = [max(len(row[i]) for row in table) for i in range(len(header))]
for k, row in enumerate(table):
    print("  ".join(cell.ljust(w) if i < 3 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    if k == 0:
        print("  ".join("-" * w for w in widths))

def median_wall(tool, briefs, mode):
    runs = rows.get((tool, briefs, mode))
    return statistics.median(r[0] for r in runs) if runs else None

print()
for briefs in sorted({b for (_, b, _) in rows}):
    cold = median_wall("dossier", briefs, "cold")
    parts = []
    for mode in ("rebuild", "edit1", "nocache"):
        wall = median_wall("dossier", briefs, mode)
        if cold and wall is not None:
            parts.append(f"{modes[mode]} {100 * wall / cold:.0f}%")
    if parts:
        print(f"Dossier {briefs:,} briefs, median rebuild as a share of the median cold build: " + ", ".join(parts))
    hugo = median_wall("hugo", briefs, "cold")
    if cold and hugo:
        print(f"{briefs:,} briefs, cold build: Hugo takes {hugo / cold:.1f}x Dossier's time")
    nopdf = median_wall("dossier-nopdf", briefs, "cold")
    if cold and nopdf:
        cpu = lambda tool: statistics.median(r[2] for r in rows[(tool, briefs, "cold")])
        rss = lambda tool: statistics.median(r[1] for r in rows[(tool, briefs, "cold")]) / 1024
        per_pdf = 1000 * (cpu("dossier") - cpu("dossier-nopdf")) / briefs
        print(f"{briefs:,} briefs, cold build: with PDFs {cold:.2f} s ({cpu('dossier'):.1f} s CPU, {rss('dossier'):.0f} MiB), without {nopdf:.2f} s ({cpu('dossier-nopdf'):.1f} s CPU, {rss('dossier-nopdf'):.0f} MiB): {per_pdf:.1f} ms of CPU per PDF")
        # The same in elapsed time, per core: what the PDFs add to the build, spread over the
        # cores. And, since a shared machine's speed varies by 2x from hour to hour, a figure
        # that does not: a PDF's cost in units of the rest of a brief's build, timed alike.
        per_core = 1000 * (cold - nopdf) * os.cpu_count() / briefs
        rest = 1000 * cpu("dossier-nopdf") / briefs
        ratio = f"{per_pdf / rest:.1f}x" if rest > 0 else "(too small to time)"
        print(f"{briefs:,} briefs, cold build: {per_core:.1f} ms of elapsed time per PDF per core ({os.cpu_count()} cores); a PDF costs {ratio} the rest of a brief's build ({rest:.2f} ms of CPU)")
    nosearch = median_wall("dossier-nosearch", briefs, "cold")
    if cold and nosearch:
        print(f"{briefs:,} briefs, cold build: with search {cold:.2f} s, without {nosearch:.2f} s")
    pagefind = median_wall("pagefind", briefs, "cold")
    if cold and hugo and pagefind:
        print(f"{briefs:,} briefs, cold build with search: Hugo + Pagefind CLI {hugo + pagefind:.2f} s ({hugo:.2f} + {pagefind:.2f}), Dossier {cold:.2f} s, {100 * cold / (hugo + pagefind):.0f}%")
    smaller = briefs // 10
    for mode in ("cold", "rebuild"):
        runs, before = rows.get(("dossier-nosearch", briefs, mode)), rows.get(("dossier-nosearch", smaller, mode))
        if runs and before:
            grow = [statistics.median(r[k] for r in runs) / statistics.median(r[k] for r in before) for k in range(3)]
            print(f"growth from {smaller:,} to {briefs:,} briefs, {modes[mode]} without search: wall {grow[0]:.1f}x, CPU {grow[2]:.1f}x, peak RSS {grow[1]:.1f}x (linear: 10x)")
    hugo_rebuild = median_wall("hugo", briefs, "rebuild")
    dossier_rebuild = median_wall("dossier", briefs, "rebuild")
    if hugo_rebuild and dossier_rebuild:
        print(f"{briefs:,} briefs, no-change rebuild: Hugo takes {hugo_rebuild / dossier_rebuild:.1f}x Dossier's time")
EOF
echo "(wall: elapsed time of the process; CPU: user+sys; peak RSS: max resident set size from /usr/bin/time -v)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$WORK/search.tsv" ]; then
    echo
    echo "Search index (files, bytes) and one query in a browser (results, bytes downloaded from the index, files):"
    sed 's/^/  /' "$WORK/search.tsv"
fi

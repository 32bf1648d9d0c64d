#!/usr/bin/env bash
# What social cards and responsive images cost (issue 21's bar: "cards and images cost at most
# 10 ms of CPU per brief on a cold build at 1,000 briefs, measured against the build without
# them; a no-change rebuild does none of this work").
#
# One corpus (scripts/gen_corpus.py, 1,000 briefs by default, in /dev/shm, PDFs and search off
# so that neither is timed) is built as four sites that differ only in cards and images:
#   off     `[cards] generate = false`, the briefs as generated (no image)
#   on      cards on, and every brief a bundle whose text shows its images
#   cards   cards on, no image          (with --split)
#   images  cards off, the images       (with --split)
# RUNS cold builds of each (output and cache deleted first), the sites alternating within each
# run, then RUNS no-change rebuilds of "off" and "on", alternating. Reports the median CPU time
# (user + system, /usr/bin/time) of each and (on - off) / briefs, the bar's figure; the same for
# the no-change rebuilds, and checks that a no-change rebuild of "on" wrote no file and made
# no more files than one of "off" (its summary: "0 files written, N unchanged (M not made
# again)": N - M files were made again, the few that have no fingerprint, such as the sitemap).
#
# The images of a brief (--images):
#   mixed  (default) what a brief of a think tank shows: one chart, matplotlib's default export
#          (640×480 PNG, RGBA, tests/fixtures/images/chart-matplotlib.png), and every second
#          brief also a photo as a web editor uploads it: the fixtures' camera photo (its pixels
#          as stored, landscape) at 1200×900, JPEG quality 85, 170-odd KB. 1.5 images per brief
#          (the real PISM brief the project was started from has none).
#   chart  one 640×480 chart per brief.
#   issue  the issue's case: a 3000×2250 PNG chart (matplotlib's scaled up, as tests/images.rs
#          makes it) and the camera's own 2048×1536 JPEG (784 KB, EXIF orientation 6) per brief.
#
# Usage: scripts/bench-images.sh [--runs N] [--briefs N] [--images mixed|chart|issue] [--split]
#                                [--keep] [--bin PATH]
# Needs: a release build (cargo build --release), python3 with Pillow (pip install pillow),
# /usr/bin/time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/timed.sh
. "$ROOT/scripts/timed.sh"
RUNS=5
BRIEFS=1000
IMAGES=mixed
SPLIT=0
KEEP=0
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/dossier"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift ;;
        --briefs) BRIEFS=$2; shift ;;
        --images) IMAGES=$2; shift ;;
        --split) SPLIT=1 ;;
        --keep) KEEP=1 ;;
        --bin) BIN=$2; shift ;;
        -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
        *) echo "bench-images.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$IMAGES" in mixed | chart | issue) ;; *) echo "bench-images.sh: --images is mixed, chart or issue" >&2; exit 2 ;; esac
[ -x "$BIN" ] || { echo "bench-images.sh: build $BIN first (cargo build --release)" >&2; exit 1; }
python3 -c 'import PIL' 2>/dev/null || { echo "bench-images.sh: needs Pillow (pip install pillow)" >&2; exit 1; }
WORK=$(mktemp -d /dev/shm/dossier-images.XXXXXX)
if [ "$KEEP" = 1 ]; then trap 'echo "Kept $WORK" >&2' EXIT; else trap 'rm -rf "$WORK"' EXIT; fi

KINDS=(off on)
[ "$SPLIT" = 1 ] && KINDS=(off on cards images)

# The corpus, twice: as generated, and with every brief a bundle showing its images.
python3 "$ROOT/scripts/gen_corpus.py" "$BRIEFS" "$WORK/plain" >/dev/null
cp -a "$WORK/plain/content" "$WORK/content-images"
python3 - "$WORK/content-images/briefs" "$ROOT/tests/fixtures/images" "$IMAGES" "$WORK" <<'PY'
import os, shutil, sys
from PIL import Image
root, fixtures, mode, work = sys.argv[1:5]
chart = os.path.join(fixtures, "chart-matplotlib.png")
camera = os.path.join(fixtures, "camera-canon-sx60.jpg")
if mode == "issue":
    big = os.path.join(work, "chart-3000.png")
    Image.open(chart).resize((3000, 2250), Image.BILINEAR).save(big)
    chart, photo, every = big, camera, 1
elif mode == "mixed":
    photo, every = os.path.join(work, "photo-1200.jpg"), 2
    Image.open(camera).convert("RGB").resize((1200, 900), Image.LANCZOS).save(photo, quality=85)
else:
    photo, every = None, 0
n = 0
for year in sorted(os.listdir(root)):
    for name in sorted(os.listdir(os.path.join(root, year))):
        if not name.endswith(".md"):
            continue
        src = os.path.join(root, year, name)
        bundle = os.path.join(root, year, name[:-3])
        os.makedirs(bundle)
        text = open(src, encoding="utf-8").read()
        head, sep, body = text.partition("\n+++\n")
        lead, _, rest = body.partition("\n\n")
        shown = f"![A chart of the figures](chart{os.path.splitext(chart)[1]})"
        shutil.copy(chart, os.path.join(bundle, "chart" + os.path.splitext(chart)[1]))
        if photo and n % every == 0:
            shown += "\n\n![A photo of the meeting](photo.jpg)"
            shutil.copy(photo, os.path.join(bundle, "photo.jpg"))
        n += 1
        text = f"{head}{sep}{lead}\n\n{shown}\n\n{rest}"
        open(os.path.join(bundle, "index.md"), "w", encoding="utf-8").write(text)
        os.remove(src)
PY
for kind in "${KINDS[@]}"; do
    mkdir -p "$WORK/$kind"
    case "$kind" in off | cards) content=$WORK/plain/content ;; *) content=$WORK/content-images ;; esac
    case "$kind" in off | images) cards=false ;; *) cards=true ;; esac
    ln -sfn "$content" "$WORK/$kind/content"
    { cat "$WORK/plain/site.toml"
      printf '\n[pdf]\ngenerate = false\n\n[search]\nenabled = false\n\n[cards]\ngenerate = %s\n' "$cards"
    } >"$WORK/$kind/site.toml"
done
echo "$BRIEFS briefs, images: $IMAGES ($(find "$WORK/content-images" -name '*.png' -o -name '*.jpg' | wc -l) files);" \
    "binary $BIN; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Instructions too, when `perf stat` can count them: unlike CPU time, they do not grow with the
# load of a shared machine.
PERF=()
if command -v perf >/dev/null && perf stat -x, -e instructions:u -o "$WORK/perf" true 2>/dev/null &&
    grep -q '^[0-9]' "$WORK/perf"; then
    PERF=(perf stat -x, -e instructions:u -o "$WORK/perf" --)
fi
declare -A CPU INS
build() { # KIND LABEL: one timed build of a site, its CPU time appended to CPU[LABEL]
    cd "$WORK/$1"
    timed "$WORK/out" "$WORK/err" "$WORK/time" "${PERF[@]}" "$BIN" build || { cat "$WORK/out" "$WORK/err"; exit 1; }
    cd "$ROOT"
    CPU[$2]="${CPU[$2]:-} $TIMED_CPU"
    if [ ${#PERF[@]} -gt 0 ]; then
        INS[$2]="${INS[$2]:-} $(awk -F, '/instructions/ && $1 ~ /^[0-9]/ { print $1 }' "$WORK/perf")"
    fi
}
for run in $(seq 1 "$RUNS"); do
    for kind in "${KINDS[@]}"; do
        rm -rf "$WORK/$kind/public" "$WORK/$kind/.dossier-cache"
        build "$kind" "$kind"
        echo "$kind #$run: $TIMED_CPU s CPU, $TIMED_WALL s wall"
    done
done
# A no-change rebuild of "on" makes again what one of "off" does (the few files without a
# fingerprint, such as the sitemap) and copies the original images again (read, compared,
# not written), and nothing else: no card, no resized copy.
ORIGINALS=$(find "$WORK/content-images" \( -name '*.png' -o -name '*.jpg' \) | wc -l)
declare -A MADE
for run in $(seq 1 "$RUNS"); do
    for kind in off on; do
        build "$kind" "$kind-rebuild"
        summary=$(grep -o '[0-9,]* files written, [0-9,]* unchanged ([0-9,]* not made again)' "$WORK/out" | tr -d ',(')
        read -r written _ _ unchanged _ kept _ <<<"$summary"
        MADE[$kind]=$((written + unchanged - kept))
        echo "$kind, no-change rebuild #$run: $TIMED_CPU s CPU: $summary: ${MADE[$kind]} made again"
        [ "$written" = 0 ] || { echo "bench-images.sh: the no-change rebuild of \"$kind\" wrote files" >&2; exit 1; }
    done
    if [ "${MADE[on]}" != $((MADE[off] + ORIGINALS)) ]; then
        echo "bench-images.sh: the no-change rebuild with cards and images made ${MADE[on]} files, not ${MADE[off]} + $ORIGINALS originals" >&2
        exit 1
    fi
done
echo
python3 - "$BRIEFS" "$IMAGES" "$RUNS" "${KINDS[*]}" "$(declare -p CPU)" "$(declare -p INS)" <<'PY'
import re, statistics, sys
n, images, runs, kinds = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4].split()
read = lambda text: {k: [float(x) for x in v.split()] for k, v in re.findall(r'\[([\w-]+)\]="\s*([^"]*)"', text)}
cpu, ins = read(sys.argv[5]), read(sys.argv[6])
med = {k: statistics.median(v) for k, v in cpu.items()}
imed = {k: statistics.median(v) for k, v in ins.items()}
for k in kinds + ["off-rebuild", "on-rebuild"]:
    count = f", {imed[k] / 1e9:.2f} billion instructions" if imed else ""
    print(f"  {k:<12} median {med[k]:6.2f} s CPU{count}  (runs: {', '.join(f'{x:.2f}' for x in cpu[k])})")
per = lambda k, base="off": 1000 * (med[k] - med[base]) / n
iper = lambda k, base="off": (imed[k] - imed[base]) / n / 1e6 if imed else None
also = lambda k, base="off": f", {iper(k, base):.1f} million instructions" if imed else ""
print(f"{n:,} briefs, images {images}, median of {runs} cold builds each:")
print(f"  cards and images: {per('on'):.1f} ms of CPU per brief{also('on')} (on {med['on']:.2f} s - off {med['off']:.2f} s)")
for k, what in (("cards", "cards alone"), ("images", "images alone")):
    if k in med:
        print(f"  {what}: {per(k):.1f} ms of CPU per brief{also(k)}")
print(f"  no-change rebuild: on {med['on-rebuild']:.2f} s, off {med['off-rebuild']:.2f} s CPU"
      f" ({per('on-rebuild', 'off-rebuild'):+.2f} ms per brief); no file written, no card or image made")
PY

#!/usr/bin/env bash
# What responsive images cost: a cold build of the 1,000-brief corpus (scripts/gen_corpus.py,
# on /dev/shm, PDFs and search off so that only pages and images are timed), as generated
# ("plain") and with every brief made a bundle holding one chart (matplotlib's 640-pixel PNG,
# tests/fixtures/images/) that its text shows ("images"); RUNS cold builds of each, alternating,
# then a no-change rebuild of the second. Reports the median CPU time (user + system) of each
# and the difference per brief, and what the no-change rebuild wrote.
#
# Usage: scripts/bench-images.sh [--runs N] [--briefs N] [--image FILE]
# Needs: a release build (cargo build --release), python3, /usr/bin/time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/timed.sh
. "$ROOT/scripts/timed.sh"
RUNS=3
BRIEFS=1000
IMAGE="$ROOT/tests/fixtures/images/chart-matplotlib.png"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift ;;
        --briefs) BRIEFS=$2; shift ;;
        --image) IMAGE=$2; shift ;;
        *) echo "bench-images.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/dossier"
[ -x "$BIN" ] || { echo "bench-images.sh: build $BIN first (cargo build --release)" >&2; exit 1; }
WORK=$(mktemp -d /dev/shm/dossier-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for kind in plain images; do
    python3 "$ROOT/scripts/gen_corpus.py" "$BRIEFS" "$WORK/$kind" >/dev/null
    printf '\n[pdf]\ngenerate = false\n\n[search]\nenabled = false\n' >>"$WORK/$kind/site.toml"
done
# Each brief becomes a bundle, `NAME/index.md`, with the chart beside it and shown after the lead.
python3 - "$WORK/images/content/briefs" "$IMAGE" <<'PY'
import os, shutil, sys
root, image = sys.argv[1], sys.argv[2]
ext = os.path.splitext(image)[1]
for year in os.listdir(root):
    for name in os.listdir(os.path.join(root, year)):
        if not name.endswith(".md"):
            continue
        src = os.path.join(root, year, name)
        bundle = os.path.join(root, year, name[:-3])
        os.makedirs(bundle)
        text = open(src, encoding="utf-8").read()
        head, sep, body = text.partition("\n+++\n")
        lead, _, rest = body.partition("\n\n")
        text = f"{head}{sep}{lead}\n\n![A chart of the figures](chart{ext})\n\n{rest}"
        open(os.path.join(bundle, "index.md"), "w", encoding="utf-8").write(text)
        os.remove(src)
        shutil.copy(image, os.path.join(bundle, "chart" + ext))
PY

declare -A CPU
for run in $(seq 1 "$RUNS"); do
    for kind in plain images; do
        rm -rf "$WORK/$kind/public" "$WORK/$kind/.dossier-cache"
        cd "$WORK/$kind"
        timed "$WORK/out" "$WORK/err" "$WORK/time" "$BIN" build --no-cache || { cat "$WORK/out" "$WORK/err"; exit 1; }
        cd "$ROOT"
        CPU[$kind]="${CPU[$kind]:-} $TIMED_CPU"
        echo "$kind #$run: $TIMED_CPU s CPU, $TIMED_WALL s wall"
    done
done
cd "$WORK/images"
"$BIN" build >/dev/null
timed "$WORK/out" "$WORK/err" "$WORK/time" "$BIN" build
cd "$ROOT"
echo "images, no-change rebuild: $TIMED_CPU s CPU: $(grep -o '[0-9,]* files written[^.]*' "$WORK/out" | head -1)"
python3 - "$BRIEFS" "${CPU[plain]}" "${CPU[images]}" <<'PY'
import statistics, sys
n = int(sys.argv[1])
plain = statistics.median(float(x) for x in sys.argv[2].split())
images = statistics.median(float(x) for x in sys.argv[3].split())
print(f"{n:,} briefs, cold: plain {plain:.2f} s CPU, with one chart each {images:.2f} s CPU: "
      f"{1000 * (images - plain) / n:.1f} ms of CPU per brief")
PY

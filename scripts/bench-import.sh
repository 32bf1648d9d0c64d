#!/usr/bin/env bash
# Times `dossier import` at scale, under GNU time (wall, CPU, peak RSS):
#   - 1,000 Word files: the LibreOffice fixture, each with a title of its own (so each is a
#     brief of its own), imported in one command;
#   - a WXR export of 5,000 posts, made from the fixture's published posts with new ids, slugs
#     and permalinks, imported with its uploads folder.
# Usage: scripts/bench-import.sh [DOSSIER_BINARY]   (default: $CARGO_TARGET_DIR or target,
# release). Needs python3 and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/dossier}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, re, sys, zipfile
work = sys.argv[1]
src = zipfile.ZipFile("tests/fixtures/import/docx/libreoffice/libreoffice-brief.docx")
parts = {n: src.read(n) for n in src.namelist()}
os.makedirs(f"{work}/docs")
for i in range(1000):
    with zipfile.ZipFile(f"{work}/docs/brief-{i:04}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name == "word/document.xml":
                data = data.replace(b"Grid Resilience in the Baltic States", f"Grid Resilience {i}".encode())
            z.writestr(name, data)
text = open("tests/fixtures/import/wordpress/export.xml", encoding="utf-8").read()
head, rest = text.split("<item>", 1)
items = ["<item>" + i for i in rest.split("<item>")]
items[-1] = items[-1].replace("</channel>", "").replace("</rss>", "")
posts = [i for i in items if "<wp:status><![CDATA[publish]]>" in i and "[CDATA[post]]" in i]
out = [head]
for n in range(5000):
    item = posts[n % len(posts)]
    item = re.sub(r"<wp:post_id>\d+", f"<wp:post_id>{10000 + n}", item)
    item = re.sub(r"(<wp:post_name><!\[CDATA\[)([^\]]*)", lambda m: f"{m.group(1)}{m.group(2)}-{n}", item)
    item = re.sub(r"(<link>[^<]*?)/</link>", lambda m: f"{m.group(1)}-{n}/</link>", item)
    out.append(item)
out.append("</channel>\n</rss>\n")
open(f"{work}/export.xml", "w", encoding="utf-8").write("".join(out))
PY

site() {
  mkdir -p "$1"
  printf 'title = "Bench"\nbase_url = "https://example.org"\n[pdf]\ngenerate = false\n' >"$1/site.toml"
}
measure() {
  /usr/bin/time -f "  %e s wall, %U s user, %S s sys, peak %M KB" "$@" >/dev/null 2>"$work/err" || true
  grep -E "^imported:|wall" "$work/err"
}
echo "1,000 Word files ($(du -sh "$work/docs" | cut -f1)):"
site "$work/s1"
measure "$bin" import docx --root "$work/s1" --author "Ann Lee" "$work"/docs/*.docx
echo "WXR of 5,000 posts ($(du -h "$work/export.xml" | cut -f1)):"
site "$work/s2"
measure "$bin" import wordpress --root "$work/s2" --uploads tests/fixtures/import/wordpress/uploads "$work/export.xml"

#!/usr/bin/env python3
"""Compares `dossier import docx` with pandoc on the Word, LibreOffice and Google Docs fixtures
(tests/fixtures/import/docx/*/, or the .docx files given).

For each file, both readings are parsed by pandoc into its JSON AST (pandoc reads the .docx
itself; Dossier's Markdown body is read with `-f commonmark_x`), and the same elements are
taken from both: headings, paragraph text, footnote text, list items, table cells and links
(URL and text). Each kind is compared as a multiset of whitespace-normalized strings, and the
agreement is |both| / |either|. Dossier's title (moved into the front matter) is taken out of
pandoc's headings, and its summary out of pandoc's paragraphs, so that the two are compared on
the same body. Typographic quotes and apostrophes are normalized (pandoc writes straight ones).

Usage: scripts/compare-pandoc.py [--dossier PATH] [--show] [--min PERCENT] [FILE.docx...]
With --min, exits 1 when any kind's agreement is below PERCENT (CI runs it with 90).
Needs: pandoc (Debian's), a built dossier (default: target/release/dossier, then debug).
"""
import collections, glob, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["headings", "paragraphs", "notes", "list items", "table cells", "links"]


def norm(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def inline_text(inlines):
    out = []
    for node in inlines:
        t, c = node["t"], node.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
            out.append(inline_text(c))
        elif t in ("Link", "Span"):
            out.append(inline_text(c[1]))
        elif t == "Quoted":
            q = '"' if c[0]["t"] == "DoubleQuote" else "'"
            out.append(q + inline_text(c[1]) + q)
        elif t == "Code":
            out.append(c[1])
        elif t == "RawInline":
            # Dossier joins a table cell's paragraphs with <br>.
            if c[1].strip().lower().startswith("<br"):
                out.append(" ")
        elif t == "Image":
            pass
        elif t == "Note":
            pass
    return "".join(out)


def collect(blocks, found, in_note=False, in_list=False, in_table=False):
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t == "Header":
            found["headings"].append(norm(inline_text(c[2])))
            walk_inlines(c[2], found)
        elif t in ("Para", "Plain"):
            text = norm(inline_text(c))
            if text:
                key = "notes" if in_note else "list items" if in_list else "table cells" if in_table else "paragraphs"
                found[key].append(text)
            walk_inlines(c, found)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            for item in items:
                collect(item, found, in_note, True, in_table)
        elif t == "BlockQuote":
            collect(c, found, in_note, in_list, in_table)
        elif t == "Div":
            collect(c[1], found, in_note, in_list, in_table)
        elif t == "Figure":
            collect(c[2], found, in_note, in_list, in_table)
        elif t == "Table":
            head, bodies, foot = c[3], c[4], c[5]
            rows = list(head[1]) + [r for body in bodies for r in body[2] + body[3]] + list(foot[1])
            for row in rows:
                for cell in row[1]:
                    text = norm(" ".join(inline_text(x.get("c", [])) if x["t"] in ("Para", "Plain") else "" for x in cell[4]))
                    # Empty cells are left out: pandoc spans a merged cell, Dossier pads it
                    # with empty ones (both keep the text in the first).
                    if text:
                        found["table cells"].append(text)
                    for x in cell[4]:
                        if x["t"] in ("Para", "Plain"):
                            walk_inlines(x["c"], found)


def walk_inlines(inlines, found):
    for node in inlines:
        t, c = node["t"], node.get("c")
        if t == "Link":
            found["links"].append(norm(inline_text(c[1])) + " -> " + c[2][0])
        elif t == "Note":
            collect(c, found, in_note=True)
        elif t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "Span", "Underline", "SmallCaps"):
            walk_inlines(c if t != "Span" else c[1], found)
        elif t == "Quoted":
            walk_inlines(c[1], found)


def ast(args, data=None):
    out = subprocess.run(["pandoc", *args, "-t", "json"], input=data, capture_output=True, check=True)
    return json.loads(out.stdout)


def elements(doc):
    found = collections.defaultdict(list)
    collect(doc["blocks"], found)
    return found


def dossier_reading(binary, path):
    with tempfile.TemporaryDirectory() as site:
        open(os.path.join(site, "site.toml"), "w").write('title = "T"\nbase_url = "https://example.org"\n')
        run = subprocess.run([binary, "import", "docx", "--root", site, "--author", "A", "--date", "2025-01-01", path],
                             capture_output=True, text=True)
        md = [l for l in run.stdout.splitlines() if l.endswith(".md")]
        if not md:
            return None
        text = open(os.path.join(site, md[0])).read()
    front, body = text[4:].split("\n+++\n", 1)
    import tomllib
    return tomllib.loads(front), body


def compare(binary, path, show):
    try:
        theirs = elements(ast(["-f", "docx", path]))
    except subprocess.CalledProcessError:
        return None
    reading = dossier_reading(binary, path)
    if reading is None:
        return None
    front, body = reading
    ours = elements(ast(["-f", "commonmark_x"], body.encode()))
    title, summary = norm(front.get("title", "")), norm(front.get("summary", ""))
    if title in theirs["headings"]:
        theirs["headings"].remove(title)
    if summary and summary in theirs["paragraphs"]:
        theirs["paragraphs"].remove(summary)
    # Pandoc reads Word's captions as plain paragraphs, as Dossier writes them.
    result = {}
    for kind in KINDS:
        a, b = collections.Counter(ours[kind]), collections.Counter(theirs[kind])
        both, either = sum((a & b).values()), sum((a | b).values())
        result[kind] = (both, either)
        if show and a != b:
            print(f"  {kind}: only Dossier: {list((a - b).elements())[:5]}")
            print(f"  {kind}: only pandoc:  {list((b - a).elements())[:5]}")
    return result


def main():
    args = sys.argv[1:]
    show = "--show" in args
    args = [a for a in args if a != "--show"]
    minimum = None
    if "--min" in args:
        i = args.index("--min")
        minimum = float(args[i + 1])
        del args[i:i + 2]
    binary = None
    if "--dossier" in args:
        i = args.index("--dossier")
        binary = args[i + 1]
        del args[i:i + 2]
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    for candidate in [binary, os.path.join(target, "release/dossier"), os.path.join(target, "debug/dossier")]:
        if candidate and os.path.exists(candidate):
            binary = candidate
            break
    files = args or sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/import/docx/*/*.docx")))
    files = [f for f in files if "/bad/" not in f and "/scale/" not in f]
    totals = {k: [0, 0] for k in KINDS}
    print(f"{'file':34} " + " ".join(f"{k:>12}" for k in KINDS))
    for path in files:
        result = compare(binary, path, show)
        name = os.path.relpath(path, os.path.join(ROOT, "tests/fixtures/import/docx"))
        if result is None:
            print(f"{name:34} (not read)")
            continue
        cells = []
        for k in KINDS:
            both, either = result[k]
            totals[k][0] += both
            totals[k][1] += either
            cells.append(f"{both}/{either}" if either else "-")
        print(f"{name:34} " + " ".join(f"{c:>12}" for c in cells))
    cells = [f"{100 * b / e:.0f}% ({b}/{e})" if e else "-" for b, e in totals.values()]
    print(f"{'agreement':34} " + " ".join(f"{c:>12}" for c in cells))
    low = [k for k, (b, e) in totals.items() if e and 100 * b / e < minimum] if minimum else []
    if low:
        print(f"compare-pandoc: agreement below {minimum}% on: {', '.join(low)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

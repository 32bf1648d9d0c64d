#!/usr/bin/env bash
# The package as the registry would get it, installed as a site's deploy workflow installs it:
#   1. `cargo package` makes the .crate (dossier-ssg-VERSION.crate), which must stay well under
#      crates.io's 10 MB limit and hold the embedded theme;
#   2. `cargo install --locked` builds and installs it from that file into an empty --root
#      (with --debug, which reuses what `cargo build` compiled: a release install takes many
#      minutes on 2 cores; the README gives that figure);
#   3. the installed binary writes the GitHub Pages workflow into a copy of the example site,
#      and the workflow's own build step runs in a shell, with the address configure-pages
#      gives a project site; then again with the build cache the workflow restores, and with
#      a foreign cache (every file of .dossier-cache/ overwritten), which must be harmless.
# Usage: scripts/check-package.sh   (run by .ci/run; needs cargo, python3, tar)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name=dossier-ssg
crate=$target/package/$name-$version.crate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS

# --allow-dirty: this checks what is packaged, not whether the work tree is committed.
cargo package --quiet --locked --no-verify --allow-dirty
size=$(stat -c %s "$crate")
# The file list, read whole (grep -q would close a pipe from tar early, failing under pipefail).
tar -tzf "$crate" >"$work/files"
echo "check-package: $crate: $((size / 1024)) KiB, $(wc -l <"$work/files") files"
if ((size > 5 * 1024 * 1024)); then
  echo "check-package: the .crate is over 5 MB (crates.io's limit is 10 MB): check Cargo.toml's include" >&2
  exit 1
fi
for needed in themes/default/templates/brief.html Cargo.lock src/main.rs; do
  grep -qx "$name-$version/$needed" "$work/files" || {
    echo "check-package: $needed is missing from the .crate" >&2
    exit 1
  }
done

tar -xzf "$crate" -C "$work"
# Into the build's own target folder, so that the dependencies `cargo build` compiled are reused
# (with --path, cargo install would otherwise build every one again beside the extracted crate).
cargo install --quiet --locked --debug --path "$work/$name-$version" --root "$work/root" --target-dir "$target"
dossier=$work/root/bin/dossier
"$dossier" --version | grep -qx "dossier $version"
echo "check-package: installed from the .crate in $((SECONDS - started)) s (debug)"

# A copy of the example site, with the workflow the installed binary writes.
mkdir "$work/site"
cp -r content static i18n site.toml "$work/site/"
"$dossier" init "$work/site" --ci github >/dev/null
workflow=$work/site/.github/workflows/pages.yml
grep -q "cargo install --locked $name --version" "$workflow"
# The step that builds, as GitHub runs it: its `run`, with the Pages address filled in.
run=$(python3 - "$workflow" <<'PY'
import sys
try:  # ruamel.yaml comes with check-jsonschema (scripts/test-deps.sh); else PyYAML
    from ruamel.yaml import YAML
    load = YAML(typ="safe").load
except ImportError:
    import yaml
    load = yaml.safe_load
workflow = load(open(sys.argv[1]))
step = next(s for s in workflow["jobs"]["build"]["steps"] if "dossier build" in s.get("run", ""))
print(step["run"].replace("${{ steps.pages.outputs.base_url }}", "https://org.github.io/repo"))
PY
)
build() {
  (cd "$work/site" && PATH="$work/root/bin:$PATH" bash -ec "$run" >/dev/null)
}
build
grep -Eq 'href="/repo/style\.[0-9a-f]{16}\.css"' "$work/site/public/index.html"
test -d "$work/site/.dossier-cache"
cp "$work/site/public/index.html" "$work/first.html"
# The cache the next run restores, then one from elsewhere: the same site either way.
build
cmp "$work/first.html" "$work/site/public/index.html"
find "$work/site/.dossier-cache" -type f -exec sh -c 'printf "not a cache" >"$1"' _ {} \;
build
cmp "$work/first.html" "$work/site/public/index.html"
echo "check-package: the installed binary built the example site with the workflow's command, with its cache and with a foreign one ($((SECONDS - started)) s in all)"

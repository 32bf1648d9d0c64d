# Sourced by scripts/check-html.sh and scripts/check-a11y.sh: the two sites they check, built
# alike, from the repository's root.
#
# build_check_sites WORK: builds Dossier (`cargo build`, the binary wherever CARGO_TARGET_DIR
# puts it), then with it
#   WORK/example      the example site, drafts included, in English and Polish;
#   WORK/corpus-site  a 120-brief synthetic site (scripts/gen_corpus.py), large enough for
#                     page 2 of every listing, under the base path /briefs/, without PDFs:
#                     its pages are what is checked (a debug build typesets PDFs some 15x
#                     slower than a release build, and check-html.sh checks the example's).
build_check_sites() {
  local work=$1 dossier
  cargo build --quiet
  dossier=${CARGO_TARGET_DIR:-target}/debug/dossier
  "$dossier" build --output "$work/example" --drafts >/dev/null
  python3 scripts/gen_corpus.py 120 "$work/corpus" >/dev/null
  printf '\n[pdf]\ngenerate = false\n' >>"$work/corpus/site.toml"
  "$dossier" build --root "$work/corpus" --output "$work/corpus-site" \
    --base-url https://org.github.io/briefs >/dev/null
}

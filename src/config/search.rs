//! `[search]` in site.toml: whether the site has search, what its index holds, and how many
//! records each part (shard) of the index holds at least.

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::schema::TomlSource;

/// What the search index may hold: `exclude` names these.
pub(crate) const SEARCH_KINDS: &[&str] = &["briefs", "pages"];

/// Records per shard of the index, at least, unless `shard_size` says otherwise: see
/// [`Search::shard_size`].
pub(crate) const DEFAULT_SHARD_SIZE: usize = 2000;

/// `[search]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSearch {
    #[serde(default = "super::default_true")]
    enabled: bool,
    #[serde(default = "no_exclusions")]
    exclude: toml::Spanned<Vec<String>>,
    shard_size: Option<toml::Spanned<i64>>,
}

fn no_exclusions() -> toml::Spanned<Vec<String>> {
    toml::Spanned::new(0..0, Vec::new())
}

impl Default for RawSearch {
    fn default() -> RawSearch {
        RawSearch {
            enabled: true,
            exclude: no_exclusions(),
            shard_size: None,
        }
    }
}

/// `[search]`: the full-text search index (Pagefind) and the search page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Search {
    /// Whether the site has search (default true). Without the `search` cargo feature the
    /// site has none whatever this says.
    pub(crate) enabled: bool,
    /// Briefs are indexed unless `exclude` names `briefs`.
    pub(crate) briefs: bool,
    /// Standalone pages are indexed unless `exclude` names `pages`.
    pub(crate) pages: bool,
    /// The index is made of shards, each a Pagefind index of its own, so that an edit remakes
    /// one shard and not the whole index: a language's briefs are grouped by year from the
    /// oldest, a group closing once it holds this many records.
    pub(crate) shard_size: usize,
}

impl Search {
    /// Whether this build writes a search index and a search page.
    pub(crate) fn active(&self) -> bool {
        self.enabled && cfg!(feature = "search")
    }
}

/// `[search]`, with each name in `exclude` and the shard size checked.
pub(super) fn search(
    source: &TomlSource<'_>,
    raw: &RawSearch,
    problems: &mut Vec<Diagnostic>,
) -> Search {
    let span = (!raw.exclude.span().is_empty()).then(|| raw.exclude.span());
    for name in raw.exclude.get_ref() {
        if !SEARCH_KINDS.contains(&name.as_str()) {
            problems.push(
                source
                    .diagnostic(
                        &format!("`search.exclude` names `{name}`, which is not indexed"),
                        span.clone(),
                    )
                    .with_hint(format!(
                        "the index holds {}; name those to leave out",
                        SEARCH_KINDS.join(" and ")
                    )),
            );
        }
    }
    let shard_size = match &raw.shard_size {
        None => DEFAULT_SHARD_SIZE,
        Some(size) => match usize::try_from(*size.get_ref()) {
            Ok(size) if size > 0 => size,
            _ => {
                problems.push(
                    source
                        .diagnostic(
                            &format!(
                                "`search.shard_size` is {}, not a number of records",
                                size.get_ref()
                            ),
                            Some(size.span()),
                        )
                        .with_hint(format!(
                            "give a whole number above 0 (the default is {DEFAULT_SHARD_SIZE})"
                        )),
                );
                DEFAULT_SHARD_SIZE
            }
        },
    };
    let excluded = |kind: &str| raw.exclude.get_ref().iter().any(|n| n == kind);
    Search {
        enabled: raw.enabled,
        briefs: !excluded("briefs"),
        pages: !excluded("pages"),
        shard_size,
    }
}

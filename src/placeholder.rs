//! Text left for the writer to replace: what `dossier new` writes in its skeletons, and the
//! markers writers leave themselves (`TODO`, `FIXME`, "Lorem ipsum"). One list, so that what
//! `new` writes is what `build` and `check` warn about when it is still there on publication.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// The author `new brief` names when none is given.
pub(crate) const AUTHOR_NAME: &str = "Author Name";
/// The lead `new brief` writes (its first sentence, which `new` keeps on one line).
pub(crate) const BRIEF_LEAD: &str =
    "The lead: two or three sentences that say what happened and why it matters.";
/// The text under each of the skeleton's questions.
pub(crate) const SECTION: &str = "TODO: answer the question, or remove the section.";
/// The biography `new author` writes.
pub(crate) const AUTHOR_BIO: &str =
    "A short biography: position, fields of expertise, previous work.";
/// The text `new page` writes.
pub(crate) const PAGE_TEXT: &str = "The text of the page: replace this line.";
/// The description `new topic` and `new series` write.
pub(crate) const DESCRIPTION: &str =
    "A description for readers: what it covers, and why it matters.";

/// How a blank that the site's owner fills in opens: `[COMPLETE: the date of the last
/// review]`. `init`'s accessibility statement is written with such blanks.
pub(crate) const BLANK: &str = "[COMPLETE:";

/// The skeletons' sentences, found anywhere in a text.
const SENTENCES: &[&str] = &[BRIEF_LEAD, AUTHOR_BIO, PAGE_TEXT, DESCRIPTION];
/// Markers that writers leave: whole words, in capitals.
const MARKERS: &[&str] = &["TODO", "FIXME"];
/// Filler text, in any case.
const FILLER: &str = "lorem ipsum";

/// What was found: the skeleton's sentence, or the marker, as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Found {
    /// A sentence `dossier new` wrote.
    Skeleton(String),
    /// `TODO` or `FIXME`.
    Marker(String),
    /// "Lorem ipsum".
    Filler,
    /// A blank to fill in, `[COMPLETE: what]`: what it asks for.
    Blank(String),
}

/// The skeletons' sentences and the markers, in that order, found in one pass over a text.
/// Built once: `find` runs on every run of text of every brief, and building a searcher per
/// pattern and run (as `str::match_indices` does) was a quarter of a cold build's instructions.
static EXACT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(SENTENCES.iter().chain(MARKERS))
        .unwrap_or_else(|e| unreachable!("the placeholder patterns are fixed: {e}"))
});

/// The filler, in any ASCII case.
static FILLER_ANY_CASE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([FILLER])
        .unwrap_or_else(|e| unreachable!("the filler pattern is fixed: {e}"))
});

/// Every placeholder in `text`, with its byte offset, in the order of the text.
pub(crate) fn find(text: &str) -> Vec<(usize, Found)> {
    let mut found: Vec<(usize, Found)> = EXACT
        .find_overlapping_iter(text)
        .filter_map(|hit| {
            let at = hit.start();
            let i = hit.pattern().as_usize();
            match SENTENCES.get(i) {
                Some(sentence) => Some((at, Found::Skeleton(sentence.to_string()))),
                None => {
                    let marker = MARKERS[i - SENTENCES.len()];
                    is_whole_word(text, at, marker.len())
                        .then(|| (at, Found::Marker(marker.to_string())))
                }
            }
        })
        .collect();
    found.extend(
        FILLER_ANY_CASE
            .find_iter(text)
            .map(|hit| (hit.start(), Found::Filler)),
    );
    found.extend(text.match_indices(BLANK).map(|(at, _)| {
        let rest = &text[at + BLANK.len()..];
        let what = rest.split(']').next().unwrap_or_default().trim();
        (at, Found::Blank(what.chars().take(80).collect()))
    }));
    found.sort_by_key(|(at, _)| *at);
    found
}

/// Whether the word at `text[at..at + len]` stands alone: no letter or digit either side.
fn is_whole_word(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The warning's message and hint for what was found.
pub(crate) fn message(found: &Found) -> (String, &'static str) {
    match found {
        Found::Skeleton(sentence) => (
            format!("placeholder text from `dossier new` is still here: \"{sentence}\""),
            "replace it with the text it stands for before the page is published",
        ),
        Found::Marker(marker) => (
            format!("a `{marker}` marker is still in the text"),
            "finish what it marks and remove it: readers would see it",
        ),
        Found::Filler => (
            "filler text (\"Lorem ipsum\") is still in the text".to_string(),
            "replace it with the real text: readers would see it",
        ),
        Found::Blank(what) => (
            format!("a blank is still to be completed: [COMPLETE: {what}]"),
            "write in what it asks for, and remove the brackets: readers would see them",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_skeletons_and_markers_in_order() {
        let text = format!("A TODO here. {AUTHOR_BIO} Lorem Ipsum dolor. FIXME");
        let kinds: Vec<Found> = find(&text).into_iter().map(|(_, f)| f).collect();
        assert_eq!(
            kinds,
            [
                Found::Marker("TODO".into()),
                Found::Skeleton(AUTHOR_BIO.into()),
                Found::Filler,
                Found::Marker("FIXME".into())
            ]
        );
    }

    #[test]
    fn every_occurrence_is_found_at_its_offset() {
        let text = format!("TODO and TODO; lorem ipsum, LOREM IPSUM. {PAGE_TEXT}{PAGE_TEXT}");
        let found = find(&text);
        let offsets: Vec<usize> = found.iter().map(|(at, _)| *at).collect();
        let second = text.rfind(PAGE_TEXT).unwrap();
        assert_eq!(offsets, [0, 9, 15, 28, 41, second]);
        assert_eq!(found[3].1, Found::Filler);
    }

    #[test]
    fn blanks_say_what_they_ask_for() {
        let text = "Prepared on [COMPLETE: date]. Contact [COMPLETE: email address].";
        let found = find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (12, Found::Blank("date".into())));
        assert_eq!(found[1].1, Found::Blank("email address".into()));
        assert!(message(&found[1].1).0.contains("[COMPLETE: email address]"));
    }

    #[test]
    fn markers_are_whole_words_in_capitals() {
        assert!(find("TODOS, todo, ATODO, TODO2, Zażółć").is_empty());
        assert_eq!(find("(TODO)").len(), 1);
        assert_eq!(find("ŁTODO").len(), 0, "a letter before it, beyond ASCII");
    }
}

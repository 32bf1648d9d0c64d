//! The one slug rule every URL in a site follows.

/// Transliterates to ASCII (as `deunicode` does), lowercases, turns every run of characters
/// other than `a-z0-9` into one `-`, and trims `-` from both ends.
///
/// "Łukasz Żółkiewski" → `lukasz-zolkiewski`; "Energy & Climate" → `energy-climate`.
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Drops a leading `YYYY-MM-DD-` from a file name, as the default slug does.
pub(crate) fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let is_date_prefix = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if is_date_prefix { &stem[11..] } else { stem }
}

/// Whether a slug given by hand is safe to use as one URL path segment.
pub(crate) fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_and_collapses() {
        assert_eq!(slugify("Łukasz Żółkiewski"), "lukasz-zolkiewski");
        assert_eq!(slugify("Energy & Climate"), "energy-climate");
        assert_eq!(slugify("  --Hello,   World!-- "), "hello-world");
        assert_eq!(slugify("NATO’s 2025 Summit"), "nato-s-2025-summit");
        assert_eq!(slugify("Ünïcödé"), "unicode");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn date_prefix_is_dropped_only_when_complete() {
        assert_eq!(
            strip_date_prefix("2025-02-13-talks-on-ukraine"),
            "talks-on-ukraine"
        );
        assert_eq!(strip_date_prefix("2025-02-13"), "2025-02-13");
        assert_eq!(strip_date_prefix("2025-2-13-x"), "2025-2-13-x");
        assert_eq!(strip_date_prefix("plain"), "plain");
    }

    #[test]
    fn hand_written_slugs_cannot_escape_a_folder() {
        assert!(is_valid_slug("talks-2025"));
        assert!(!is_valid_slug("../../x"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("Upper"));
    }
}

//! Settings that their type accepts but that would publish something wrong: no briefs per feed,
//! an unknown placeholder in the copyright line, a publisher URL that is no URL, an ISSN whose
//! check digit is wrong, an output folder starting with `~`, a language written as its name.

use std::path::Path;

use super::{Publisher, RawConfig};
use crate::error::Diagnostic;
use crate::ids::ISSN_HINT;
use crate::schema::{TomlSource, suggest};

/// The placeholders the copyright line fills in.
const PLACEHOLDERS: &[&str] = &["publisher", "year"];

/// The numbers, the output folder and the publisher's settings.
pub(super) fn check(
    source: &TomlSource<'_>,
    raw: &RawConfig,
    publisher: &Publisher,
    problems: &mut Vec<Diagnostic>,
) {
    let mut at = |key: &str, message: String, hint: &str| {
        problems.push(source.at_key(key, &message).with_hint(hint.to_string()));
    };
    if raw.pagination.per_page == 0 {
        at(
            "per_page",
            "`pagination.per_page` must be 1 or more".into(),
            "set `per_page = 20`, or remove it for the default",
        );
    }
    if raw.feeds.entries == 0 {
        at(
            "entries",
            "`feeds.entries = 0` would make every feed empty".into(),
            "set `entries = 50` (the default), or the number of briefs a feed reader should see",
        );
    }
    let output_dir = raw.output_dir.as_ref().map_or("", |d| d.get_ref());
    if let Some(rest) = output_dir.strip_prefix('~') {
        at(
            "output_dir",
            format!(
                "`output_dir = \"{}\"`: `~` is not your home folder here; the site would go to a folder named `~` in the site's folder",
                output_dir
            ),
            &format!(
                "write the full path, such as `output_dir = \"{}{rest}\"`, or a path relative to the site's folder",
                home().unwrap_or_else(|| "/home/you".into())
            ),
        );
    }
    if let Some(url) = &publisher.url
        && !is_web_url(url)
    {
        at(
            "url",
            format!("`publisher.url = \"{url}\"` is not a URL"),
            "write the publisher's home page in full, such as `url = \"https://institute.example\"`",
        );
    }
    if let Some(issn) = &publisher.issn
        && !crate::ids::is_valid_issn(issn)
    {
        at(
            "issn",
            format!("`publisher.issn = \"{issn}\"` is not a valid ISSN"),
            ISSN_HINT,
        );
    }
    for placeholder in placeholders(&publisher.copyright) {
        if PLACEHOLDERS.contains(&placeholder) {
            continue;
        }
        let message = match suggest(placeholder, PLACEHOLDERS) {
            Some(close) => format!(
                "unknown placeholder `{{{placeholder}}}` in `publisher.copyright`, did you mean `{{{close}}}`?"
            ),
            None => format!("unknown placeholder `{{{placeholder}}}` in `publisher.copyright`"),
        };
        at(
            "copyright",
            message,
            "the copyright line fills in `{publisher}` and `{year}`; other text is printed as written",
        );
    }
}

/// The names between braces in a pattern: `© {publisher} {yaer}` gives `publisher`, `yaer`.
fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern.split('{').skip(1).filter_map(|part| {
        let (name, _) = part.split_once('}')?;
        (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(name)
    })
}

/// Whether `text` is an absolute http(s) URL with a host.
pub(crate) fn is_web_url(text: &str) -> bool {
    url::Url::parse(text.trim()).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

fn home() -> Option<String> {
    std::env::var("HOME")
        .ok()
        .filter(|h| Path::new(h).is_absolute())
}

/// Languages by their English (and some by their own) names, for [`language_tag_for`].
const LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("polish", "pl"),
    ("polski", "pl"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("ukrainian", "uk"),
    ("russian", "ru"),
    ("czech", "cs"),
    ("slovak", "sk"),
    ("swedish", "sv"),
    ("norwegian", "nb"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("estonian", "et"),
    ("latvian", "lv"),
    ("lithuanian", "lt"),
    ("hungarian", "hu"),
    ("romanian", "ro"),
    ("greek", "el"),
    ("turkish", "tr"),
    ("japanese", "ja"),
    ("chinese", "zh"),
    ("korean", "ko"),
    ("arabic", "ar"),
    ("hebrew", "he"),
];
/// Regions by the names and adjectives people write after a language, for
/// [`language_tag_for`].
const REGIONS: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("gb", "GB"),
    ("britain", "GB"),
    ("british", "GB"),
    ("us", "US"),
    ("usa", "US"),
    ("american", "US"),
    ("america", "US"),
    ("brazil", "BR"),
    ("brazilian", "BR"),
    ("portugal", "PT"),
    ("canada", "CA"),
    ("canadian", "CA"),
    ("austria", "AT"),
    ("austrian", "AT"),
    ("switzerland", "CH"),
    ("swiss", "CH"),
    ("belgium", "BE"),
    ("mexico", "MX"),
    ("australia", "AU"),
    ("australian", "AU"),
];

/// A language tag for a language written by name: `English (UK)` is `en-GB`, `Polish` is `pl`,
/// `pt_BR` is `pt-BR`.
pub(super) fn language_tag_for(text: &str) -> Option<String> {
    let underscored = text.trim().replace('_', "-");
    if underscored != text.trim() && crate::lang::is_valid_tag(&underscored) {
        return Some(underscored);
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let language = words
        .iter()
        .find_map(|w| LANGUAGES.iter().find(|(name, _)| name == w))?
        .1;
    let region = words
        .iter()
        .find_map(|w| REGIONS.iter().find(|(name, _)| name == w))
        .map(|(_, region)| *region);
    Some(match region {
        Some(region) => format!("{language}-{region}"),
        None => language.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_written_by_name_get_their_tag() {
        assert_eq!(language_tag_for("English (UK)").as_deref(), Some("en-GB"));
        assert_eq!(language_tag_for("Polish").as_deref(), Some("pl"));
        assert_eq!(
            language_tag_for("Portuguese (Brazil)").as_deref(),
            Some("pt-BR")
        );
        assert_eq!(language_tag_for("en_GB").as_deref(), Some("en-GB"));
        assert_eq!(language_tag_for("Klingon"), None);
    }

    #[test]
    fn placeholders_are_read_from_the_pattern() {
        let found: Vec<&str> = placeholders("© {publisher} {yaer}, {} {x y}").collect();
        assert_eq!(found, ["publisher", "yaer"]);
    }
}

//! Personal names split the way bibliographies need them: given names, family name (with its
//! particles, "van der Berg"), and a generational suffix ("Jr.", "III"); written in each form a
//! citation format wants.

use serde::Serialize;

use crate::content::Details;

/// Lowercase name particles that belong to the family name ("van", "de la").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten",
    "bin", "al", "dos", "das",
];

/// Generational suffixes, written after the name: "Martin Luther King Jr.".
const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word.trim())
}

/// A person's name split the way bibliographies need it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct PersonName {
    /// Given names: "Łukasz", "Mary Ann"; empty for a single name ("Plato").
    pub(crate) given: String,
    /// Family name, with its particles: "Żółkiewski", "van der Berg", "Plato".
    pub(crate) family: String,
    /// A generational suffix: "Jr.", "III"; empty when there is none.
    pub(crate) suffix: String,
}

impl PersonName {
    /// Splits a display name. "Family, Given" (and "Family, Given, Jr.") as written; otherwise
    /// a trailing suffix is set apart, and the last word, with any lowercase particles before
    /// it, is the family name. One word is a family name alone.
    pub(crate) fn parse(full: &str) -> PersonName {
        let parts: Vec<&str> = full
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            // "Martin Luther King, Jr."
            [name, suffix] if is_suffix(suffix) => PersonName {
                suffix: (*suffix).to_string(),
                ..PersonName::parse_words(name)
            },
            // "King, Jr., Martin Luther", as BibTeX writes it.
            [family, suffix, given] if is_suffix(suffix) => PersonName::new(given, family, suffix),
            // "King, Martin Luther, Jr."
            [family, given, suffix] if is_suffix(suffix) => PersonName::new(given, family, suffix),
            [family, given @ ..] if !given.is_empty() => {
                PersonName::new(&given.join(", "), family, "")
            }
            _ => PersonName::parse_words(full),
        }
    }

    fn new(given: &str, family: &str, suffix: &str) -> PersonName {
        PersonName {
            given: given.trim().to_string(),
            family: family.trim().to_string(),
            suffix: suffix.trim().to_string(),
        }
    }

    /// "Given [particles] Family [Suffix]", written without commas.
    fn parse_words(full: &str) -> PersonName {
        let mut words: Vec<&str> = full.split_whitespace().collect();
        let suffix = match words.as_slice() {
            [_, .., last] if is_suffix(last) => words.pop().unwrap_or_default(),
            _ => "",
        };
        let Some((last, rest)) = words.split_last() else {
            return PersonName::default();
        };
        let particle_start = rest
            .iter()
            .position(|w| PARTICLES.contains(w))
            .filter(|&i| i > 0)
            .unwrap_or(rest.len());
        let mut family: Vec<&str> = rest[particle_start..].to_vec();
        family.push(last);
        PersonName::new(&rest[..particle_start].join(" "), &family.join(" "), suffix)
    }

    /// An author's name: the profile's `family` and `given` when it sets them (with `family`
    /// alone, the given names are what the display name has before it), otherwise the display
    /// name split by [`PersonName::parse`]. A suffix comes from the display name.
    pub(crate) fn of_author(display: &str, details: &Details) -> PersonName {
        let parsed = PersonName::parse(display);
        match (&details.family, &details.given) {
            (None, None) => parsed,
            (Some(family), given) => {
                let given = given.clone().unwrap_or_else(|| {
                    let without_suffix = display
                        .trim()
                        .trim_end_matches(parsed.suffix.as_str())
                        .trim_end_matches([',', ' ']);
                    without_suffix
                        .strip_suffix(family.trim())
                        .map(str::trim)
                        .unwrap_or_default()
                        .to_string()
                });
                PersonName::new(&given, family, &parsed.suffix)
            }
            (None, Some(given)) => PersonName::new(given, &parsed.family, &parsed.suffix),
        }
    }

    /// "Żółkiewski, Ł.", "Lee, M. A.", "Dubois, J.-P.", "King, M. L., Jr.", "Plato": as APA
    /// lists authors.
    pub(crate) fn with_initials(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split_whitespace()
            .map(|word| {
                word.split('-')
                    .filter_map(|part| part.chars().next())
                    .map(|c| format!("{c}."))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect();
        let mut out = self.family.clone();
        if !initials.is_empty() {
            out = format!("{out}, {}", initials.join(" "));
        }
        if !self.suffix.is_empty() {
            out = format!("{out}, {}", self.suffix);
        }
        out
    }

    /// "King, Jr., Martin Luther": BibTeX's "von Last, Jr, First"; "Plato" alone.
    pub(crate) fn bibtex(&self) -> String {
        let mut parts = vec![self.family.as_str()];
        if !self.suffix.is_empty() {
            parts.push(&self.suffix);
        }
        if !self.given.is_empty() {
            parts.push(&self.given);
        }
        parts.join(", ")
    }

    /// "King, Martin Luther, Jr.": RIS's "Last, First, Suffix", also used for Highwire's
    /// `citation_author`; "Plato" alone, with no trailing comma.
    pub(crate) fn inverted(&self) -> String {
        let mut parts = vec![self.family.as_str()];
        if !self.given.is_empty() || !self.suffix.is_empty() {
            parts.push(&self.given);
        }
        if !self.suffix.is_empty() {
            parts.push(&self.suffix);
        }
        parts.join(", ")
    }

    /// A CSL-JSON name: `family`, and `given` and `suffix` only when there are.
    pub(crate) fn csl(&self) -> serde_json::Value {
        let mut name = serde_json::Map::new();
        name.insert("family".into(), self.family.clone().into());
        if !self.given.is_empty() {
            name.insert("given".into(), self.given.clone().into());
        }
        if !self.suffix.is_empty() {
            name.insert("suffix".into(), self.suffix.clone().into());
        }
        serde_json::Value::Object(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(given: &str, family: &str, suffix: &str) -> PersonName {
        PersonName::new(given, family, suffix)
    }

    #[test]
    fn splits_names_into_given_and_family() {
        let cases = [
            ("Łukasz Żółkiewski", name("Łukasz", "Żółkiewski", "")),
            ("Mary Ann Lee", name("Mary Ann", "Lee", "")),
            ("Jan van der Berg", name("Jan", "van der Berg", "")),
            ("María de la Cruz", name("María", "de la Cruz", "")),
            ("Doe, Jane", name("Jane", "Doe", "")),
            ("Plato", name("", "Plato", "")),
            (
                "Martin Luther King Jr.",
                name("Martin Luther", "King", "Jr."),
            ),
            (
                "Martin Luther King, Jr.",
                name("Martin Luther", "King", "Jr."),
            ),
            (
                "King, Martin Luther, Jr.",
                name("Martin Luther", "King", "Jr."),
            ),
            (
                "King, Jr., Martin Luther",
                name("Martin Luther", "King", "Jr."),
            ),
            ("John Smith III", name("John", "Smith", "III")),
            ("Jr.", name("", "Jr.", "")),
            ("", name("", "", "")),
        ];
        for (full, expected) in cases {
            assert_eq!(PersonName::parse(full), expected, "{full}");
        }
    }

    #[test]
    fn profile_names_win() {
        let details = |family: Option<&str>, given: Option<&str>| Details {
            family: family.map(str::to_string),
            given: given.map(str::to_string),
            ..Details::default()
        };
        assert_eq!(
            PersonName::of_author(
                "Gabriel García Márquez",
                &details(Some("García Márquez"), None)
            ),
            name("Gabriel", "García Márquez", "")
        );
        assert_eq!(
            PersonName::of_author("Ban Ki-moon", &details(Some("Ban"), Some("Ki-moon"))),
            name("Ki-moon", "Ban", "")
        );
        assert_eq!(
            PersonName::of_author("Martin Luther King Jr.", &details(Some("King"), None)),
            name("Martin Luther", "King", "Jr.")
        );
        assert_eq!(
            PersonName::of_author("Sukarno", &details(Some("Sukarno"), None)),
            name("", "Sukarno", "")
        );
    }

    #[test]
    fn each_format_has_its_form() {
        let king = name("Martin Luther", "King", "Jr.");
        assert_eq!(king.with_initials(), "King, M. L., Jr.");
        assert_eq!(king.bibtex(), "King, Jr., Martin Luther");
        assert_eq!(king.inverted(), "King, Martin Luther, Jr.");
        let plato = name("", "Plato", "");
        assert_eq!(
            (plato.with_initials(), plato.bibtex(), plato.inverted()),
            ("Plato".into(), "Plato".into(), "Plato".into())
        );
        assert_eq!(plato.csl(), serde_json::json!({"family": "Plato"}));
        assert_eq!(
            name("Jean-Paul", "Dubois", "").with_initials(),
            "Dubois, J.-P."
        );
        assert_eq!(name("Mary Ann", "Lee", "").with_initials(), "Lee, M. A.");
    }
}

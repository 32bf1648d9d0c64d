//! Identifiers a publisher registers, each checked and put in its one form: a DOI, an ISSN,
//! an ORCID iD. Settings (a series' ISSN), profiles and briefs all read them.

/// What to do about an ISSN that is not one.
pub(crate) const ISSN_HINT: &str = "an ISSN is eight characters, `NNNN-NNNC`, whose last is a check digit (0-9 or X): copy it from the ISSN register or the printed series";

/// A DOI without its resolver prefix, if `text` is one as Crossref's deposit schema has it
/// (`10\.[0-9]{4,9}/.{1,200}`): `10.`, a registrant of 4 to 9 digits, `/`, and a suffix of 1
/// to 200 characters, here without spaces.
pub(crate) fn normalize_doi(text: &str) -> Option<String> {
    let text = text.trim();
    let doi = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|prefix| text.strip_prefix(prefix))
    .unwrap_or(text);
    let (prefix, suffix) = doi.split_once('/')?;
    let registrant = prefix.strip_prefix("10.")?;
    let valid_registrant =
        (4..=9).contains(&registrant.len()) && registrant.bytes().all(|b| b.is_ascii_digit());
    let valid_suffix = (1..=200).contains(&suffix.chars().count())
        && !suffix.chars().any(|c| c.is_whitespace() || c.is_control());
    (valid_registrant && valid_suffix).then(|| doi.to_string())
}

/// Whether `text` is an ISSN with the right check digit: `NNNN-NNNC`, the digits weighted 8 to
/// 2, the sum and the check digit (`X` for 10) a multiple of 11 (ISO 3297).
pub(crate) fn is_valid_issn(text: &str) -> bool {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 9 || bytes[4] != b'-' {
        return false;
    }
    let digits: Vec<u8> = bytes.iter().copied().filter(|b| *b != b'-').collect();
    if !digits[..7].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[..7]
        .iter()
        .zip((2..=8).rev())
        .map(|(d, weight)| u32::from(d - b'0') * weight)
        .sum();
    let check = (11 - sum % 11) % 11;
    match digits[7] {
        b'X' | b'x' => check == 10,
        d if d.is_ascii_digit() => check == u32::from(d - b'0'),
        _ => false,
    }
}

/// An ORCID iD without its resolver prefix, if `text` is one: four groups of four digits, the
/// last character a check digit (`X` for 10) by ISO 7064 MOD 11-2.
pub(crate) fn normalize_orcid(text: &str) -> Option<String> {
    let id = text
        .trim()
        .trim_start_matches("https://orcid.org/")
        .trim_start_matches("http://orcid.org/");
    let groups: Vec<&str> = id.split('-').collect();
    let shaped = groups.len() == 4 && groups.iter().all(|g| g.len() == 4);
    let digits: Vec<u8> = id.bytes().filter(|b| *b != b'-').collect();
    if !shaped || !digits[..15].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let total = digits[..15]
        .iter()
        .fold(0u32, |total, d| (total + u32::from(d - b'0')) * 2);
    let check = (12 - total % 11) % 11;
    let valid = match digits[15] {
        b'X' => check == 10,
        d if d.is_ascii_digit() => check == u32::from(d - b'0'),
        _ => false,
    };
    valid.then(|| id.to_string())
}

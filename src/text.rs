//! Characters that do not belong in published text: control characters (a PDF copy leaves
//! them), which XML forbids; invisible and look-alike characters in names; and how to show any
//! of them in a message without printing them raw.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Whether `c` is a control character with no place in text: C0 controls other than tab, line
/// feed and carriage return (XML 1.0 forbids them), DEL and the C1 controls (HTML reports them),
/// and the non-characters U+FFFE and U+FFFF (XML forbids them too).
pub(crate) fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `text` holds a character [`is_forbidden`] refuses, read from its UTF-8 bytes: a C0
/// control but tab, line feed and carriage return, or DEL (one byte each), a C1 control (0xC2
/// 0x80–0x9F), U+FFFE or U+FFFF (0xEF 0xBF 0xBE/0xBF). Every file and feed is checked, and
/// decoding them character by character took a tenth of a cold build's instructions.
pub(crate) fn holds_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xef => bytes.get(i + 1) == Some(&0xbf) && bytes.get(i + 2).is_some_and(|n| *n >= 0xbe),
        _ => false,
    })
}

/// Whether `c` is invisible where it stands, or a space that looks like another: marks that
/// steer the direction of text, zero-width characters, the soft hyphen, the byte-order mark,
/// and spaces other than the plain one.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{a0}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The name of a character Dossier warns about, for messages: `U+0002 (start of text)`.
pub(crate) fn describe(c: char) -> String {
    let name = match c {
        '\0' => "null",
        '\u{2}' => "start of text",
        '\u{3}' => "end of text",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{ad}' => "soft hyphen",
        '\u{a0}' => "no-break space",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a direction control",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "zero-width no-break space, or byte-order mark",
        '\u{fffe}' | '\u{ffff}' => "not a character",
        c if is_forbidden(c) => "a control character",
        c if c.is_whitespace() => "a space other than the plain one",
        _ => "an invisible character",
    };
    format!("U+{:04X} ({name})", u32::from(c))
}

/// Text as a message shows it: control and invisible characters written as `\u{200F}`, so that
/// a message neither hides them nor lets them act on the terminal.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_forbidden(c) || is_invisible(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_forbidden(c) || is_invisible(c) {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Every non-ASCII character written as `\u{…}`: two spellings that look the same (a composed
/// `ë` and `e` + a combining diaeresis) shown apart.
pub(crate) fn spelled_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        }
    }
    out
}

/// XML 1.0's last defence: removes every character it forbids (the text was checked before,
/// so this only acts on text that escaped the checks).
pub(crate) fn xml_safe(xml: String) -> String {
    if holds_forbidden(&xml) {
        xml.chars().filter(|c| !is_forbidden(*c)).collect()
    } else {
        xml
    }
}

/// The script of a letter, for telling look-alike letters apart: Latin, Greek or Cyrillic.
fn script(c: char) -> Option<&'static str> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}'
            if c.is_alphabetic() =>
        {
            Some("Latin")
        }
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' if c.is_alphabetic() => Some("Greek"),
        '\u{400}'..='\u{52f}' if c.is_alphabetic() => Some("Cyrillic"),
        _ => None,
    }
}

/// What is wrong with a name that looks right: an invisible character in it, letters encoded
/// two ways (`e` + a combining accent instead of `ë`), or a word that mixes Latin letters with
/// Greek or Cyrillic look-alikes. `None` when nothing is.
pub(crate) fn name_problem(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|&c| is_invisible(c) || is_forbidden(c)) {
        return Some(format!(
            "`{}` holds an invisible character, {}",
            shown(name),
            describe(c)
        ));
    }
    if !unicode_normalization::is_nfc(name) {
        let composed: String = name.nfc().collect();
        return Some(format!(
            "`{}` is written with a letter in two parts (`{}`); typed as one letter it is `{}`",
            name,
            spelled_out(name),
            spelled_out(&composed)
        ));
    }
    for word in name.split_whitespace() {
        let mut letters = word.chars().filter_map(|c| script(c).map(|s| (c, s)));
        if let Some((_, first)) = letters.next()
            && let Some((letter, other)) = letters.find(|(_, s)| *s != first)
        {
            return Some(format!(
                "`{word}` mixes {first} and {other} letters: `{letter}` is U+{:04X}, a {other} letter that looks like a {first} one",
                u32::from(letter)
            ));
        }
    }
    None
}

/// Whether two names that differ are the same once both are in one Unicode form and stripped
/// of invisible characters: they look identical on the page.
pub(crate) fn look_alike(a: &str, b: &str) -> bool {
    let plain = |s: &str| -> String { s.nfc().filter(|c| !is_invisible(*c)).collect() };
    a != b && plain(a) == plain(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_keeps_only_what_xml_allows() {
        assert_eq!(xml_safe("a\u{2}b\u{c}\tc\u{ffff}".into()), "ab\tc");
        assert_eq!(xml_safe("Zoë".into()), "Zoë");
    }

    #[test]
    fn messages_show_hidden_characters_escaped() {
        assert_eq!(
            shown("Ann\u{200f} Lee\u{1b}[2J"),
            "Ann\\u{200F} Lee\\u{1B}[2J"
        );
        assert!(matches!(shown("Łukasz"), Cow::Borrowed(_)));
    }

    #[test]
    fn names_that_look_right_but_are_not() {
        assert!(
            name_problem("Ann\u{200f} Lee")
                .unwrap()
                .contains("U+200F (right-to-left mark)")
        );
        let decomposed = name_problem("Zoe\u{308} Brown").unwrap();
        assert!(decomposed.contains("Zoe\\u{308}"), "{decomposed}");
        assert!(decomposed.contains("Zo\\u{EB}"), "{decomposed}");
        let mixed = name_problem("B\u{430}ltic States").unwrap();
        assert!(mixed.contains("U+0430"), "{mixed}");
        assert_eq!(name_problem("Łukasz Żółkiewski"), None);
        assert_eq!(name_problem("Ελένη Παπαδοπούλου"), None);
        assert_eq!(name_problem("Олена Шевченко"), None);
        assert!(look_alike("Zoe\u{308}", "Zo\u{eb}"));
        assert!(!look_alike("Zoe", "Zoë"));
    }
}

/// A page's meta description: `text` cut at the last sentence boundary (Unicode's UAX #29)
/// within `limit` characters, which is about what search engines show (160); the first
/// sentence cut at a word and ended with "…" when even it is longer. Text within the limit is
/// kept whole.
pub(crate) fn meta_description(text: &str, limit: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let mut kept = String::new();
    for sentence in text.split_sentence_bounds() {
        if kept.chars().count() + sentence.trim_end().chars().count() > limit {
            break;
        }
        kept.push_str(sentence);
    }
    let kept = kept.trim_end();
    if !kept.is_empty() {
        return kept.to_string();
    }
    // One long sentence: its words within the limit, and an ellipsis.
    let mut cut = String::new();
    for word in text.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > limit - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = text.chars().take(limit - 1).collect();
    }
    let cut = cut.trim_end_matches([',', ';', ':', ' ']);
    format!("{cut}…")
}

#[cfg(test)]
mod description_tests {
    use super::meta_description;

    #[test]
    fn descriptions_end_at_a_sentence_within_the_limit() {
        assert_eq!(meta_description("Short.  Two.", 160), "Short. Two.");
        let text = "First sentence, e.g. with an abbreviation. Second one is here. Third.";
        assert_eq!(
            meta_description(text, 60),
            "First sentence, e.g. with an abbreviation."
        );
        let long = "word ".repeat(50);
        let cut = meta_description(&long, 20);
        assert_eq!(cut, "word word word word…");
        assert!(cut.chars().count() <= 20);
    }
}

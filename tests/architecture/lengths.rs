//! The length of every function: `fn_lengths.py`, ported.

use super::Source;
use super::imports::{is_word, starts_with};

/// Each line without comments and string contents; block comments and strings run on
/// across lines. A char literal such as `'{'` is dropped whole.
fn scrub_lines(text: &str) -> Vec<Vec<char>> {
    let (mut block, mut string) = (false, false);
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let line: Vec<char> = line.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < line.len() {
            let c = line[i];
            if block {
                block = !starts_with(&line, i, "*/");
                i += if block { 1 } else { 2 };
            } else if string {
                string = c != '"';
                i += if c == '\\' { 2 } else { 1 };
            } else if starts_with(&line, i, "//") {
                break;
            } else if starts_with(&line, i, "/*") {
                block = true;
                i += 2;
            } else if c == '"' {
                string = true;
                i += 1;
            } else if let Some(len) = char_literal(&line[i..]) {
                i += len;
            } else {
                out.push(c);
                i += 1;
            }
        }
        lines.push(out);
    }
    lines
}

/// The length of `'(\\.|[^\\'])'` at the start of `s`, if it matches.
fn char_literal(s: &[char]) -> Option<usize> {
    match s {
        ['\'', '\\', _, '\'', ..] => Some(4),
        ['\'', c, '\'', ..] if *c != '\\' && *c != '\'' => Some(3),
        _ => None,
    }
}

/// The lines of `#[cfg(test)]` items: from the attribute to where its braces close.
fn cfg_test_lines(clean: &[Vec<char>]) -> Vec<bool> {
    let mut skip = vec![false; clean.len()];
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    for (i, line) in clean.iter().enumerate() {
        if line.windows(marker.len()).any(|w| w == marker.as_slice()) {
            let end = closing_line(clean, i, false).unwrap_or(clean.len() - 1);
            skip[i..=end].fill(true);
        }
    }
    skip
}

/// The line where the braces opened from line `i` on close; with `bodies`, None for a line
/// with `;` and no `{` before any brace opened (a declaration).
fn closing_line(clean: &[Vec<char>], i: usize, bodies: bool) -> Option<usize> {
    let (mut depth, mut started) = (0i64, false);
    for (j, seg) in clean.iter().enumerate().skip(i) {
        if bodies && !started && seg.contains(&';') && !seg.contains(&'{') {
            return None;
        }
        depth += braces(seg);
        started = started || seg.contains(&'{');
        if started && depth <= 0 {
            return Some(j);
        }
    }
    None
}

fn braces(seg: &[char]) -> i64 {
    seg.iter()
        .map(|&c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

/// Skips the `(?:word\s+)?` of the tool's pattern: past the word and its spaces, if both.
fn keyword(line: &[char], at: usize, word: &str) -> usize {
    let end = at + word.chars().count();
    if !starts_with(line, at, word) {
        return at;
    }
    let spaces = line[end..].iter().take_while(|c| c.is_whitespace()).count();
    if spaces == 0 { at } else { end + spaces }
}

/// The name of the function this line opens, by the tool's pattern:
/// `^\s*(pub(\(...\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?(extern\s+"C"\s+)?fn\s+(\w+)`.
fn fn_name(line: &[char]) -> Option<String> {
    let mut i = line.iter().take_while(|c| c.is_whitespace()).count();
    if starts_with(line, i, "pub") {
        let mut j = i + 3;
        if line.get(j) == Some(&'(') {
            j = (j..line.len())
                .find(|&k| line[k] == ')')
                .map_or(usize::MAX, |k| k + 1);
        }
        let spaces = line
            .get(j..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_whitespace()).count());
        if spaces > 0 {
            i = j + spaces;
        }
    }
    for word in ["const", "async", "unsafe"] {
        i = keyword(line, i, word);
    }
    let after_extern = keyword(line, i, "extern");
    let after_c = keyword(line, after_extern, "\"C\"");
    if after_extern > i && after_c > after_extern {
        i = after_c;
    }
    let after_fn = keyword(line, i, "fn");
    if after_fn == i {
        return None;
    }
    let name: String = line[after_fn..]
        .iter()
        .take_while(|&&c| is_word(c))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every function of the tree as (lines, `src/path.rs:LINE name`), longest first.
pub(crate) fn function_lengths(files: &[Source]) -> Vec<(usize, String)> {
    let mut all = Vec::new();
    for f in files {
        let clean = scrub_lines(&f.text);
        let skip = cfg_test_lines(&clean);
        for (i, line) in clean.iter().enumerate() {
            if skip[i] {
                continue;
            }
            let Some(name) = fn_name(line) else { continue };
            if let Some(end) = closing_line(&clean, i, true) {
                all.push((end - i + 1, format!("{}:{} {name}", f.shown, i + 1)));
            }
        }
    }
    all.sort_by(|a, b| b.cmp(a));
    all
}

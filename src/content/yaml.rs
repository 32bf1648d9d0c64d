//! YAML front matter (between `---` lines, as Hugo and Jekyll write it) converted to the TOML
//! Dossier reads, for the hint of the error that says so. A hand-written reader of the common
//! forms only (`key: value`, lists in brackets or as `- item` lines, dates, booleans, numbers,
//! `|` and `>` blocks, one level of nested keys), with Hugo's names for Dossier's fields
//! renamed; whatever it cannot read stays as a comment to convert by hand. No YAML library: the
//! ones that read all of YAML are large, and this only has to help a person move a file over.

/// Hugo's (and Jekyll's) names for Dossier's fields.
const RENAMED: &[(&str, &str)] = &[
    ("author", "authors"),
    ("tags", "topics"),
    ("categories", "topics"),
    ("description", "summary"),
    ("lastmod", "updated"),
];

/// Fields that take a list, so that one name becomes a list of one.
const LISTS: &[&str] = &["authors", "topics", "aliases"];

/// The TOML front matter, between `+++` lines, for YAML front matter (the text between the
/// `---` lines).
pub(crate) fn to_toml(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut top = Vec::new();
    let mut tables = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, rest)) = split_key(line).filter(|_| !line.starts_with([' ', '\t'])) else {
            top.push(format!("# could not convert: {trimmed}"));
            continue;
        };
        let (name, was) = rename(key);
        if taken.contains(&name) {
            top.push(format!("# left out, `{name}` is given above: {trimmed}"));
            skip_indented(&lines, &mut i);
            continue;
        }
        taken.push(name.clone());
        let note = was.map(|w| format!("  # was `{w}`")).unwrap_or_default();
        let rest = strip_comment(rest);
        let value = if rest.is_empty() {
            let block = indented(&lines, &mut i);
            if block.iter().all(|l| l.trim_start().starts_with('-')) {
                let items: Vec<String> = block
                    .iter()
                    .map(|l| scalar(strip_comment(l.trim_start().trim_start_matches('-').trim())))
                    .collect();
                format!("[{}]", items.join(", "))
            } else {
                let mut table = format!("\n[{name}]");
                for entry in &block {
                    match split_key(entry.trim()) {
                        Some((k, v)) => table.push_str(&format!(
                            "\n{} = {}",
                            bare_key(k),
                            scalar(strip_comment(v))
                        )),
                        None => table.push_str(&format!("\n# could not convert: {}", entry.trim())),
                    }
                }
                tables.push(table);
                continue;
            }
        } else if rest == "|" || rest == ">" || rest.starts_with("|-") || rest.starts_with(">-") {
            let block = indented(&lines, &mut i);
            let joiner = if rest.starts_with('|') { "\n" } else { " " };
            let text: Vec<&str> = block.iter().map(|l| l.trim()).collect();
            toml_string(&text.join(joiner))
        } else {
            scalar(rest)
        };
        let value = if LISTS.contains(&name.as_str()) && !value.starts_with('[') {
            format!("[{value}]")
        } else {
            value
        };
        top.push(format!("{} = {value}{note}", bare_key(&name)));
    }
    let mut out = String::from("+++\n");
    for line in top {
        out.push_str(&line);
        out.push('\n');
    }
    for table in tables {
        out.push_str(table.trim_start_matches('\n'));
        out.push('\n');
    }
    out.push_str("+++");
    out
}

/// `key: rest` at the start of a line.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim();
    let (key, rest) = trimmed.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (plain && (rest.is_empty() || rest.starts_with([' ', '\t']))).then(|| (key, rest.trim()))
}

/// Dossier's name for a key, and the name it had when it was renamed.
fn rename(key: &str) -> (String, Option<&str>) {
    let lower = key.to_lowercase();
    match RENAMED.iter().find(|(from, _)| *from == lower) {
        Some((from, to)) => (to.to_string(), Some(from)),
        None => (lower, None),
    }
}

/// The indented lines that follow, which belong to the key before them.
fn indented<'a>(lines: &[&'a str], i: &mut usize) -> Vec<&'a str> {
    let mut block = Vec::new();
    while let Some(line) = lines.get(*i) {
        if !line.trim().is_empty() && !line.starts_with([' ', '\t', '-']) {
            break;
        }
        if !line.trim().is_empty() {
            block.push(*line);
        }
        *i += 1;
    }
    block
}

fn skip_indented(lines: &[&str], i: &mut usize) {
    indented(lines, i);
}

/// A value without its trailing `# comment` (outside quotes).
fn strip_comment(value: &str) -> &str {
    let value = value.trim();
    if value.starts_with(['"', '\'']) {
        return value;
    }
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

/// A key as TOML writes it: bare when it can be.
fn bare_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        toml_string(key)
    }
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// One YAML scalar (or a list in brackets) as a TOML value.
fn scalar(value: &str) -> String {
    let value = value.trim();
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let items: Vec<String> = split_list(inner)
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| scalar(s))
            .collect();
        return format!("[{}]", items.join(", "));
    }
    if let Some(inner) = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
    {
        return toml_string(&inner.replace("''", "'"));
    }
    match value {
        "true" | "True" | "TRUE" => return "true".into(),
        "false" | "False" | "FALSE" => return "false".into(),
        "" | "~" | "null" => return "\"\"".into(),
        _ => {}
    }
    if value.parse::<i64>().is_ok() || value.parse::<f64>().is_ok_and(|f| f.is_finite()) {
        return value.to_string();
    }
    if let Some(date) = date_time(value) {
        return date;
    }
    toml_string(value)
}

/// A date (`2025-02-13`) or date-time (`2025-02-13 09:00:00 +01:00`, `2025-02-13T09:00:00Z`),
/// written as TOML writes it, if `value` is one.
fn date_time(value: &str) -> Option<String> {
    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10 {
        return Some(value.to_string());
    }
    let normalized = value.replacen(' ', "T", 1).replace(' ', "");
    if let Ok(moment) = chrono::DateTime::parse_from_rfc3339(&normalized) {
        return Some(moment.to_rfc3339());
    }
    chrono::NaiveDateTime::parse_from_str(&normalized, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|_| normalized)
}

/// The items of a `[a, "b, c", d]` list, split at commas outside quotes.
fn split_list(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (',', None) => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_common_forms_and_hugos_names() {
        let yaml = "title: \"Talks: a New Phase\"\ndate: 2025-02-13\nauthor: Jane Doe\ntags:\n  - Energy\n  - 'Baltic States'\ndraft: false\nnumber: 11\nlastmod: 2025-02-20T10:00:00+01:00\ndescription: >\n  A short\n  summary.\nextra:\n  key: value # a comment\n";
        let toml = to_toml(yaml);
        let expected = "+++\ntitle = \"Talks: a New Phase\"\ndate = 2025-02-13\nauthors = [\"Jane Doe\"]  # was `author`\ntopics = [\"Energy\", \"Baltic States\"]  # was `tags`\ndraft = false\nnumber = 11\nupdated = 2025-02-20T10:00:00+01:00  # was `lastmod`\nsummary = \"A short summary.\"  # was `description`\n[extra]\nkey = \"value\"\n+++";
        assert_eq!(toml, expected);
        let inner = toml.trim_start_matches("+++\n").trim_end_matches("+++");
        let parsed: toml::Table = inner.parse().expect("valid TOML");
        assert_eq!(parsed["topics"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn inline_lists_and_what_cannot_be_read() {
        let toml = to_toml("authors: [Ann Lee, \"Bo, Jr.\"]\n  stray: x\n? complex\n");
        assert!(
            toml.contains("authors = [\"Ann Lee\", \"Bo, Jr.\"]"),
            "{toml}"
        );
        assert!(toml.contains("# could not convert: ? complex"), "{toml}");
    }
}

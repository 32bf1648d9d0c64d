//! `[content]` in site.toml: how the files Dossier writes for the site (`dossier new`, the
//! CMS) give their front matter. Dossier reads both kinds in any case.

use serde::{Deserialize, Serialize};

/// The front matter Dossier writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FrontMatter {
    /// TOML between `+++` lines.
    #[default]
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

/// `[content]` as written.
#[derive(Debug, Clone, Default, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContentSettings {
    /// What `new` and `cms` write: `"toml"` (default) or `"yaml"`.
    #[serde(default)]
    pub(crate) front_matter: FrontMatter,
}

/// A front matter `dossier new` or an import wrote as TOML (`+++`, `key = value` lines,
/// commented keys), as YAML: the same keys, values and comments. TOML's one-line strings,
/// arrays, dates, numbers and booleans are YAML too; its multi-line strings (`"""`, `\'\'\'`,
/// which the toml crate writes for a text with a line break, or with both kinds of quote) are
/// written as YAML's double-quoted strings.
pub(crate) fn toml_to_yaml(text: &str) -> String {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text.to_string();
    };
    let Some((front, body)) = rest.split_once("\n+++\n") else {
        return text.to_string();
    };
    let mut lines: Vec<String> = Vec::new();
    let mut pending: Option<(String, String, String)> = None;
    for line in front.lines() {
        if let Some((comment, key, mut value)) = pending.take() {
            value.push('\n');
            value.push_str(line);
            match quoted(&value) {
                Some(yaml) => lines.push(format!("{comment}{key}: {yaml}")),
                None => pending = Some((comment, key, value)),
            }
            continue;
        }
        let (comment, key_value) = match line.strip_prefix("# ") {
            Some(rest) => ("# ", rest),
            None => ("", line),
        };
        match key_value.split_once(" = ") {
            Some((key, value))
                if !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                if !value.contains("\"\"\"") && !value.contains("\'\'\'") {
                    lines.push(format!("{comment}{key}: {value}"));
                } else if let Some(yaml) = quoted(value) {
                    lines.push(format!("{comment}{key}: {yaml}"));
                } else {
                    pending = Some((comment.to_string(), key.to_string(), value.to_string()));
                }
            }
            _ => lines.push(line.to_string()),
        }
    }
    if let Some((comment, key, value)) = pending {
        lines.push(format!("{comment}{key} = {value}"));
    }
    format!("---\n{}\n---\n{body}", lines.join("\n"))
}

/// A complete TOML string, or array of strings, as YAML (JSON's quoting, which YAML reads);
/// `None` while the value is not complete (a multi-line string's first lines).
fn quoted(value: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(&format!("v = {value}")).ok()?;
    match table.get("v")? {
        toml::Value::String(s) => serde_json::to_string(s).ok(),
        toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => {
            serde_json::to_string(items).ok()
        }
        _ => Some(value.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_commented_keys_become_yaml() {
        let toml = "+++\ntitle = \"A \\\"B\\\"\"\ndate = 2025-03-04\nauthors = [\"Ann\"]\n# series = \"Spotlight\"\ndraft = true                        # remove when ready\n+++\nBody = text\n";
        assert_eq!(
            toml_to_yaml(toml),
            "---\ntitle: \"A \\\"B\\\"\"\ndate: 2025-03-04\nauthors: [\"Ann\"]\n# series: \"Spotlight\"\ndraft: true                        # remove when ready\n---\nBody = text\n"
        );
    }

    #[test]
    fn multi_line_strings_become_double_quoted_yaml() {
        let text = |s: &str| toml::Value::String(s.to_string()).to_string();
        let toml = format!(
            "+++\ntitle = {}\nauthors = [{}]\nsummary = {}\n+++\nBody\n",
            text("it's \"x\""),
            text("Ann \"A\" O'Neil"),
            text("Two\nlines")
        );
        assert!(toml.contains("\"\"\""), "{toml}");
        assert_eq!(
            toml_to_yaml(&toml),
            "---\ntitle: \"it's \\\"x\\\"\"\nauthors: [\"Ann \\\"A\\\" O'Neil\"]\nsummary: \"Two\\nlines\"\n---\nBody\n"
        );
    }
}

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

/// A front matter `dossier new` wrote as TOML (`+++`, `key = value` lines, commented keys), as
/// YAML: the same keys, values and comments. TOML's strings, arrays, dates, numbers and
/// booleans as `new` writes them are YAML too.
pub(crate) fn toml_to_yaml(text: &str) -> String {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text.to_string();
    };
    let Some((front, body)) = rest.split_once("\n+++\n") else {
        return text.to_string();
    };
    let lines: Vec<String> = front
        .lines()
        .map(|line| {
            let (comment, key_value) = match line.strip_prefix("# ") {
                Some(rest) => ("# ", rest),
                None => ("", line),
            };
            match key_value.split_once(" = ") {
                Some((key, value))
                    if !key.is_empty()
                        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    format!("{comment}{key}: {value}")
                }
                _ => line.to_string(),
            }
        })
        .collect();
    format!("---\n{}\n---\n{body}", lines.join("\n"))
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
}

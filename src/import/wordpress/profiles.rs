//! Profiles for what the imported briefs name: each author (its WXR display name, with given
//! and family names when the export has both), and each category and tag (with its
//! description), written where `dossier new author|topic|term` writes them.

use std::path::PathBuf;

use super::wxr::{self, Export};
use super::{Used, html};
use crate::content::CONTENT_DIR;
use crate::error::Result;
use crate::import::Output;

/// Profiles for the authors, topics and tags the briefs name; returns the authors written.
pub(super) fn write(
    export: &Export,
    used: &Used,
    tags_key: &str,
    out: &mut Output<'_>,
) -> Result<usize> {
    let mut authors = 0;
    for (slug, login) in &used.authors {
        let author = export.authors.get(login).cloned().unwrap_or_default();
        let name = if author.display_name.is_empty() {
            login.clone()
        } else {
            author.display_name.clone()
        };
        let mut front = vec![format!(
            "name = {}",
            (out.new.toml_string)(&html::decode_entities(&name))
        )];
        if !author.first_name.is_empty() && !author.last_name.is_empty() {
            front.push(format!(
                "given = {}",
                (out.new.toml_string)(&author.first_name)
            ));
            front.push(format!(
                "family = {}",
                (out.new.toml_string)(&author.last_name)
            ));
        }
        let rel = PathBuf::from(CONTENT_DIR)
            .join("authors")
            .join(format!("{slug}.md"));
        if out.write_markdown(&rel, &format!("+++\n{}\n+++\n", front.join("\n")))? {
            authors += 1;
        }
    }
    let terms = |list: &[wxr::Term], name: &str| {
        list.iter()
            .find(|t| html::decode_entities(&t.name) == name)
            .map(|t| t.description.clone())
            .unwrap_or_default()
    };
    let mut profiles: Vec<(&str, &String, String)> = used
        .categories
        .iter()
        .map(|(slug, name)| ("topics", slug, terms(&export.categories, name)))
        .collect();
    profiles.extend(
        used.tags
            .iter()
            .map(|(slug, name)| (tags_key, slug, terms(&export.tags, name))),
    );
    for (folder, slug, description) in profiles {
        let name = used
            .categories
            .get(slug)
            .or_else(|| used.tags.get(slug))
            .cloned()
            .unwrap_or_default();
        let mut text = format!("+++\nname = {}\n", (out.new.toml_string)(&name));
        let description = html::plain_text(&description);
        if !description.is_empty() {
            text.push_str(&format!(
                "description = {}\n",
                (out.new.toml_string)(&description)
            ));
        }
        text.push_str("+++\n");
        let rel = PathBuf::from(CONTENT_DIR)
            .join(folder)
            .join(format!("{slug}.md"));
        if !out.written.contains(&rel) {
            out.write_markdown(&rel, &text)?;
        }
    }
    Ok(authors)
}

//! The editors' CMS: `static/admin/config.yml` for Decap CMS (Sveltia CMS reads the same),
//! made from the site's model (its taxonomies, its languages, the briefs' front matter), and the
//! admin page that loads the CMS. The configuration carries a fingerprint of what it was made
//! from, so that `check` can say when site.toml has changed since.

mod admin;
mod collections;
pub(crate) mod yaml;

use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use crate::config::Config;
use crate::error::Diagnostic;
use yaml::{Node, map, s, strings};

/// Where Decap CMS reads its configuration: beside the admin page, published at /admin/.
pub(crate) const CONFIG_PATH: &str = "static/admin/config.yml";
/// The admin page that loads the CMS.
pub(crate) const INDEX_PATH: &str = "static/admin/index.html";
/// The page a brief's preview link opens, which finds the brief's address.
pub(crate) const PREVIEW_PATH: &str = "static/admin/preview.html";

/// The first words of a configuration `dossier cms` wrote; the fingerprint follows.
const MARK: &str = "# Written by `dossier cms` from site.toml; model ";

/// The three files of the admin folder, relative to the site's root, with their text.
pub(crate) fn files(config: &Config) -> Vec<(&'static str, String)> {
    vec![
        (CONFIG_PATH, config_file(config)),
        (INDEX_PATH, admin::index_html(config)),
        (PREVIEW_PATH, admin::preview_html()),
    ]
}

/// Whether a file in the admin folder is one `dossier cms` wrote (and may write again).
pub(crate) fn is_ours(text: &str) -> bool {
    text.contains(MARK) || text.contains(admin::MARK)
}

/// The configuration, with the fingerprint of what it says in its first line.
pub(crate) fn config_file(config: &Config) -> String {
    let body = yaml::to_yaml(&config_node(config));
    format!(
        "{MARK}{:016x}.\n# Run `dossier cms` again after changing site.toml; edit by hand at your own risk\n# (`dossier cms` then asks for --force before it replaces this file).\n{body}",
        xxh3_64(body.as_bytes())
    )
}

/// The fingerprint a configuration was written with, if `dossier cms` wrote it.
fn written_fingerprint(text: &str) -> Option<&str> {
    let rest = text.lines().next()?.strip_prefix(MARK)?;
    Some(rest.trim_end_matches('.'))
}

/// Whether a configuration `dossier cms` wrote was edited since (its text no longer matches
/// its fingerprint).
pub(crate) fn edited_by_hand(text: &str) -> bool {
    let Some(written) = written_fingerprint(text) else {
        return true;
    };
    let body: String = text
        .split_inclusive('\n')
        .skip_while(|line| line.starts_with('#'))
        .collect();
    format!("{:016x}", xxh3_64(body.as_bytes())) != written
}

/// A warning when the site's CMS configuration was written by `dossier cms` for another
/// model than site.toml's now (a taxonomy or a language added since).
pub(crate) fn stale_config(config: &Config) -> Option<Diagnostic> {
    let text = std::fs::read_to_string(config.root.join(CONFIG_PATH)).ok()?;
    let written = written_fingerprint(&text)?;
    let fresh = config_file(config);
    let now = written_fingerprint(&fresh)?;
    (written != now).then(|| {
        Diagnostic::warning(
            Path::new(CONFIG_PATH),
            "the CMS configuration was written for an older site.toml: editors do not see what changed since (a taxonomy, a language, a setting)",
        )
        .at(1, 1)
        .with_hint("run `dossier cms` to write it again")
    })
}

/// The whole configuration.
fn config_node(config: &Config) -> Node {
    let cms = &config.cms;
    let several = config.languages.len() > 1;
    let mut backend = map([("name", s(cms.backend.get_ref()))]);
    if cms.backend.get_ref() != "git-gateway" {
        backend.push("repo", s(&cms.repo));
    }
    backend.push("branch", s(&cms.branch));
    let site_url = config.base.url().trim_end_matches('/');
    let mut root = map([
        ("backend", backend),
        // On 127.0.0.1, with `npx decap-server` running in the site's folder, the CMS edits
        // the files on disk, with no login.
        ("local_backend", Node::Bool(true)),
        ("site_url", s(site_url)),
        ("display_url", s(site_url)),
        // Files of pages and profiles (photos) go to static/images/, published at /images/.
        ("media_folder", s("static/images")),
        // Dossier puts root-relative links under the site's base path itself.
        ("public_folder", s("/images")),
        // File names as Dossier's slugs are: ASCII, no accents.
        (
            "slug",
            map([
                ("encoding", s("ascii")),
                ("clean_accents", Node::Bool(true)),
                ("sanitize_replacement", s("-")),
            ]),
        ),
    ]);
    if several {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        root.push(
            "i18n",
            map([
                ("structure", s("multiple_files")),
                ("locales", strings(codes.iter().copied())),
                ("default_locale", s(&config.language)),
            ]),
        );
    }
    let mut list = vec![collections::briefs(config, several)];
    list.extend(
        config
            .taxonomies
            .iter()
            .map(|def| collections::profiles(config, def, several)),
    );
    list.push(collections::pages(config, several));
    root.push("collections", Node::List(list));
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_edited_by_hand_is_told_from_one_as_written() {
        let body = "backend:\n  name: \"git-gateway\"\n";
        let written = format!(
            "{MARK}{:016x}.\n# Run it again.\n{body}",
            xxh3_64(body.as_bytes())
        );
        assert!(!edited_by_hand(&written));
        assert!(edited_by_hand(&written.replace("git-gateway", "github")));
        assert!(edited_by_hand(body), "not written by dossier cms");
    }
}

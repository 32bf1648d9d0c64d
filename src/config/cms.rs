//! `[cms]` in site.toml: how `dossier cms` sets up the editors' CMS (Decap CMS, or Sveltia CMS,
//! which reads the same configuration): where the CMS script comes from, and which backend the
//! editors log in through.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::Diagnostic;
use crate::schema::TomlSource;

/// Decap CMS from its usual CDN address, the version `dossier cms` was written and tested for.
pub(crate) const DEFAULT_SCRIPT: &str = "https://unpkg.com/decap-cms@^3.16.0/dist/decap-cms.js";

/// The backends `[cms] backend` may name.
pub(crate) const BACKENDS: &[&str] = &["git-gateway", "github", "gitlab"];

/// `[cms]` as written.
#[derive(Debug, Clone, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CmsSettings {
    /// The CMS script the admin page loads: the CDN's by default, or a copy the site hosts
    /// (`/admin/decap-cms.js`).
    #[serde(default = "default_script")]
    pub(crate) script: Spanned<String>,
    /// Where editors log in: `git-gateway` (Netlify Identity), `github` or `gitlab`.
    #[serde(default = "default_backend")]
    pub(crate) backend: Spanned<String>,
    /// The repository, `OWNER/NAME`, for the `github` and `gitlab` backends.
    #[serde(default)]
    pub(crate) repo: String,
    /// The branch editors' changes are committed to.
    #[serde(default = "default_branch")]
    pub(crate) branch: String,
}

fn default_script() -> Spanned<String> {
    Spanned::new(0..0, DEFAULT_SCRIPT.to_string())
}

fn default_backend() -> Spanned<String> {
    Spanned::new(0..0, "git-gateway".to_string())
}

fn default_branch() -> String {
    "main".to_string()
}

impl Default for CmsSettings {
    fn default() -> CmsSettings {
        CmsSettings {
            script: default_script(),
            backend: default_backend(),
            repo: String::new(),
            branch: default_branch(),
        }
    }
}

/// Reports a backend Dossier does not know, and a `github` or `gitlab` backend without `repo`.
pub(super) fn check(source: &TomlSource<'_>, cms: &CmsSettings, problems: &mut Vec<Diagnostic>) {
    let span = |s: &Spanned<String>| Some(s.span()).filter(|span| !span.is_empty());
    let backend = cms.backend.get_ref();
    if !BACKENDS.contains(&backend.as_str()) {
        problems.push(
            source
                .diagnostic(
                    &format!("`[cms] backend = \"{backend}\"` is not a backend Dossier knows"),
                    span(&cms.backend),
                )
                .with_hint(format!("use one of: {}", BACKENDS.join(", "))),
        );
    } else if backend != "git-gateway" && !cms.repo.contains('/') {
        problems.push(
            source
                .diagnostic(
                    &format!("`[cms] backend = \"{backend}\"` needs the repository"),
                    span(&cms.backend),
                )
                .with_hint("add `repo = \"OWNER/NAME\"` under [cms]"),
        );
    }
    if cms.script.get_ref().trim().is_empty() {
        problems.push(
            source
                .diagnostic("`[cms] script` is empty", span(&cms.script))
                .with_hint(format!(
                    "remove it to load Decap CMS from {DEFAULT_SCRIPT}, or give the address of a copy: \"/admin/decap-cms.js\""
                )),
        );
    }
}

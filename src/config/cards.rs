//! `[cards]`: the social cards (the image a link shows on LinkedIn, X, Bluesky, WhatsApp, in
//! newsletters) that Dossier typesets for every brief and every other page.

use serde::Deserialize;

/// `[cards]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CardSettings {
    /// Whether to make them (default true).
    #[serde(default = "super::default_true")]
    pub(crate) generate: bool,
}

impl Default for CardSettings {
    fn default() -> Self {
        CardSettings { generate: true }
    }
}

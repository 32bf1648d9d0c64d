//! The HTML pages: the model and its indexes, through Tera templates (the site's, then the
//! theme's, then the built-in ones), into every page of the site.

mod capture;
mod context;
mod filters;
mod full_text;
mod listing;
mod locale;
mod pages;
mod share;
mod site;
mod template_errors;
pub(crate) mod view;

use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::content::Library;
use crate::emit::images::Gallery;
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Strings;
use crate::theme::Theme;
use template_errors::template_diagnostics;

pub(crate) use full_text::FullTexts;
pub(crate) use locale::Locale;
pub(crate) use pages::{Pages, SearchFiles};
pub(crate) use site::look;
pub(crate) use template_errors::merge_page_problems;

/// Loads the theme's templates into Tera, with Dossier's filters and functions.
pub(crate) fn build_tera(
    library: &Library,
    theme: &Theme,
    strings: &Arc<Strings>,
    gallery: &Arc<Gallery>,
) -> Result<Tera> {
    let config = &library.config;
    let mut tera = Tera::new();
    filters::register(
        &mut tera,
        &config.base,
        strings.clone(),
        theme.assets.clone(),
    );
    filters::register_images(&mut tera, &config.base, gallery.clone());
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, source)| (name.as_str(), source.text.as_str())),
    )
    .map_err(|e| Error::Content(template_diagnostics(&e, theme)))?;
    for name in crate::theme::TEMPLATE_NAMES {
        if !tera.contains_template(name) {
            return Err(Error::Content(vec![
                Diagnostic::error(Path::new("templates").join(name), format!("template `{name}` is missing"))
                    .with_hint("add it to the site's templates/ or the theme, or remove the override that hides it"),
            ]));
        }
    }
    Ok(tera)
}

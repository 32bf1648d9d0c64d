//! Addresses that never break: a redirect page at each old address a brief or page names in
//! `aliases` (a meta refresh, a canonical link, `noindex` and a visible link), and with
//! `[redirects] file = true` a `_redirects` file of 301 rules for hosts that read one.

use std::hash::Hasher;

use crate::content::Library;
use crate::emit::fingerprint::{hash_value, new_hasher};
use crate::emit::{Context, Emitter, Planned};
use crate::i18n::{Fill, Strings};
use crate::lang::LangId;
use crate::routes;

/// One old address and where it now leads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Redirect {
    /// The old address, a path below the site root: `briefs/2024/old/`.
    pub(crate) from: String,
    /// The current address, a path below the site root.
    pub(crate) to: String,
    /// The title of what is there now.
    pub(crate) title: String,
    /// Its language, which the redirect page is written in.
    pub(crate) lang: LangId,
}

/// Every alias of every published brief and page, in order.
fn redirects(library: &Library) -> Vec<Redirect> {
    let briefs = library
        .briefs
        .iter()
        .map(|b| (&b.aliases, routes::brief(b), &b.title, b.lang));
    let pages = library
        .pages
        .iter()
        .map(|p| (&p.aliases, routes::page(p), &p.title, p.lang));
    briefs
        .chain(pages)
        .flat_map(|(aliases, to, title, lang)| {
            aliases.iter().map(move |from| Redirect {
                from: from.clone(),
                to: to.clone(),
                title: title.clone(),
                lang,
            })
        })
        .collect()
}

/// The redirect page at an old address, in the language of what it leads to.
fn page(library: &Library, strings: &Strings, redirect: &Redirect) -> String {
    let escape = |text: &str| quick_xml::escape::escape(text).into_owned();
    let target = escape(&library.config.base.permalink(&redirect.to));
    let title = escape(&redirect.title);
    let link = format!("<a href=\"{target}\">{title}</a>");
    let sentence = strings.html(
        (redirect.lang, "page_moved", None),
        &[("link", Fill::Html(link))],
        escape,
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>{sentence}</p>\n</body>\n</html>\n",
        lang = escape(&library.config.lang(redirect.lang).code),
    )
}

/// `_redirects`: one `/old /new 301` rule per alias, paths with the base path.
fn rules(library: &Library, redirects: &[Redirect]) -> String {
    let base = &library.config.base;
    let mut out = String::from("# Written by Dossier from the `aliases` of briefs and pages.\n");
    for redirect in redirects {
        out.push_str(&format!(
            "{} {} 301\n",
            base.url_path(&redirect.from),
            base.url_path(&redirect.to)
        ));
    }
    out
}

/// The redirect pages, and `_redirects` when asked for.
pub(crate) struct Redirects<'a> {
    cx: Context<'a>,
    redirects: Vec<Redirect>,
}

impl<'a> Redirects<'a> {
    /// Every redirect of the site.
    pub(crate) fn new(cx: Context<'a>) -> Redirects<'a> {
        Redirects {
            cx,
            redirects: redirects(cx.library),
        }
    }
}

impl Emitter for Redirects<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.cx.library;
        let config = &library.config;
        // What a redirect page shows: the settings it is written with, its redirect, and the
        // language it is written in (that of what it leads to).
        let settings = {
            let mut hasher = new_hasher();
            hash_value(&mut hasher, &config.base.url());
            self.cx.strings.fingerprint(&mut hasher);
            hasher.finish()
        };
        let mut files: Vec<Planned<'_>> = self
            .redirects
            .iter()
            .map(|redirect| {
                let mut hasher = new_hasher();
                hasher.write_u64(settings);
                hash_value(&mut hasher, &(redirect, &config.lang(redirect.lang).code));
                Planned::text(
                    routes::output_file(&redirect.from),
                    Some(hasher.finish()),
                    move || page(library, self.cx.strings, redirect),
                )
            })
            .collect();
        if config.redirects.file {
            let mut hasher = new_hasher();
            hasher.write_u64(settings);
            hash_value(&mut hasher, &self.redirects);
            files.push(Planned::text(
                routes::REDIRECTS_FILE,
                Some(hasher.finish()),
                move || rules(library, &self.redirects),
            ));
        }
        files
    }
}

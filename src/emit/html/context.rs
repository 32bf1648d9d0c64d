//! What each page's template receives (besides listings, in `listing.rs`): `current`, the
//! page's own values, and the page's language (`lang`, `site`). Described once, through
//! [`Capture`], for rendering and for fingerprinting alike.

use serde::Serialize;
use tera::Value;

use super::capture::Capture;
use super::listing;
use super::pages::{Job, Pages};
use super::share::ShareImage;
use super::view::{
    BriefView, Link, PageView, SearchFilter, SearchView, TaxonomyView, TermSummary, TermView,
};
use crate::content::{BriefId, TaxonomyId, TermId};
use crate::emit::images;
use crate::lang::LangId;
use crate::publish::jsonld;
use crate::routes;

/// How long a meta description may be: search engines show about 160 characters.
const META_DESCRIPTION: usize = 160;

/// `current`: what every template knows about the page being rendered.
#[derive(Debug, Serialize)]
pub(super) struct Current {
    /// `home`, `brief`, `page`, `authors`, `author`, `topics`, `topic`, `series_list`,
    /// `series`, `taxonomy`, `term`, `archive`, `archive_year` or `404`.
    pub(super) kind: String,
    pub(super) title: String,
    /// The full description (`og:description`, a brief's summary).
    pub(super) description: String,
    /// The description cut at a sentence within about 160 characters, for
    /// `<meta name="description">`, which search engines cut there.
    pub(super) meta_description: String,
    pub(super) url: String,
    pub(super) permalink: String,
    /// The navigation section it belongs to (`home`, a taxonomy's name, `archive`, or a page's
    /// slug), for marking the current menu entry.
    pub(super) section: String,
    /// The section's top page in the page's language (`/pl/topics/`), for marking the menu
    /// entry that leads to it; empty when the page is in no section.
    pub(super) section_url: String,
    /// Feeds to announce with `<link rel="alternate">`: the site's, and the page's own.
    pub(super) feeds: Vec<Link>,
    /// The page's language tag.
    pub(super) lang: String,
    /// Its direction, `ltr` or `rtl`.
    pub(super) dir: &'static str,
    /// The page's language as Open Graph writes it: `en_GB`, `pl_PL`.
    pub(super) og_locale: String,
    /// The Open Graph locales of the page's versions in other languages.
    pub(super) og_locale_alternates: Vec<String>,
    /// The page in every language it exists in, itself included (none on a site with one
    /// language): for `<link rel="alternate" hreflang>`.
    pub(super) alternates: Vec<Alternate>,
    /// The default-language version's absolute URL, for `hreflang="x-default"`.
    pub(super) x_default: Option<String>,
    /// Every other language of the site, for a language switch: this page's version in it, or
    /// that language's home page when there is none.
    pub(super) translations: Vec<Translation>,
    /// The image links to the page show (`og:image`), if any.
    pub(super) image: Option<ShareImage>,
}

/// A version of the page in a language.
#[derive(Debug, Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    /// The language's direction, `ltr` or `rtl`.
    pub(super) dir: &'static str,
    /// Absolute URL.
    pub(super) href: String,
}

/// Where the language switch leads in one language.
#[derive(Debug, Serialize)]
pub(super) struct Translation {
    pub(super) lang: String,
    /// The language's direction, `ltr` or `rtl`, for `dir` beside `lang`.
    pub(super) dir: &'static str,
    /// The language's name in itself: "Polski".
    pub(super) name: String,
    pub(super) url: String,
    /// Whether `url` is this page's version (otherwise the language's home page).
    pub(super) translated: bool,
}

/// A map value with entries added.
fn with_entries(value: Value, entries: Vec<(&'static str, Value)>) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    for (key, entry) in entries {
        map.insert(key.into(), entry);
    }
    Value::from(map)
}

impl Pages<'_> {
    /// `current` for a page: its kind, title, description, section, feeds and languages.
    pub(super) fn current(
        &self,
        job: Job,
        (kind, title, description): (&str, &str, &str),
        section: &str,
    ) -> Current {
        let config = &self.cx.library.config;
        let base = &config.base;
        let lang = self.lang_of(job);
        let language = config.lang(lang);
        let path = self.page_path(job);
        let versions = self.versions(job);
        let alternates = versions
            .iter()
            .map(|&v| Alternate {
                lang: config.lang(self.lang_of(v)).code.clone(),
                dir: crate::lang::direction(&config.lang(self.lang_of(v)).code),
                href: base.permalink(&self.page_path(v)),
            })
            .collect();
        let x_default = versions
            .iter()
            .find(|&&v| self.lang_of(v) == LangId::DEFAULT)
            .map(|&v| base.permalink(&self.page_path(v)));
        let translations = if config.languages.len() < 2 {
            Vec::new()
        } else {
            (0..config.languages.len())
                .map(LangId::of)
                .filter(|&other| other != lang)
                .map(|other| {
                    let version = versions.iter().find(|&&v| self.lang_of(v) == other);
                    let target = version
                        .map_or_else(|| routes::home(config.lang(other)), |&v| self.page_path(v));
                    Translation {
                        lang: config.lang(other).code.clone(),
                        dir: crate::lang::direction(&config.lang(other).code),
                        name: self.cx.strings.language_name(other),
                        url: base.url_path(&target),
                        translated: version.is_some(),
                    }
                })
                .collect()
        };
        Current {
            kind: kind.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            meta_description: crate::text::meta_description(description, META_DESCRIPTION),
            url: base.url_path(&path),
            permalink: base.permalink(&path),
            section: section.to_string(),
            section_url: if section.is_empty() {
                String::new()
            } else {
                base.url_path(&routes::section(language, section))
            },
            feeds: vec![Link {
                title: language.title.clone(),
                url: base.url_path(&routes::feed(&routes::home(language))),
            }],
            lang: language.code.clone(),
            dir: crate::lang::direction(&language.code),
            og_locale: crate::lang::og_locale(&language.code),
            og_locale_alternates: versions
                .iter()
                .filter(|&&v| self.lang_of(v) != lang)
                .map(|&v| crate::lang::og_locale(&config.lang(self.lang_of(v)).code))
                .collect(),
            alternates,
            x_default,
            translations,
            image: self.share_image(job),
        }
    }

    /// Fills the context of a job; returns its template and its path.
    pub(super) fn context(&self, job: Job, cap: &mut Capture<'_>) -> (String, String) {
        let library = self.cx.library;
        let config = &library.config;
        let lang = self.lang_of(job);
        let loc = self.locale(lang);
        cap.insert("lang", &config.lang(lang).code);
        let site = self.sites[lang.index()].clone();
        cap.insert_lazy("site", u64::from(lang.0), || site);
        let path = self.page_path(job);
        let template = match job {
            Job::Listing(listing, page) => return listing::context(self, job, listing, page, cap),
            Job::Brief(id) => {
                self.brief_context(job, id, cap);
                "brief.html".to_string()
            }
            Job::Page(i) => {
                let page = &library.pages[i];
                let what = ("page", page.title.as_str(), page.description.as_str());
                cap.insert("current", &self.current(job, what, &page.slug));
                cap.insert(
                    "page",
                    &PageView {
                        title: &page.title,
                        description: &page.description,
                        url: config.base.url_path(&path),
                        permalink: config.base.permalink(&path),
                        toc: &page.content.toc,
                        extra: &page.extra,
                    },
                );
                let (html, stamp) = self.cx.bodies.get(&page.source);
                cap.insert_lazy("content", stamp, || self.with_images(&html.html, &path, 0));
                "page.html".to_string()
            }
            Job::TermList(_, t) => {
                let def = &library.taxonomy(t).def;
                let title = loc.taxonomy_title(def);
                let site_title = &config.lang(lang).title;
                let description = loc.t_with(
                    "taxonomy_description",
                    &[("taxonomy", title.clone()), ("site", site_title.clone())],
                );
                let what = (def.list_kind.as_str(), title.as_str(), description.as_str());
                cap.insert("current", &self.current(job, what, &def.name));
                cap.insert("taxonomy", &TaxonomyView::new(def, &loc));
                cap.insert("terms", &self.term_summaries(lang, t));
                def.list_template()
            }
            Job::Archive(_) => {
                let site = config.lang(lang).title.clone();
                let description = loc.t_with("archive_description", &[("site", site)]);
                let title = loc.t("archive_title");
                let what = ("archive", title.as_str(), description.as_str());
                cap.insert("current", &self.current(job, what, "archive"));
                cap.insert("years", &listing::year_summaries(self, lang));
                cap.insert("total", &self.cx.indexes.lang(lang).all.len());
                "archive.html".to_string()
            }
            Job::Search(_) => {
                let site = config.lang(lang).title.clone();
                let description = loc.t_with("search_description", &[("site", site)]);
                let title = loc.t("search_title");
                let what = ("search", title.as_str(), description.as_str());
                cap.insert("current", &self.current(job, what, "search"));
                cap.insert("search", &self.search_view(lang));
                "search.html".to_string()
            }
            Job::NotFound => {
                let (title, description) = (loc.t("not_found_title"), loc.t("not_found_text"));
                let what = ("404", title.as_str(), description.as_str());
                cap.insert("current", &self.current(job, what, ""));
                let all = &self.cx.indexes.lang(lang).all;
                let latest: Vec<BriefId> = all.iter().copied().take(5).collect();
                cap.summaries("briefs", &latest);
                "404.html".to_string()
            }
        };
        (template, path)
    }

    /// A brief's page: the brief with its related briefs and series neighbours, its body and
    /// its metadata.
    fn brief_context(&self, job: Job, id: BriefId, cap: &mut Capture<'_>) {
        let (library, indexes, strings) = (self.cx.library, self.cx.indexes, self.cx.strings);
        let brief = library.brief(id);
        let what = ("brief", brief.title.as_str(), brief.summary.as_str());
        cap.insert("current", &self.current(job, what, "archive"));
        let related = &indexes.related.1[id.index()];
        let (previous, next) = (
            indexes.series_previous[id.index()],
            indexes.series_next[id.index()],
        );
        let versions = library.versions[id.index()].iter().map(|&v| BriefId::of(v));
        let shown = std::iter::once(id)
            .chain(related.iter().copied())
            .chain(previous)
            .chain(next)
            .chain(versions);
        // The brief's PDF: its size is shown.
        let inputs = cap.inputs(shown) ^ self.full_texts.print(id).rotate_left(1);
        let pdf_kb = self.full_texts.kilobytes(id);
        let neighbours = (cap.summary_value(previous), cap.summary_value(next));
        let related_values: Vec<Value> = related
            .iter()
            .map(|r| cap.summary_value(Some(*r)))
            .collect();
        cap.insert_lazy("brief", inputs, || {
            with_entries(
                Value::from_serializable(&BriefView::new(library, strings, id)),
                vec![
                    ("related", Value::from(related_values)),
                    ("series_previous", neighbours.0),
                    ("series_next", neighbours.1),
                    ("pdf_kb", pdf_kb.map_or_else(Value::none, Value::from)),
                ],
            )
        });
        // The body's images are named with their resized copies, their sizes read from them.
        let folder = routes::brief(brief);
        let body = self.cx.bodies.html(&brief.source);
        let own = cap.inputs([id])
            ^ self.gallery.folder_stamp(&folder)
            ^ self.cx.bodies.stamp(&brief.source).rotate_left(2);
        let rewrite = |html: &str, before: usize| self.with_images(html, &folder, before);
        let lead = body.lead_html();
        cap.insert_lazy("lead", own, || rewrite(lead, 0));
        // Only the page's first image is loaded at once; the others when they come near.
        let before = usize::from(lead.contains("<img"));
        cap.insert_lazy("content", own, || rewrite(body.html_after_lead(), before));
        cap.insert_lazy("jsonld", inputs, || {
            Value::safe_string(&jsonld::report(library, id))
        });
    }

    /// HTML of a page in `folder` with its images named with their resized copies
    /// (`images::rewrite`), `before` images having come before it on the page.
    pub(super) fn with_images(&self, html: &str, folder: &str, before: usize) -> Value {
        let base = &self.cx.library.config.base;
        Value::safe_string(&images::rewrite(html, self.gallery, folder, base, before).0)
    }

    /// `search` on a language's search page: the filters the index has, labelled in the
    /// page's language (those of `render::search`'s records, in the same order).
    fn search_view(&self, lang: LangId) -> SearchView {
        let library = self.cx.library;
        let loc = self.locale(lang);
        let singular = |t: TaxonomyId| loc.taxonomy_singular(&library.taxonomy(t).def);
        let filter = |name: &str, label: String| SearchFilter {
            name: name.to_string(),
            label,
        };
        let mut filters = vec![
            filter("author", singular(TaxonomyId::AUTHORS)),
            filter("topic", singular(TaxonomyId::TOPICS)),
            filter("series", singular(TaxonomyId::SERIES)),
            filter("year", loc.t("search_year")),
        ];
        if library.config.languages.len() > 1 {
            filters.push(filter("language", loc.t("search_language")));
        }
        for taxonomy in &library.taxonomies[TaxonomyId::SERIES.index() + 1..] {
            filters.push(filter(
                &taxonomy.def.name,
                loc.taxonomy_singular(&taxonomy.def),
            ));
        }
        let base = &library.config.base;
        let shards = base.url_path(&routes::search_bundle_file(routes::SEARCH_SHARD_LIST));
        let version = self.search.as_ref().map(|s| s.version.clone());
        let entry = base.url_path(&routes::search_bundle_file(routes::SEARCH_ENTRY));
        let preload = self.search.iter().flat_map(|s| s.preload.get(lang.index()));
        SearchView {
            bundle: base.url_path(&routes::search_bundle_file("pagefind.js")),
            shards: match &version {
                Some(version) => format!("{shards}?v={version}"),
                None => shards,
            },
            // Pagefind's own address for it, given `metaCacheTag`.
            entry: version
                .as_ref()
                .map(|version| format!("{entry}?ts={version}")),
            version,
            preload: preload.flatten().map(|path| base.url_path(path)).collect(),
            merge: self
                .search
                .iter()
                .flat_map(|s| s.merge.get(lang.index()))
                .flatten()
                .cloned()
                .collect(),
            filters,
            results: self.cx.strings.forms(lang, "search_results"),
        }
    }

    /// Every term of a taxonomy that has a page in a language, with its count there, A–Z by
    /// its name in that language.
    pub(super) fn term_summaries(&self, lang: LangId, taxonomy: TaxonomyId) -> Vec<TermSummary> {
        let t = self.cx.library.taxonomy(taxonomy);
        let loc = self.locale(lang);
        let members = &self.cx.indexes.lang(lang).members[taxonomy.index()];
        let mut summaries: Vec<TermSummary> = t
            .terms
            .iter()
            .zip(members)
            .enumerate()
            .filter(|(i, _)| self.term_exists(lang, taxonomy, TermId::of(*i)))
            .map(|(_, (term, briefs))| TermSummary::new(&t.def, term, briefs.len(), &loc))
            .collect();
        // A–Z by their names in this language, as the default language's are (accents and
        // case ignored): "Europa" before "Państwa bałtyckie", whatever the English names.
        if lang != LangId::DEFAULT {
            summaries.sort_by_cached_key(|s| {
                (deunicode::deunicode(&s.name).to_lowercase(), s.slug.clone())
            });
        }
        summaries
    }

    /// `term` on a term's page in a language.
    pub(super) fn term_view(
        &self,
        lang: LangId,
        taxonomy: TaxonomyId,
        term: TermId,
    ) -> TermView<'_> {
        let t = self.cx.library.taxonomy(taxonomy);
        let count = self.cx.indexes.members(lang, taxonomy, term).len();
        TermView::new(&t.def, t.term(term), count, &self.locale(lang))
    }
}

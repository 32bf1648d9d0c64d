//! Atom 1.0 feeds: the site's latest briefs, and one per author, topic and series.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{FixedOffset, TimeZone};

use crate::content::{BriefId, Library, PubDate, TaxonomyId};
use crate::lang::LangId;
use crate::routes;

/// One feed to write.
pub(crate) struct FeedSpec<'a> {
    /// "Northbridge Institute: Spotlight".
    pub(crate) title: String,
    /// Where the feed goes, below the site root: `feed.xml`, `authors/x/feed.xml`.
    pub(crate) path: String,
    /// The HTML page the feed mirrors, below the site root.
    pub(crate) page_path: String,
    /// Its briefs, newest first.
    pub(crate) briefs: &'a [BriefId],
    /// Its language.
    pub(crate) lang: LangId,
}

fn moment(date: &PubDate) -> FixedDateTime {
    date.moment.unwrap_or_else(|| {
        let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
        utc.from_utc_datetime(&date.date.and_hms_opt(0, 0, 0).unwrap_or_default())
    })
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime.map(str::to_string));
    link
}

/// The feed's XML. Its `updated` is the newest entry's, so the output stays deterministic.
/// Characters XML forbids never reach it, whatever the text holds.
pub(crate) fn atom(library: &Library, spec: &FeedSpec<'_>) -> String {
    let config = &library.config;
    let entries: Vec<Entry> = spec
        .briefs
        .iter()
        .take(config.feeds.entries)
        .map(|&id| entry(library, id, spec.lang))
        .collect();
    let updated = entries
        .iter()
        .map(|e| *e.updated())
        .max()
        .unwrap_or_else(|| {
            moment(&PubDate {
                date: chrono::NaiveDate::default(),
                moment: None,
            })
        });
    let mut feed = Feed::default();
    feed.set_title(Text::plain(spec.title.clone()));
    feed.set_id(config.base.permalink(&spec.path));
    feed.set_updated(updated);
    feed.set_lang(Some(config.lang(spec.lang).code.clone()));
    feed.set_links(vec![
        link(
            config.base.permalink(&spec.path),
            "self",
            Some("application/atom+xml"),
        ),
        link(
            config.base.permalink(&spec.page_path),
            "alternate",
            Some("text/html"),
        ),
    ]);
    let mut author = Person::default();
    author.set_name(config.publisher.name.clone());
    author.set_uri(Some(
        config
            .publisher
            .url
            .clone()
            .unwrap_or_else(|| config.base.permalink(routes::HOME)),
    ));
    feed.set_authors(vec![author]);
    let description = &config.lang(spec.lang).description;
    if !description.is_empty() {
        feed.set_subtitle(Some(Text::plain(description.clone())));
    }
    let mut generator = Generator::default();
    generator.set_value("Dossier");
    generator.set_version(Some(env!("CARGO_PKG_VERSION").to_string()));
    feed.set_generator(Some(generator));
    feed.set_entries(entries);
    let mut xml = feed.to_string();
    xml.push('\n');
    crate::text::xml_safe(xml)
}

fn entry(library: &Library, id: BriefId, lang: LangId) -> Entry {
    let language = library.config.lang(lang);
    let brief = library.brief(id);
    let config = &library.config;
    let permalink = config.base.permalink(&routes::brief(brief));
    let mut entry = Entry::default();
    entry.set_title(Text::plain(brief.title.clone()));
    entry.set_id(permalink.clone());
    entry.set_links(vec![link(permalink, "alternate", Some("text/html"))]);
    entry.set_published(Some(moment(&brief.date)));
    entry.set_updated(moment(brief.updated.as_ref().unwrap_or(&brief.date)));
    entry.set_authors(
        library
            .terms_of(id, TaxonomyId::AUTHORS)
            .map(|term| {
                let def = config.taxonomy(TaxonomyId::AUTHORS);
                let mut person = Person::default();
                person.set_name(term.name_in(lang).to_string());
                let page = routes::term(language, &def.name, &term.slug);
                person.set_uri(Some(config.base.permalink(&page)));
                person
            })
            .collect::<Vec<_>>(),
    );
    entry.set_summary(Some(Text::plain(brief.summary.clone())));
    entry.set_categories(
        library
            .terms_of(id, TaxonomyId::TOPICS)
            .map(|term| {
                let mut category = Category::default();
                category.set_term(term.slug.clone());
                category.set_label(Some(term.name_in(lang).to_string()));
                let def = config.taxonomy(TaxonomyId::TOPICS);
                category.set_scheme(Some(
                    config
                        .base
                        .permalink(&routes::taxonomy(language, &def.name)),
                ));
                category
            })
            .collect::<Vec<_>>(),
    );
    entry.set_rights(Some(Text::plain(
        config.publisher.copyright_for(brief.year()),
    )));
    entry
}

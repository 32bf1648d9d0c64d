//! schema.org JSON-LD: a `Report` for each brief, a `Person` for each author, serialized so that
//! it is safe inside `<script type="application/ld+json">`.

use serde_json::{Map, Value, json};

use super::Record;
use crate::content::{BriefId, Library, TaxonomyId, Term};
use crate::lang::LangId;
use crate::routes;

/// JSON that cannot end its `<script>` element: `<`, `>` and `&` become `\u` escapes, which
/// JSON parsers read back as the same characters.
pub(crate) fn script_safe(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn person(library: &Library, author: &Term, lang: LangId) -> Value {
    let language = library.config.lang(lang);
    let def = library.config.taxonomy(TaxonomyId::AUTHORS);
    let mut person = json!({
        "@type": "Person",
        "name": author.name,
        "url": library.config.base.permalink(&routes::term(language, &def.name, &author.slug)),
    });
    let map = person.as_object_mut().expect("object literal");
    let mut same_as: Vec<String> = Vec::new();
    if let Some(orcid) = &author.details.orcid {
        same_as.push(routes::orcid_url(orcid));
    }
    same_as.extend(author.details.links.iter().cloned());
    if !same_as.is_empty() {
        map.insert("sameAs".into(), json!(same_as));
    }
    if let Some(role) = author.role_in(lang) {
        map.insert("jobTitle".into(), json!(role));
    }
    person
}

fn organization(library: &Library) -> Value {
    let publisher = &library.config.publisher;
    let mut org = json!({
        "@type": "Organization",
        "name": publisher.name,
        "url": publisher.url.clone().unwrap_or_else(|| library.config.base.permalink(routes::HOME)),
    });
    if let Some(logo) = &publisher.logo {
        let logo = library.config.base.absolute_link(logo);
        org.as_object_mut()
            .expect("object literal")
            .insert("logo".into(), json!(logo));
    }
    org
}

/// The `Report` describing a brief, from its citation record (names, type, number, series,
/// DOI, PDF) and its page (dates, word count, topics).
pub(crate) fn report(library: &Library, id: BriefId) -> String {
    let brief = library.brief(id);
    let record = Record::of(library, id);
    let mut report = Map::new();
    report.insert("@context".into(), json!("https://schema.org"));
    report.insert("@type".into(), json!("Report"));
    report.insert("headline".into(), json!(record.title));
    report.insert("name".into(), json!(record.title));
    report.insert("url".into(), json!(record.url));
    report.insert("description".into(), json!(record.summary));
    report.insert("genre".into(), json!(record.kind));
    report.insert("author".into(), authors(library, id, &record));
    report.insert(
        "datePublished".into(),
        json!(crate::lang::iso_date(brief.date.date)),
    );
    let modified = brief.updated.as_ref().unwrap_or(&brief.date);
    report.insert(
        "dateModified".into(),
        json!(crate::lang::iso_date(modified.date)),
    );
    report.insert("publisher".into(), organization(library));
    report.insert(
        "inLanguage".into(),
        json!(library.config.lang(brief.lang).code),
    );
    insert_versions(&mut report, library, id);
    report.insert("wordCount".into(), json!(brief.content.word_count));
    if let Some(number) = &record.number {
        report.insert("reportNumber".into(), json!(number));
    }
    if let Some(series) = &record.series {
        report.insert("isPartOf".into(), series_of(series));
    }
    let topics = topics(library, id);
    if !topics.is_empty() {
        report.insert("about".into(), Value::Array(topics));
    }
    insert_files(&mut report, &record);
    report.insert("copyrightHolder".into(), organization(library));
    report.insert("copyrightYear".into(), json!(record.year));
    script_safe(&Value::Object(report))
}

/// A brief's authors as `Person`s, with the parts of their names as the citation gives them.
fn authors(library: &Library, id: BriefId, record: &Record) -> Value {
    let lang = library.brief(id).lang;
    let authors = library
        .terms_of(id, TaxonomyId::AUTHORS)
        .zip(&record.authors);
    Value::Array(
        authors
            .map(|(term, cited)| {
                let mut person = person(library, term, lang);
                let map = person.as_object_mut().expect("object literal");
                if !cited.name.given.is_empty() {
                    map.insert("givenName".into(), json!(cited.name.given));
                }
                map.insert("familyName".into(), json!(cited.name.family));
                if !cited.name.suffix.is_empty() {
                    map.insert("honorificSuffix".into(), json!(cited.name.suffix));
                }
                person
            })
            .collect(),
    )
}

/// A brief and its translations are one work in several languages: the original lists its
/// translations, a translation names its original.
fn insert_versions(report: &mut Map<String, Value>, library: &Library, id: BriefId) {
    let config = &library.config;
    let brief = library.brief(id);
    let version = |v: usize| {
        let other = &library.briefs[v];
        json!({
            "@type": "Report",
            "url": config.base.permalink(&routes::brief(other)),
            "inLanguage": config.lang(other.lang).code,
        })
    };
    let versions = &library.versions[id.index()];
    if brief.lang == LangId::DEFAULT {
        if !versions.is_empty() {
            let translations: Vec<Value> = versions.iter().map(|&v| version(v)).collect();
            report.insert("workTranslation".into(), Value::Array(translations));
        }
    } else if let Some(&original) = versions
        .iter()
        .find(|&&v| library.briefs[v].lang == LangId::DEFAULT)
    {
        report.insert("translationOfWork".into(), version(original));
    }
}

/// The series a brief is part of, with its ISSN.
fn series_of(series: &super::citation::Series) -> Value {
    let mut part_of = json!({
        "@type": "CreativeWorkSeries",
        "name": series.name,
        "url": series.url,
    });
    if let Some(issn) = &series.issn {
        part_of
            .as_object_mut()
            .expect("object literal")
            .insert("issn".into(), json!(issn));
    }
    part_of
}

/// A brief's topics as `Thing`s, each with its page in the brief's language.
fn topics(library: &Library, id: BriefId) -> Vec<Value> {
    let config = &library.config;
    let brief = library.brief(id);
    let language = config.lang(brief.lang);
    let topic_def = config.taxonomy(TaxonomyId::TOPICS);
    library
        .terms_of(id, TaxonomyId::TOPICS)
        .map(|topic| {
            let url = config
                .base
                .permalink(&routes::term(language, &topic_def.name, &topic.slug));
            json!({"@type": "Thing", "name": topic.name_in(brief.lang), "url": url})
        })
        .collect()
}

/// The brief's DOI and its PDF, when it has them.
fn insert_files(report: &mut Map<String, Value>, record: &Record) {
    if let Some(doi) = &record.doi {
        report.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi}),
        );
        report.insert("sameAs".into(), json!(routes::doi_url(doi)));
    }
    if let Some(pdf) = &record.pdf_url {
        report.insert(
            "encoding".into(),
            json!({"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": pdf}),
        );
    }
}

/// The home page's graph in a language: the publisher as an `Organization` and the site as a
/// `WebSite` it publishes, in that language, with a `SearchAction` when the site has a search
/// page (which reads its query from `?q=`).
pub(crate) fn home(library: &Library, lang: LangId) -> String {
    let config = &library.config;
    let language = config.lang(lang);
    let home = config.base.permalink(&routes::home(language));
    let root = config.base.permalink(routes::HOME);
    let org_id = format!("{root}#organization");
    let mut org = organization(library);
    let org_map = org.as_object_mut().expect("object literal");
    org_map.insert("@id".into(), json!(org_id));
    if let Some(ror) = &config.publisher.ror {
        org_map.insert("sameAs".into(), json!([ror]));
    }
    let mut site = json!({
        "@type": "WebSite",
        "@id": format!("{home}#website"),
        "name": language.title,
        "url": home,
        "inLanguage": language.code,
        "publisher": {"@id": org_id},
    });
    let site_map = site.as_object_mut().expect("object literal");
    if !language.description.is_empty() {
        site_map.insert("description".into(), json!(language.description));
    }
    if config.search.active() {
        let search = config.base.permalink(&routes::search(language));
        site_map.insert(
            "potentialAction".into(),
            json!({
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": format!("{search}?q={{search_term_string}}")},
                "query-input": "required name=search_term_string",
            }),
        );
    }
    script_safe(&json!({"@context": "https://schema.org", "@graph": [org, site]}))
}

/// The `Person` describing an author, on the author's page in a language.
pub(crate) fn author(library: &Library, author: &Term, lang: LangId) -> String {
    let mut value = person(library, author, lang);
    let map = value.as_object_mut().expect("object literal");
    map.insert("@context".into(), json!("https://schema.org"));
    map.insert("worksFor".into(), organization(library));
    if !author.description_in(lang).is_empty() {
        map.insert("description".into(), json!(author.description_in(lang)));
    }
    script_safe(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        let text = script_safe(&json!({"title": "a </script><script>alert(1)</script> & b"}));
        assert!(!text.contains("</script"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], "a </script><script>alert(1)</script> & b");
    }
}

//! schema.org JSON-LD: a `Report` for each brief, a `Person` for each author, serialized so that
//! it is safe inside `<script type="application/ld+json">`.

use serde_json::{Map, Value, json};

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
        "url": library.config.base.permalink(&routes::term(language, def, &author.slug)),
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
    if let Some(role) = &author.details.role {
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

/// The `Report` describing a brief.
pub(crate) fn report(library: &Library, id: BriefId) -> String {
    let brief = library.brief(id);
    let config = &library.config;
    let language = config.lang(brief.lang);
    let mut report = Map::new();
    report.insert("@context".into(), json!("https://schema.org"));
    report.insert("@type".into(), json!("Report"));
    report.insert("headline".into(), json!(brief.title));
    report.insert("name".into(), json!(brief.title));
    report.insert(
        "url".into(),
        json!(config.base.permalink(&routes::brief(brief))),
    );
    report.insert("description".into(), json!(brief.summary));
    report.insert(
        "author".into(),
        Value::Array(
            library
                .terms_of(id, TaxonomyId::AUTHORS)
                .map(|a| person(library, a, brief.lang))
                .collect(),
        ),
    );
    report.insert(
        "datePublished".into(),
        json!(brief.date.date.format("%Y-%m-%d").to_string()),
    );
    let modified = brief.updated.as_ref().unwrap_or(&brief.date);
    report.insert(
        "dateModified".into(),
        json!(modified.date.format("%Y-%m-%d").to_string()),
    );
    report.insert("publisher".into(), organization(library));
    report.insert("inLanguage".into(), json!(language.code));
    // A brief and its translations are one work in several languages.
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
    report.insert("wordCount".into(), json!(brief.content.word_count));
    if let Some(number) = brief.number {
        report.insert(
            "reportNumber".into(),
            json!(format!("{number}/{}", brief.year())),
        );
    }
    if let Some(series) = library.terms_of(id, TaxonomyId::SERIES).next() {
        let def = config.taxonomy(TaxonomyId::SERIES);
        let mut part_of = json!({
            "@type": "CreativeWorkSeries",
            "name": series.name,
            "url": config.base.permalink(&routes::term(language, def, &series.slug)),
        });
        if let Some(issn) = &series.details.issn {
            part_of
                .as_object_mut()
                .expect("object literal")
                .insert("issn".into(), json!(issn));
        }
        report.insert("isPartOf".into(), part_of);
    }
    let topic_def = config.taxonomy(TaxonomyId::TOPICS);
    let topics: Vec<Value> = library
        .terms_of(id, TaxonomyId::TOPICS)
        .map(|topic| {
            let url = config
                .base
                .permalink(&routes::term(language, topic_def, &topic.slug));
            json!({"@type": "Thing", "name": topic.name_in(brief.lang), "url": url})
        })
        .collect();
    if !topics.is_empty() {
        report.insert("about".into(), Value::Array(topics));
    }
    if let Some(doi) = &brief.doi {
        report.insert(
            "identifier".into(),
            json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi}),
        );
        report.insert("sameAs".into(), json!(routes::doi_url(doi)));
    }
    if let Some(pdf) = &brief.pdf {
        report.insert(
            "encoding".into(),
            json!({"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": config.base.permalink(&routes::brief_file(brief, pdf))}),
        );
    }
    report.insert("copyrightHolder".into(), organization(library));
    report.insert("copyrightYear".into(), json!(brief.year()));
    script_safe(&Value::Object(report))
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

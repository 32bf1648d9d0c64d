//! Crossref deposits: a `doi_batch` (schema 5.5.0) of `report-paper` records, one per published
//! brief with a DOI, written from the same citation records as the page and its files. It
//! names the depositor's email, so it is never part of the public site.

use chrono::{DateTime, FixedOffset};

use super::citation::{Author, Record};
use crate::config::CrossrefSettings;
use crate::content::Library;

/// The namespace and version of the schema the deposit follows.
const SCHEMA: &str = "http://www.crossref.org/schema/5.5.0";
const SCHEMA_LOCATION: &str = "https://www.crossref.org/schemas/crossref5.5.0.xsd";
const JATS: &str = "http://www.ncbi.nlm.nih.gov/JATS1";

/// Text as XML character data or attribute value.
fn esc(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// An ORCID iD as Crossref wants it, `https://orcid.org/0000-0002-1825-0097`, if `text` is one
/// (with or without the resolver prefix, with a right check digit).
pub(crate) fn orcid_url(text: &str) -> Option<String> {
    crate::ids::normalize_orcid(text).map(|id| crate::routes::orcid_url(&id))
}

/// The language attribute Crossref accepts: a two-letter ISO 639-1 code.
fn language(tag: &str) -> Option<String> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// The batch: `timestamp` identifies it (Crossref keeps the deposit with the highest one).
pub(crate) fn deposit(
    library: &Library,
    settings: &CrossrefSettings,
    records: &[Record],
    now: DateTime<FixedOffset>,
) -> String {
    let timestamp = now.format("%Y%m%d%H%M%S").to_string();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<doi_batch xmlns=\"{SCHEMA}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:jats=\"{JATS}\" xsi:schemaLocation=\"{SCHEMA} {SCHEMA_LOCATION}\" version=\"5.5.0\">\n"
    ));
    out.push_str("  <head>\n");
    out.push_str(&format!(
        "    <doi_batch_id>dossier-{timestamp}</doi_batch_id>\n    <timestamp>{timestamp}</timestamp>\n"
    ));
    out.push_str(&format!(
        "    <depositor>\n      <depositor_name>{}</depositor_name>\n      <email_address>{}</email_address>\n    </depositor>\n",
        esc(&settings.depositor_name),
        esc(&settings.email)
    ));
    out.push_str(&format!(
        "    <registrant>{}</registrant>\n  </head>\n  <body>\n",
        esc(&settings.registrant)
    ));
    for record in records {
        report_paper(&mut out, library, record);
    }
    out.push_str("  </body>\n</doi_batch>\n");
    crate::text::xml_safe(out)
}

/// One `report-paper`: in a series with an ISSN, `report-paper_series_metadata` (Crossref wants
/// an ISSN for a series), under the series' name in the default language whatever the brief's
/// (an ISSN is registered under one title); otherwise `report-paper_metadata`.
fn report_paper(out: &mut String, library: &Library, record: &Record) {
    let Some(doi) = &record.doi else {
        return;
    };
    let lang = language(&record.language)
        .map(|l| format!(" language=\"{l}\""))
        .unwrap_or_default();
    let series = record
        .series
        .as_ref()
        .and_then(|s| Some((s, s.issn.as_ref()?)));
    let element = if series.is_some() {
        "report-paper_series_metadata"
    } else {
        "report-paper_metadata"
    };
    out.push_str(&format!("    <report-paper>\n      <{element}{lang}>\n"));
    if let Some((series, issn)) = series {
        out.push_str(&format!(
            "        <series_metadata>\n          <titles>\n            <title>{}</title>\n          </titles>\n          <issn>{}</issn>\n        </series_metadata>\n",
            esc(&series.registered_name),
            esc(issn)
        ));
    }
    if !record.authors.is_empty() {
        out.push_str("        <contributors>\n");
        for (i, author) in record.authors.iter().enumerate() {
            contributor(out, library, author, i == 0);
        }
        out.push_str("        </contributors>\n");
    }
    out.push_str(&format!(
        "        <titles>\n          <title>{}</title>\n        </titles>\n",
        esc(&record.title)
    ));
    if !record.summary.is_empty() {
        out.push_str(&format!(
            "        <jats:abstract>\n          <jats:p>{}</jats:p>\n        </jats:abstract>\n",
            esc(&record.summary)
        ));
    }
    out.push_str(&format!(
        "        <publication_date media_type=\"online\">\n          <month>{:02}</month>\n          <day>{:02}</day>\n          <year>{}</year>\n        </publication_date>\n",
        record.month, record.day, record.year
    ));
    out.push_str(&format!(
        "        <publisher>\n          <publisher_name>{}</publisher_name>\n        </publisher>\n",
        esc(&record.institution)
    ));
    out.push_str(&format!(
        "        <institution>\n{}        </institution>\n",
        institution_body(library, "          ")
    ));
    if let Some(number) = &record.number {
        out.push_str(&format!(
            "        <publisher_item>\n          <item_number item_number_type=\"report-number\">{}</item_number>\n        </publisher_item>\n",
            esc(number)
        ));
    }
    out.push_str(&format!(
        "        <doi_data>\n          <doi>{}</doi>\n          <resource>{}</resource>\n        </doi_data>\n",
        esc(doi),
        esc(&record.url)
    ));
    out.push_str(&format!("      </{element}>\n    </report-paper>\n"));
}

/// The publisher as an institution: its name, and its ROR ID when `[publisher] ror` gives one.
fn institution_body(library: &Library, indent: &str) -> String {
    let publisher = &library.config.publisher;
    let mut body = format!(
        "{indent}<institution_name>{}</institution_name>\n",
        esc(&publisher.name)
    );
    if let Some(ror) = &publisher.ror {
        body.push_str(&format!(
            "{indent}<institution_id type=\"ror\">{}</institution_id>\n",
            esc(ror)
        ));
    }
    body
}

fn contributor(out: &mut String, library: &Library, author: &Author, first: bool) {
    let sequence = if first { "first" } else { "additional" };
    out.push_str(&format!(
        "          <person_name sequence=\"{sequence}\" contributor_role=\"author\">\n"
    ));
    let name = &author.name;
    if !name.given.is_empty() {
        out.push_str(&format!(
            "            <given_name>{}</given_name>\n",
            esc(&name.given)
        ));
    }
    out.push_str(&format!(
        "            <surname>{}</surname>\n",
        esc(&name.family)
    ));
    if !name.suffix.is_empty() {
        out.push_str(&format!(
            "            <suffix>{}</suffix>\n",
            esc(&name.suffix)
        ));
    }
    out.push_str(&format!(
        "            <affiliations>\n              <institution>\n{}              </institution>\n            </affiliations>\n",
        institution_body(library, "                ")
    ));
    if let Some(orcid) = author.orcid.as_deref().and_then(orcid_url) {
        out.push_str(&format!("            <ORCID>{}</ORCID>\n", esc(&orcid)));
    }
    out.push_str("          </person_name>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcids_and_languages_are_checked() {
        assert_eq!(
            orcid_url("0000-0002-1695-236X").as_deref(),
            Some("https://orcid.org/0000-0002-1695-236X")
        );
        assert_eq!(
            orcid_url("https://orcid.org/0000-0002-1825-0097").as_deref(),
            Some("https://orcid.org/0000-0002-1825-0097")
        );
        assert_eq!(orcid_url("0000-0002-1825"), None);
        assert_eq!(orcid_url("000X-0002-1825-0097"), None);
        assert_eq!(
            orcid_url("0000-0002-1825-0098"),
            None,
            "a wrong check digit"
        );
        assert_eq!(language("en-GB").as_deref(), Some("en"));
        assert_eq!(language("fil"), None);
    }
}

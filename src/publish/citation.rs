//! Citing a brief: one bibliographic record, written as a ready citation, BibTeX, RIS and CSL-JSON.

use serde_json::json;

use crate::content::{BriefId, Library, TaxonomyId};
use crate::routes;

/// Lowercase name particles that belong to the family name ("van", "de la").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten",
    "bin", "al", "dos", "das",
];

/// A person's name split the way bibliographies need it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PersonName {
    /// Given names: "Łukasz", "Mary Ann".
    pub(crate) given: String,
    /// Family name, with its particles: "Żółkiewski", "van der Berg".
    pub(crate) family: String,
}

impl PersonName {
    /// Splits a display name: "Family, Given" as written, otherwise the last word (with any
    /// lowercase particles before it) is the family name.
    pub(crate) fn parse(full: &str) -> PersonName {
        if let Some((family, given)) = full.split_once(',') {
            return PersonName {
                given: given.trim().to_string(),
                family: family.trim().to_string(),
            };
        }
        let words: Vec<&str> = full.split_whitespace().collect();
        let Some((last, rest)) = words.split_last() else {
            return PersonName {
                given: String::new(),
                family: String::new(),
            };
        };
        let particle_start = rest
            .iter()
            .position(|w| PARTICLES.contains(w))
            .filter(|&i| i > 0)
            .unwrap_or(rest.len());
        let mut family: Vec<&str> = rest[particle_start..].to_vec();
        family.push(last);
        PersonName {
            given: rest[..particle_start].join(" "),
            family: family.join(" "),
        }
    }

    /// "Żółkiewski, Ł." or "Lee, M. A." or "Dubois, J.-P.".
    fn with_initials(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split_whitespace()
            .map(|word| {
                word.split('-')
                    .filter_map(|part| part.chars().next())
                    .map(|c| format!("{c}."))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect();
        if initials.is_empty() {
            self.family.clone()
        } else {
            format!("{}, {}", self.family, initials.join(" "))
        }
    }

    /// "Family, Given", as BibTeX and RIS want it.
    fn inverted(&self) -> String {
        if self.given.is_empty() {
            self.family.clone()
        } else {
            format!("{}, {}", self.family, self.given)
        }
    }
}

/// Everything a citation of one brief says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// Citation key: first author's family name, year, first title word: `zolkiewski2025talks`.
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) authors: Vec<PersonName>,
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) series: Option<String>,
    /// "11/2025".
    pub(crate) number: Option<String>,
    pub(crate) institution: String,
    pub(crate) url: String,
    pub(crate) doi: Option<String>,
    pub(crate) pdf_url: Option<String>,
    pub(crate) language: String,
    pub(crate) summary: String,
    pub(crate) issn: Option<String>,
    pub(crate) topics: Vec<String>,
}

impl Record {
    /// The record of a brief.
    pub(crate) fn of(library: &Library, id: BriefId) -> Record {
        use chrono::Datelike;
        let brief = library.brief(id);
        let config = &library.config;
        let authors: Vec<PersonName> = library
            .terms_of(id, TaxonomyId::AUTHORS)
            .map(|a| PersonName::parse(&a.name))
            .collect();
        let series = library.terms_of(id, TaxonomyId::SERIES).next();
        let first_family = authors
            .first()
            .map(|a| crate::slug::slugify(&a.family))
            .unwrap_or_default();
        let first_word = crate::slug::slugify(&brief.title)
            .split('-')
            .find(|w| w.len() > 3)
            .unwrap_or("brief")
            .to_string();
        Record {
            key: format!(
                "{}{}{}",
                first_family.replace('-', ""),
                brief.year(),
                first_word
            ),
            title: brief.title.clone(),
            authors,
            year: brief.year(),
            month: brief.date.date.month(),
            day: brief.date.date.day(),
            series: series.map(|s| s.name.clone()),
            number: brief.number.map(|n| format!("{n}/{}", brief.year())),
            institution: config.publisher.name.clone(),
            url: config.base.permalink(&routes::brief(brief)),
            doi: brief.doi.clone(),
            pdf_url: brief
                .pdf
                .as_ref()
                .map(|pdf| config.base.permalink(&routes::brief_file(brief, pdf))),
            language: config.lang(brief.lang).code.clone(),
            summary: brief.summary.clone(),
            issn: series
                .and_then(|s| s.details.issn.clone())
                .or_else(|| config.publisher.issn.clone()),
            topics: library
                .terms_of(id, TaxonomyId::TOPICS)
                .map(|t| t.name.clone())
                .collect(),
        }
    }

    /// "Żółkiewski, Ł., & Lee, A. (2025). Title. Spotlight No. 11/2025. Publisher. URL"
    pub(crate) fn text(&self) -> String {
        let names: Vec<String> = self.authors.iter().map(PersonName::with_initials).collect();
        let authors = match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{}, & {last}", rest.join(", ")),
        };
        let mut parts = vec![
            format!("{authors} ({}).", self.year),
            end_sentence(&self.title),
        ];
        match (&self.series, &self.number) {
            (Some(series), Some(number)) => parts.push(format!("{series} No. {number}.")),
            (Some(series), None) => parts.push(format!("{series}.")),
            _ => {}
        }
        parts.push(end_sentence(&self.institution));
        parts.push(match &self.doi {
            Some(doi) => routes::doi_url(doi),
            None => self.url.clone(),
        });
        parts.join(" ")
    }

    /// A BibTeX `@techreport` entry.
    pub(crate) fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = vec![
            (
                "author",
                self.authors
                    .iter()
                    .map(|a| bibtex_escape(&a.inverted()))
                    .collect::<Vec<_>>()
                    .join(" and "),
            ),
            ("title", format!("{{{}}}", bibtex_escape(&self.title))),
            ("institution", bibtex_escape(&self.institution)),
        ];
        if let Some(series) = &self.series {
            fields.push(("type", bibtex_escape(series)));
            fields.push(("series", bibtex_escape(series)));
        }
        if let Some(number) = &self.number {
            fields.push(("number", bibtex_escape(number)));
        }
        fields.push(("year", self.year.to_string()));
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let month = MONTHS
            .get(self.month as usize - 1)
            .copied()
            .unwrap_or("jan");
        fields.push(("month", month.to_string()));
        fields.push((
            "date",
            format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        ));
        if let Some(doi) = &self.doi {
            fields.push(("doi", bibtex_escape(doi)));
        }
        fields.push(("url", self.url.clone()));
        if let Some(issn) = &self.issn {
            fields.push(("issn", bibtex_escape(issn)));
        }
        fields.push(("language", bibtex_escape(&self.language)));
        fields.push(("langid", bibtex_escape(&self.language)));
        if !self.summary.is_empty() {
            fields.push(("abstract", bibtex_escape(&self.summary)));
        }
        if !self.topics.is_empty() {
            fields.push(("keywords", bibtex_escape(&self.topics.join(", "))));
        }
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| match k {
                // Month macros (`feb`) are understood by every BibTeX style and importer.
                "month" => format!("  {k} = {v}"),
                _ => format!("  {k} = {{{v}}}"),
            })
            .collect();
        format!("@techreport{{{},\n{}\n}}\n", self.key, body.join(",\n"))
    }

    /// An RIS record (`TY  - RPRT`), with the tags Zotero reads for reports.
    pub(crate) fn ris(&self) -> String {
        let mut lines: Vec<(&str, String)> =
            vec![("TY", "RPRT".into()), ("TI", self.title.clone())];
        lines.extend(self.authors.iter().map(|a| ("AU", a.inverted())));
        if let Some(series) = &self.series {
            lines.push(("T2", series.clone()));
            lines.push(("M3", series.clone()));
        }
        if let Some(number) = &self.number {
            lines.push(("SN", number.clone()));
        }
        lines.push(("PB", self.institution.clone()));
        lines.push(("PY", self.year.to_string()));
        lines.push((
            "DA",
            format!("{:04}/{:02}/{:02}/", self.year, self.month, self.day),
        ));
        lines.push(("UR", self.url.clone()));
        if let Some(doi) = &self.doi {
            lines.push(("DO", doi.clone()));
        }
        if let Some(pdf) = &self.pdf_url {
            lines.push(("L1", pdf.clone()));
        }
        lines.push(("LA", self.language.clone()));
        if !self.summary.is_empty() {
            lines.push(("AB", self.summary.clone()));
        }
        lines.extend(self.topics.iter().map(|t| ("KW", t.clone())));
        let mut out = String::new();
        for (tag, value) in lines {
            // RIS values are single lines.
            out.push_str(&format!(
                "{tag}  - {}\r\n",
                value.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
        out.push_str("ER  - \r\n");
        out
    }

    /// CSL-JSON: an array with one `report` item.
    pub(crate) fn csl_json(&self) -> String {
        let mut item = json!({
            "id": self.key,
            "type": "report",
            "title": self.title,
            "author": self.authors.iter().map(|a| json!({"family": a.family, "given": a.given})).collect::<Vec<_>>(),
            "issued": {"date-parts": [[self.year, self.month, self.day]]},
            "publisher": self.institution,
            "URL": self.url,
            "language": self.language,
        });
        let map = item.as_object_mut().expect("a JSON object literal");
        if let Some(series) = &self.series {
            map.insert("collection-title".into(), json!(series));
            map.insert("genre".into(), json!(series));
        }
        if let Some(number) = &self.number {
            map.insert("number".into(), json!(number));
        }
        if let Some(doi) = &self.doi {
            map.insert("DOI".into(), json!(doi));
        }
        if let Some(issn) = &self.issn {
            map.insert("ISSN".into(), json!(issn));
        }
        if !self.summary.is_empty() {
            map.insert("abstract".into(), json!(self.summary));
        }
        serde_json::to_string_pretty(&json!([item])).unwrap_or_default() + "\n"
    }
}

fn end_sentence(text: &str) -> String {
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Escapes the characters BibTeX treats specially; braces are kept balanced by escaping them.
fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(given: &str, family: &str) -> PersonName {
        PersonName {
            given: given.into(),
            family: family.into(),
        }
    }

    #[test]
    fn splits_names_into_given_and_family() {
        assert_eq!(
            PersonName::parse("Łukasz Żółkiewski"),
            name("Łukasz", "Żółkiewski")
        );
        assert_eq!(PersonName::parse("Mary Ann Lee"), name("Mary Ann", "Lee"));
        assert_eq!(
            PersonName::parse("Jan van der Berg"),
            name("Jan", "van der Berg")
        );
        assert_eq!(PersonName::parse("Doe, Jane"), name("Jane", "Doe"));
        assert_eq!(PersonName::parse("Plato"), name("", "Plato"));
    }

    #[test]
    fn initials_handle_hyphens_and_several_names() {
        assert_eq!(name("Jean-Paul", "Dubois").with_initials(), "Dubois, J.-P.");
        assert_eq!(name("Mary Ann", "Lee").with_initials(), "Lee, M. A.");
    }

    fn record() -> Record {
        Record {
            key: "zolkiewski2025talks".into(),
            title: "Talks & Tariffs: 50% More".into(),
            authors: vec![name("Łukasz", "Żółkiewski"), name("Ann", "Lee")],
            year: 2025,
            month: 2,
            day: 13,
            series: Some("Spotlight".into()),
            number: Some("11/2025".into()),
            institution: "Test Institute".into(),
            url: "https://e.org/briefs/2025/talks/".into(),
            doi: Some("10.1234/ti.2025.11".into()),
            pdf_url: None,
            language: "en".into(),
            summary: "Lead.".into(),
            issn: None,
            topics: vec!["Energy".into()],
        }
    }

    #[test]
    fn citation_text_reads_like_a_reference_list() {
        assert_eq!(
            record().text(),
            "Żółkiewski, Ł., & Lee, A. (2025). Talks & Tariffs: 50% More. Spotlight No. 11/2025. Test Institute. https://doi.org/10.1234/ti.2025.11"
        );
    }

    #[test]
    fn bibtex_escapes_specials() {
        let bib = record().bibtex();
        assert!(
            bib.starts_with("@techreport{zolkiewski2025talks,\n"),
            "{bib}"
        );
        assert!(
            bib.contains("title = {{Talks \\& Tariffs: 50\\% More}}"),
            "{bib}"
        );
        assert!(
            bib.contains("author = {Żółkiewski, Łukasz and Lee, Ann}"),
            "{bib}"
        );
        assert!(bib.contains("number = {11/2025}"));
        assert!(bib.contains("  month = feb,\n"), "{bib}");
    }

    #[test]
    fn ris_has_one_tag_per_line_and_ends_with_er() {
        let ris = record().ris();
        assert!(ris.starts_with("TY  - RPRT\r\n"));
        assert!(ris.contains("AU  - Żółkiewski, Łukasz\r\nAU  - Lee, Ann\r\n"));
        assert!(ris.contains("SN  - 11/2025\r\n"));
        assert!(ris.ends_with("ER  - \r\n"));
    }

    #[test]
    fn csl_json_is_a_report_item() {
        let value: serde_json::Value = serde_json::from_str(&record().csl_json()).unwrap();
        assert_eq!(value[0]["type"], "report");
        assert_eq!(value[0]["author"][0]["family"], "Żółkiewski");
        assert_eq!(value[0]["issued"]["date-parts"][0][1], 2);
        assert_eq!(value[0]["DOI"], "10.1234/ti.2025.11");
    }
}

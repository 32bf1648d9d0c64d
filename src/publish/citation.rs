//! Citing a brief: one bibliographic record, written as a ready citation (APA 7), BibTeX, RIS
//! and CSL-JSON, and read by the page's Highwire and Dublin Core tags, its JSON-LD and the
//! Crossref deposit, so that they all say the same. The series appears once: it is the report's
//! type ("Spotlight No. 11/2025"), never also a series title that citation styles would print
//! a second time.

use serde_json::json;

use super::names::PersonName;
use crate::content::{BriefId, Library, TaxonomyId};
use crate::lang::Quotes;
use crate::routes;

/// An author as cited.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Author {
    /// The name split for citations.
    pub(crate) name: PersonName,
    /// The name as displayed: "Łukasz Żółkiewski".
    pub(crate) display: String,
    /// ORCID iD, such as `0000-0002-1825-0097`.
    pub(crate) orcid: Option<String>,
    /// Absolute URL of the author's page.
    pub(crate) url: String,
}

/// The series a brief belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    /// Its name in the brief's language: "W centrum uwagi".
    pub(crate) name: String,
    /// Its name in the site's default language, the one its ISSN is registered under:
    /// "Spotlight". Crossref refuses an ISSN deposited under a second title.
    pub(crate) registered_name: String,
    pub(crate) issn: Option<String>,
    /// Absolute URL of the series' page.
    pub(crate) url: String,
}

/// Everything a citation of one brief says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// Citation key: first author's family name, year, first title word: `zolkiewski2025talks`.
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) authors: Vec<Author>,
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    /// What the brief is: its series' name ("Spotlight"), or `[publisher] report_type`.
    pub(crate) kind: String,
    pub(crate) series: Option<Series>,
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
        let language = config.lang(brief.lang);
        let author_def = config.taxonomy(TaxonomyId::AUTHORS);
        let authors: Vec<Author> = library
            .terms_of(id, TaxonomyId::AUTHORS)
            .map(|a| Author {
                name: PersonName::of_author(&a.name, &a.details),
                display: a.name.clone(),
                orcid: a.details.orcid.clone(),
                url: config
                    .base
                    .permalink(&routes::term(language, &author_def.name, &a.slug)),
            })
            .collect();
        let series_def = config.taxonomy(TaxonomyId::SERIES);
        let series = library
            .terms_of(id, TaxonomyId::SERIES)
            .next()
            .map(|s| Series {
                name: s.name_in(brief.lang).to_string(),
                registered_name: s.name.clone(),
                issn: s.details.issn.clone(),
                url: config
                    .base
                    .permalink(&routes::term(language, &series_def.name, &s.slug)),
            });
        let first_family = authors
            .first()
            .map(|a| crate::slug::slugify(&a.name.family))
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
            kind: series
                .as_ref()
                .map_or_else(|| config.publisher.report_type.clone(), |s| s.name.clone()),
            issn: series
                .as_ref()
                .and_then(|s| s.issn.clone())
                .or_else(|| config.publisher.issn.clone()),
            series,
            number: brief.number.map(|n| format!("{n}/{}", brief.year())),
            institution: config.publisher.name.clone(),
            url: config.base.permalink(&routes::brief(brief)),
            doi: brief.doi.clone(),
            pdf_url: routes::full_text_pdf(brief, config.generates_pdf())
                .map(|pdf| config.base.permalink(&pdf)),
            language: config.lang(brief.lang).code.clone(),
            summary: brief.summary.clone(),
            topics: library
                .terms_of(id, TaxonomyId::TOPICS)
                .map(|t| t.name_in(brief.lang).to_string())
                .collect(),
        }
    }

    /// The page's ready citation, in APA 7's form for a report, as citation processors write
    /// it from the three files: "Żółkiewski, Ł., & Lee, A. (2025). Title (Spotlight No.
    /// 11/2025). Publisher. https://doi.org/…"; without a number, "Title [Policy Brief]."
    /// `number_label` is the number as the page's language writes it ("No. 11/2025",
    /// "Nr 11/2025", from the theme's `number_label`); `quotes` are the language's quotation
    /// marks, which replace the title's straight ones as CSL processors do.
    pub(crate) fn text(&self, number_label: Option<&str>, quotes: &Quotes) -> String {
        self.parts(number_label, quotes).join(" ")
    }

    /// The ready citation's four sentences: the authors and year, the title with the report's
    /// kind, the institution, the link.
    pub(crate) fn parts(&self, number_label: Option<&str>, quotes: &Quotes) -> [String; 4] {
        let names: Vec<String> = self
            .authors
            .iter()
            .map(|a| a.name.with_initials())
            .collect();
        let authors = match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{}, & {last}", rest.join(", ")),
        };
        let title = quotes.typographic(&self.title);
        let described = match (&self.number, number_label) {
            (Some(_), Some(label)) => format!("{title} ({} {label})", self.kind),
            (Some(number), None) => format!("{title} ({} No. {number})", self.kind),
            (None, _) => format!("{title} [{}]", self.kind),
        };
        [
            format!("{} ({}).", end_sentence(&authors), self.year),
            end_sentence(&described),
            end_sentence(&self.institution),
            self.link(),
        ]
    }

    /// The brief's link: the DOI's resolver link when it has one, else its URL.
    pub(crate) fn link(&self) -> String {
        match &self.doi {
            Some(doi) => routes::doi_url(doi),
            None => self.url.clone(),
        }
    }

    /// A BibTeX `@techreport` entry.
    pub(crate) fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = vec![
            (
                "author",
                self.authors
                    .iter()
                    .map(|a| bibtex_escape(&a.name.bibtex()))
                    .collect::<Vec<_>>()
                    .join(" and "),
            ),
            ("title", format!("{{{}}}", bibtex_escape(&self.title))),
            ("institution", bibtex_escape(&self.institution)),
        ];
        fields.push(("type", bibtex_escape(&self.kind)));
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
        lines.extend(self.authors.iter().map(|a| ("AU", a.name.inverted())));
        // M3 is the report's type (Zotero's "Report Type"); T2, the series title, is left out,
        // as styles would print the series twice.
        lines.push(("M3", self.kind.clone()));
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
        csl_json_list(&[self.csl_item()])
    }

    /// The CSL-JSON `report` item.
    pub(crate) fn csl_item(&self) -> serde_json::Value {
        let mut item = json!({
            "id": self.key,
            "type": "report",
            "title": self.title,
            "author": self.authors.iter().map(|a| a.name.csl()).collect::<Vec<_>>(),
            "issued": {"date-parts": [[self.year, self.month, self.day]]},
            "publisher": self.institution,
            "URL": self.url,
            "language": self.language,
            "genre": self.kind,
        });
        let map = item.as_object_mut().expect("a JSON object literal");
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
        if !self.topics.is_empty() {
            map.insert("keyword".into(), json!(self.topics.join(", ")));
        }
        item
    }
}

/// One CSL-JSON item, pretty-printed, for a catalogue written item by item.
pub(crate) fn csl_json_item(item: &serde_json::Value) -> String {
    serde_json::to_string_pretty(item).unwrap_or_default()
}

/// CSL-JSON items as a file: a pretty-printed array.
pub(crate) fn csl_json_list(items: &[serde_json::Value]) -> String {
    serde_json::to_string_pretty(items).unwrap_or_default() + "\n"
}

/// The records of every published brief, newest first, for the catalogues: drafts left out,
/// and citation keys made unique (a second `lee2025energy` becomes `lee2025energyb`).
/// Hands each record of the catalogues to `f` in turn, so that a catalogue of ten thousand
/// briefs is written without holding ten thousand records at once.
pub(crate) fn for_each_catalogued(library: &Library, mut f: impl FnMut(Record)) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let records = library
        .brief_ids()
        .filter(|&id| !library.brief(id).draft)
        .map(|id| {
            let mut record = Record::of(library, id);
            let count = seen.entry(record.key.clone()).or_default();
            *count += 1;
            if *count > 1 {
                // b, c, … z, then the number.
                let suffix = u8::try_from(*count - 1)
                    .ok()
                    .filter(|n| *n < 26)
                    .map_or_else(|| count.to_string(), |n| char::from(b'a' + n).to_string());
                record.key.push_str(&suffix);
            }
            record
        });
    for record in records {
        f(record);
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

    fn author(full: &str) -> Author {
        Author {
            name: PersonName::parse(full),
            display: full.into(),
            orcid: None,
            url: String::new(),
        }
    }

    fn record() -> Record {
        Record {
            key: "zolkiewski2025talks".into(),
            title: "Talks & Tariffs: 50% More".into(),
            authors: vec![author("Łukasz Żółkiewski"), author("Ann Lee")],
            year: 2025,
            month: 2,
            day: 13,
            kind: "Spotlight".into(),
            series: Some(Series {
                name: "Spotlight".into(),
                registered_name: "Spotlight".into(),
                issn: None,
                url: String::new(),
            }),
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
        let en = Quotes::of("en");
        assert_eq!(
            record().text(None, &en),
            "Żółkiewski, Ł., & Lee, A. (2025). Talks & Tariffs: 50% More (Spotlight No. 11/2025). Test Institute. https://doi.org/10.1234/ti.2025.11"
        );
        let single = Record {
            authors: vec![author("Plato")],
            number: None,
            doi: None,
            kind: "Policy Brief".into(),
            ..record()
        };
        assert_eq!(
            single.text(Some("No. 4/2025"), &en),
            "Plato. (2025). Talks & Tariffs: 50% More [Policy Brief]. Test Institute. https://e.org/briefs/2025/talks/"
        );
        let quoted = Record {
            title: "\"Ending\" the War".into(),
            ..record()
        };
        assert_eq!(
            quoted.text(Some("Nr 11/2025"), &Quotes::of("pl")),
            "Żółkiewski, Ł., & Lee, A. (2025). „Ending” the War (Spotlight Nr 11/2025). Test Institute. https://doi.org/10.1234/ti.2025.11"
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

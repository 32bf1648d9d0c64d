//! The catalogues: every published brief's citation record, newest first, in BibTeX, RIS and
//! CSL-JSON, for a reference manager to import in one go.

use super::citations::Format;
use super::fingerprint::of_parts;
use super::{Context, Emitter, Planned};
use crate::publish::{Record, citation};
use crate::routes;

/// The catalogues: every published brief's record, newest first, in BibTeX, RIS and CSL-JSON.
pub(crate) struct Catalogue<'a> {
    pub(crate) cx: Context<'a>,
}

impl Emitter for Catalogue<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.cx.library;
        // A catalogue shows every published brief: its fingerprint covers all of them.
        let stamps: Vec<u64> = library
            .briefs
            .iter()
            .filter(|b| !b.draft)
            .map(|b| b.stamp)
            .collect();
        // Written record by record: a catalogue of every brief is never all in memory twice.
        let joined = |write: Format| {
            move || -> String {
                let mut out = String::new();
                citation::for_each_catalogued(library, |record| {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&write(&record));
                });
                out
            }
        };
        vec![
            Planned::text(
                routes::CATALOGUE_BIBTEX,
                Some(of_parts(self.cx.global, &stamps, routes::CATALOGUE_BIBTEX)),
                joined(Record::bibtex),
            ),
            Planned::text(
                routes::CATALOGUE_RIS,
                Some(of_parts(self.cx.global, &stamps, routes::CATALOGUE_RIS)),
                joined(Record::ris),
            ),
            Planned::text(
                routes::CATALOGUE_CSL_JSON,
                Some(of_parts(
                    self.cx.global,
                    &stamps,
                    routes::CATALOGUE_CSL_JSON,
                )),
                move || {
                    let mut out = String::from("[");
                    citation::for_each_catalogued(library, |record| {
                        if out.len() > 1 {
                            out.push(',');
                        }
                        out.push('\n');
                        out.push_str(&citation::csl_json_item(&record.csl_item()));
                    });
                    out.push_str("\n]\n");
                    out
                },
            ),
        ]
    }
}

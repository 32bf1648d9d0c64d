//! Each brief's citation files: BibTeX, RIS and CSL-JSON, from the one citation record.

use super::fingerprint::of_parts;
use super::{Context, Emitter, Planned};
use crate::publish::Record;
use crate::routes;

/// Writes a citation record in one format.
pub(super) type Format = fn(&Record) -> String;

/// Each brief's BibTeX, RIS and CSL-JSON files.
pub(crate) struct Citations<'a> {
    pub(crate) cx: Context<'a>,
}

impl Emitter for Citations<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.cx.library;
        let formats: [(&str, Format); 3] = [
            (routes::BIBTEX, Record::bibtex),
            (routes::RIS, Record::ris),
            (routes::CSL_JSON, Record::csl_json),
        ];
        let mut files = Vec::with_capacity(library.briefs.len() * formats.len());
        for id in library.brief_ids() {
            let brief = library.brief(id);
            for (name, write) in formats {
                let print = of_parts(self.cx.global, &[brief.stamp], name);
                files.push(Planned::text(
                    routes::brief_file(brief, name),
                    Some(print),
                    move || write(&Record::of(library, id)),
                ));
            }
        }
        files
    }
}

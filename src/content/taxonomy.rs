//! Taxonomies in the model: each declared taxonomy (see [`crate::config::TaxonomyDef`]) with
//! its terms and the terms each brief names; and the model's ids.

use serde::{Deserialize, Serialize};

use super::profile::Term;
pub(crate) use crate::config::{TaxonomyDef, TaxonomyId};

/// A brief's position in `Library::briefs` (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct BriefId(pub(crate) u32);

/// A term's position in its taxonomy's `terms` (A–Z).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct TermId(pub(crate) u32);

impl BriefId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
    pub(crate) fn of(index: usize) -> BriefId {
        BriefId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

impl TermId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
    pub(crate) fn of(index: usize) -> TermId {
        TermId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

/// A taxonomy with its terms and, for each brief, the terms it names.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    /// What it is.
    pub(crate) def: TaxonomyDef,
    /// Its terms, A–Z.
    pub(crate) terms: Vec<Term>,
    /// For each brief (same order as `Library::briefs`), its terms in the order given.
    pub(crate) of_brief: Vec<Vec<TermId>>,
}

impl Taxonomy {
    /// A term by id.
    pub(crate) fn term(&self, id: TermId) -> &Term {
        &self.terms[id.index()]
    }

    /// The terms a brief names, in the order given.
    pub(crate) fn terms_of(&self, brief: BriefId) -> impl Iterator<Item = &Term> {
        self.of_brief[brief.index()].iter().map(|&id| self.term(id))
    }
}

//! A page's template context and its fingerprint from one description: every value a page
//! reads goes through [`Capture`], which either puts it in the Tera context (to render) or
//! hashes it (to tell whether the page changed). No hand-kept mirror of the context can drift.

use std::hash::Hasher;

use serde::Serialize;
use tera::{Context, Value};
use xxhash_rust::xxh3::Xxh3;

use crate::content::BriefId;
use crate::emit::fingerprint::{hash_value, new_hasher};

/// What a capture is for.
enum Mode {
    /// Only the fingerprint is wanted: expensive values are not built.
    Fingerprint(Box<Xxh3>),
    /// The context to render with.
    Render(Box<Context>),
}

/// Collects a page's context, or its fingerprint, from the same calls.
pub(crate) struct Capture<'s> {
    mode: Mode,
    /// Each brief's summary as a template value.
    summaries: &'s [Value],
    /// Each brief's fingerprint (its file), which is all its summary depends on beyond what
    /// every page shows.
    stamps: &'s [u64],
}

impl<'s> Capture<'s> {
    /// A capture that builds the context.
    pub(crate) fn render(summaries: &'s [Value], stamps: &'s [u64]) -> Capture<'s> {
        Capture {
            mode: Mode::Render(Box::default()),
            summaries,
            stamps,
        }
    }

    /// A capture that only fingerprints, starting from what every page shows.
    pub(crate) fn fingerprint(global: u64, stamps: &'s [u64]) -> Capture<'s> {
        let mut hasher = new_hasher();
        hasher.write_u64(global);
        Capture {
            mode: Mode::Fingerprint(Box::new(hasher)),
            summaries: &[],
            stamps,
        }
    }

    /// Puts a small value in the context; the fingerprint hashes its content.
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        match &mut self.mode {
            Mode::Render(context) => context.insert(key, value),
            Mode::Fingerprint(hasher) => {
                hasher.write(key.as_bytes());
                hash_value(hasher, value);
            }
        }
    }

    /// Puts a value that is costly to build; the fingerprint hashes `inputs` instead, which must
    /// cover everything `build` reads beyond what every page shows.
    pub(crate) fn insert_lazy(
        &mut self,
        key: &'static str,
        inputs: u64,
        build: impl FnOnce() -> Value,
    ) {
        match &mut self.mode {
            Mode::Render(context) => context.insert_value(key, build()),
            Mode::Fingerprint(hasher) => {
                hasher.write(key.as_bytes());
                hasher.write_u64(inputs);
            }
        }
    }

    /// Puts the summaries of some briefs, in order.
    pub(crate) fn summaries(&mut self, key: &'static str, briefs: &[BriefId]) {
        match &mut self.mode {
            Mode::Render(context) => {
                let list: Vec<Value> = briefs
                    .iter()
                    .map(|id| self.summaries[id.index()].clone())
                    .collect();
                context.insert_value(key, Value::from(list));
            }
            Mode::Fingerprint(hasher) => {
                hasher.write(key.as_bytes());
                hasher.write_usize(briefs.len());
                for id in briefs {
                    hasher.write_u64(self.stamps[id.index()]);
                }
            }
        }
    }

    /// The summary of one brief, or none; none in a fingerprint capture, which has no
    /// summaries (values built from them go through [`Capture::insert_lazy`]).
    pub(crate) fn summary_value(&self, brief: Option<BriefId>) -> Value {
        brief
            .and_then(|id| self.summaries.get(id.index()))
            .map_or_else(Value::none, Value::clone)
    }

    /// A fingerprint of some briefs (their files), as the inputs of a lazy value.
    pub(crate) fn inputs(&self, briefs: impl IntoIterator<Item = BriefId>) -> u64 {
        let mut hasher = new_hasher();
        for id in briefs {
            hasher.write_u64(self.stamps[id.index()]);
        }
        hasher.finish()
    }

    /// The fingerprint; 0 for a render capture.
    pub(crate) fn finish(self) -> u64 {
        match self.mode {
            Mode::Fingerprint(hasher) => hasher.finish(),
            Mode::Render(_) => 0,
        }
    }

    /// The context; empty for a fingerprint capture.
    pub(crate) fn into_context(self) -> Context {
        match self.mode {
            Mode::Render(context) => *context,
            Mode::Fingerprint(_) => Context::new(),
        }
    }
}

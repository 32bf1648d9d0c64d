//! Thin adapters from parsed command-line arguments to the library's pipeline.

pub(crate) mod build;

//! Publishing for discovery: Atom feeds, the sitemap and robots.txt, scholarly metadata
//! (JSON-LD), and citation records. Each takes the model and returns text; rendering decides
//! where it goes.

pub(crate) mod citation;
pub(crate) mod crossref;
pub(crate) mod feeds;
pub(crate) mod jsonld;
pub(crate) mod names;
pub(crate) mod sitemap;

pub(crate) use citation::Record;

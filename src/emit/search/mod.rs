//! Full-text search, one output in its own room: the records made from the model (one small
//! HTML document per brief and page), Pagefind run over them in this process, the shards it
//! writes under `/pagefind/`, and the state of the index kept between builds.

mod index;
mod pagefind;
mod preload;
mod records;
mod state;

pub(crate) use index::{ShardFiles, deferred, make_shards, reusable, write};
pub(crate) use pagefind::{BundleFile, CANCELLED, Keep, Record, build};
pub(crate) use records::{SHARD_LIST, SearchPlan, Shard};
pub(crate) use state::{IndexJob, IndexState, SearchMode, ShardJob, ShardState};

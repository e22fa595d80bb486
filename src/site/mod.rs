//! The site engine shared by `build`, `check` and `serve`: load the archive, run the
//! per-report pipeline, refresh what a change touched, plan the pages and render them.
//!
//! Files, in dependency order: `options` (what a caller asks and gets), `pipeline` (one
//! report: parse, enrich), `unit` (what renders in one piece, and its key), `packed`
//! (reviews packed away while a one-off build runs), `report` (one
//! report file as the engine keeps it), `engine` (the [`Site`] and what it holds); then
//! the `impl Site` blocks, one job each: `derive` (what the pages are made from),
//! `excerpts` (code excerpts made and attached), `problems` (the diagnostics), `load`,
//! `refresh` (what a change touched), `plan` (units and fingerprints), `record` (what a
//! render did), `run` (the render passes), `demand` (a first render a few units at a
//! time, those asked for first); last `build` (build and check, once).

mod build;
mod cache;
mod demand;
mod derive;
mod engine;
mod excerpts;
mod load;
mod options;
mod packed;
mod pipeline;
mod plan;
mod problems;
mod record;
mod refresh;
mod report;
mod reuse;
mod run;
mod unit;

pub use build::{build, build_with, check, load};

pub use demand::Rendered;
pub use engine::Site;
pub use options::Loaded;
pub use options::{BuildOptions, BuildReport, CacheDir};
pub(crate) use packed::{Packed, Spill};
pub(crate) use pipeline::parse_and_enrich;
pub use record::RenderReport;
pub use refresh::ContentChanges;
pub use report::Report;

//! The site engine shared by `build`, `check` and `serve`: load the archive, run the
//! per-report pipeline, refresh what a change touched, plan the pages and render them.
//!
//! Files, in dependency order: `options` (what a caller asks and gets), `pipeline` (one
//! report: parse, enrich), `engine` (the [`Site`]: load, refresh, plan, render), `build`
//! (build and check, once).

mod build;
mod engine;
mod options;
mod pipeline;

pub use build::{build, build_with, check, check_with, load};
pub use engine::{ContentChanges, RenderReport, Report, Site};
pub use options::{BuildOptions, BuildReport, Loaded};
pub use pipeline::parse_and_enrich;

//! Enriching parsed reviews with what is not in their Markdown: the sidecar `<stem>.json`.
//!
//! The sidecar is machine-made and wins over values parsed from the Markdown. This stage
//! reads it with [`crate::enrich::sidecar::read`] (every field of the wrong type becomes a
//! warning naming the file and JSON path; the other fields still apply), applies it to the
//! model, and records an `info` diagnostic wherever a sidecar value differs from the
//! report's ("sidecar says X, report says Y"), which `reviewsite check` prints.
//!
//! Before and after that it completes what the Markdown implies on its own, so that every
//! review looks alike to later stages: a metrics column the parser read as `no_output` gets
//! the status `empty`, pass durations become `passes`, and each metrics column takes the
//! model and effort of the Reviewers entry it stands for.
//!
//! After the sidecar, the metadata's wall-clock rows whose written time the review's
//! `wall_clock_secs` overrides are marked, for the page.
//!
//! One job per file: `stage` (the entry), `complete` (what the Markdown implies), `notes`
//! (a sidecar value over a parsed one), `review`, `agents`, `metrics` and `findings` (each
//! sidecar record over the report's values) and `wall_clock` (the rows it overrides).

mod agents;
mod complete;
mod findings;
mod metrics;
mod notes;
mod review;
mod stage;
mod wall_clock;

pub use complete::complete;

pub(crate) use complete::pair_metrics_with_reviewers;
pub use stage::enrich;

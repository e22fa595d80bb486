//! The review page view: the metadata table, verdict and counts, each section's prose,
//! its finding cards, the normalised metrics table of the agent retrospective, the
//! appendix of agent reviews, the table of contents, and the stable anchors that thread
//! pages link to.
//!
//! One file per part of the page:
//! - `page.rs`: the page (header, breadcrumbs) assembled from the parts below;
//! - `markup.rs`: the page's Markdown rendering (root, known reviews, ids in page order);
//! - `meta.rs`: the metadata table;
//! - `sections.rs`: each section with its contents entry;
//! - `findings.rs`: the finding cards; `excerpt.rs`: their code excerpts;
//! - `lineage.rs`: the page's round in its PR thread, and each finding's past;
//! - `metrics.rs`: the agent retro's normalised metrics table;
//! - `appendix.rs`: the agents' own reviews;
//! - `contents.rs`: the table of contents' entries.

mod appendix;
mod contents;
mod excerpt;
mod findings;
mod lineage;
mod markup;
mod meta;
mod metrics;
mod page;
mod sections;

pub(super) use page::{ReviewBody, ReviewPage};

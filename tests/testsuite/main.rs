//! Every integration test in one binary (mdBook's `tests/testsuite` shape): the crate,
//! syntect, tera and ammonia are linked once instead of once per test file. One module per
//! area; `support` holds what they share (temporary sites, the corpus location, the link
//! checker, the browser and server drivers).

mod support;

mod agent_variants;
mod agents_pages;
mod bad_input;
mod build_cache;
mod browser_a11y;
mod browser_serve;
mod browser_phone;
mod browser_share;
mod browser_smoke;
mod cli;
mod code_links;
mod comment;
mod corpus_build;
mod corpus_parse;
mod edge_sites;
mod excerpts;
mod feed_export;
mod fuzz_allocator;
mod holdout2_build;
mod holdout2_parse;
mod holdout_parse;
mod hostile_site;
mod incremental;
mod highlight_coverage;
mod init;
mod input_bounds;
mod layers;
mod line_ends;
mod lineage_accuracy;
mod lineage_pages;
mod meta_variants;
mod metrics_corpus;
mod metrics_variants;
mod mutation_parse;
mod non_reports;
mod output_safety;
mod render_site;
mod resolution_links;
mod search;
mod serve;
mod serve_hostile;
mod serve_scale;
mod sidecar_fixtures;
mod sidecar_roundtrip;
mod share_tags;
mod site_build;
mod text_kept;
mod threads_export;
mod unseen_build;
mod variants_findings;
mod variants_mixed;
mod warnings;

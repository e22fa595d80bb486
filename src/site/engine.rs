//! The loaded site, kept between builds: the configuration, the theme, every report read,
//! parsed and enriched together with what the aggregate pages take from it, and what each
//! output was last rendered from.
//!
//! `build` loads a [`Site`] once and renders every page into its staging folder. `serve`
//! keeps it: after a change it re-reads only the files that changed
//! ([`Site::refresh_content`]), re-parses only the reports whose text changed, and
//! [`Site::render`] re-renders only the outputs whose inputs changed. Both go through the
//! same stages ([`crate::content`], the per-report pipeline,
//! [`crate::aggregate`], [`crate::render::Renderer`]); nothing here renders a page itself.
//!
//! The outputs are grouped into units (one review page and its Markdown; the index; one
//! repository page; one PR thread page; the agent pages; ...). Each unit has a fingerprint
//! of its inputs, made from per-report fingerprints computed once when a report is parsed
//! (its source; its index summary; what the agent pages read; its key findings), so
//! deciding what to render costs no rendering. A unit is rendered when its fingerprint
//! changed; outputs a unit no longer writes are reported as removed.
//!
//! Code excerpts are made through an `Excerpter` over the site's [`ExcerptCache`], which
//! the site keeps, so a report saved again in `serve` reads nothing from the checkout that
//! an earlier build already read. After a full load they are made by the first
//! [`Site::render`], while the pages that do not show them render (reading and
//! highlighting code is most of their cost); a report read again gets them at once.
//! Excerpts and code links depend only on the report (its repository, commit, locations
//! and finding text) and the configuration (`book.toml`, which loads the site again, and
//! `--checkout`, fixed for the run), so a report's source fingerprint covers them.
//!
//! A site loaded for one build ([`Site::load_for_build`]) is never refreshed, so it keeps
//! no more than its pages need at once: each report's text is freed once parsed, its
//! excerpts are made as it loads and its review is then packed away (`packed`), to be read
//! back by the pages that show it, one unit at a time; the search documents are freed once
//! the index is made. Its memory does not grow with the archive's text.
//!
//! This file holds the [`Site`] and its accessors. Its work is spread over the files
//! beside it, each an `impl Site` block with one job: `load` (read the archive), `derive`
//! (what the pages are made from), `excerpts` (code excerpts made and attached),
//! `refresh` (what a change touched, read again), `problems` (the diagnostics), `plan`
//! (the units and their fingerprints), `run` (the render passes) and `record` (what a
//! render did).

use super::cache::BuildCache;
use super::options::BuildOptions;
use super::packed::Spill;
use super::report::{Entry, Report};
use super::unit::{Unit, UnitKey};
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::enrich::excerpts::ExcerptCache;
use crate::render::threads_export::ThreadRecords;
use crate::render::{Renderer, SiteContext};
use crate::search;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A site in memory. See the module documentation.
pub struct Site {
    pub(super) opts: BuildOptions,
    pub(super) config: Config,
    /// Compiled on first render; dropped when the theme changes.
    pub(super) renderer: Option<Renderer>,
    /// Every report file of the content folder, sorted by path (the walk's order).
    pub(super) entries: Vec<Entry>,
    /// What was read from repository checkouts for code excerpts.
    pub(super) excerpts: ExcerptCache,
    /// The per-repository excerpt problems (no checkout configured, a checkout that cannot
    /// be read), as the last full load found them, updated by refreshes.
    pub(super) excerpt_diagnostics: Vec<(String, Diagnostic)>,
    /// The reports were loaded without their excerpts (see the module documentation).
    pub(super) excerpts_pending: bool,
    /// Problems of the content folder itself (unreadable folders, orphan sidecars).
    pub(super) listing_diagnostics: Vec<Diagnostic>,
    /// Bumped when the theme or the static folder changes: every unit that depends on them
    /// is rendered again.
    pub(super) theme_generation: u64,
    pub(super) static_generation: u64,
    pub(super) derived: Derived,
    /// What each unit was last rendered from, and the files it wrote.
    pub(super) units: HashMap<UnitKey, Unit>,
    /// A one-off build's build cache, when it has one.
    pub(super) cache: Option<BuildCache>,
}

/// What the pages are made from, derived from the reports after every change.
pub(super) struct Derived {
    /// The reports that own their page (the first of each stem), in walk order, as
    /// positions in `entries`.
    pub(super) kept: Vec<usize>,
    /// The same, by review id.
    pub(super) positions: HashMap<String, usize>,
    /// Reports skipped: a stem another report owns, or a page the site writes itself.
    pub(super) duplicate_diagnostics: Vec<Diagnostic>,
    /// The files skipped because they are not review reports, as shown to the user.
    pub(super) skipped: Vec<String>,
    /// Of the kept reports' ids and summaries, which `index` and `ctx` are made from.
    pub(super) index_key: Option<u64>,
    pub(super) index: SiteIndex,
    pub(super) ctx: SiteContext,
    pub(super) search: search::SearchIndex,
    /// `threads.json`'s records, kept between renders when the site is
    /// ([`Site::keep_between_renders`]).
    pub(super) threads: ThreadRecords,
    /// Where a site rendered again after changes packs its reviews between renders
    /// ([`Site::pack_reviews`]); made on first use.
    pub(super) spill: Option<Arc<Spill>>,
    /// The threads' lineage is still to be worked out: a site loaded for refreshing
    /// leaves it to its first render (`derive`).
    pub(super) lineage_pending: bool,
    /// Ids whose review page must be rendered again whatever its fingerprint: pages whose
    /// text names a review that appeared or disappeared (links to it change).
    pub(super) forced: HashSet<String>,
}

impl Site {
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The excerpt cache (to keep when the site is loaded again).
    pub(crate) fn excerpt_cache(&self) -> &ExcerptCache {
        &self.excerpts
    }

    /// The options the site was loaded with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The site index (what the index page lists).
    pub fn index(&self) -> &SiteIndex {
        &self.derived.index
    }

    /// The number of reviews on the site.
    pub fn reviews(&self) -> usize {
        self.derived.kept.len()
    }

    /// The position of the report file `path` in `entries`.
    pub(super) fn position(&self, path: &Path) -> Option<usize> {
        self.entries
            .binary_search_by(|e| e.path.as_path().cmp(path))
            .ok()
    }

    /// The theme changed: it is loaded again on the next render, which renders every page.
    pub fn theme_changed(&mut self) {
        self.renderer = None;
        self.theme_generation += 1;
    }

    /// The static folder changed: its files are copied again on the next render.
    pub fn static_changed(&mut self) {
        self.static_generation += 1;
    }

    /// Whether `r` gets a page: a review report, or any file with `--include-non-reports`.
    pub(super) fn publishes(&self, r: &Report) -> bool {
        r.is_report || self.opts.include_non_reports
    }

    pub(super) fn kept_reports(&self) -> impl Iterator<Item = &Report> {
        self.derived
            .kept
            .iter()
            .filter_map(|&i| self.entries[i].report.as_deref())
    }
}

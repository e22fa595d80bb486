//! One report file as the engine keeps it: its stamp on disk ([`Stamp`]), the report read,
//! parsed and enriched from it ([`Report`]), with what the pages take from it computed once
//! (its summary, search documents and the per-report fingerprints that decide what to
//! render again).
//!
//! In a one-off build the review itself is packed away ([`super::packed`]) once parsed,
//! enriched and given its excerpts: a page that shows it reads it back
//! ([`Report::review`]); the agent pages and the agent tables of repository pages read
//! back only the part of it they use ([`Report::agent_review`]).

use super::packed::{Packed, Spill};
use super::pipeline::parse_and_enrich;
use super::unit::UnitKey;
use crate::aggregate::{self, ReviewSummary};
use crate::content::{self, SourceReport};
use crate::diagnostics::Diagnostic;
use crate::enrich::excerpts::Excerpter;
use crate::model::Review;
use crate::render;
use crate::search;
use crate::text::fingerprint;
use anyhow::Result;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// One report file: its stamp on disk, and the report read from it.
pub(super) struct Entry {
    pub(super) path: PathBuf,
    /// While the report is read again: its [`Report::derive_key`] as it was (a report
    /// with the same key changes nothing but itself).
    pub(super) derive_key: Option<u64>,
    pub(super) stamp: Stamp,
    pub(super) read_diagnostics: Vec<Diagnostic>,
    /// `None` when the file cannot be a report (empty, binary, unreadable). Boxed: entries
    /// move when the map changes.
    pub(super) report: Option<Box<Report>>,
}

/// Modification time and size of a report and of its sidecar: when both are unchanged the
/// files are not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    md: Option<(SystemTime, u64)>,
    json: Option<(SystemTime, u64)>,
}

impl Stamp {
    pub(super) fn of(md: &Path) -> Stamp {
        let meta = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
        };
        Stamp {
            md: meta(md),
            json: meta(&md.with_extension("json")),
        }
    }
}

/// One report, parsed and enriched, with what pages take from it.
pub struct Report {
    pub source: SourceReport,
    /// The key of its page's unit.
    pub(super) unit: UnitKey,
    /// The review, in memory or packed away ([`Report::review`]).
    held: Held,
    /// Parse and enrich problems.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// It has the shape of a review report ([`crate::enrich::shape`]); a file that does not is
    /// published only with `--include-non-reports`.
    pub(super) is_report: bool,
    /// Shared with the site index.
    pub(super) summary: Arc<ReviewSummary>,
    pub(super) docs: Arc<search::ReviewDocs>,
    /// Of the source (text, front matter, sidecar, place): equal means the same review.
    pub(super) source_fp: u64,
    pub(super) summary_fp: u64,
    pub(super) agents_fp: u64,
    pub(super) key_findings_fp: u64,
    /// Why its page could not be rendered by the theme, when it could not.
    pub(super) page_problem: Option<Diagnostic>,
}

impl Report {
    /// Parses and enriches `source`, attaches its code excerpts when given an `excerpter`,
    /// and computes what the pages need from it. `root` is the site folder (diagnostics
    /// name files relative to it).
    pub(crate) fn new(source: SourceReport, root: &Path, excerpter: Option<&Excerpter>) -> Report {
        let (mut review, mut diagnostics) = parse_and_enrich(&source, root);
        if let Some(excerpter) = excerpter {
            diagnostics
                .extend(excerpter.attach(&mut review, &content::shown_path(&source.path, root)));
        }
        let summary = Arc::new(aggregate::summarise(&review));
        let docs = Arc::new(search::review_docs(&review, &summary));
        Report {
            is_report: crate::enrich::shape::sign_of(&review).is_some(),
            unit: UnitKey::Review(source.id.clone()),
            source_fp: source_fingerprint(&source),
            summary_fp: fingerprint::of(&summary),
            agents_fp: crate::aggregate::agent_stats::inputs_fingerprint(&review),
            key_findings_fp: render::key_findings_fingerprint(&review),
            source,
            held: Held::Open(Box::new(review)),
            diagnostics,
            summary,
            docs,
            page_problem: None,
        }
    }

    /// The review, read back when it was packed away. `Err` when the spill file cannot be
    /// read back (a disk failing under the build).
    pub fn review(&self) -> Result<Cow<'_, Review>> {
        match &self.held {
            Held::Open(r) => Ok(Cow::Borrowed(r)),
            Held::Packed { spill, packed, .. } => spill.get(packed).map(Cow::Owned),
        }
    }

    /// [`Report::review`] where there is no error to return: a review this build packed
    /// that cannot be read back leaves nothing to build from.
    pub(super) fn open_review(&self) -> Cow<'_, Review> {
        self.review()
            .unwrap_or_else(|e| panic!("{}: {e:#}", self.source.path.display()))
    }

    /// The review, to change it: `None` once packed away (a one-off build changes nothing).
    pub(super) fn review_mut(&mut self) -> Option<&mut Review> {
        match &mut self.held {
            Held::Open(r) => Some(r),
            Held::Packed { .. } => None,
        }
    }

    /// What the agent pages read of the review
    /// ([`crate::aggregate::agent_stats::inputs_only`], read back when packed away); the
    /// whole review when it is open.
    pub(super) fn agent_review(&self) -> Result<Cow<'_, Review>> {
        match &self.held {
            Held::Open(r) => Ok(Cow::Borrowed(r)),
            Held::Packed { spill, agents, .. } => spill.get(agents).map(Cow::Owned),
        }
    }

    /// Its search documents, read back when packed away.
    pub(super) fn search_docs(&self) -> Result<search::ReviewDocs> {
        match &self.held {
            Held::Packed { spill, docs, .. } => spill.get_value(docs),
            Held::Open(_) => Ok((*self.docs).clone()),
        }
    }

    /// Packs the review away into `spill`, and what the agent pages read of it, and its
    /// search documents. (When they cannot be packed, they stay as they are.)
    pub(super) fn pack(&mut self, spill: &std::sync::Arc<Spill>) {
        let Held::Open(review) = &self.held else {
            return;
        };
        let agents = crate::aggregate::agent_stats::inputs_only(review);
        let put = (
            spill.put(review),
            spill.put(&agents),
            spill.put_value(&*self.docs),
        );
        if let (Ok(packed), Ok(agents), Ok(docs)) = put {
            self.held = Held::Packed {
                spill: spill.clone(),
                packed,
                agents,
                docs,
            };
            self.docs = Arc::default();
        }
    }

    /// [`Report::pack`], its search documents kept in memory as well (an index that is
    /// updated reads them: `serve`).
    pub(super) fn pack_keeping_docs(&mut self, spill: &std::sync::Arc<Spill>) {
        let docs = self.docs.clone();
        self.pack(spill);
        self.docs = docs;
    }

    /// The review, taken out of the report.
    pub(super) fn into_parts(self) -> (SourceReport, Review, ReviewSummary) {
        let review = match self.held {
            Held::Open(review) => *review,
            Held::Packed { spill, packed, .. } => spill
                .get(&packed)
                .unwrap_or_else(|e| panic!("{}: {e:#}", self.source.path.display())),
        };
        (self.source, review, Arc::unwrap_or_clone(self.summary))
    }

    /// What deriving the site (`Site::derive`) reads from the report: its summary's
    /// fingerprint and whether it is a report.
    pub(super) fn derive_key(&self) -> u64 {
        fingerprint::combine(&(self.summary_fp, self.is_report))
    }
}

/// Where a report's review is.
enum Held {
    /// Boxed: a packed report should not keep a review's worth of room.
    Open(Box<Review>),
    Packed {
        spill: Arc<Spill>,
        packed: Packed,
        /// What the agent pages read of it, packed too.
        agents: Packed,
        /// Its search documents (`Report::docs` is then empty).
        docs: Packed,
    },
}

fn source_fingerprint(s: &SourceReport) -> u64 {
    // The text is hashed as it is (serialising it would escape the whole report first);
    // the parts without `Hash` go through their serialised form.
    fingerprint::combine(&(
        &s.markdown,
        fingerprint::of(&(
            &s.id,
            &s.rel_path,
            &s.repo_hint,
            s.first_line,
            &s.front_matter,
            &s.sidecar,
        )),
    ))
}

/// Reads the report at `path`. When `previous` holds the report as last read and the text
/// is the same, that report is kept as it is (nothing is parsed again).
pub(super) fn read_entry(
    dir: &Path,
    path: PathBuf,
    root: &Path,
    previous: Option<Box<Report>>,
    excerpter: Option<&Excerpter>,
) -> Entry {
    let stamp = Stamp::of(&path);
    let (source, read_diagnostics) = content::read_report(dir, &path, root);
    let report = source.map(|src| match previous {
        Some(prev) if prev.source_fp == source_fingerprint(&src) => prev,
        _ => Box::new(Report::new(src, root, excerpter)),
    });
    Entry {
        path,
        derive_key: None,
        stamp,
        read_diagnostics,
        report,
    }
}

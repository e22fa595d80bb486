//! One report file as the engine keeps it: its stamp on disk ([`Stamp`]), the report read,
//! parsed and enriched from it ([`Report`]), with what the pages take from it computed once
//! (its summary, search documents and the per-report fingerprints that decide what to
//! render again).
//!
//! In a one-off build the review itself is packed away ([`super::packed`]) once parsed,
//! enriched and given its excerpts: a page that shows it reads it back
//! ([`Report::review`]); the agent pages and the agent tables of repository pages read
//! back only the part of it they use ([`Report::agent_review`]).

use super::cache::{BuildCache, Record, RecordHead};
use super::packed::{self, Packed, Spill};
use super::pipeline::parse_and_enrich;
use super::unit::UnitKey;
use crate::aggregate::{self, ReviewSummary};
use crate::content::{self, SourceReport};
use crate::diagnostics::Diagnostic;
use crate::enrich::excerpts::{Attachment, Excerpter, Tallied};
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
    /// What making its excerpts added to the per-repository tallies (kept for a build
    /// cache).
    tallied: Vec<Tallied>,
    /// Its code excerpts are on its review (made when it was read, or taken from a build
    /// cache): a site loaded without excerpts does not make them again.
    excerpts_made: bool,
    /// It has the shape of a review report ([`crate::enrich::shape`]); a file that does not is
    /// published only with `--include-non-reports`.
    pub(super) is_report: bool,
    /// Shared with the site index.
    pub(super) summary: Arc<ReviewSummary>,
    /// Its search documents, packed; `None` once packed away with the review (a one-off
    /// build reads them back from there, [`Report::search_docs`]).
    pub(super) docs: Option<Arc<search::PackedDocs>>,
    /// Of the source (text, front matter, sidecar, place): equal means the same review.
    pub(super) source_fp: u64,
    pub(super) summary_fp: u64,
    pub(super) agents_fp: u64,
    pub(super) key_findings_fp: u64,
    /// Why its page could not be rendered by the theme, when it could not.
    pub(super) page_problem: Option<Diagnostic>,
    /// Why its packed review could not be read back ([`Report::open_review`]).
    read_failure: std::sync::OnceLock<String>,
}

impl Report {
    /// Parses and enriches `source`, attaches its code excerpts when given an `excerpter`,
    /// and computes what the pages need from it. `root` is the site folder (diagnostics
    /// name files relative to it).
    pub(crate) fn new(source: SourceReport, root: &Path, excerpter: Option<&Excerpter>) -> Report {
        let mut report = Report::without_docs(source, root, excerpter);
        report.docs = match &report.held {
            Held::Open(review) => report.missing_docs(review),
            Held::Packed { .. } => None,
        };
        report
    }

    /// [`Report::new`] without its search documents: `serve` makes them in its first
    /// render, beside the code excerpts ([`Report::missing_docs`]), so its first page does
    /// not wait for them.
    pub(super) fn without_docs(
        source: SourceReport,
        root: &Path,
        excerpter: Option<&Excerpter>,
    ) -> Report {
        let (mut review, mut diagnostics) = parse_and_enrich(&source, root);
        let mut tallied = Vec::new();
        if let Some(excerpter) = excerpter {
            let file = content::shown_path(&source.path, root);
            let (diags, t) = excerpter.attach_tallied(&mut review, &file);
            diagnostics.extend(diags);
            tallied = t;
        }
        let summary = Arc::new(aggregate::summarise(&review));
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
            tallied,
            excerpts_made: excerpter.is_some(),
            summary,
            docs: None,
            page_problem: None,
            read_failure: std::sync::OnceLock::new(),
        }
    }

    /// Its search documents, made from `review` (its own, read back), when it has none
    /// yet ([`Report::without_docs`]).
    pub(super) fn missing_docs(&self, review: &Review) -> Option<Arc<search::PackedDocs>> {
        let lacks = self.docs.is_none() && !matches!(self.held, Held::Packed { docs: Some(_), .. });
        // (Documents made here always pack: they are plain strings.)
        lacks
            .then(|| search::PackedDocs::of(&search::review_docs(review, &self.summary)).ok())
            .flatten()
            .map(Arc::new)
    }

    /// The review, read back when it was packed away. `Err` when the spill file cannot be
    /// read back (a disk failing under the build).
    pub fn review(&self) -> Result<Cow<'_, Review>> {
        match &self.held {
            Held::Open(r) => Ok(Cow::Borrowed(r)),
            Held::Packed { spill, packed, .. } => spill.get(packed).map(Cow::Owned),
        }
    }

    /// [`Report::review`] where there is no error to return (the lineage, `threads.json`):
    /// `None` when it cannot be read back, and the error is kept for
    /// [`Report::read_failure`] (which fails the build).
    pub(super) fn open_review(&self) -> Option<Cow<'_, Review>> {
        match self.review() {
            Ok(review) => Some(review),
            Err(e) => {
                let _ = self.read_failure.set(format!("{e:#}"));
                None
            }
        }
    }

    /// Why its review could not be read back where [`Report::open_review`] asked for it:
    /// an error naming the report, to fail the build with.
    pub(super) fn read_failure(&self, root: &Path) -> Option<Diagnostic> {
        let why = self.read_failure.get()?;
        Some(Diagnostic::error(
            content::shown_path(&self.source.path, root),
            None,
            format!("{why}; the pages made from it would be wrong: build again (with --no-cache if the build cache is named)"),
        ))
    }

    /// The review, to change it: `None` once packed away (a one-off build changes nothing).
    pub(super) fn review_mut(&mut self) -> Option<&mut Review> {
        match &mut self.held {
            Held::Open(r) => Some(r),
            Held::Packed { .. } => None,
        }
    }

    /// Puts code excerpts made after the load on the review; a review packed away is read
    /// back, changed and packed again (its search documents kept, as `serve` keeps them).
    pub(super) fn attach_excerpts(&mut self, attachment: Attachment) {
        if attachment.is_empty() {
            return;
        }
        let spill = match &mut self.held {
            Held::Open(review) => return attachment.apply(review),
            Held::Packed { spill, .. } => spill.clone(),
        };
        let Some(mut review) = self.open_review().map(Cow::into_owned) else {
            return;
        };
        attachment.apply(&mut review);
        self.held = Held::Open(Box::new(review));
        self.pack_keeping_docs(&spill);
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
            Held::Packed {
                spill,
                docs: Some(docs),
                ..
            } => spill.get_value(docs),
            _ => Ok(self.docs.as_ref().map(|d| d.unpack()).unwrap_or_default()),
        }
    }

    /// The packed review and what the agent pages read of it; `None` once packed away,
    /// or when they cannot be packed.
    fn packed_parts(&self) -> Option<[Vec<u8>; 2]> {
        let Held::Open(review) = &self.held else {
            return None;
        };
        let agents = crate::aggregate::agent_stats::inputs_only(review);
        Some([packed::pack(review).ok()?, packed::pack(&agents).ok()?])
    }

    /// Packs the review away into `spill`, and what the agent pages read of it, and its
    /// search documents. (When they cannot be packed, they stay as they are.)
    pub(super) fn pack(&mut self, spill: &Arc<Spill>) {
        self.pack_with(spill, false);
    }

    /// [`Report::pack`]; with `keep_docs`, its search documents stay in memory instead.
    fn pack_with(&mut self, spill: &Arc<Spill>, keep_docs: bool) {
        let Some([review, agents]) = self.packed_parts() else {
            return;
        };
        let docs = match (&self.docs, keep_docs) {
            (Some(docs), false) => match spill.put_bytes(docs.bytes().to_vec()) {
                Ok(docs) => Some(docs),
                Err(_) => return,
            },
            _ => None,
        };
        if let (Ok(packed), Ok(agents)) = (spill.put_bytes(review), spill.put_bytes(agents)) {
            self.held = Held::Packed {
                spill: spill.clone(),
                packed,
                agents,
                docs,
            };
            if !keep_docs {
                self.docs = None;
            }
        }
    }

    /// Packs the review away into a record of `cache` under `key`, with what the build
    /// needs of the report; the review is read back from there. When the record cannot
    /// be written, into `spill`.
    pub(super) fn pack_into(&mut self, cache: &BuildCache, key: String, spill: &Arc<Spill>) {
        let (Some([review, agents]), Some(docs)) = (self.packed_parts(), &self.docs) else {
            return;
        };
        let head = RecordHead {
            key,
            summary: &*self.summary,
            is_report: self.is_report,
            diagnostics: self.diagnostics.clone(),
            tallied: self.tallied.clone(),
            fingerprints: self.fingerprints(),
        };
        match cache.put_record(&head, [&review, &agents, docs.bytes()]) {
            Ok(record) => {
                self.held = Held::packed_at(spill, &record);
                self.docs = None;
            }
            Err(_) => self.pack(spill),
        }
    }

    /// The report `source` as an earlier build recorded it (its review read back from
    /// the record's file when a page needs it).
    pub(super) fn from_record(
        source: SourceReport,
        record: Record<ReviewSummary>,
        spill: &Arc<Spill>,
    ) -> Report {
        let head = &record.head;
        let [source_fp, summary_fp, agents_fp, key_findings_fp] = head.fingerprints;
        Report {
            unit: UnitKey::Review(source.id.clone()),
            held: Held::packed_at(spill, &record),
            source,
            diagnostics: head.diagnostics.clone(),
            tallied: head.tallied.clone(),
            excerpts_made: true,
            is_report: head.is_report,
            summary: Arc::new(head.summary.clone().restored()),
            docs: None,
            source_fp,
            summary_fp,
            agents_fp,
            key_findings_fp,
            page_problem: None,
            read_failure: std::sync::OnceLock::new(),
        }
    }

    /// [`Report::from_record`] for a site kept between renders (`serve`): the record's
    /// parts copied into `spill` (a build may replace the record meanwhile) and its search
    /// documents held (the index is updated from them).
    pub(super) fn from_record_copied(
        source: SourceReport,
        record: Record<ReviewSummary>,
        spill: &Arc<Spill>,
    ) -> Result<Report> {
        let bytes = std::fs::read(&record.path)?;
        let part = |(offset, len): (u64, u64)| {
            let range = usize::try_from(offset).ok()?..usize::try_from(offset + len).ok()?;
            bytes.get(range).map(<[u8]>::to_vec)
        };
        let parts: Option<Vec<Vec<u8>>> = record.parts.iter().map(|p| part(*p)).collect();
        let Some([review, agents, docs]) = parts.and_then(|p| <[Vec<u8>; 3]>::try_from(p).ok())
        else {
            anyhow::bail!("{}: cut short", record.path.display());
        };
        let held_docs = search::PackedDocs::from_bytes(docs)?;
        let mut report = Report::from_record(source, record, spill);
        report.held = Held::Packed {
            spill: spill.clone(),
            packed: spill.put_bytes(review)?,
            agents: spill.put_bytes(agents)?,
            docs: None,
        };
        report.docs = Some(Arc::new(held_docs));
        Ok(report)
    }

    /// What making its excerpts added to the tallies, when they are made.
    pub(super) fn excerpts_tallied(&self) -> Option<&[Tallied]> {
        self.excerpts_made.then_some(&self.tallied[..])
    }

    fn fingerprints(&self) -> [u64; 4] {
        [
            self.source_fp,
            self.summary_fp,
            self.agents_fp,
            self.key_findings_fp,
        ]
    }

    /// [`Report::pack`], its search documents kept in memory as well (an index that is
    /// updated reads them: `serve`).
    pub(super) fn pack_keeping_docs(&mut self, spill: &std::sync::Arc<Spill>) {
        self.pack_with(spill, true);
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

impl Held {
    /// Packed in the parts of a record of the build cache.
    fn packed_at<S>(spill: &Arc<Spill>, record: &Record<S>) -> Held {
        let at = |(offset, len): (u64, u64)| Packed::At {
            path: record.path.clone(),
            offset,
            len,
        };
        Held::Packed {
            spill: spill.clone(),
            packed: at(record.parts[0]),
            agents: at(record.parts[1]),
            docs: Some(at(record.parts[2])),
        }
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
        /// Its search documents, unless they are held in `Report::docs` (a site kept
        /// for refreshing) or not made yet ([`Report::without_docs`]).
        docs: Option<Packed>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_that_cannot_be_read_back_is_an_error_naming_its_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("20260101-000000-pr-1.md");
        std::fs::write(&path, "# Deep Review: PR 1\n\nSome text.\n").unwrap();
        let (source, _) = content::read_report(dir.path(), &path, dir.path());
        let mut report = Report::new(source.unwrap(), dir.path(), None);
        assert!(report.open_review().is_some());
        assert!(report.read_failure(dir.path()).is_none());
        // Packed into a file that is gone (a cache removed under the build).
        let gone = |offset| Packed::At {
            path: dir.path().join("gone").into(),
            offset,
            len: 8,
        };
        report.held = Held::Packed {
            spill: Arc::new(Spill::new()),
            packed: gone(0),
            agents: gone(8),
            docs: Some(gone(16)),
        };
        assert!(report.open_review().is_none());
        let d = report.read_failure(dir.path()).expect("an error");
        assert_eq!(d.level, crate::diagnostics::Level::Error);
        assert_eq!(d.file, "20260101-000000-pr-1.md");
        assert!(
            d.message.contains("gone: cannot read back"),
            "{}",
            d.message
        );
    }
}

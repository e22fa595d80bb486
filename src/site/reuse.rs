//! What a one-off build takes from its build cache (`cache`), and gives back: each report
//! read through its record ([`read_cached_entry`]); the last build's units, lineage and
//! reviews taken before rendering ([`Site::take_from_cache`]); the files of the units not
//! rendered linked into the output ([`Site::link_reused`]); and, once the output is in
//! place, the cache brought up to date ([`Site::update_cache`]).

use super::cache::{self, BuildCache, ManifestOut, StoredUnit};
use super::engine::Site;
use super::packed::Spill;
use super::record::RenderReport;
use super::report::{Entry, Report, Stamp};
use super::unit::{SitePage, Unit, UnitKey};
use crate::content::{self, SourceReport};
use crate::diagnostics::Diagnostic;
use crate::enrich::excerpts::Excerpter;
use crate::output::Sink;
use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The ids a build may have gained or lost since the last one (`before`: none when there
/// was no last build, and then nothing is looked for), as far as the listing tells (file
/// stems): the review pages whose text names one of them render again.
pub(super) struct ChangedIds {
    pub(super) ids: HashSet<String>,
    /// Finds any of them in a text, as written or URL-encoded, in one pass.
    finder: Option<aho_corasick::AhoCorasick>,
}

impl ChangedIds {
    pub(super) fn new(reports: &[PathBuf], before: &[String]) -> ChangedIds {
        let mut ids = HashSet::new();
        if !before.is_empty() {
            let now: HashSet<String> = reports
                .iter()
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect();
            let before: HashSet<String> = before.iter().cloned().collect();
            ids = now.symmetric_difference(&before).cloned().collect();
        }
        let patterns = ids.iter().flat_map(|id| {
            let encoded = crate::text::url_path::encode_url_path(id);
            [id.clone(), encoded]
        });
        let finder = (!ids.is_empty())
            .then(|| aho_corasick::AhoCorasick::new(patterns).ok())
            .flatten();
        ChangedIds { ids, finder }
    }

    /// Whether `text` names one of them. (Were the finder not made, every text does.)
    fn named_in(&self, text: &str) -> bool {
        match &self.finder {
            Some(finder) => finder.is_match(text),
            None => !self.ids.is_empty(),
        }
    }
}

/// How a report taken from the cache is held: packed in its record (a one-off build), or
/// copied out of it for a site kept between renders (`serve`, which never writes the
/// cache: a report not found there is read as without one, its excerpts left to the
/// first render).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Through {
    Build,
    Serve,
}

/// Reads the report at `path` through `cache`: taken from its record when the cache has
/// one for it as it is now; else parsed, enriched and given its excerpts, then recorded.
/// Either way its review ends packed away and its text freed. Also says whether its text
/// names one of `changed` ([`ChangedIds`]).
pub(super) fn read_cached_entry(
    dir: &Path,
    path: PathBuf,
    root: &Path,
    excerpter: Option<&Excerpter>,
    (cache, spill, through): (&BuildCache, &Arc<Spill>, Through),
    changed: &ChangedIds,
) -> (Entry, bool) {
    let stamp = Stamp::of(&path);
    let (source, read_diagnostics) = content::read_report(dir, &path, root);
    let mut names_changed = false;
    let report = source.map(|mut src| {
        names_changed = changed.named_in(&src.markdown);
        let key = cache.record_key(&src);
        match (cache.record(&key), through) {
            (Some(record), Through::Serve) => {
                let text = std::mem::take(&mut src.markdown);
                match Report::from_record_copied(src.clone(), record, spill) {
                    Ok(r) => Box::new(r),
                    Err(_) => {
                        src.markdown = text;
                        parsed_for_serve(src, root, spill)
                    }
                }
            }
            (None, Through::Serve) => parsed_for_serve(src, root, spill),
            (Some(record), Through::Build) => {
                src.markdown = String::new();
                if let Some(excerpter) = excerpter {
                    excerpter.replay(&content::shown_path(&src.path, root), &record.head.tallied);
                }
                Box::new(Report::from_record(src, record, spill))
            }
            (None, Through::Build) => {
                let mut r = Report::new(src, root, excerpter);
                r.source.markdown = String::new();
                r.pack_into(cache, key, spill);
                Box::new(r)
            }
        }
    });
    let entry = Entry {
        path,
        derive_key: None,
        stamp,
        read_diagnostics,
        report,
    };
    (entry, names_changed)
}

impl Site {
    /// Takes from the cache, after the site is derived, the last build's units whose
    /// files it still holds (they render only when their fingerprints changed) and the
    /// review pages to render again because a review they name (`names_changed`, per
    /// entry, for the ids of `changed`) appeared or went away.
    pub(super) fn take_from_cache(&mut self, names_changed: &[bool], changed: &ChangedIds) {
        let Some(cache) = self.cache.as_mut().filter(|c| c.writes()) else {
            return;
        };
        let before: HashSet<String> = std::mem::take(&mut cache.previous.ids)
            .into_iter()
            .collect();
        if before.is_empty() {
            return;
        }
        for unit in cache.sound_units() {
            let StoredUnit {
                key,
                fingerprint,
                files,
                problem,
            } = unit;
            if let (UnitKey::Review(id), Some(problem)) = (&key, problem) {
                let i = self.derived.positions.get(id).copied();
                if let Some(r) = i.and_then(|i| self.entries[i].report.as_mut()) {
                    r.page_problem = Some(problem);
                }
            }
            let outputs = files.into_iter().map(|f| f.rel).collect();
            self.units.insert(
                key,
                Unit {
                    fingerprint,
                    outputs,
                },
            );
        }
        let now: HashSet<String> = self.derived.positions.keys().cloned().collect();
        let gained_or_lost: Vec<&String> = now.symmetric_difference(&before).collect();
        let kept = self.derived.kept.iter();
        let forced = if gained_or_lost.iter().all(|id| changed.ids.contains(*id)) {
            kept.filter(|&&i| names_changed[i])
                .copied()
                .collect::<Vec<_>>()
        } else {
            // A report that stayed but lost or gained its page: its name was not looked for.
            kept.copied().collect()
        };
        for i in forced {
            if let Some(r) = self.entries[i].report.as_deref() {
                self.derived.forced.insert(r.source.id.clone());
            }
        }
    }

    /// Links into `out` the files of the units this render did not render (`report`):
    /// those the cache held unchanged. Returns how many of them are pages the theme
    /// rendered (as [`RenderReport::pages`] counts them).
    pub(super) fn link_reused(&self, out: &dyn Sink, report: &RenderReport) -> Result<usize> {
        let Some(cache) = &self.cache else {
            return Ok(0);
        };
        let written: HashSet<&String> = report.written.iter().collect();
        let mut pages = 0;
        let mut reused: Vec<&String> = Vec::new();
        for (key, unit) in &self.units {
            let files: Vec<&String> = unit
                .outputs
                .iter()
                .filter(|r| !written.contains(r))
                .collect();
            pages += match key {
                UnitKey::Review(_) if self.page_problem_of(key).is_some() => 0,
                _ => files.iter().filter(|r| r.ends_with(".html")).count(),
            };
            reused.extend(files);
        }
        use rayon::prelude::*;
        reused
            .par_iter()
            .try_for_each(|rel| out.link_file(rel, &cache.mirror_path(rel)))?;
        Ok(pages)
    }

    /// Brings the cache up to date with the output now at `output` (`report`: what this
    /// build rendered). A cache that cannot be written is a note: the build stands.
    pub(super) fn update_cache(&self, output: &Path, report: &RenderReport) -> Vec<Diagnostic> {
        let Some(cache) = &self.cache else {
            return Vec::new();
        };
        let assets = UnitKey::Page(SitePage::Assets);
        let static_files: HashSet<&String> = self
            .units
            .get(&assets)
            .map(|u| u.outputs.iter().collect())
            .unwrap_or_default();
        let units: Vec<StoredUnit> = self
            .units
            .iter()
            .filter(|(k, _)| **k != assets)
            .map(|(key, unit)| StoredUnit {
                key: key.clone(),
                fingerprint: unit.fingerprint,
                files: cache::stored_files(&unit.outputs),
                problem: self.page_problem_of(key),
            })
            .collect();
        let rendered: Vec<String> = report
            .written
            .iter()
            .filter(|rel| !static_files.contains(rel))
            .cloned()
            .collect();
        let manifest = ManifestOut::new(
            self.derived.positions.keys().map(String::as_str).collect(),
            units,
            (
                self.derived.ctx.stored_lineage(),
                self.derived.threads.stored(),
            ),
        );
        match cache.commit(output, &rendered, &report.removed, manifest) {
            Ok(()) => cache.notes.clone(),
            Err(e) => {
                let mut notes = cache.notes.clone();
                notes.push(Diagnostic::note(format!(
                    "cannot write the build cache ({e:#}); the next build makes everything again"
                )));
                notes
            }
        }
    }

    /// Why the theme could not render the review page of unit `key`, when it could not.
    fn page_problem_of(&self, key: &UnitKey) -> Option<Diagnostic> {
        let UnitKey::Review(id) = key else {
            return None;
        };
        let i = *self.derived.positions.get(id)?;
        self.entries[i].report.as_ref()?.page_problem.clone()
    }
}

/// Reads the report at `path` for a site kept for refreshing, without a build cache
/// ([`parsed_for_serve`]).
pub(super) fn read_entry_for_serve(
    dir: &Path,
    path: PathBuf,
    root: &Path,
    spill: &Arc<Spill>,
) -> Entry {
    let stamp = Stamp::of(&path);
    let (source, read_diagnostics) = content::read_report(dir, &path, root);
    Entry {
        path,
        derive_key: None,
        stamp,
        read_diagnostics,
        report: source.map(|src| parsed_for_serve(src, root, spill)),
    }
}

/// `src` parsed for a site kept for refreshing (no excerpts nor search documents yet: its
/// first render makes them), its review packed away into `spill` at once.
fn parsed_for_serve(src: SourceReport, root: &Path, spill: &Arc<Spill>) -> Box<Report> {
    let mut report = Report::without_docs(src, root, None);
    report.source.markdown = String::new();
    report.pack_keeping_docs(spill);
    Box::new(report)
}

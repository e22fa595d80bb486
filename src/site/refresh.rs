//! A change read again: the reports a file watcher names, or the content folder listed
//! again, and only what changed parsed and derived again.

use super::engine::Site;
use super::load::list_content;
use super::packed::Spill;
use super::report::{read_entry, Entry, Report, Stamp};
use crate::enrich::excerpts::Excerpter;
use crate::search;
use crate::timing;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a content refresh found, for the terminal.
#[derive(Debug, Default)]
pub struct ContentChanges {
    /// Reports read again whose content changed, new reports, removed reports.
    pub changed: Vec<PathBuf>,
    pub added: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

impl ContentChanges {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

impl Site {
    /// The site will be rendered again after changes (`serve`): what is costly to make
    /// and changes little is kept between renders (`threads.json`'s records).
    pub fn keep_between_renders(&mut self) {
        self.derived.threads.keep();
    }

    /// Packs away the reviews held open (all of them after the first render, the ones read
    /// again after a change) and frees their text, so a site kept between renders holds
    /// a summary per review, as a one-off build does: a page that shows a review reads it
    /// back. Not before the first render has made the code excerpts (they are attached to
    /// the open reviews). Text a report's page needs is read from disk when needed.
    pub fn pack_reviews(&mut self) {
        if self.excerpts_pending {
            return;
        }
        let spill = self
            .derived
            .spill
            .get_or_insert_with(|| Arc::new(Spill::new()))
            .clone();
        self.entries
            .par_iter_mut()
            .filter_map(|e| e.report.as_deref_mut())
            .filter_map(|r| r.review_mut().is_some().then_some(r))
            .for_each(|r| {
                r.source.markdown = String::new();
                r.pack_keeping_docs(&spill);
            });
        crate::memory::release_freed();
    }

    /// Reads again the reports that changed: those `touched` names (the paths a file
    /// watcher reported) and, when the folder must be listed again (`rescan`, or a touched
    /// path that is no known report), the reports that are new, gone, or whose report or
    /// sidecar changed on disk (modification time or size). A report whose text turns out
    /// unchanged is not parsed again.
    pub fn refresh_content(
        &mut self,
        touched: &HashSet<PathBuf>,
        rescan: bool,
    ) -> Result<ContentChanges> {
        self.settle_excerpts();
        self.settle_lineage();
        let report_of = |p: &Path| p.with_extension("md");
        // Saves of reports we know (the common case): read them again in place, without
        // listing the folder.
        let known: Option<Vec<usize>> = (!rescan && !touched.is_empty())
            .then(|| {
                touched
                    .iter()
                    .map(|p| {
                        let md = report_of(p);
                        self.position(&md).filter(|_| md.is_file())
                    })
                    .collect::<Option<Vec<usize>>>()
            })
            .flatten();
        match known {
            Some(positions) => Ok(self.reread(positions)),
            None => self.relist(touched),
        }
    }

    /// Reads again the known reports at `positions` in `entries`, in place.
    fn reread(&mut self, mut positions: Vec<usize>) -> ContentChanges {
        positions.sort_unstable();
        positions.dedup();
        let jobs: Vec<(usize, PathBuf, Option<Box<Report>>)> = positions
            .into_iter()
            .map(|i| {
                let e = &mut self.entries[i];
                e.derive_key = e.report.as_ref().map(|r| r.derive_key());
                (i, e.path.clone(), e.report.take())
            })
            .collect();
        let dir = self.config.content_dir.clone();
        let root = self.opts.root.clone();
        let cache = self.excerpts.clone();
        let excerpter = Excerpter::new(&self.config, &cache);
        let read: Vec<(usize, Entry, bool)> = timing::time("read changed", || {
            jobs.into_par_iter()
                .map(|(i, path, prev)| {
                    let before = prev.as_ref().map(|r| r.source_fp);
                    let entry = read_entry(&dir, path, &root, prev, Some(&excerpter));
                    let changed = before != entry.report.as_ref().map(|r| r.source_fp);
                    (i, entry, changed)
                })
                .collect()
        });
        self.merge_excerpt_diagnostics(excerpter.finish_by_repo());
        let mut changes = ContentChanges::default();
        // Reports whose id, summary and shape are unchanged (an edit of their text)
        // change only their own search documents: nothing else needs deriving again.
        let mut light = Vec::new();
        let mut heavy = false;
        for (i, entry, changed) in read {
            let old = &self.entries[i];
            let kept = self.derived.kept.binary_search(&i).is_ok();
            match (&old.derive_key, entry.report.as_ref()) {
                (Some(key), Some(r)) if *key == r.derive_key() => {
                    if changed && kept {
                        let docs = r.docs.clone().unwrap_or_default();
                        light.push((r.source.id.clone(), docs));
                    }
                }
                _ => heavy = true,
            }
            if changed {
                changes.changed.push(entry.path.clone());
            }
            self.entries[i] = entry;
        }
        if heavy {
            timing::time("derive", || self.derive());
        } else {
            // The lineage of a PR thread reads the findings' text.
            let in_thread = light
                .iter()
                .any(|(id, _)| self.derived.ctx.thread_position(id).is_some());
            self.replace_search_docs(light);
            if in_thread {
                timing::time("lineage", || self.refresh_lineage());
            }
        }
        changes
    }

    /// Puts the search documents of the reviews `light` names (by id) in the search index,
    /// for reports whose edit changed nothing but their own text.
    fn replace_search_docs(&mut self, light: Vec<(String, Arc<search::PackedDocs>)>) {
        let d = &mut self.derived;
        let at: HashMap<&str, usize> = d
            .index
            .reviews
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let changed: Vec<(usize, Arc<search::PackedDocs>)> = light
            .into_iter()
            .filter_map(|(id, docs)| at.get(id.as_str()).map(|&i| (i, docs)))
            .collect();
        timing::time("search update", || d.search.replace(changed));
    }

    /// Lists the content folder again and reads the reports that are new, or whose files
    /// are `touched` or changed on disk; forgets those gone.
    fn relist(&mut self, touched: &HashSet<PathBuf>) -> Result<ContentChanges> {
        let listing = timing::time("list content", || list_content(&self.config, &self.opts))?;
        self.listing_diagnostics = listing.diagnostics;
        let mut changes = ContentChanges::default();
        let listed: HashSet<&PathBuf> = listing.reports.iter().collect();
        let mut previous: HashMap<PathBuf, Entry> = HashMap::new();
        for e in std::mem::take(&mut self.entries) {
            if listed.contains(&e.path) {
                previous.insert(e.path.clone(), e);
            } else {
                changes.removed.push(e.path);
            }
        }
        let jobs: Vec<(PathBuf, Option<Entry>)> = listing
            .reports
            .into_iter()
            .map(|p| {
                let prev = previous.remove(&p);
                (p, prev)
            })
            .collect();
        let dir = self.config.content_dir.clone();
        let root = self.opts.root.clone();
        let cache = self.excerpts.clone();
        let excerpter = Excerpter::new(&self.config, &cache);
        // (entry, whether it is new, whether its content changed)
        let read: Vec<(Entry, bool, bool)> = timing::time("read changed", || {
            jobs.into_par_iter()
                .map(|(path, prev)| match prev {
                    Some(e)
                        if e.stamp == Stamp::of(&path)
                            && !touched.contains(&path)
                            && !touched.contains(&path.with_extension("json")) =>
                    {
                        (e, false, false)
                    }
                    Some(e) => {
                        let before = e.report.as_ref().map(|r| r.source_fp);
                        let entry = read_entry(&dir, path, &root, e.report, Some(&excerpter));
                        let changed = before != entry.report.as_ref().map(|r| r.source_fp);
                        (entry, false, changed)
                    }
                    None => (
                        read_entry(&dir, path, &root, None, Some(&excerpter)),
                        true,
                        true,
                    ),
                })
                .collect()
        });
        self.merge_excerpt_diagnostics(excerpter.finish_by_repo());
        for (entry, new, changed) in read {
            if new {
                changes.added.push(entry.path.clone());
            } else if changed {
                changes.changed.push(entry.path.clone());
            }
            self.entries.push(entry);
        }
        timing::time("derive", || self.derive());
        Ok(changes)
    }
}

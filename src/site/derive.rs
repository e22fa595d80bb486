//! What the pages are made from, derived from the reports after every change: which
//! report owns each stem, the site index and what every page shares, the search index, and
//! the review pages to render again because a review they name appeared or went away;
//! the lineage of the PR threads, worked out again after every change.

use super::engine::{Derived, Site};
use super::report::{Entry, Report};
use crate::aggregate::{self, SiteIndex};
use crate::config::Config;
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::render::{self, SiteContext};
use crate::search;
use crate::text::fingerprint;
use crate::timing;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

impl Derived {
    pub(super) fn empty(config: &Config) -> Derived {
        let index = SiteIndex::default();
        Derived {
            kept: Vec::new(),
            positions: HashMap::new(),
            duplicate_diagnostics: Vec::new(),
            skipped: Vec::new(),
            index_key: None,
            ctx: SiteContext::new(config, &[], &index),
            index,
            search: search::SearchIndex::default(),
            threads: Default::default(),
            spill: None,
            lineage_pending: false,
            forced: HashSet::new(),
        }
    }
}

impl Site {
    /// Recomputes what pages are made from: which report owns each stem, the site index,
    /// the search index. After a change, the review pages whose text names a review that
    /// appeared or went away (whatever made it: a file added or removed, a report that
    /// became readable or empty) are marked to be rendered again.
    pub(super) fn derive(&mut self) {
        // The reviews the site had (none on first load).
        let before: Option<HashSet<String>> = self
            .derived
            .index_key
            .is_some()
            .then(|| self.derived.positions.keys().cloned().collect());
        let mut reserved = Vec::new();
        let mut skipped = Vec::new();
        let candidates: Vec<(usize, &Report)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.report.as_deref().map(|r| (i, r)))
            .filter(|(i, r)| {
                let publish = self.publishes(r);
                if !publish {
                    skipped.push(content::shown_path(&self.entries[*i].path, &self.opts.root));
                }
                publish
            })
            .filter(|(i, r)| {
                // `search.md` would be `search.html`: the site's own page.
                let page = format!("{}.html", r.source.id);
                let ours = render::RESERVED_PAGES.contains(&page.as_str());
                if ours {
                    reserved.push(Diagnostic::warning(
                        content::shown_path(&self.entries[*i].path, &self.opts.root),
                        None,
                        format!("{page} is the site's own page, so this report cannot have it; skipped: rename the report"),
                    ));
                }
                !ours
            })
            .collect();
        let ids: Vec<(&Path, &str)> = candidates
            .iter()
            .map(|(i, r)| (self.entries[*i].path.as_path(), r.source.id.as_str()))
            .collect();
        let (keep, mut duplicate_diagnostics) = content::first_of_each_stem(&ids, &self.opts.root);
        duplicate_diagnostics.extend(reserved);
        let kept: Vec<(usize, &Report)> = candidates
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect();
        // The index and what every page shares depend on the reviews' ids and summaries
        // only: when none changed (an edit of a finding's text), they are kept.
        let index_key = fingerprint::combine(
            &kept
                .iter()
                .map(|(_, r)| (r.source.id.as_str(), r.summary_fp))
                .collect::<Vec<_>>(),
        );
        let by_id: HashMap<&str, &Report> = kept
            .iter()
            .map(|(_, r)| (r.source.id.as_str(), *r))
            .collect();
        let before_ctx = std::mem::replace(
            &mut self.derived.ctx,
            SiteContext::frame(&self.config, &SiteIndex::default(), []),
        );
        let (index, mut ctx) = match self.derived.index_key.take() {
            // The threads' lineage reads the findings' text, which the key does not
            // cover: worked out again below for the threads whose rounds changed; pages
            // it changes render again by their fingerprints (see `plan`).
            Some(key) if key == index_key => (std::mem::take(&mut self.derived.index), before_ctx),
            _ => {
                let index = aggregate::aggregate(
                    &self.config,
                    kept.iter().map(|(_, r)| r.summary.clone()).collect(),
                );
                let mut ctx =
                    SiteContext::frame(&self.config, &index, by_id.keys().map(|id| id.to_string()));
                ctx.keep_lineage_of(before_ctx);
                (index, ctx)
            }
        };
        // A site loaded for refreshing leaves its first lineage to its first render, as
        // it does its code excerpts: the pages a first visit needs do not show it.
        let lineage_pending = before.is_none() && self.excerpts_pending;
        if !lineage_pending {
            timing::time("lineage", || {
                ctx.refresh_lineage(
                    &index,
                    |id| by_id.get(id).and_then(|r| r.open_review()),
                    |id| by_id.get(id).map_or(0, |r| r.source_fp),
                )
            });
        }
        let docs = held_docs(&index, &by_id);
        let mut forced = std::mem::take(&mut self.derived.forced);
        if let Some(before) = before {
            let now: HashSet<&str> = by_id.keys().copied().collect();
            let appeared_or_gone: Vec<String> = before
                .iter()
                .filter(|id| !now.contains(id.as_str()))
                .map(String::as_str)
                .chain(now.iter().copied().filter(|id| !before.contains(*id)))
                .flat_map(|id| {
                    let encoded = crate::text::url_path::encode_url_path(id);
                    [id.to_string(), encoded]
                })
                .collect();
            if !appeared_or_gone.is_empty() {
                for (_, r) in &kept {
                    // A report packed away between renders freed its text: read again.
                    let text = match r.source.markdown.is_empty() {
                        true => std::fs::read_to_string(&r.source.path).map(Cow::Owned),
                        false => Ok(Cow::Borrowed(r.source.markdown.as_str())),
                    };
                    let names =
                        |text: &str| appeared_or_gone.iter().any(|id| text.contains(id.as_str()));
                    // (One that cannot be read any more is rendered again, to be sure.)
                    if text.as_deref().map_or(true, names) {
                        forced.insert(r.source.id.clone());
                    }
                }
            }
        }
        let positions: HashMap<String, usize> = kept
            .iter()
            .map(|(i, r)| (r.source.id.clone(), *i))
            .collect();
        let kept: Vec<usize> = kept.into_iter().map(|(i, _)| i).collect();
        let mut search = std::mem::take(&mut self.derived.search);
        if let Some(docs) = docs {
            search.update(docs);
        }
        self.derived = Derived {
            kept,
            positions,
            duplicate_diagnostics,
            skipped,
            index_key: Some(index_key),
            index,
            ctx,
            search,
            threads: std::mem::take(&mut self.derived.threads),
            spill: self.derived.spill.take(),
            lineage_pending,
            forced,
        };
    }
}

impl Site {
    /// Brings the search index up to the kept reviews' documents (once the first render
    /// made those a site loaded for refreshing left to it).
    pub(super) fn update_search(&mut self) {
        let Site {
            entries, derived, ..
        } = self;
        let by_id = kept_by_id(entries, &derived.kept);
        if let Some(docs) = held_docs(&derived.index, &by_id) {
            derived.search.update(docs);
        }
    }

    /// Works out the threads' lineage when the load left it to the first render (a site
    /// loaded for refreshing, see `derive`).
    pub(crate) fn settle_lineage(&mut self) {
        if std::mem::take(&mut self.derived.lineage_pending) {
            timing::time("lineage", || self.refresh_lineage());
        }
    }

    /// Works out the PR threads' lineage again, after an edit that left the index alone
    /// (the pages it changes render again by their fingerprints, see `plan`); the threads
    /// whose rounds did not change keep theirs.
    pub(super) fn refresh_lineage(&mut self) {
        let Site {
            entries, derived, ..
        } = self;
        let by_id = kept_by_id(entries, &derived.kept);
        derived.ctx.refresh_lineage(
            &derived.index,
            |id| by_id.get(id).and_then(|r| r.open_review()),
            |id| by_id.get(id).map_or(0, |r| r.source_fp),
        );
    }
}

/// The kept reports (at `kept` in `entries`) by id.
fn kept_by_id<'a>(entries: &'a [Entry], kept: &[usize]) -> HashMap<&'a str, &'a Report> {
    kept.iter()
        .filter_map(|&i| entries[i].report.as_deref())
        .map(|r| (r.source.id.as_str(), r))
        .collect()
}

/// The search documents of the reviews of `index`, in its order, when they hold them; `None`
/// when they were packed away with the reviews (a one-off build seals its own index from
/// them: an index made here would be thrown away).
fn held_docs(
    index: &SiteIndex,
    by_id: &HashMap<&str, &Report>,
) -> Option<Vec<Arc<search::PackedDocs>>> {
    index
        .reviews
        .iter()
        .filter_map(|s| by_id.get(s.id.as_str()))
        .map(|r| r.docs.clone())
        .collect()
}

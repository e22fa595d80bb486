//! The loaded site, kept between builds: the configuration, the theme, every report read,
//! parsed and enriched together with what the aggregate pages take from it, and what each
//! output was last rendered from.
//!
//! `build` loads a [`Site`] once and renders every page into its staging folder. `serve`
//! keeps it: after a change it re-reads only the files that changed
//! ([`Site::refresh_content`]), re-parses only the reports whose text changed, and
//! [`Site::render`] re-renders only the outputs whose inputs changed. Both go through the
//! same stages ([`crate::content`], [`parse_and_enrich`],
//! [`crate::aggregate`], [`crate::render::Renderer`]); nothing here renders a page itself.
//!
//! The outputs are grouped into units (one review page and its Markdown; the index; one
//! repository page; one PR thread page; the agent pages; ...). Each unit has a fingerprint
//! of its inputs, made from per-report fingerprints computed once when a report is parsed
//! (its source; its index summary; what the agent pages read; its key findings), so
//! deciding what to render costs no rendering. A unit is rendered when its fingerprint
//! changed; outputs a unit no longer writes are reported as removed.
//!
//! Code excerpts are made through an [`Excerpter`] over the site's [`ExcerptCache`], which
//! the site keeps, so a report saved again in `serve` reads nothing from the checkout that
//! an earlier build already read. After a full load they are made by the first
//! [`Site::render`], while the pages that do not show them render (reading and
//! highlighting code is most of their cost); a report read again gets them at once.
//! Excerpts and code links depend only on the report (its repository, commit, locations
//! and finding text) and the configuration (`book.toml`, which loads the site again, and
//! `--checkout`, fixed for the run), so a report's source fingerprint covers them.
//!
//! A site loaded for one build ([`Site::load_for_build`]) is never refreshed, so it frees
//! what has served: each report's text once parsed, the search documents once the index
//! is made, and, when no checkout is configured (no excerpts to overlap with), the text
//! only review pages show, once they are written and before the pages that gather every
//! review render.

use super::options::{BuildOptions, Loaded};
use super::pipeline::parse_and_enrich;
use crate::aggregate::{self, ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::content::{self, SourceReport};
use crate::diagnostics::{Diagnostic, Level};
use crate::enrich::excerpts::{Attachment, ExcerptCache, Excerpter};
use crate::model::Review;
use crate::output::Sink;
use crate::render::{self, Renderer, SiteContext};
use crate::search;
use crate::text::fingerprint;
use crate::timing;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A site in memory. See the module documentation.
pub struct Site {
    opts: BuildOptions,
    config: Config,
    /// Compiled on first render; dropped when the theme changes.
    renderer: Option<Renderer>,
    /// Every report file of the content folder, sorted by path (the walk's order).
    entries: Vec<Entry>,
    /// What was read from repository checkouts for code excerpts.
    excerpts: ExcerptCache,
    /// The per-repository excerpt problems (no checkout configured, a checkout that cannot
    /// be read), as the last full load found them, updated by refreshes.
    excerpt_diagnostics: Vec<(String, Diagnostic)>,
    /// The reports were loaded without their excerpts (see the module documentation).
    excerpts_pending: bool,
    /// Loaded for one build (`Site::load_for_build`): never refreshed, so what a page
    /// has used can be freed.
    one_off: bool,
    /// Problems of the content folder itself (unreadable folders, orphan sidecars).
    listing_diagnostics: Vec<Diagnostic>,
    /// Bumped when the theme or the static folder changes: every unit that depends on them
    /// is rendered again.
    theme_generation: u64,
    static_generation: u64,
    derived: Derived,
    /// What each unit was last rendered from, and the files it wrote.
    units: HashMap<String, Unit>,
}

/// What the pages are made from, derived from the reports after every change.
struct Derived {
    /// The reports that own their page (the first of each stem), in walk order, as
    /// positions in `entries`.
    kept: Vec<usize>,
    /// The same, by review id.
    positions: HashMap<String, usize>,
    /// Reports skipped: a stem another report owns, or a page the site writes itself.
    duplicate_diagnostics: Vec<Diagnostic>,
    /// The files skipped because they are not review reports, as shown to the user.
    skipped: Vec<String>,
    /// Of the kept reports' ids and summaries, which `index` and `ctx` are made from.
    index_key: Option<u64>,
    index: SiteIndex,
    ctx: SiteContext,
    search: search::SearchIndex,
    /// Ids whose review page must be rendered again whatever its fingerprint: pages whose
    /// text names a review that appeared or disappeared (links to it change).
    forced: HashSet<String>,
}

/// One report file: its stamp on disk, and the report read from it.
struct Entry {
    path: PathBuf,
    /// While the report is read again: its [`Report::derive_key`] as it was (a report
    /// with the same key changes nothing but itself).
    derive_key: Option<u64>,
    stamp: Stamp,
    read_diagnostics: Vec<Diagnostic>,
    /// `None` when the file cannot be a report (empty, binary, unreadable). Boxed: entries
    /// move when the map changes.
    report: Option<Box<Report>>,
}

/// Modification time and size of a report and of its sidecar: when both are unchanged the
/// files are not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    md: Option<(SystemTime, u64)>,
    json: Option<(SystemTime, u64)>,
}

impl Stamp {
    fn of(md: &Path) -> Stamp {
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
    /// The key of its page's unit: `review:<id>`.
    unit: String,
    pub review: Review,
    /// Parse and enrich problems.
    diagnostics: Vec<Diagnostic>,
    /// It has the shape of a review report ([`crate::enrich::shape`]); a file that does not is
    /// published only with `--include-non-reports`.
    is_report: bool,
    summary: ReviewSummary,
    docs: Arc<search::ReviewDocs>,
    /// Of the source (text, front matter, sidecar, place): equal means the same review.
    source_fp: u64,
    summary_fp: u64,
    agents_fp: u64,
    key_findings_fp: u64,
    /// Why its page could not be rendered by the theme, when it could not.
    page_problem: Option<Diagnostic>,
}

impl Report {
    /// Parses and enriches `source`, attaches its code excerpts when given an `excerpter`,
    /// and computes what the pages need from it. `root` is the site folder (diagnostics
    /// name files relative to it).
    pub fn new(source: SourceReport, root: &Path, excerpter: Option<&Excerpter>) -> Report {
        let (mut review, mut diagnostics) = parse_and_enrich(&source, root);
        if let Some(excerpter) = excerpter {
            diagnostics
                .extend(excerpter.attach(&mut review, &content::shown_path(&source.path, root)));
        }
        let summary = aggregate::summarise(&review);
        let docs = Arc::new(search::review_docs(&review, &summary));
        Report {
            is_report: crate::enrich::shape::sign_of(&review).is_some(),
            unit: format!("review:{}", source.id),
            source_fp: source_fingerprint(&source),
            summary_fp: fingerprint::of(&summary),
            agents_fp: crate::aggregate::agent_stats::inputs_fingerprint(&review),
            key_findings_fp: render::key_findings_fingerprint(&review),
            source,
            review,
            diagnostics,
            summary,
            docs,
            page_problem: None,
        }
    }

    /// What [`Site::derive`] reads from the report: its summary's fingerprint and whether
    /// it is a report.
    fn derive_key(&self) -> u64 {
        fingerprint::combine(&(self.summary_fp, self.is_report))
    }
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

/// A unit just rendered: its key and fingerprint, the files it wrote, and (for a review
/// page) why the theme could not render it.
struct Done {
    key: String,
    fingerprint: u64,
    outputs: Vec<String>,
    problem: Option<Diagnostic>,
}

/// A group of outputs rendered together, and what it was last rendered from.
struct Unit {
    fingerprint: u64,
    outputs: Vec<String>,
}

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

/// What a render wrote.
#[derive(Debug, Default)]
pub struct RenderReport {
    /// HTML pages rendered by the theme (not counting fallback pages).
    pub pages: usize,
    /// Files written, in no particular order.
    pub written: Vec<String>,
    /// Files the site no longer has (a removed report's page, a family that is gone).
    pub removed: Vec<String>,
}

impl Site {
    /// Reads the configuration and every report, and parses them (in parallel), with a
    /// fresh excerpt cache.
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        Site::load_with(opts, ExcerptCache::new())
    }

    /// [`Site::load`] reading code excerpts through `excerpts` (a handle: clones share it).
    pub fn load_with(opts: &BuildOptions, excerpts: ExcerptCache) -> Result<Site> {
        Site::load_impl(opts, excerpts, true)
    }

    /// [`Site::load_with`] for a one-off build: each report's text is freed once it is
    /// parsed (the `.md` beside each page is copied from disk), so the archive is not held
    /// twice. Such a site is not for refreshing: whether a page names a review that
    /// appeared or went away is looked up in that text.
    pub fn load_for_build(opts: &BuildOptions, excerpts: ExcerptCache) -> Result<Site> {
        Site::load_impl(opts, excerpts, false)
    }

    fn load_impl(opts: &BuildOptions, excerpts: ExcerptCache, keep_text: bool) -> Result<Site> {
        let config = Config::load(&opts.root, &opts.overrides)?;
        let listing = list_content(&config, opts)?;
        let dir = config.content_dir.clone();
        let entries: Vec<Entry> = timing::time("read and parse", || {
            // One report per task: with rayon's default splitting, a thread could be left
            // with a run of reports to parse alone while the others wait at the end.
            listing
                .reports
                .into_par_iter()
                .with_max_len(1)
                .map(|path| {
                    let mut entry = read_entry(&dir, path, &opts.root, None, None);
                    if let Some(r) = entry.report.as_mut().filter(|_| !keep_text) {
                        r.source.markdown = String::new();
                    }
                    entry
                })
                .collect()
        });
        let mut site = Site {
            opts: opts.clone(),
            derived: Derived::empty(&config),
            config,
            renderer: None,
            entries,
            listing_diagnostics: listing.diagnostics,
            excerpts,
            excerpt_diagnostics: Vec::new(),
            excerpts_pending: true,
            one_off: !keep_text,
            theme_generation: 0,
            static_generation: 0,
            units: HashMap::new(),
        };
        timing::time("derive", || site.derive());
        if !keep_text {
            // Nothing will be refreshed: the search documents have served the index.
            site.derived.search.seal();
            for r in site.entries.iter_mut().filter_map(|e| e.report.as_mut()) {
                r.docs = Arc::default();
            }
        }
        Ok(site)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The excerpt cache (to keep when the site is loaded again).
    pub fn excerpt_cache(&self) -> &ExcerptCache {
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
        let dir = self.config.content_dir.clone();
        let root = self.opts.root.clone();
        let cache = self.excerpts.clone();
        let excerpter = Excerpter::new(&self.config, &cache);
        let mut changes = ContentChanges::default();
        if let Some(mut positions) = known {
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
            // Reports whose id, summary and shape are unchanged (an edit of their text)
            // change only their own search documents: nothing else needs deriving again.
            let mut light = Vec::new();
            let mut heavy = false;
            self.merge_excerpt_diagnostics(excerpter.finish_by_repo());
            for (i, entry, changed) in read {
                let old = &self.entries[i];
                let kept = self.derived.kept.binary_search(&i).is_ok();
                match (&old.derive_key, entry.report.as_ref()) {
                    (Some(key), Some(r)) if *key == r.derive_key() => {
                        if changed && kept {
                            light.push((r.source.id.clone(), r.docs.clone()));
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
                let d = &mut self.derived;
                let at: HashMap<&str, usize> = d
                    .index
                    .reviews
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.as_str(), i))
                    .collect();
                let changed: Vec<(usize, Arc<search::ReviewDocs>)> = light
                    .into_iter()
                    .filter_map(|(id, docs)| at.get(id.as_str()).map(|&i| (i, docs)))
                    .collect();
                timing::time("search update", || d.search.replace(changed));
            }
            return Ok(changes);
        }

        let listing = timing::time("list content", || list_content(&self.config, &self.opts))?;
        self.listing_diagnostics = listing.diagnostics;
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

    /// Makes the excerpts of every report loaded without them (a no-op once made).
    /// [`Site::render`] does this itself; call it before [`Site::diagnostics`] when not
    /// rendering (`check`).
    pub fn settle_excerpts(&mut self) {
        if self.excerpts_pending {
            let made = self.make_excerpts();
            self.apply_excerpts(made);
        }
    }

    /// The excerpts of every report (by position in `entries`), and the per-repository
    /// problems, made without changing the reports.
    fn make_excerpts(&self) -> MadeExcerpts {
        let excerpter = Excerpter::new(&self.config, &self.excerpts);
        excerpter.start_readers();
        let made = self
            .entries
            .par_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let r = e.report.as_deref()?;
                let file = content::shown_path(&r.source.path, &self.opts.root);
                let (attachment, diags) = excerpter.excerpts_for(&r.review, &file);
                Some((i, attachment, diags))
            })
            .collect();
        MadeExcerpts {
            made,
            repo_diagnostics: excerpter.finish_by_repo(),
        }
    }

    /// Puts excerpts made by [`Site::make_excerpts`] on their reports.
    fn apply_excerpts(&mut self, excerpts: MadeExcerpts) {
        for (i, attachment, diags) in excerpts.made {
            if let Some(r) = self.entries[i].report.as_mut() {
                attachment.apply(&mut r.review);
                r.diagnostics.extend(diags);
            }
        }
        self.excerpt_diagnostics = excerpts.repo_diagnostics;
        self.excerpts_pending = false;
    }

    /// Adds the per-repository excerpt problems a refresh found about repositories the
    /// site's list does not mention yet. (A refresh reads only changed reports, so its
    /// tallies are partial: those of the full load stand for the repositories they name.)
    fn merge_excerpt_diagnostics(&mut self, found: Vec<(String, Diagnostic)>) {
        let known: HashSet<(String, Level)> = self
            .excerpt_diagnostics
            .iter()
            .map(|(repo, d)| (repo.clone(), d.level))
            .collect();
        self.excerpt_diagnostics.extend(
            found
                .into_iter()
                .filter(|(repo, d)| !known.contains(&(repo.clone(), d.level))),
        );
    }

    /// The position of the report file `path` in `entries`.
    fn position(&self, path: &Path) -> Option<usize> {
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
    fn publishes(&self, r: &Report) -> bool {
        r.is_report || self.opts.include_non_reports
    }

    fn kept_reports(&self) -> impl Iterator<Item = &Report> {
        self.derived
            .kept
            .iter()
            .filter_map(|&i| self.entries[i].report.as_deref())
    }

    /// Recomputes what pages are made from: which report owns each stem, the site index,
    /// the search index. After a change, the review pages whose text names a review that
    /// appeared or went away (whatever made it: a file added or removed, a report that
    /// became readable or empty) are marked to be rendered again.
    fn derive(&mut self) {
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
        let (index, ctx) = match self.derived.index_key.take() {
            Some(key) if key == index_key => (
                std::mem::take(&mut self.derived.index),
                std::mem::replace(
                    &mut self.derived.ctx,
                    SiteContext::new(&self.config, &[], &SiteIndex::default()),
                ),
            ),
            _ => {
                let index = aggregate::aggregate(
                    &self.config,
                    kept.iter().map(|(_, r)| r.summary.clone()).collect(),
                );
                let reviews: Vec<&Review> = kept.iter().map(|(_, r)| &r.review).collect();
                let ctx = SiteContext::new(&self.config, &reviews, &index);
                (index, ctx)
            }
        };
        let by_id: HashMap<&str, &Report> = kept
            .iter()
            .map(|(_, r)| (r.source.id.as_str(), *r))
            .collect();
        let docs: Vec<Arc<search::ReviewDocs>> = index
            .reviews
            .iter()
            .filter_map(|s| by_id.get(s.id.as_str()).map(|r| r.docs.clone()))
            .collect();
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
                    if appeared_or_gone
                        .iter()
                        .any(|id| r.source.markdown.contains(id.as_str()))
                    {
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
        search.update(docs);
        self.derived = Derived {
            kept,
            positions,
            duplicate_diagnostics,
            skipped,
            index_key: Some(index_key),
            index,
            ctx,
            search,
            forced,
        };
    }

    /// Every problem found, in order: the content folder, each file as read, duplicate
    /// stems, then each report's parse and page problems. A page the theme could not render
    /// is a warning, unless no review page rendered at all (then the theme is broken: an
    /// error). Files skipped as not review reports say nothing of their own: one note
    /// names them, last, or the error of a site with no review to publish
    /// ([`Site::no_reports`]) does.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = self.listing_diagnostics.clone();
        for e in &self.entries {
            if e.report.as_deref().is_some_and(|r| !self.publishes(r)) {
                continue;
            }
            out.extend(e.read_diagnostics.iter().cloned());
        }
        out.extend(self.excerpt_diagnostics.iter().map(|(_, d)| d.clone()));
        out.extend(self.derived.duplicate_diagnostics.iter().cloned());
        let mut failed = Vec::new();
        for r in self.kept_reports() {
            out.extend(r.diagnostics.iter().cloned());
            failed.extend(r.page_problem.clone());
        }
        out.extend(render::review_page_failures(
            failed,
            self.derived.kept.len(),
        ));
        match self.no_reports() {
            // It names the files skipped itself.
            Some(error) => out.push(error),
            None if !self.derived.skipped.is_empty() => {
                out.push(skipped_note(&self.derived.skipped))
            }
            None => {}
        }
        out
    }

    /// The error of a site with no review to publish (`no_reports_error`). `build`
    /// fails with it before it touches the output folder (an empty site would replace a
    /// good one); `check` and `serve` list it with the other problems.
    pub fn no_reports(&self) -> Option<Diagnostic> {
        self.derived.kept.is_empty().then(|| {
            no_reports_error(
                &self.config.content_dir,
                self.entries.len(),
                &self.derived.skipped,
            )
        })
    }

    /// The number of reviews on the site.
    pub fn reviews(&self) -> usize {
        self.derived.kept.len()
    }

    /// Renders into `out` every unit whose inputs changed since the last render (all of
    /// them the first time). An error (a theme that does not compile, a template that
    /// fails on an aggregate page, a file that cannot be written) leaves the site's record
    /// of what was rendered unchanged, so the next render tries again.
    ///
    /// After a fresh load the code excerpts are made here, while the pages that do not
    /// show them (index, repositories, threads, agents, ...) render; then the review pages.
    pub fn render(&mut self, out: &dyn Sink) -> Result<RenderReport> {
        if self.renderer.is_none() {
            self.renderer = Some(Renderer::new(&self.config)?);
        }
        let mut results = Vec::new();
        let checkouts = self.config.repos.values().any(|r| r.checkout.is_some());
        if self.excerpts_pending && self.one_off && !checkouts {
            // No checkout to read excerpts from, so nothing to overlap with: the review
            // pages go first, then the text only they show is freed before the pages that
            // gather every review (agents, repositories, threads) render. Only the code
            // links are made (string work, no git).
            timing::time("code links", || self.settle_excerpts());
            results = self.render_pass(out, Pass::ReviewPages)?.0;
            timing::time("free page text", || {
                self.free_page_text();
                crate::memory::release_freed();
            });
        } else if self.excerpts_pending {
            let (made, early) = rayon::join(
                || timing::time("excerpts", || self.make_excerpts()),
                || self.render_pass(out, Pass::WithoutExcerpts),
            );
            self.apply_excerpts(made);
            results = early?.0;
        }
        let (late, live) = self.render_pass(out, Pass::Rest(&results))?;
        results.extend(late);
        Ok(self.record(results, live))
    }

    /// Frees the Markdown that only review pages show (section and finding bodies, code
    /// blocks, code links, the agents' original reviews), once those pages are written. For a
    /// one-off build: a refresh would need it again.
    fn free_page_text(&mut self) {
        debug_assert!(self.one_off);
        self.entries
            .par_iter_mut()
            .filter_map(|e| e.report.as_mut())
            .for_each(|r| {
                let review = &mut r.review;
                review.preamble = String::new();
                review.source_links = None;
                for s in &mut review.sections {
                    s.body = String::new();
                }
                for f in &mut review.findings {
                    f.body = String::new();
                    f.fix = None;
                    f.code_blocks = Vec::new();
                    f.excerpts = Vec::new();
                }
                for a in &mut review.appendix {
                    a.markdown = String::new();
                }
            });
    }

    /// Renders the dirty units `pass` covers. Returns what was rendered and, when units
    /// came or went since the last render, the keys of every unit the site has now.
    fn render_pass(
        &self,
        out: &dyn Sink,
        pass: Pass,
    ) -> Result<(Vec<Done>, Option<HashSet<String>>)> {
        let renderer = self.renderer.as_ref().expect("renderer loaded by render");
        let view = View::of(self);
        let jobs = timing::time("plan", || self.plan(&view));
        let done: HashSet<&str> = match pass {
            Pass::Rest(done) => done.iter().map(|d| d.key.as_str()).collect(),
            Pass::WithoutExcerpts | Pass::ReviewPages => HashSet::new(),
        };
        let dirty: Vec<&(Cow<str>, u64, Job)> = jobs
            .iter()
            .filter(|(key, fp, job)| {
                let forced = matches!(job, Job::Review(i)
                    if self.derived.forced.contains(&view.reports[*i].source.id));
                forced || self.units.get(key.as_ref()).map(|u| u.fingerprint) != Some(*fp)
            })
            .filter(|(key, _, job)| match pass {
                Pass::WithoutExcerpts => !matches!(job, Job::Review(_) | Job::Assets),
                Pass::ReviewPages => matches!(job, Job::Review(_)),
                Pass::Rest(_) => !done.contains(key.as_ref()),
            })
            .collect();
        // Every unit is planned each time: when there are as many as before and the dirty
        // ones all existed, no unit went away.
        let same_units = jobs.len() == self.units.len()
            && dirty
                .iter()
                .all(|(k, _, _)| self.units.contains_key(k.as_ref()));
        let live: Option<HashSet<String>> =
            (!same_units).then(|| jobs.iter().map(|(k, _, _)| k.to_string()).collect());
        let run = |(key, fp, job): &(Cow<str>, u64, Job)| -> Result<Done> {
            if crate::output::stop_requested() {
                // Ctrl-C: the build is being abandoned, render nothing more.
                bail!("interrupted");
            }
            let rec = Recorder {
                inner: out,
                paths: Mutex::new(Vec::new()),
            };
            let problem = timing::time(key, || self.render_job(renderer, &view, job, &rec))
                .with_context(|| format!("cannot render {}", job.describe(self, &view)))?;
            Ok(Done {
                key: key.to_string(),
                fingerprint: *fp,
                outputs: rec.paths.into_inner().unwrap_or_else(|e| e.into_inner()),
                problem,
            })
        };
        // The static folder goes over everything: its unit is written last, and again
        // when a page was written over one of its files.
        let (assets, pages): (Vec<_>, Vec<_>) = dirty
            .into_iter()
            .partition(|(_, _, j)| matches!(j, Job::Assets));
        let mut results: Vec<Done> = pages.par_iter().map(|j| run(j)).collect::<Result<_>>()?;
        if let Pass::Rest(before) = pass {
            let static_files = self.units.get("assets").map(|u| &u.outputs);
            let overwritten = static_files.is_some_and(|files| {
                results
                    .iter()
                    .chain(before.iter())
                    .any(|d| d.outputs.iter().any(|p| files.contains(p)))
            });
            if !assets.is_empty() || overwritten {
                if let Some(job) = jobs.iter().find(|(_, _, j)| matches!(j, Job::Assets)) {
                    results.push(run(job)?);
                }
            }
        }
        Ok((results, live))
    }

    /// Records what a render did: each unit's fingerprint and files, the files gone, the
    /// review pages the theme could not render.
    fn record(&mut self, results: Vec<Done>, live: Option<HashSet<String>>) -> RenderReport {
        let mut report = RenderReport::default();
        let mut problems: HashMap<String, Option<Diagnostic>> = HashMap::new();
        for done in results {
            if let Some(id) = done.key.strip_prefix("review:") {
                report.pages += usize::from(done.problem.is_none());
                problems.insert(id.to_string(), done.problem);
            } else {
                report.pages += done.outputs.iter().filter(|p| p.ends_with(".html")).count();
            }
            let old = self.units.insert(
                done.key,
                Unit {
                    fingerprint: done.fingerprint,
                    outputs: done.outputs.clone(),
                },
            );
            if let Some(old) = old {
                let now: HashSet<&String> = done.outputs.iter().collect();
                report
                    .removed
                    .extend(old.outputs.into_iter().filter(|p| !now.contains(p)));
            }
            report.written.extend(done.outputs);
        }
        // Units the site no longer has.
        if let Some(live) = live {
            self.units.retain(|k, u| {
                let keep = live.contains(k);
                if !keep {
                    report.removed.append(&mut u.outputs);
                }
                keep
            });
        }
        if !report.removed.is_empty() {
            let present: HashSet<&String> =
                self.units.values().flat_map(|u| u.outputs.iter()).collect();
            report.removed.retain(|p| !present.contains(p));
            report.removed.sort();
            report.removed.dedup();
        }
        for (id, problem) in problems {
            if let Some(&i) = self.derived.positions.get(&id) {
                if let Some(r) = self.entries[i].report.as_mut() {
                    r.page_problem = problem;
                }
            }
        }
        self.derived.forced.clear();
        report
    }

    /// Every unit of the site with the fingerprint of its inputs.
    fn plan<'v>(&'v self, view: &View<'v>) -> Vec<(Cow<'v, str>, u64, Job)> {
        let d = &self.derived;
        let theme = self.theme_generation;
        let frame = d.ctx.frame_fingerprint();
        // A fingerprint of one fingerprint of each review, in the index's order.
        let in_index_order = |f: fn(&Report) -> u64| {
            fingerprint::combine(
                &d.index
                    .reviews
                    .iter()
                    .map(|s| view.get(&s.id).map_or(0, f))
                    .collect::<Vec<u64>>(),
            )
        };
        let summaries_fp = in_index_order(|r| r.summary_fp);
        let mut jobs = Vec::with_capacity(view.reports.len() + 64);
        for (i, r) in view.reports.iter().enumerate() {
            let fp = fingerprint::combine(&(
                theme,
                frame,
                r.source_fp,
                d.ctx.thread_position(&r.source.id),
            ));
            jobs.push((Cow::Borrowed(r.unit.as_str()), fp, Job::Review(i)));
        }
        jobs.push((
            Cow::Borrowed("index"),
            fingerprint::combine(&(theme, frame, summaries_fp)),
            Job::Index,
        ));
        let agents: Vec<(&str, u64)> = view
            .reports
            .iter()
            .map(|r| (r.source.id.as_str(), r.agents_fp))
            .collect();
        jobs.push((
            Cow::Borrowed("agents"),
            fingerprint::combine(&(theme, frame, agents)),
            Job::Agents,
        ));
        let of = |s: &ReviewSummary| {
            view.get(&s.id).map_or((0, 0, 0), |r| {
                (r.summary_fp, r.agents_fp, r.key_findings_fp)
            })
        };
        for (ri, repo) in d.index.repos.iter().enumerate() {
            let reviews: Vec<(u64, u64, u64)> = repo.reviews.iter().map(of).collect();
            let head = (&repo.slug, &repo.title, &repo.web_url, &repo.url);
            jobs.push((
                Cow::Owned(format!("repo:{}", repo.url)),
                fingerprint::combine(&(theme, frame, head, &reviews)),
                Job::Repo(ri),
            ));
            for (ti, thread) in repo.threads.iter().enumerate() {
                let rounds: Vec<(u64, u64, u64)> = thread.rounds.iter().map(of).collect();
                jobs.push((
                    Cow::Owned(format!("thread:{}", thread.url)),
                    fingerprint::combine(&(theme, frame, head, &thread.title, &rounds)),
                    Job::Thread(ri, ti),
                ));
            }
        }
        let frame_only = fingerprint::combine(&(theme, frame));
        jobs.push((Cow::Borrowed("404"), frame_only, Job::NotFound));
        jobs.push((Cow::Borrowed("search"), frame_only, Job::SearchPage));
        jobs.push((Cow::Borrowed("sitemap"), summaries_fp, Job::Sitemap));
        jobs.push((Cow::Borrowed("feed"), summaries_fp, Job::Feed));
        jobs.push((Cow::Borrowed("export"), summaries_fp, Job::Export));
        let search_fp = in_index_order(|r| r.source_fp);
        jobs.push((Cow::Borrowed("search-index"), search_fp, Job::SearchIndex));
        jobs.push((
            Cow::Borrowed("assets"),
            fingerprint::combine(&(theme, self.static_generation)),
            Job::Assets,
        ));
        jobs
    }

    /// Renders one unit into `out`. For a review page, returns why the theme could not
    /// render it (a fallback page was written instead).
    fn render_job(
        &self,
        renderer: &Renderer,
        view: &View,
        job: &Job,
        out: &dyn Sink,
    ) -> Result<Option<Diagnostic>> {
        let d = &self.derived;
        let config = &self.config;
        let reviews_of = |summaries: &[ReviewSummary]| -> Vec<&Review> {
            summaries
                .iter()
                .filter_map(|s| view.get(&s.id).map(|r| &r.review))
                .collect()
        };
        match job {
            Job::Review(i) => {
                let r = view.reports[*i];
                let problem = renderer.review_page(&d.ctx, &r.review, &r.summary, out)?;
                out.copy_file(&format!("{}.md", r.source.id), &r.source.path)?;
                return Ok(problem);
            }
            Job::Index => {
                renderer.index_page(&d.ctx, &d.index, out)?;
            }
            Job::Agents => {
                let reviews: Vec<&Review> = view.reports.iter().map(|r| &r.review).collect();
                renderer.agent_pages(&d.ctx, &reviews, &d.index, out)?;
            }
            Job::Repo(ri) => {
                let repo = &d.index.repos[*ri];
                renderer.repo_page(&d.ctx, repo, &reviews_of(&repo.reviews), out)?;
            }
            Job::Thread(ri, ti) => {
                let repo = &d.index.repos[*ri];
                let thread = &repo.threads[*ti];
                renderer.thread_page(&d.ctx, thread, repo, &reviews_of(&thread.rounds), out)?;
            }
            Job::NotFound => {
                renderer.not_found_page(&d.ctx, config, out)?;
            }
            Job::SearchPage => {
                renderer.search_page(&d.ctx, out)?;
            }
            Job::Sitemap => {
                out.write(
                    "sitemap.xml",
                    render::sitemap_xml(config, &d.index).as_bytes(),
                )?;
            }
            Job::Feed => {
                out.write("feed.xml", render::feed::feed(config, &d.index).as_bytes())?;
            }
            Job::Export => {
                out.write(
                    "reviews.json",
                    render::export::reviews_json(config, &d.index).as_bytes(),
                )?;
            }
            Job::SearchIndex => {
                out.write(search::INDEX_FILE, d.search.script().as_bytes())?;
            }
            Job::Assets => {
                renderer.assets(config, out)?;
            }
        }
        Ok(None)
    }

    /// The archive as the batch stages see it (for `check`, `comment` and tests).
    pub fn into_loaded(mut self) -> Loaded {
        self.settle_excerpts();
        let diagnostics = self.diagnostics();
        let (mut sources, mut reviews, mut summaries) = (Vec::new(), Vec::new(), Vec::new());
        let kept = std::mem::take(&mut self.derived.kept);
        for i in kept {
            if let Some(r) = self.entries[i].report.take() {
                // Excerpts do not change a summary: the one made at parse time stands.
                sources.push(r.source);
                reviews.push(r.review);
                summaries.push(r.summary);
            }
        }
        Loaded {
            config: self.config,
            sources,
            reviews,
            summaries,
            diagnostics,
        }
    }
}

impl Derived {
    fn empty(config: &Config) -> Derived {
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
            forced: HashSet::new(),
        }
    }
}

/// The reports that own their page, resolved once per render: in walk order, and by id.
struct View<'a> {
    site: &'a Site,
    reports: Vec<&'a Report>,
}

impl<'a> View<'a> {
    fn of(site: &'a Site) -> View<'a> {
        View {
            site,
            reports: site.kept_reports().collect(),
        }
    }

    /// The report that owns the page of review `id`.
    fn get(&self, id: &str) -> Option<&'a Report> {
        let site = self.site;
        site.derived
            .positions
            .get(id)
            .and_then(|&i| site.entries[i].report.as_deref())
    }
}

/// Code excerpts made for reports loaded without them.
struct MadeExcerpts {
    /// (position in `entries`, excerpts, their problems).
    made: Vec<(usize, Attachment, Vec<Diagnostic>)>,
    repo_diagnostics: Vec<(String, Diagnostic)>,
}

/// Which dirty units a render pass renders.
#[derive(Clone, Copy)]
enum Pass<'a> {
    /// Those that do not show code excerpts (all but review pages), and not the static
    /// folder (written last).
    WithoutExcerpts,
    /// The review pages only.
    ReviewPages,
    /// All but those already rendered.
    Rest(&'a [Done]),
}

/// A unit of outputs to render.
enum Job {
    /// `<id>.html` and `<id>.md` of the report `View::reports[i]`.
    Review(usize),
    Index,
    /// `agents/`: the leaderboard, its sorted copies and the family pages.
    Agents,
    /// The repository `index.repos[i]`.
    Repo(usize),
    /// The PR thread `index.repos[i].threads[j]`.
    Thread(usize, usize),
    NotFound,
    SearchPage,
    Sitemap,
    Feed,
    Export,
    SearchIndex,
    /// The theme's assets, the highlight stylesheet and the static folder.
    Assets,
}

impl Job {
    /// What the unit is, for error messages.
    fn describe(&self, site: &Site, view: &View) -> String {
        match self {
            Job::Review(i) => {
                let p = &view.reports[*i].source.path;
                format!("the page of {}", content::shown_path(p, &site.opts.root))
            }
            Job::Index => "index.html".into(),
            Job::Agents => "the agent pages".into(),
            Job::Repo(i) => site.derived.index.repos[*i].url.clone(),
            Job::Thread(i, j) => site.derived.index.repos[*i].threads[*j].url.clone(),
            Job::NotFound => "404.html".into(),
            Job::SearchPage => "search.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Feed => "feed.xml".into(),
            Job::Export => "reviews.json".into(),
            Job::SearchIndex => search::INDEX_FILE.into(),
            Job::Assets => "the theme's assets and the static folder".into(),
        }
    }
}

/// A sink that remembers the paths written through it.
struct Recorder<'a> {
    inner: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Recorder<'_> {
    fn record(&self, rel: &str) -> Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        Ok(())
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.inner.write(rel, bytes)?;
        self.record(rel)
    }
    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        self.inner.copy_file(rel, src)?;
        self.record(rel)
    }
}

/// Lists the content folder, skipping the site's other folders when the content folder is
/// the site root. No report and a missing content folder is an error.
fn list_content(config: &Config, opts: &BuildOptions) -> Result<content::Listing> {
    let exclude = [
        config.output_dir.clone(),
        config
            .theme_dir
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default(),
        config.static_dir.clone(),
        config.root.join("target"),
    ];
    let listing = content::list(&config.content_dir, &opts.root, &exclude);
    if listing.reports.is_empty() {
        if let Some(e) = listing.diagnostics.iter().find(|d| d.level == Level::Error) {
            bail!("{}: {}", e.file, e.message);
        }
    }
    Ok(listing)
}

/// The one note about the files skipped because they are not review reports (`skipped`,
/// as shown to the user): never a problem, since a repository's content folder may well
/// hold a CONTRIBUTING.md beside the reports.
fn skipped_note(skipped: &[String]) -> Diagnostic {
    let n = skipped.len();
    Diagnostic::note(format!(
        "skipped {n} Markdown {} ({}); --include-non-reports publishes {}",
        if n == 1 {
            "file that is not a review report"
        } else {
            "files that are not review reports"
        },
        some_names(skipped),
        if n == 1 { "it" } else { "them" }
    ))
}

/// Up to three of `names`, and how many more: `a.md, b.md, c.md and 2 more`.
fn some_names(names: &[String]) -> String {
    if names.len() <= 3 {
        names.join(", ")
    } else {
        format!("{} and {} more", names[..3].join(", "), names.len() - 3)
    }
}

/// "No review reports in `folder`" (the content folder, as the user would type it): what
/// it holds (`listed` Markdown files, of which `skipped` are not reports), and what to do.
fn no_reports_error(folder: &Path, listed: usize, skipped: &[String]) -> Diagnostic {
    let folder = match folder.display().to_string() {
        dot if dot == "." => "the current folder (.)".to_string(),
        shown => shown,
    };
    let found = match skipped.len() {
        _ if listed == 0 => "it holds no Markdown files (*.md; README.md, index.md and \
                             _*.md are never reports)"
            .to_string(),
        0 => format!("none of its {listed} Markdown file(s) could be published (see the warnings)"),
        1 => format!("1 Markdown file is not a review report ({})", skipped[0]),
        n => format!(
            "{n} Markdown files are not review reports ({})",
            some_names(skipped)
        ),
    };
    let include = match skipped.len() {
        0 => "",
        1 => "; if it is a report, --include-non-reports publishes it",
        _ => "; if they are reports, --include-non-reports publishes them",
    };
    Diagnostic::error(
        "",
        None,
        format!(
            "no review reports in {folder}: {found}; point --root at the folder that holds \
             the reports, or at the folder above it when it is a content/ folder{include}"
        ),
    )
}

/// Reads the report at `path`. When `previous` holds the report as last read and the text
/// is the same, that report is kept as it is (nothing is parsed again).
fn read_entry(
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

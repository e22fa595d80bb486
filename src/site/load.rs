//! Loading a site: the configuration read, the content folder listed, every report read
//! and parsed (in parallel), what the pages are made from derived; and the loaded archive
//! handed over as the batch stages see it.

use super::cache::{self, BuildCache};
use super::engine::{Derived, Site};
use super::options::CacheDir;
use super::options::{BuildOptions, Loaded};
use super::packed::Spill;
use super::report::{read_entry, Entry, Report};
use super::reuse::{read_cached_entry, read_entry_for_serve, ChangedIds, Through};
use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Level};
use crate::enrich::excerpts::{ExcerptCache, Excerpter};
use crate::enrich::shape;
use crate::search;
use crate::timing;
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

    /// [`Site::load_with`] for a one-off build: its excerpts are made at once, its search
    /// index is made and sealed, and it writes the build cache. (Both kinds pack each
    /// review away once it is parsed and free the report's text; a page that needs the
    /// text reads it from disk.)
    pub fn load_for_build(opts: &BuildOptions, excerpts: ExcerptCache) -> Result<Site> {
        Site::load_impl(opts, excerpts, false)
    }

    fn load_impl(opts: &BuildOptions, excerpts: ExcerptCache, refreshable: bool) -> Result<Site> {
        let config = Config::load(&opts.root, &opts.overrides)?;
        let mut listing = list_content(&config, opts)?;
        let dir = config.content_dir.clone();
        // A one-off build makes each report's excerpts at once and packs the review away
        // (see `report`); a site kept for refreshing makes them in its first render.
        let excerpter = (!refreshable).then(|| Excerpter::new(&config, &excerpts));
        if let Some(excerpter) = &excerpter {
            excerpter.start_readers();
        }
        // A site kept for refreshing reads the build cache a build left, never writes it.
        let through = if refreshable {
            Through::Serve
        } else {
            Through::Build
        };
        let cache = timing::time("cache", || match cache_dir(&config, opts) {
            None => None,
            Some(dir) if refreshable => Some(BuildCache::open_to_read(&dir, &config, opts)),
            Some(dir) => BuildCache::open(&dir, &config, opts)
                .map_err(|note| listing.diagnostics.push(note))
                .ok(),
        });
        // Every review is packed away once read (a site kept for refreshing keeps its
        // search documents in memory too), so the load holds a summary per review.
        let spill = Some(Arc::new(Spill::new()));
        let previous = match &cache {
            Some(c) if through == Through::Build => &c.previous.ids[..],
            _ => &[],
        };
        let changed = ChangedIds::new(&listing.reports, previous);
        let (entries, names_changed): (Vec<Entry>, Vec<bool>) =
            timing::time("read and parse", || {
                // One report per task: with rayon's default splitting, a thread could be
                // left with a run of reports to parse alone while the others wait at the end.
                listing
                    .reports
                    .into_par_iter()
                    .with_max_len(1)
                    .map(|path| match (&cache, &spill) {
                        (Some(cache), Some(spill)) => {
                            let through = (cache, spill, through);
                            let e = excerpter.as_ref();
                            read_cached_entry(&dir, path, &opts.root, e, through, &changed)
                        }
                        (None, Some(spill)) if refreshable => {
                            (read_entry_for_serve(&dir, path, &opts.root, spill), false)
                        }
                        _ => {
                            let e = excerpter.as_ref();
                            let mut entry = read_entry(&dir, path, &opts.root, None, e);
                            if let (Some(r), Some(spill)) = (entry.report.as_mut(), &spill) {
                                r.source.markdown = String::new();
                                r.pack(spill);
                            }
                            (entry, false)
                        }
                    })
                    .unzip()
            });
        let excerpt_diagnostics = excerpter.map(Excerpter::finish_by_repo);
        let mut site = Site {
            opts: opts.clone(),
            derived: Derived::empty(&config),
            config,
            renderer: None,
            entries,
            listing_diagnostics: listing.diagnostics,
            excerpts,
            excerpts_pending: excerpt_diagnostics.is_none(),
            excerpt_diagnostics: excerpt_diagnostics.unwrap_or_default(),
            theme_generation: 0,
            static_generation: 0,
            units: HashMap::new(),
            cache,
        };
        if let Some(cache) = site.cache.as_mut() {
            let threads = std::mem::take(&mut cache.previous.threads);
            site.derived.ctx.keep_stored_lineage(threads);
            if through == Through::Build {
                let records = std::mem::take(&mut cache.previous.thread_records);
                site.derived.threads.keep_stored(records);
            }
        }
        timing::time("derive", || site.derive());
        site.take_from_cache(&names_changed, &changed);
        if refreshable {
            // Read from: nothing more to take.
            site.cache = None;
        }
        if !refreshable {
            // The search documents were packed away with the reviews: the index is made
            // from them one review at a time, and sealed (nothing will be refreshed).
            site.derived.search = timing::time("search index", || site.sealed_search())?;
            for r in site.entries.iter_mut().filter_map(|e| e.report.as_mut()) {
                r.docs = None;
            }
            // The reviews read back for the lineage, and the documents, are gone.
            crate::memory::release_freed();
        }
        Ok(site)
    }

    /// The search index of the kept reviews, in the site index's order, made from their
    /// documents read back one at a time by each thread.
    fn sealed_search(&self) -> Result<search::SearchIndex> {
        let d = &self.derived;
        let reports: Vec<&Report> = d
            .index
            .reviews
            .iter()
            .filter_map(|s| self.entries[*d.positions.get(&s.id)?].report.as_deref())
            .collect();
        // Counted in a run of consecutive reviews per thread, each reading its documents
        // back one at a time; then joined.
        let per_part = reports.len().div_ceil(rayon::current_num_threads()).max(1);
        let parts: Vec<search::SealedPart> = reports
            .par_chunks(per_part)
            .enumerate()
            .map(|(k, part)| {
                let docs = part.iter().map(|r| r.search_docs());
                search::SealedPart::read(docs, k * per_part)
            })
            .collect::<Result<_>>()?;
        Ok(search::SearchIndex::sealed_of(parts))
    }

    /// The archive as the batch stages see it (for `check`, `comment` and tests).
    pub(crate) fn into_loaded(mut self) -> Loaded {
        self.settle_excerpts();
        let diagnostics = self.diagnostics();
        let (mut sources, mut reviews, mut summaries) = (Vec::new(), Vec::new(), Vec::new());
        let kept = std::mem::take(&mut self.derived.kept);
        for i in kept {
            if let Some(r) = self.entries[i].report.take() {
                // Excerpts do not change a summary: the one made at parse time stands.
                let (source, review, summary) = r.into_parts();
                sources.push(source);
                reviews.push(review);
                summaries.push(summary);
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

/// The build cache folder `opts` ask for, if any.
pub(super) fn cache_dir(config: &Config, opts: &BuildOptions) -> Option<PathBuf> {
    match &opts.cache {
        CacheDir::Off => None,
        CacheDir::BesideOutput => Some(cache::default_dir(&config.output_dir)),
        CacheDir::At(dir) => Some(crate::output::absolute(dir)),
    }
}

/// Lists the content folder, skipping the site's other folders when the content folder is
/// the site root. No report and a missing content folder is an error.
pub(super) fn list_content(config: &Config, opts: &BuildOptions) -> Result<content::Listing> {
    let exclude = [
        config.output_dir.clone(),
        config
            .theme_dir
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default(),
        config.static_dir.clone(),
        config.root.join("target"),
        cache_dir(config, opts).unwrap_or_default(),
    ];
    let mut listing = content::list(&config.content_dir, &opts.root, &exclude);
    let orphans = orphan_sidecars(&listing.orphan_json, &opts.root);
    listing.diagnostics.extend(orphans);
    // Links are skipped when the static folder and the theme are copied: each is named.
    for (dir, what) in [
        (config.static_dir.clone(), "static file"),
        (config.theme_dir.join("templates"), "theme template"),
        (config.theme_dir.join("static"), "theme file"),
    ] {
        let links = content::linked_files(&dir, &opts.root, what);
        listing.diagnostics.extend(links);
    }
    if listing.reports.is_empty() {
        if let Some(e) = listing.diagnostics.iter().find(|d| d.level == Level::Error) {
            bail!("{}: {}", e.file, e.message);
        }
    }
    Ok(listing)
}

/// A warning for each of `orphan_json` (JSON files no report has the stem of) that is a
/// sidecar: one left behind by a renamed or deleted report. Other JSON files (a
/// repository's `package.json`, unreadable or invalid files) are none of the site's
/// business and say nothing.
fn orphan_sidecars(orphan_json: &[PathBuf], display_base: &Path) -> Vec<Diagnostic> {
    orphan_json
        .iter()
        .filter(|path| {
            std::fs::read(path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
                .is_some_and(|json| shape::is_sidecar(&json))
        })
        .map(|path| {
            Diagnostic::warning(
                content::shown_path(path, display_base),
                None,
                "sidecar has no report beside it (expected a .md file with the same stem); ignored: rename it with its report, or delete it",
            )
        })
        .collect()
}

//! The first render of a site `serve` has just loaded, a few units at a time, those a
//! request waits for first: so the server answers its first pages while the rest of the
//! site renders ([`Site::render_some`]).
//!
//! Each call plans the site, takes the dirty units (as [`Site::render`] does), puts the
//! units that write the wanted paths first and the others in the order a visitor needs
//! them (the index; the theme's assets, the 404 and search pages; review pages;
//! repository and thread pages; the files made from every review, the slowest, last), and
//! renders them in parallel until the caller says stop; what was rendered is recorded, so
//! the next call (or a later [`Site::render`]) renders only the rest. A site loaded for
//! refreshing leaves to its first render the code excerpts, the search documents (made
//! with the excerpts, from the same review read back) and the threads' lineage: the first
//! call renders only the pages that show none of them (the index, the frame) and returns,
//! so they are published at once; the next call makes them (as does the first, when a page
//! asked for shows them), then renders the rest. The static folder goes over the pages:
//! when the last call finds a page written over one of its files, it is written again.

use super::engine::Site;
use super::plan::{Job, Planned, View};
use super::record::{Done, RenderReport};
use super::unit::{SitePage, UnitKey};
use crate::output::Sink;
use crate::render::Renderer;
use crate::timing;
use anyhow::Result;
use std::collections::HashSet;

/// What one call of [`Site::render_some`] did.
#[derive(Debug, Default)]
pub struct Rendered {
    pub report: RenderReport,
    /// Every unit of the site is rendered.
    pub complete: bool,
}

impl Site {
    /// Renders into `out` the dirty units that write the site paths `wanted`, then others
    /// in the order a visitor needs them, until `stop` says so (it is asked before each
    /// unit; the wanted ones are always rendered), and records them. For the first render
    /// of a fresh site: see the module documentation.
    pub fn render_some(
        &mut self,
        out: &dyn Sink,
        wanted: &[String],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Rendered> {
        if self.renderer.is_none() {
            self.renderer = Some(Renderer::new(&self.config)?);
        }
        if self.excerpts_pending {
            // The pages a first visit needs come first: published before the excerpts,
            // the search documents and the lineage are made, unless a page asked for
            // shows what is made with them.
            let waits = wanted
                .iter()
                .any(|p| waits_for_excerpts(&self.unit_writing(p)));
            if !waits {
                let (results, live, _) = self.render_ordered(out, wanted, stop, Rank::Frame)?;
                if !results.is_empty() {
                    return Ok(Rendered {
                        report: self.record(results, live),
                        complete: false,
                    });
                }
            }
            let made = timing::time("excerpts", || self.make_excerpts());
            self.apply_excerpts(made);
        }
        self.settle_lineage();
        let (mut results, live, left) = self.render_ordered(out, wanted, stop, Rank::Everything)?;
        if left == 0 {
            results.extend(self.assets_again(out, &results)?);
        }
        Ok(Rendered {
            report: self.record(results, live),
            complete: left == 0,
        })
    }

    /// Renders the dirty units of rank `up_to` or less, wanted first; returns them, the
    /// keys of every unit when units came or went, and how many dirty units are left.
    fn render_ordered(
        &self,
        out: &dyn Sink,
        wanted: &[String],
        stop: &(dyn Fn() -> bool + Sync),
        up_to: Rank,
    ) -> Result<(Vec<Done>, Option<HashSet<UnitKey>>, usize)> {
        let renderer = self.loaded_renderer();
        let view = View::of(self);
        let plan = self.plan(&view);
        let wanted: HashSet<UnitKey> = wanted.iter().map(|p| self.unit_writing(p)).collect();
        let mut dirty: Vec<(bool, Rank, &Planned)> = plan
            .iter()
            .filter(|p| self.is_dirty(p, &view))
            .map(|p| (wanted.contains(p.key.as_ref()), Rank::of(&p.job), p))
            .collect();
        let total = dirty.len();
        // Before the excerpts (and what is made with them) are made, no page that shows
        // them; then everything.
        dirty.retain(|(asked, rank, p)| match up_to {
            Rank::Everything => true,
            _ => (*asked || *rank <= up_to) && !waits_for_excerpts(p.key.as_ref()),
        });
        dirty.sort_by_key(|(asked, rank, _)| (!asked, *rank));
        // The index is never left for later: it is the first page a visit asks for.
        let run = |(asked, rank, p): &(bool, Rank, &Planned)| match *asked
            || *rank == Rank::Index
            || !stop()
        {
            true => self.run_job(renderer, &view, p, out).map(Some),
            false => Ok(None),
        };
        // The units that gather many reviews one at a time, beside the others.
        let (heavy, light) = self.heavy_beside_light(dirty, |(_, _, p)| &p.job, run)?;
        let results: Vec<Done> = heavy.into_iter().chain(light).flatten().collect();
        let same_units = plan.len() == self.units.len()
            && results.iter().all(|d| self.units.contains_key(&d.key));
        let live = (!same_units).then(|| plan.iter().map(|p| p.key.clone().into_owned()).collect());
        let left = total - results.len();
        Ok((results, live, left))
    }

    /// The static folder written again when a page was written over one of its files.
    fn assets_again(&self, out: &dyn Sink, now: &[Done]) -> Result<Option<Done>> {
        let assets = UnitKey::Page(SitePage::Assets);
        let statics: HashSet<&String> = match now.iter().find(|d| d.key == assets) {
            Some(d) => d.outputs.iter().collect(),
            None => match self.units.get(&assets) {
                Some(u) => u.outputs.iter().collect(),
                None => return Ok(None),
            },
        };
        let overwritten = self
            .units
            .iter()
            .filter(|(k, _)| **k != assets)
            .flat_map(|(_, u)| &u.outputs)
            .chain(
                now.iter()
                    .filter(|d| d.key != assets)
                    .flat_map(|d| &d.outputs),
            )
            .any(|p| statics.contains(p));
        if !overwritten {
            return Ok(None);
        }
        let renderer = self.loaded_renderer();
        let view = View::of(self);
        let plan = self.plan(&view);
        match plan.iter().find(|p| *p.key == assets) {
            Some(p) => self.run_job(renderer, &view, p, out).map(Some),
            None => Ok(None),
        }
    }

    /// The unit that writes the site path `path` (the theme's assets for a path no page
    /// has: a stylesheet, a script, the static folder).
    fn unit_writing(&self, path: &str) -> UnitKey {
        let d = &self.derived;
        let page = |p: SitePage| UnitKey::Page(p);
        match path {
            "index.html" => return page(SitePage::Index),
            "404.html" => return page(SitePage::NotFound),
            "search.html" => return page(SitePage::SearchPage),
            "sitemap.xml" => return page(SitePage::Sitemap),
            "feed.xml" => return page(SitePage::Feed),
            "reviews.json" => return page(SitePage::Export),
            p if p == crate::render::threads_export::FILE => return page(SitePage::Threads),
            p if p.starts_with("agents/") => return page(SitePage::Agents),
            p if p.starts_with(crate::search::INDEX_FILE.trim_end_matches(".js")) => {
                return page(SitePage::SearchIndex)
            }
            _ => {}
        }
        let id = path.strip_suffix(".md");
        if let Some(r) = d
            .index
            .reviews
            .iter()
            .find(|r| r.url == path || Some(r.id.as_str()) == id)
        {
            return UnitKey::Review(r.id.clone());
        }
        for repo in &d.index.repos {
            if repo.url == path {
                return UnitKey::Repo(repo.url.clone());
            }
            if let Some(t) = repo.threads.iter().find(|t| t.url == path) {
                return UnitKey::Thread(t.url.clone());
            }
        }
        page(SitePage::Assets)
    }
}

/// Whether the unit shows what the first render makes before the rest of the site: the
/// code excerpts (a review page), the search documents (the search index) or the threads'
/// lineage (a review page, a thread page, `threads.json`).
fn waits_for_excerpts(key: &UnitKey) -> bool {
    matches!(
        key,
        UnitKey::Review(_)
            | UnitKey::Thread(_)
            | UnitKey::Page(SitePage::Threads | SitePage::SearchIndex)
    )
}

/// When a unit is rendered in a first render: the lower, the sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Index,
    /// What every page loads (the theme's assets), and the pages the frame links to.
    Frame,
    Review,
    Listing,
    /// Files made from every review.
    Everything,
}

impl Rank {
    fn of(job: &Job) -> Rank {
        match job {
            Job::Page(SitePage::Index) => Rank::Index,
            Job::Page(SitePage::Assets | SitePage::NotFound | SitePage::SearchPage) => Rank::Frame,
            Job::Review(_) => Rank::Review,
            Job::Repo(_) | Job::Thread(..) => Rank::Listing,
            Job::Page(_) => Rank::Everything,
        }
    }
}

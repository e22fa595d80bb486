//! Rendering: the dirty units of the plan rendered in passes (the pages that do not show
//! code excerpts while the excerpts are made, then the rest; the static folder last), each
//! job through the theme into a sink that records what it wrote. A job reads back the
//! reviews it shows when they are packed away, and drops them when done. The units that
//! gather many reviews (the site-wide pages, big repositories and threads) render one at a
//! time beside the others, so that what they hold is not added up at the peak.

use super::engine::Site;
use super::plan::{Job, Planned, View, HEAVY};
use super::record::{Done, RenderReport};
use super::report::Report;
use super::unit::{SitePage, UnitKey};
use crate::diagnostics::Diagnostic;
use crate::model::Review;
use crate::output::{Fill, Sink};
use crate::render::{self, Renderer};
use crate::timing;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

impl Site {
    /// Renders into `out` every unit whose inputs changed since the last render (all of
    /// them the first time). An error (a theme that does not compile, a template that
    /// fails on an aggregate page, a file that cannot be written) leaves the site's record
    /// of what was rendered unchanged, so the next render tries again.
    ///
    /// After a fresh load for refreshing the code excerpts are made here, while the pages
    /// that do not show them (index, repositories, threads, agents, ...) render; then the
    /// review pages. (A one-off build made them as it loaded.)
    pub fn render(&mut self, out: &dyn Sink) -> Result<RenderReport> {
        self.settle_lineage();
        if self.renderer.is_none() {
            self.renderer = Some(Renderer::new(&self.config)?);
        }
        let mut results = Vec::new();
        if self.excerpts_pending {
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

    /// Renders the dirty units `pass` covers. Returns what was rendered and, when units
    /// came or went since the last render, the keys of every unit the site has now.
    fn render_pass(
        &self,
        out: &dyn Sink,
        pass: Pass,
    ) -> Result<(Vec<Done>, Option<HashSet<UnitKey>>)> {
        let renderer = self.loaded_renderer();
        let view = View::of(self);
        let plan = timing::time("plan", || self.plan(&view));
        let dirty = self.dirty(&plan, &view, pass);
        // Every unit is planned each time: when there are as many as before and the dirty
        // ones all existed, no unit went away.
        let same_units = plan.len() == self.units.len()
            && dirty
                .iter()
                .all(|p| self.units.contains_key(p.key.as_ref()));
        let live: Option<HashSet<UnitKey>> =
            (!same_units).then(|| plan.iter().map(|p| p.key.clone().into_owned()).collect());
        let run = |planned: &Planned| self.run_job(renderer, &view, planned, out);
        // The static folder goes over everything: its unit is written last, and again
        // when a page was written over one of its files.
        let (assets, pages): (Vec<_>, Vec<_>) = dirty
            .into_iter()
            .partition(|p| matches!(p.job, Job::Page(SitePage::Assets)));
        let (heavy, light) = self.heavy_beside_light(pages, |p| &p.job, |p| run(p))?;
        let mut results = light;
        results.extend(heavy);
        if let Pass::Rest(before) = pass {
            let static_files = self
                .units
                .get(&UnitKey::Page(SitePage::Assets))
                .map(|u| &u.outputs);
            let overwritten = static_files.is_some_and(|files| {
                results
                    .iter()
                    .chain(before.iter())
                    .any(|d| d.outputs.iter().any(|p| files.contains(p)))
            });
            if !assets.is_empty() || overwritten {
                if let Some(planned) = plan
                    .iter()
                    .find(|p| matches!(p.job, Job::Page(SitePage::Assets)))
                {
                    results.push(run(planned)?);
                }
            }
        }
        Ok((results, live))
    }

    /// Runs `run` on each of `units`: those that gather many reviews (`job` of each,
    /// [`Job::gathers`] above [`HEAVY`]) one after another, each followed by handing back
    /// what it freed, beside the others in parallel (one task each), so that no two of
    /// them hold what they gather at once. Returns what the heavy ones gave, then the
    /// others'.
    pub(super) fn heavy_beside_light<U: Sync, R: Send>(
        &self,
        units: Vec<U>,
        job: impl Fn(&U) -> &Job + Sync,
        run: impl Fn(&U) -> Result<R> + Sync,
    ) -> Result<(Vec<R>, Vec<R>)> {
        let (heavy, light): (Vec<U>, Vec<U>) = units
            .into_iter()
            .partition(|u| job(u).gathers(self) > HEAVY);
        let (heavy, light) = rayon::join(
            || {
                heavy
                    .iter()
                    .map(|u| {
                        let done = run(u);
                        crate::memory::release_freed_here();
                        done
                    })
                    .collect::<Result<Vec<R>>>()
            },
            || {
                light
                    .par_iter()
                    .with_max_len(1)
                    .map(&run)
                    .collect::<Result<Vec<R>>>()
            },
        );
        Ok((heavy?, light?))
    }

    /// The units of `plan` that `pass` renders: those whose inputs changed since they were
    /// last rendered (or that are forced), less those the pass leaves to another.
    fn dirty<'p, 'v>(
        &self,
        plan: &'p [Planned<'v>],
        view: &View,
        pass: Pass,
    ) -> Vec<&'p Planned<'v>> {
        let done: HashSet<&UnitKey> = match pass {
            Pass::Rest(done) => done.iter().map(|d| &d.key).collect(),
            Pass::WithoutExcerpts => HashSet::new(),
        };
        plan.iter()
            .filter(|p| self.is_dirty(p, view))
            .filter(|p| match pass {
                // (The search index waits for the documents made with the excerpts.)
                Pass::WithoutExcerpts => !matches!(
                    p.job,
                    Job::Review(_) | Job::Page(SitePage::Assets | SitePage::SearchIndex)
                ),
                Pass::Rest(_) => !done.contains(p.key.as_ref()),
            })
            .collect()
    }

    /// Whether unit `p` must be rendered: its inputs changed since it was last rendered
    /// (or it never was), or it is a review page that is forced.
    pub(super) fn is_dirty(&self, p: &Planned, view: &View) -> bool {
        let forced = matches!(p.job, Job::Review(i)
            if self.derived.forced.contains(&view.reports[i].source.id));
        let last = self.units.get(p.key.as_ref()).map(|u| u.fingerprint);
        forced || last != Some(p.fingerprint)
    }

    /// The theme's renderer, loaded by the render that calls this.
    pub(super) fn loaded_renderer(&self) -> &Renderer {
        self.renderer.as_ref().expect("renderer loaded by render")
    }

    /// Renders one planned unit into `out`, recording the files it writes.
    pub(super) fn run_job(
        &self,
        renderer: &Renderer,
        view: &View,
        planned: &Planned,
        out: &dyn Sink,
    ) -> Result<Done> {
        if crate::output::stop_requested() {
            // Ctrl-C: the build is being abandoned, render nothing more.
            bail!("interrupted");
        }
        let rec = Recorder {
            inner: out,
            paths: Mutex::new(Vec::new()),
        };
        let job = &planned.job;
        let problem = timing::time(&planned.key.to_string(), || {
            self.render_job(renderer, view, job, &rec)
        })
        .with_context(|| format!("cannot render {}", job.describe(self, view)))?;
        Ok(Done {
            key: planned.key.clone().into_owned(),
            fingerprint: planned.fingerprint,
            outputs: rec.paths.into_inner().unwrap_or_else(|e| e.into_inner()),
            problem,
        })
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
        match job {
            Job::Review(i) => {
                let r = view.reports[*i];
                let review = r.review()?;
                let problem = renderer.review_page(&d.ctx, &review, &r.summary, out)?;
                publish_markdown(r, &review, out)?;
                return Ok(problem);
            }
            Job::Page(SitePage::Index) => {
                renderer.index_page(&d.ctx, &d.index, out)?;
            }
            Job::Page(SitePage::Agents) => {
                // What they read of each review, read back a few at a time.
                renderer.agent_pages(&d.ctx, &AgentReviews(&view.reports), &d.index, out)?;
            }
            Job::Repo(ri) => {
                let repo = &d.index.repos[*ri];
                let reports: Vec<&Report> = repo
                    .reviews
                    .iter()
                    .filter_map(|s| view.get(&s.id))
                    .collect();
                renderer.repo_page(&d.ctx, repo, &AgentReviews(&reports), out)?;
            }
            Job::Thread(ri, ti) => {
                let repo = &d.index.repos[*ri];
                let thread = &repo.threads[*ti];
                // Only the key findings of its rounds: each round is read back alone.
                let mut keys = render::KeyFindings::new();
                for s in &thread.rounds {
                    if let Some(r) = view.get(&s.id) {
                        keys.extend(render::key_findings([&*r.review()?]));
                    }
                }
                renderer.thread_page(&d.ctx, thread, repo, &keys, out)?;
            }
            Job::Page(SitePage::NotFound) => {
                renderer.not_found_page(&d.ctx, config, out)?;
            }
            Job::Page(SitePage::SearchPage) => {
                renderer.search_page(&d.ctx, out)?;
            }
            Job::Page(SitePage::Sitemap) => {
                out.write(
                    "sitemap.xml",
                    render::sitemap_xml(config, &d.index).as_bytes(),
                )?;
            }
            Job::Page(SitePage::Feed) => {
                out.write("feed.xml", render::feed::feed(config, &d.index).as_bytes())?;
            }
            Job::Page(SitePage::Export) => {
                out.write_streamed("reviews.json", &mut |w| {
                    render::export::write_reviews_json(config, &d.index, w)
                })?;
            }
            Job::Page(SitePage::Threads) => {
                // Each thread's rounds are read back while its record is made.
                out.write_streamed(render::threads_export::FILE, &mut |w| {
                    render::threads_export::write_threads_json_kept(
                        &d.ctx,
                        &d.index,
                        (
                            |id: &str| view.get(id).and_then(|r| r.open_review()),
                            |id: &str| view.get(id).map(|r| r.source_fp),
                        ),
                        &d.threads,
                        w,
                    )
                })?;
            }
            Job::Page(SitePage::SearchIndex) => {
                d.search
                    .write_files(|rel, content| out.write(rel, content))?;
            }
            Job::Page(SitePage::Assets) => {
                renderer.assets(config, out)?;
            }
        }
        Ok(None)
    }
}

/// The reviews of the kept reports as the agent pages read them
/// ([`Report::agent_review`]).
struct AgentReviews<'a>(&'a [&'a Report]);

impl render::ReviewSource for AgentReviews<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn open(&self, i: usize) -> Result<Cow<'_, Review>> {
        self.0[i].agent_review()
    }
}

/// Which dirty units a render pass renders.
#[derive(Clone, Copy)]
enum Pass<'a> {
    /// Those that do not show code excerpts (all but review pages), and not the static
    /// folder (written last).
    WithoutExcerpts,
    /// All but those already rendered.
    Rest(&'a [Done]),
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
    fn write_streamed(&self, rel: &str, fill: &mut Fill) -> Result<()> {
        self.inner.write_streamed(rel, fill)?;
        self.record(rel)
    }
    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        self.inner.copy_file(rel, src)?;
        self.record(rel)
    }
}

/// The report's Markdown beside its page (`<id>.md`), as written but for the e-mail
/// addresses of its person rows, which no page shows. Only a report the parser found such
/// addresses in is read again (the parsed text is not kept through a one-off build); the
/// others are copied.
fn publish_markdown(r: &Report, review: &Review, out: &dyn Sink) -> Result<()> {
    let rel = format!("{}.md", r.source.id);
    if !review.meta.person_emails_hidden {
        return out.copy_file(&rel, &r.source.path);
    }
    let bytes = std::fs::read(&r.source.path)
        .with_context(|| format!("{}: cannot read", r.source.path.display()))?;
    let clean = std::str::from_utf8(&bytes)
        .ok()
        .and_then(crate::parse::metadata::without_person_emails);
    out.write(&rel, clean.as_ref().map_or(&bytes[..], |c| c.as_bytes()))
}

//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.
//!
//! The renderer boundary: templates never see the model. Every page gets a view struct
//! (a plain `Serialize` struct built here from [`crate::model`] and [`crate::aggregate`]),
//! and templates only format it. The views' string fields are plain text (escaped by Tera's
//! autoescape) except the `*_html` fields, which come from [`crate::markdown`] (sanitised)
//! and are the only ones templates mark `| safe`.
//!
//! Every link is relative (each page knows its `root` prefix: `""`, `"../../../"`), so the
//! site works under any sub-path and from `file://`. The only exceptions are `404.html`,
//! which is served at any depth and so uses `config.base_path`, and `sitemap.xml`, whose
//! URLs start from `base_url` (absolute when it is).
//!
//! This module runs the stages ([`render_site`]) and owns the Tera setup; one file per view:
//! - `urls.rs`: relative links and percent-encoding;
//! - `common.rs`: the page frame (site, breadcrumbs) and small helpers every page shares;
//! - `pills.rs`: agent pills and verdict badges;
//! - `rows.rs`: the one-line review rows of the index and repo tables;
//! - `index.rs`, `repo.rs`, `thread.rs`, `review.rs`: one page view each;
//! - `agents.rs`: the agent leaderboard and family pages; `charts.rs`: their inline SVG charts;
//! - `sitemap.rs`: `sitemap.xml`;
//! - `search.rs`: `search.html`'s index (`search-index.js`);
//! - `feed.rs`: `feed.xml` (Atom); `export.rs`: `reviews.json`.

mod agents;
mod charts;
mod common;
pub mod export;
pub mod feed;
mod index;
mod pills;
mod repo;
mod review;
mod rows;
pub mod search;
mod sitemap;
mod thread;
mod urls;

pub use common::format_duration;
pub use pills::agent_class;
pub use urls::{encode_url_path, root_for};

use crate::agent_stats;
use crate::aggregate::{self, ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::highlight;
use crate::model::Review;
use crate::output::Staging;
use crate::theme::Theme;
use anyhow::Context;
use common::{round_positions, Page, SiteView};
use index::IndexPage;
use rayon::prelude::*;
use repo::RepoPage;
use review::ReviewPage;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use thread::{key_findings, ThreadPage};
use urls::page_path;

/// The page written in place of a review page the theme could not render: the error and
/// a link to the source Markdown, so the review's URL keeps answering.
fn fallback_page(id: &str, message: &str) -> String {
    let href = highlight::escape(&urls::encode_url_path(&format!("{id}.md")));
    let id = highlight::escape(id);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{id}</title></head>\n\
         <body><h1>{id}</h1><p>This review could not be rendered by the site's theme:</p>\n\
         <pre>{}</pre><p><a href=\"{href}\">Read the report's Markdown</a>.</p></body></html>\n",
        highlight::escape(message)
    )
}

/// Pages at the site root that the renderer writes itself: a report whose stem would give
/// one of these names (`search.md` -> `search.html`) cannot have its page there.
pub const RESERVED_PAGES: &[&str] = &["index.html", "404.html", "search.html"];

/// What the renderer produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every page of the site into `out`: index, repo pages, PR threads, one page per
/// review, 404, sitemap, stylesheets. `reviews` and `index.reviews` describe the same
/// reviews.
pub fn render_site(
    config: &Config,
    reviews: &[Review],
    index: &SiteIndex,
    out: &Staging,
) -> anyhow::Result<Rendered> {
    let renderer = Renderer::new(config)?;
    let ctx = SiteContext::new(config, reviews, index);
    let mut rendered = renderer.review_pages(&ctx, reviews, index, out);
    let aggregates = renderer.aggregate_pages(&ctx, config, reviews, index, out)?;
    rendered.pages += aggregates.pages;
    rendered.diagnostics.extend(aggregates.diagnostics);
    renderer.assets(config, index, out)?;
    Ok(rendered)
}

/// The theme, loaded and compiled once; renders any subset of the site's pages (so that
/// `serve` can re-render only what a change affects).
pub struct Renderer {
    theme: Theme,
    tera: tera::Tera,
}

/// The anchor each finding of `review` gets on its page, in the order of
/// `review.findings` (`I3`, or `I3-1` when a section already took `I3`).
pub fn finding_anchors(review: &Review) -> Vec<String> {
    review::stable_ids(review).findings
}

/// What every page of one build shares: the site frame, the set of review ids (for links
/// between reviews) and each review's position in its PR thread.
pub struct SiteContext {
    site: SiteView,
    known: HashSet<String>,
    rounds: common::Rounds,
}

impl SiteContext {
    pub fn new(config: &Config, reviews: &[Review], index: &SiteIndex) -> SiteContext {
        SiteContext {
            site: SiteView::new(config, index),
            known: reviews.iter().map(|r| r.id.clone()).collect(),
            rounds: round_positions(index),
        }
    }
}

impl Renderer {
    pub fn new(config: &Config) -> anyhow::Result<Renderer> {
        let theme = Theme::load(&config.theme_dir)?;
        let tera = build_tera(&theme)?;
        Ok(Renderer { theme, tera })
    }

    /// One page per review in `reviews`, in parallel. A review whose page the theme cannot
    /// render gets a plain fallback page and a warning (an error when every page fails:
    /// then the theme is broken).
    pub fn review_pages(
        &self,
        ctx: &SiteContext,
        reviews: &[Review],
        index: &SiteIndex,
        out: &Staging,
    ) -> Rendered {
        let mut rendered = Rendered::default();
        let summaries: HashMap<&str, &ReviewSummary> =
            index.reviews.iter().map(|s| (s.id.as_str(), s)).collect();
        let results: Vec<Result<(), Diagnostic>> = reviews
            .par_iter()
            .map(|review| {
                if crate::output::stop_requested() {
                    // Ctrl-C: the build is being abandoned, render nothing more.
                    return Err(Diagnostic::error(
                        review.source_path.clone(),
                        None,
                        "interrupted",
                    ));
                }
                let fallback;
                let summary = match summaries.get(review.id.as_str()) {
                    Some(s) => *s,
                    None => {
                        fallback = aggregate::summarise(review);
                        &fallback
                    }
                };
                let rel = page_path(&summary.url);
                let (html, problem) = match self.review_html(ctx, review, summary) {
                    Ok(html) => (html, None),
                    Err(e) => {
                        let msg = format!("cannot render the review page: {e:#}");
                        // A plain page keeps the review's URL (and links to it) working.
                        (fallback_page(&review.id, &msg), Some(msg))
                    }
                };
                out.write(&rel, html.as_bytes()).map_err(|e| {
                    Diagnostic::error(review.source_path.clone(), None, format!("{e:#}"))
                })?;
                match problem {
                    Some(msg) => Err(Diagnostic::error(review.source_path.clone(), None, msg)),
                    None => Ok(()),
                }
            })
            .collect();
        // One review whose page cannot be rendered must not cost the site: it is a warning
        // and the other pages are written. When no review page renders at all, the theme
        // is broken, and that is an error that fails the build.
        let failed: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        rendered.pages += reviews.len() - failed.len();
        let all_failed = !reviews.is_empty() && failed.len() == reviews.len();
        rendered.diagnostics.extend(failed.into_iter().map(|mut d| {
            if !all_failed {
                d.level = crate::diagnostics::Level::Warning;
            }
            d
        }));
        rendered
    }

    /// The HTML of one review's page, as [`Renderer::review_pages`] writes it.
    pub fn review_html(
        &self,
        ctx: &SiteContext,
        review: &Review,
        summary: &ReviewSummary,
    ) -> anyhow::Result<String> {
        let page = ReviewPage::build(review, summary, &ctx.rounds, &ctx.known, &ctx.site);
        render_page(&self.tera, "review.html", &page)
    }

    /// The pages built from the whole archive: index, repositories, PR threads, 404,
    /// sitemap. They depend on every review, so any change re-renders them.
    pub fn aggregate_pages(
        &self,
        ctx: &SiteContext,
        config: &Config,
        reviews: &[Review],
        index: &SiteIndex,
        out: &Staging,
    ) -> anyhow::Result<Rendered> {
        let tera = &self.tera;
        let site = &ctx.site;
        let rounds = &ctx.rounds;
        let mut rendered = Rendered::default();

        // Index.
        let index_page = IndexPage::build(index, rounds, site);
        out.write(
            "index.html",
            render_page(tera, "index.html", &index_page)?.as_bytes(),
        )?;
        rendered.pages += 1;

        // Agents: leaderboard (and its sorted copies) and one page per family.
        rendered.pages += self.agent_pages(ctx, reviews, index, out)?;

        // Repositories and PR threads.
        let keys = key_findings(reviews);
        let mut by_repo: HashMap<&crate::model::RepoRef, Vec<&Review>> = HashMap::new();
        for r in reviews {
            if let Some(repo) = &r.meta.repo {
                by_repo.entry(repo).or_default().push(r);
            }
        }
        for repo in &index.repos {
            let repo_reviews = by_repo.get(&repo.repo).cloned().unwrap_or_default();
            let page = RepoPage::build(repo, rounds, site, repo_reviews);
            let rel = page_path(&repo.url);
            out.write(&rel, render_page(tera, "repo.html", &page)?.as_bytes())?;
            rendered.pages += 1;
            for thread in &repo.threads {
                let page = ThreadPage::build(thread, repo, site, &keys);
                let rel = page_path(&thread.url);
                out.write(&rel, render_page(tera, "thread.html", &page)?.as_bytes())?;
                rendered.pages += 1;
            }
        }

        // 404: served at any depth, so its links start from the site's base path.
        let nf = Page {
            site: site.clone(),
            root: config.base_path.clone(),
            page_title: "Page not found".into(),
            crumbs: Vec::new(),
            body: (),
        };
        out.write("404.html", render_page(tera, "404.html", &nf)?.as_bytes())?;
        rendered.pages += 1;

        out.write("sitemap.xml", sitemap::sitemap(config, index).as_bytes())?;

        // Search page and its index; feed; JSON export.
        rendered.pages += self.search(ctx, reviews, index, out)?;
        out.write("feed.xml", feed::feed(config, index).as_bytes())?;
        out.write(
            "reviews.json",
            export::reviews_json(config, index).as_bytes(),
        )?;
        Ok(rendered)
    }

    /// `agents/index.html`, its sorted copies and one page per agent family.
    fn agent_pages(
        &self,
        ctx: &SiteContext,
        reviews: &[Review],
        index: &SiteIndex,
        out: &Staging,
    ) -> anyhow::Result<usize> {
        let board = agent_stats::AgentBoard::build(reviews);
        let mut pages = 0;
        for (url, page) in agents::leaderboard_pages(&board, &ctx.site) {
            let html = render_page(&self.tera, "agents.html", &page)?;
            out.write(&page_path(&url), html.as_bytes())?;
            pages += 1;
        }
        for (url, page) in agents::family_pages(&board, reviews, index, &ctx.known, &ctx.site) {
            let html = render_page(&self.tera, "agent.html", &page)?;
            out.write(&page_path(&url), html.as_bytes())?;
            pages += 1;
        }
        Ok(pages)
    }

    /// `search.html` and `search-index.js` (built from [`search::review_docs`] per review,
    /// in the index's newest-first order). Returns the number of pages written.
    fn search(
        &self,
        ctx: &SiteContext,
        reviews: &[Review],
        index: &SiteIndex,
        out: &Staging,
    ) -> anyhow::Result<usize> {
        let by_id: HashMap<&str, &Review> = reviews.iter().map(|r| (r.id.as_str(), r)).collect();
        let docs: Vec<search::ReviewDocs> = index
            .reviews
            .par_iter()
            .filter_map(|s| by_id.get(s.id.as_str()).map(|r| search::review_docs(r, s)))
            .collect();
        let refs: Vec<&search::ReviewDocs> = docs.iter().collect();
        out.write(search::INDEX_FILE, search::index_script(&refs).as_bytes())?;
        let page = Page {
            site: ctx.site.clone(),
            root: String::new(),
            page_title: "Search".into(),
            crumbs: vec![common::index_crumb("")],
            body: (),
        };
        out.write(
            "search.html",
            render_page(&self.tera, "search.html", &page)?.as_bytes(),
        )?;
        Ok(1)
    }

    /// Files that do not depend on the reviews: the theme's assets, the generated highlight
    /// stylesheet (unless the theme ships one), then the site's static folder over
    /// everything.
    pub fn assets(&self, config: &Config, _index: &SiteIndex, out: &Staging) -> anyhow::Result<()> {
        for (rel, bytes) in &self.theme.assets {
            out.write(rel, bytes)?;
        }
        if !self.theme.has_asset("highlight.css") {
            out.write("highlight.css", highlight::stylesheet().as_bytes())?;
        }
        out.write(".nojekyll", b"")?;
        out.copy_tree(&config.static_dir)
            .with_context(|| format!("{}: cannot copy", config.static_dir.display()))?;
        Ok(())
    }
}

fn build_tera(theme: &Theme) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| anyhow::anyhow!("theme templates: {}", tera_error(&e)))?;
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Escapes `& < > " '` (Tera's default also escapes `/`, which makes URLs unreadable).
    tera.set_escape_fn(highlight::escape);
    Ok(tera)
}

fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn render_page<T: Serialize>(tera: &tera::Tera, name: &str, page: &T) -> anyhow::Result<String> {
    let ctx = tera::Context::from_serialize(page)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))?;
    tera.render(name, &ctx)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))
}

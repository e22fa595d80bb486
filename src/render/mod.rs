//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.
//!
//! The renderer boundary: templates never see the model. Every page gets a view struct
//! (a plain `Serialize` struct built here from [`crate::model`] and [`crate::aggregate`]),
//! and templates only format it. The views' string fields are plain text (escaped by Tera's
//! autoescape) except the `*_html` fields, which come from [`crate::html::markdown`] (sanitised)
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
mod sitemap;
mod thread;
mod urls;

pub use thread::key_findings_fingerprint;
pub use urls::root_for;

use crate::aggregate::agent_stats;
use crate::aggregate::{self, PrThread, RepoView, ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::html::escape::escape;
use crate::html::highlight;
use crate::model::Review;
use crate::output::{self, Sink};
use crate::search;
use crate::text::url_path::encode_url_path;
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
    let href = escape(&encode_url_path(&format!("{id}.md")));
    let id = escape(id);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{id}</title></head>\n\
         <body><h1>{id}</h1><p>This review could not be rendered by the site's theme:</p>\n\
         <pre>{}</pre><p><a href=\"{href}\">Read the report's Markdown</a>.</p></body></html>\n",
        escape(message)
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
/// review, agents, search, 404, sitemap, feed, export, stylesheets. `reviews` and
/// `index.reviews` describe the same reviews. (`build` renders through [`crate::site`],
/// which calls the same [`Renderer`] methods page by page.)
pub fn render_site(
    config: &Config,
    reviews: &[Review],
    index: &SiteIndex,
    out: &dyn Sink,
) -> anyhow::Result<Rendered> {
    let renderer = Renderer::new(config)?;
    let reviews: Vec<&Review> = reviews.iter().collect();
    let ctx = SiteContext::new(config, &reviews, index);
    let mut rendered = renderer.review_pages(&ctx, &reviews, index, out);
    let aggregates = renderer.aggregate_pages(&ctx, config, &reviews, index, out)?;
    rendered.pages += aggregates.pages;
    rendered.diagnostics.extend(aggregates.diagnostics);
    renderer.assets(config, out)?;
    Ok(rendered)
}

/// The theme, loaded and compiled once; renders any subset of the site's pages (so that
/// `serve` can re-render only what a change affects).
pub struct Renderer {
    theme: Theme,
    tera: tera::Tera,
}

/// What every page of one build shares: the site frame, the set of review ids (for links
/// between reviews) and each review's position in its PR thread.
pub struct SiteContext {
    site: SiteView,
    known: HashSet<String>,
    rounds: common::Rounds,
}

impl SiteContext {
    pub fn new(config: &Config, reviews: &[&Review], index: &SiteIndex) -> SiteContext {
        SiteContext {
            site: SiteView::new(config, index),
            known: reviews.iter().map(|r| r.id.clone()).collect(),
            rounds: round_positions(index),
        }
    }

    /// A fingerprint of what every page shows of the site (title, description, the
    /// repositories in the navigation): when it changes, every page must be rendered again.
    pub fn frame_fingerprint(&self) -> u64 {
        crate::text::fingerprint::of(&self.site)
    }

    /// The review `id`'s place in its PR thread: round `k` of `n`, and the thread's URL.
    pub fn thread_position(&self, id: &str) -> Option<&(usize, usize, String)> {
        self.rounds.get(id)
    }
}

impl Renderer {
    /// Loads the theme and compiles its templates. A template that does not compile is an
    /// error naming its file (for the site's own templates) and line.
    pub fn new(config: &Config) -> anyhow::Result<Renderer> {
        let theme = Theme::load(&config.theme_dir)?;
        let tera = build_tera(&theme).map_err(|e| {
            let msg = format!("{e:#}");
            // Tera names the template ('review.html'); users edit a file.
            let file = theme
                .overridden
                .iter()
                .filter_map(|o| o.strip_prefix("templates/"))
                .find(|name| msg.contains(&format!("'{name}'")))
                .map(|name| config.theme_dir.join("templates").join(name));
            match file {
                Some(f) => {
                    anyhow::anyhow!("{}: {msg}", crate::content::shown_path(&f, &config.root))
                }
                None => e,
            }
        })?;
        Ok(Renderer { theme, tera })
    }

    /// One review's page (`<id>.html`). A review whose page the theme cannot render gets
    /// a plain fallback page, so its URL keeps answering, and the problem is returned.
    /// `Err` means the page could not be written.
    pub fn review_page(
        &self,
        ctx: &SiteContext,
        review: &Review,
        summary: &ReviewSummary,
        out: &dyn Sink,
    ) -> anyhow::Result<Option<Diagnostic>> {
        let rel = page_path(&summary.url);
        let page = self.review_view(ctx, review, summary);
        let problem = with_page_buffer(|buf| -> anyhow::Result<Option<String>> {
            match render_page_into(&self.tera, "review.html", &page, buf) {
                Ok(()) => {
                    out.write(&rel, buf)?;
                    Ok(None)
                }
                Err(e) => {
                    let msg = format!("cannot render the review page: {e:#}");
                    out.write(&rel, fallback_page(&review.id, &msg).as_bytes())?;
                    Ok(Some(msg))
                }
            }
        })?;
        Ok(problem.map(|msg| Diagnostic::error(review.source_path.clone(), None, msg)))
    }

    /// What `review.html` is given for one review.
    fn review_view(
        &self,
        ctx: &SiteContext,
        review: &Review,
        summary: &ReviewSummary,
    ) -> Page<review::ReviewBody> {
        let _memo = crate::html::highlight::PageScope::begin();
        ReviewPage::build(review, summary, &ctx.rounds, &ctx.known, &ctx.site)
    }

    /// The HTML of one review's page, as [`Renderer::review_page`] writes it.
    pub fn review_html(
        &self,
        ctx: &SiteContext,
        review: &Review,
        summary: &ReviewSummary,
    ) -> anyhow::Result<String> {
        let page = self.review_view(ctx, review, summary);
        render_page(&self.tera, "review.html", &page)
    }

    /// One page per review in `reviews`, in parallel. A review whose page the theme cannot
    /// render gets a plain fallback page and a warning (an error when every page fails:
    /// then the theme is broken).
    pub fn review_pages(
        &self,
        ctx: &SiteContext,
        reviews: &[&Review],
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> Rendered {
        let summaries: HashMap<&str, &ReviewSummary> =
            index.reviews.iter().map(|s| (s.id.as_str(), s)).collect();
        let failed: Vec<Diagnostic> = reviews
            .par_iter()
            .filter_map(|review| {
                if crate::output::stop_requested() {
                    // Ctrl-C: the build is being abandoned, render nothing more.
                    return Some(Diagnostic::error(
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
                self.review_page(ctx, review, summary, out)
                    .unwrap_or_else(|e| {
                        Some(Diagnostic::error(
                            review.source_path.clone(),
                            None,
                            format!("{e:#}"),
                        ))
                    })
            })
            .collect();
        let pages = reviews.len() - failed.len();
        Rendered {
            pages,
            diagnostics: review_page_failures(failed, reviews.len()),
        }
    }

    /// The pages built from the whole archive: index, agents, repositories, PR threads,
    /// 404, sitemap, search, feed, export.
    pub fn aggregate_pages(
        &self,
        ctx: &SiteContext,
        config: &Config,
        reviews: &[&Review],
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<Rendered> {
        let mut rendered = Rendered::default();
        rendered.pages += self.index_page(ctx, index, out)?;
        rendered.pages += self.agent_pages(ctx, reviews, index, out)?;
        let by_id: HashMap<&str, &Review> = reviews.iter().map(|r| (r.id.as_str(), *r)).collect();
        for repo in &index.repos {
            let repo_reviews: Vec<&Review> = repo
                .reviews
                .iter()
                .filter_map(|s| by_id.get(s.id.as_str()).copied())
                .collect();
            rendered.pages += self.repo_page(ctx, repo, &repo_reviews, out)?;
            for thread in &repo.threads {
                let rounds: Vec<&Review> = thread
                    .rounds
                    .iter()
                    .filter_map(|s| by_id.get(s.id.as_str()).copied())
                    .collect();
                rendered.pages += self.thread_page(ctx, thread, repo, &rounds, out)?;
            }
        }
        rendered.pages += self.not_found_page(ctx, config, out)?;
        rendered.pages += self.search_page(ctx, out)?;
        out.write("sitemap.xml", sitemap::sitemap(config, index).as_bytes())?;
        let docs: Vec<std::sync::Arc<search::ReviewDocs>> = index
            .reviews
            .par_iter()
            .filter_map(|s| {
                by_id
                    .get(s.id.as_str())
                    .map(|r| search::review_docs(r, s).into())
            })
            .collect();
        out.write(
            search::INDEX_FILE,
            search::SearchIndex::build(docs).script().as_bytes(),
        )?;
        out.write("feed.xml", feed::feed(config, index).as_bytes())?;
        out.write(
            "reviews.json",
            export::reviews_json(config, index).as_bytes(),
        )?;
        Ok(rendered)
    }

    /// `index.html`. Returns the number of pages written.
    pub fn index_page(
        &self,
        ctx: &SiteContext,
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let page = IndexPage::build(index, &ctx.rounds, &ctx.site);
        out.write(
            "index.html",
            render_page(&self.tera, "index.html", &page)?.as_bytes(),
        )?;
        Ok(1)
    }

    /// A repository's page; `reviews` are its reviews (for its agent table).
    pub fn repo_page(
        &self,
        ctx: &SiteContext,
        repo: &RepoView,
        reviews: &[&Review],
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let page = RepoPage::build(repo, &ctx.rounds, &ctx.site, reviews.to_vec());
        let html = render_page(&self.tera, "repo.html", &page)?;
        out.write(&page_path(&repo.url), html.as_bytes())?;
        Ok(1)
    }

    /// A PR thread's page; `rounds` are the reviews of its rounds (for their key findings).
    pub fn thread_page(
        &self,
        ctx: &SiteContext,
        thread: &PrThread,
        repo: &RepoView,
        rounds: &[&Review],
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let keys = key_findings(rounds.iter().copied());
        let page = ThreadPage::build(thread, repo, &ctx.site, &keys);
        let html = render_page(&self.tera, "thread.html", &page)?;
        out.write(&page_path(&thread.url), html.as_bytes())?;
        Ok(1)
    }

    /// `404.html`: served at any depth, so its links start from the site's base path.
    pub fn not_found_page(
        &self,
        ctx: &SiteContext,
        config: &Config,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let nf = Page {
            site: ctx.site.clone(),
            root: config.base_path.clone(),
            page_title: "Page not found".into(),
            crumbs: Vec::new(),
            body: (),
        };
        out.write(
            "404.html",
            render_page(&self.tera, "404.html", &nf)?.as_bytes(),
        )?;
        Ok(1)
    }

    /// `agents/index.html`, its sorted copies and one page per agent family.
    pub fn agent_pages(
        &self,
        ctx: &SiteContext,
        reviews: &[&Review],
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        // Who took part in each review, worked out once for the board and the family pages.
        let taking_part: Vec<(&Review, Vec<agent_stats::Participant>)> = reviews
            .par_iter()
            .map(|r| (*r, agent_stats::participants(r)))
            .collect();
        let board = crate::timing::time("agents: board", || {
            agent_stats::AgentBoard::build_from(&taking_part)
        });
        let leaderboards = crate::timing::time("agents: leaderboards", || {
            agents::leaderboard_pages(&board, &ctx.site)
        });
        let pages = leaderboards.len() + board.families.len();
        // The leaderboards and the family pages are independent: both cores take either.
        let (written, families) = rayon::join(
            || {
                crate::timing::time("agents: leaderboard templates and writing", || {
                    leaderboards.into_par_iter().try_for_each(|(url, page)| {
                        out.write(
                            &page_path(&url),
                            render_page(&self.tera, "agents.html", &page)?.as_bytes(),
                        )
                    })
                })
            },
            || {
                crate::timing::time("agents: family pages", || {
                    agents::family_pages(
                        &board,
                        &taking_part,
                        index,
                        &ctx.known,
                        &ctx.site,
                        |url, page| {
                            out.write(
                                &page_path(&url),
                                render_page(&self.tera, "agent.html", &page)?.as_bytes(),
                            )
                        },
                    )
                })
            },
        );
        written?;
        families?;
        Ok(pages)
    }

    /// `search.html` (its index, `search-index.js`, is [`search::SearchIndex::script`]).
    pub fn search_page(&self, ctx: &SiteContext, out: &dyn Sink) -> anyhow::Result<usize> {
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
    pub fn assets(&self, config: &Config, out: &dyn Sink) -> anyhow::Result<()> {
        for (rel, bytes) in &self.theme.assets {
            out.write(rel, bytes)?;
        }
        if !self.theme.has_asset("highlight.css") {
            out.write("highlight.css", highlight::stylesheet().as_bytes())?;
        }
        out.write(".nojekyll", b"")?;
        output::copy_tree(out, &config.static_dir)
            .with_context(|| format!("{}: cannot copy", config.static_dir.display()))?;
        Ok(())
    }
}

/// One review whose page cannot be rendered must not cost the site: it is a warning and
/// the other pages are written. When no review page renders at all (`failed` holds all
/// `total` of them), the theme is broken, and that is an error that fails the build.
pub fn review_page_failures(failed: Vec<Diagnostic>, total: usize) -> Vec<Diagnostic> {
    let all_failed = total > 0 && failed.len() == total;
    failed
        .into_iter()
        .map(|mut d| {
            if !all_failed {
                d.level = crate::diagnostics::Level::Warning;
            }
            d
        })
        .collect()
}

/// The sitemap, `sitemap.xml`.
pub fn sitemap_xml(config: &Config, index: &SiteIndex) -> String {
    sitemap::sitemap(config, index)
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
    tera.set_escape_fn(escape);
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

/// Renders template `name` with `page` into `buf` (appended).
fn render_page_into<T: Serialize>(
    tera: &tera::Tera,
    name: &str,
    page: &T,
    buf: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let ctx = tera::Context::from_serialize(page)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))?;
    tera.render_to(name, &ctx, buf)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))
}

thread_local! {
    /// A page's bytes while they are rendered and written, kept for the next page this
    /// thread renders: a review page is 100–300 KB, and growing a new buffer to that size
    /// for every page cost reallocations and fresh memory.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `f` with this thread's page buffer, empty. (A page rendered inside `f` on the
/// same thread gets a buffer of its own.)
fn with_page_buffer<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buf = PAGE_BUFFER.with(|b| b.take());
    buf.clear();
    let result = f(&mut buf);
    PAGE_BUFFER.with(|b| {
        if b.borrow().capacity() < buf.capacity() {
            b.replace(buf);
        }
    });
    result
}

fn render_page<T: Serialize>(tera: &tera::Tera, name: &str, page: &T) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    render_page_into(tera, name, page, &mut buf)?;
    String::from_utf8(buf).map_err(|e| anyhow::anyhow!("{name}: the page is not UTF-8: {e}"))
}

//! The renderer driver: [`Renderer`] holds the compiled theme and writes any subset of the
//! site's pages to a sink (every review page in parallel, then the pages built from the
//! whole archive, then the assets); [`render_site`] runs all of it once.

use super::agents::{self, ReviewSource};
use super::common::{index_crumb, Page, Share};
use super::context::SiteContext;
use super::export;
use super::feed;
use super::index::IndexPage;
use super::repo::RepoPage;
use super::review::{ReviewBody, ReviewPage};
use super::sitemap::sitemap_xml;
use super::templates::{
    build_tera, render_in_parts, render_page, render_page_into, with_page_buffer,
};
use super::thread::{key_findings, KeyFindings, ThreadPage};
use super::threads_export;
use super::urls::{md_url, page_path};
use crate::aggregate::{self, PrThread, RepoView, ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::html::escape::escape;
use crate::html::highlight;
use crate::model::Review;
use crate::output::{self, Sink};
use crate::search;
use crate::theme::Theme;
use anyhow::Context;
use rayon::prelude::*;
use std::collections::HashMap;

/// The page written in place of a review page the theme could not render: the error and
/// a link to the source Markdown, so the review's URL keeps answering.
fn fallback_page(id: &str, message: &str) -> String {
    let href = escape(&md_url(id));
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
pub(crate) const RESERVED_PAGES: &[&str] = &["index.html", "404.html", "search.html"];

/// What the renderer produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every page of the site into `out`: index, repo pages, PR threads, one page per
/// review, agents, search, 404, sitemap, feed, export, stylesheets. `reviews` and
/// `index.reviews` describe the same reviews. (The site engine builds page by page through
/// the same `Renderer` methods.)
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
pub(crate) struct Renderer {
    theme: Theme,
    tera: tera::Tera,
    /// The same with each part a marker ([`super::templates::PARTS`]).
    frames: tera::Tera,
}

impl Renderer {
    /// Loads the theme and compiles its templates. A template that does not compile is an
    /// error naming its file (for the site's own templates) and line.
    pub fn new(config: &Config) -> anyhow::Result<Renderer> {
        let theme = Theme::load(&config.theme_dir)?;
        let tera = build_tera(&theme, false).map_err(|e| {
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
        let frames = build_tera(&theme, true)?;
        Ok(Renderer {
            theme,
            tera,
            frames,
        })
    }

    /// One review's page (`<id>.html`). A review whose page the theme cannot render gets
    /// a plain fallback page, so its URL keeps answering, and the problem is returned.
    /// `Err` means the page could not be written.
    pub(crate) fn review_page(
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
    ) -> Page<ReviewBody> {
        let flow = ctx.flows.of_review(&review.id);
        ReviewPage::build(review, summary, &ctx.rounds, &ctx.known, &ctx.site, flow)
    }

    /// The HTML of one review's page, as [`Renderer::review_page`] writes it.
    pub(crate) fn review_html(
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
    pub(crate) fn review_pages(
        &self,
        ctx: &SiteContext,
        reviews: &[&Review],
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> Rendered {
        let summaries: HashMap<&str, &ReviewSummary> = index
            .reviews
            .iter()
            .map(|s| (s.id.as_str(), &**s))
            .collect();
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
    /// 404, sitemap, search, feed, exports.
    pub(crate) fn aggregate_pages(
        &self,
        ctx: &SiteContext,
        config: &Config,
        reviews: &[&Review],
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<Rendered> {
        let mut rendered = Rendered::default();
        rendered.pages += self.index_page(ctx, index, out)?;
        rendered.pages += self.agent_pages(ctx, &reviews, index, out)?;
        let by_id: HashMap<&str, &Review> = reviews.iter().map(|r| (r.id.as_str(), *r)).collect();
        for repo in &index.repos {
            let repo_reviews: Vec<&Review> = repo
                .reviews
                .iter()
                .filter_map(|s| by_id.get(s.id.as_str()).copied())
                .collect();
            rendered.pages += self.repo_page(ctx, repo, &repo_reviews.as_slice(), out)?;
            for thread in &repo.threads {
                let rounds: Vec<&Review> = thread
                    .rounds
                    .iter()
                    .filter_map(|s| by_id.get(s.id.as_str()).copied())
                    .collect();
                let keys = key_findings(rounds);
                rendered.pages += self.thread_page(ctx, thread, repo, &keys, out)?;
            }
        }
        rendered.pages += self.not_found_page(ctx, config, out)?;
        rendered.pages += self.search_page(ctx, out)?;
        out.write("sitemap.xml", sitemap_xml(config, index).as_bytes())?;
        let docs: Vec<std::sync::Arc<search::PackedDocs>> = index
            .reviews
            .par_iter()
            .filter_map(|s| {
                let r = by_id.get(s.id.as_str())?;
                Some(search::PackedDocs::of(&search::review_docs(r, s)).map(Into::into))
            })
            .collect::<anyhow::Result<_>>()?;
        for (rel, content) in search::SearchIndex::build(docs).files() {
            out.write(&rel, content.as_bytes())?;
        }
        out.write("feed.xml", feed::feed(config, index).as_bytes())?;
        out.write_streamed("reviews.json", &mut |w| {
            export::write_reviews_json(config, index, w)
        })?;
        out.write_streamed(threads_export::FILE, &mut |w| {
            let review = |id: &str| by_id.get(id).copied();
            let there = |id: &str| by_id.contains_key(id);
            threads_export::write_threads_json(ctx, index, (review, there), w)
        })?;
        Ok(rendered)
    }

    /// `index.html`. Returns the number of pages written.
    pub(crate) fn index_page(
        &self,
        ctx: &SiteContext,
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let page = IndexPage::build(index, &ctx.rounds, &ctx.site);
        out.write_streamed("index.html", &mut |w| {
            render_page_into(&self.tera, "index.html", &page, w)
        })?;
        Ok(1)
    }

    /// A repository's page; `reviews` are its reviews (for its agent table, read a few at
    /// a time).
    pub(crate) fn repo_page(
        &self,
        ctx: &SiteContext,
        repo: &RepoView,
        reviews: &dyn ReviewSource,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let (board, _) = agents::tally(reviews)?;
        let page = RepoPage::build(repo, &ctx.rounds, &ctx.site, &board);
        let html = render_page(&self.tera, "repo.html", &page)?;
        out.write(&page_path(&repo.url), html.as_bytes())?;
        Ok(1)
    }

    /// A PR thread's page; `keys` are the key findings of its rounds ([`key_findings`]).
    pub(crate) fn thread_page(
        &self,
        ctx: &SiteContext,
        thread: &PrThread,
        repo: &RepoView,
        keys: &KeyFindings,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let flow = ctx.flows.of_thread(&thread.url);
        let mut page = ThreadPage::build(thread, repo, &ctx.site, keys, flow.as_ref());
        // The findings table's rows, made and rendered a few at a time, and the page
        // streamed.
        let order = page.body.take_flow_order();
        let root = page.root.clone();
        let rows = |chains: &[usize]| match &flow {
            Some(f) => super::flow_table::rows_of(f, &root, chains),
            None => Vec::new(),
        };
        out.write_streamed(&page_path(&thread.url), &mut |w| {
            let in_parts = match page.body.flow() {
                Some(table) if !order.is_empty() => {
                    let frame = tera::Context::from_serialize(&page)?;
                    // The part sees the table (`fl`, a few of its rows) and the page's root.
                    let chunks = order.chunks(table.rows_at_once()).map(|chunk| {
                        let mut ctx = tera::Context::new();
                        ctx.insert("root", &page.root);
                        ctx.insert("fl", &table.with_rows(&rows(chunk))?);
                        Ok(ctx)
                    });
                    self.in_parts(("thread.html", "thread_flow_rows.html"), &frame, chunks, w)?
                }
                _ => false,
            };
            if !in_parts {
                page.body.put_flow_rows(rows(&order));
                render_page_into(&self.tera, "thread.html", &page, w)?;
            }
            Ok(())
        })?;
        Ok(1)
    }

    /// `404.html`: served at any depth, so its links start from the site's base path.
    pub(crate) fn not_found_page(
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
            share: Share::nowhere(&ctx.site, "Page not found"),
            body: (),
        };
        out.write(
            "404.html",
            render_page(&self.tera, "404.html", &nf)?.as_bytes(),
        )?;
        Ok(1)
    }

    /// `agents/index.html`, its sorted copies and one page per agent family, from the
    /// reviews of `reviews`, read a few at a time.
    pub(crate) fn agent_pages(
        &self,
        ctx: &SiteContext,
        reviews: &dyn ReviewSource,
        index: &SiteIndex,
        out: &dyn Sink,
    ) -> anyhow::Result<usize> {
        let (board, newest) = crate::timing::time("agents: board", || agents::tally(reviews))?;
        let leaderboards = crate::timing::time("agents: leaderboards", || {
            agents::leaderboard_pages(&board, &ctx.site)
        });
        let pages = leaderboards.len() + board.families.len();
        // The leaderboards and the family pages are independent: both cores take either.
        let (written, families) = rayon::join(
            || {
                crate::timing::time("agents: leaderboard templates and writing", || {
                    leaderboards.into_iter().try_for_each(|(url, page)| {
                        out.write_streamed(&page_path(&url), &mut |w| {
                            render_page_into(&self.tera, "agents.html", &page, w)
                        })
                    })
                })
            },
            || {
                crate::timing::time("agents: family pages", || {
                    agents::family_pages(
                        &board,
                        reviews,
                        &newest,
                        index,
                        &ctx.known,
                        &ctx.site,
                        |url, mut page, runs| {
                            out.write_streamed(&page_path(&url), &mut |w| {
                                self.family_html(&mut page, runs, w)
                            })
                        },
                    )
                })
            },
        );
        written?;
        families?;
        Ok(pages)
    }

    /// A family page's HTML (`page`, without its runs) written to `w`, its runs read back
    /// and rendered a few at a time (`agent_runs.html`).
    fn family_html(
        &self,
        page: &mut Page<agents::FamilyBody>,
        runs: &agents::FamilyRuns,
        w: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        let frame = tera::Context::from_serialize(&*page)?;
        let chunks = runs.in_parts();
        if !self.in_parts(("agent.html", "agent_runs.html"), &frame, chunks, w)? {
            page.body.put_runs(runs.all()?);
            render_page_into(&self.tera, "agent.html", &*page, w)?;
        }
        Ok(())
    }

    /// Page `name` rendered with `frame`, its part `part` a chunk at a time
    /// ([`render_in_parts`]); `false` when the theme's page does not include the part.
    fn in_parts(
        &self,
        (name, part): (&str, &str),
        frame: &tera::Context,
        chunks: impl Iterator<Item = anyhow::Result<tera::Context>>,
        html: &mut dyn std::io::Write,
    ) -> anyhow::Result<bool> {
        render_in_parts(&self.tera, &self.frames, name, frame, part, chunks, html)
    }

    /// `search.html` (its index, `search-index.js` and its shards, is [`search::SearchIndex::files`]).
    pub(crate) fn search_page(&self, ctx: &SiteContext, out: &dyn Sink) -> anyhow::Result<usize> {
        let page = Page {
            site: ctx.site.clone(),
            root: String::new(),
            page_title: "Search".into(),
            crumbs: vec![index_crumb("")],
            share: Share::page(
                &ctx.site,
                "search.html",
                "Search the archive's reviews and findings".into(),
            ),
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
        // Browsers ask for /favicon.ico whatever the page links (a site's static folder
        // may still bring its own, below).
        if !self.theme.has_asset("favicon.ico") {
            out.write("favicon.ico", &super::favicon::favicon_ico())?;
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
pub(crate) fn review_page_failures(failed: Vec<Diagnostic>, total: usize) -> Vec<Diagnostic> {
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

//! The pipeline: config, content, parse, enrich, aggregate, render, write.
//!
//! `build` loads the site ([`Site`]), renders every page into a staging folder and swaps it
//! in only when all of that succeeded; `check` runs the same stages up to rendering and
//! writes nothing. (`serve` keeps the [`Site`] and renders again only what a change
//! affects.) Code excerpts are read through an [`ExcerptCache`]: `build` and `check` make
//! a fresh one, the `_with` variants take one a caller keeps. One bad report never
//! stops the others: it becomes diagnostics, and `--strict` turns warnings into failure.

use crate::aggregate::ReviewSummary;
use crate::config::{Config, Overrides};
use crate::content::{self, SourceReport};
use crate::diagnostics::{self, Diagnostic, Level};
use crate::excerpts::ExcerptCache;
use crate::model::Review;
use crate::output::{self, Staging};
use crate::site::Site;
use crate::{enrich, parse, timing};
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (book.toml, content/, themes/, static/).
    pub root: PathBuf,
    pub overrides: Overrides,
    /// Warnings fail the build.
    pub strict: bool,
    /// Replace an output folder reviewsite did not write.
    pub force: bool,
    /// Publish the Markdown files that are not review reports (a project's README-like
    /// documents) as "Report" pages too, instead of skipping them (see `shape.rs`).
    pub include_non_reports: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub reviews: usize,
    pub pages: usize,
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub output_dir: PathBuf,
}

impl BuildReport {
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count()
    }
    /// The diagnostics that are not problems: infos and notes.
    pub fn infos(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level < Level::Warning)
            .count()
    }
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }
}

/// The parsed and enriched archive, ready to render.
pub struct Loaded {
    pub config: Config,
    pub sources: Vec<SourceReport>,
    pub reviews: Vec<Review>,
    pub summaries: Vec<ReviewSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Stages 1-4: config, content, parse, enrich (code excerpts included, with a fresh
/// excerpt cache).
pub fn load(opts: &BuildOptions) -> Result<Loaded> {
    Ok(Site::load(opts)?.into_loaded())
}

/// Stages 3-4 for one report: parses it and merges its sidecar. `root` is the site folder:
/// diagnostics name files relative to it.
pub fn parse_and_enrich(src: &SourceReport, root: &Path) -> (Review, Vec<Diagnostic>) {
    let parsed = parse::parse_report(src);
    let mut review = parsed.review;
    // The parser names files relative to the content folder; users see paths
    // relative to the site root, as everywhere else.
    let shown_md = content::shown_path(&src.path, root);
    let mut diags: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|mut d| {
            if d.file == src.rel_path {
                d.file = shown_md.clone();
            }
            d
        })
        .collect();
    let sidecar = content::shown_path(&src.path.with_extension("json"), root);
    diags.extend(enrich::enrich(&mut review, &sidecar));
    (review, diags)
}

/// Builds the site. `Err` means nothing was replaced: the previous output is intact.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, &ExcerptCache::new())
}

/// Builds the site, reading code excerpts through `cache`: a caller that builds again and
/// again keeps one cache, so files already read and highlighted are not read again.
pub fn build_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<BuildReport> {
    let start = Instant::now();
    let mut site = timing::time("load", || Site::load_for_build(opts, cache.clone()))?;
    // Nothing to publish must never replace a published site: fail before the output
    // folder is even looked at.
    if let Some(error) = site.no_reports() {
        let warnings: String = site
            .diagnostics()
            .iter()
            .filter(|d| d.level == Level::Warning)
            .map(|d| format!("\n{d}"))
            .collect();
        bail!(
            "{}{warnings}\nnothing was built; the previous output is unchanged",
            error.message
        );
    }
    let config = site.config().clone();
    output::check_output_dir(
        &config.output_dir,
        &[
            &config.root,
            &config.content_dir,
            &config.static_dir,
            &config.theme_dir,
        ],
        opts.force,
    )?;
    let staging = Staging::begin(&config.output_dir)?;
    let pages = match timing::time("render", || site.render(&staging)) {
        Ok(rendered) => rendered.pages,
        Err(e) => {
            staging.abort();
            return Err(e.context("build failed; the previous output is unchanged"));
        }
    };
    let diagnostics = site.diagnostics();
    if let Some(failure) = diagnostics::failure(&diagnostics, opts.strict) {
        staging.abort();
        bail!(
            "{failure}\nbuild failed with {}; the previous output is unchanged",
            failure.summary()
        );
    }
    let files = staging.file_count();
    staging.commit()?;
    let reviews = site.reviews();
    // The site is hundreds of thousands of allocations: freeing them is not the build's
    // work. (A command that exits next never waits for it.)
    std::thread::spawn(move || drop(site));
    Ok(BuildReport {
        reviews,
        pages,
        files,
        diagnostics,
        elapsed: start.elapsed(),
        output_dir: config.output_dir,
    })
}

/// Parses and validates everything without writing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport> {
    check_with(opts, &ExcerptCache::new())
}

/// [`check`] reading code excerpts through `cache`.
pub fn check_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<BuildReport> {
    let start = Instant::now();
    let mut site = Site::load_with(opts, cache.clone())?;
    site.settle_excerpts();
    Ok(BuildReport {
        reviews: site.reviews(),
        pages: 0,
        files: 0,
        diagnostics: site.diagnostics(),
        elapsed: start.elapsed(),
        output_dir: site.config().output_dir.clone(),
    })
}

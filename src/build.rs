//! The pipeline: config, content, parse, enrich, aggregate, render, write.
//!
//! `build` runs every stage and swaps the new site in only when all of them succeeded;
//! `check` runs the same stages up to rendering and writes nothing. One bad report never
//! stops the others: it becomes diagnostics, and `--strict` turns warnings into failure.

use crate::aggregate::{self, ReviewSummary};
use crate::config::{Config, Overrides};
use crate::content::{self, SourceReport};
use crate::diagnostics::{Diagnostic, Level};
use crate::excerpts::{Attachment, ExcerptCache, Excerpter};
use crate::model::Review;
use crate::output::{self, Staging};
use crate::render::{self, Renderer, SiteContext};
use crate::{enrich, parse};
use anyhow::{bail, Result};
use rayon::prelude::*;
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
    pub fn infos(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Info)
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

/// Stages 1-4: config, content, parse, enrich (with a fresh excerpt cache).
pub fn load(opts: &BuildOptions) -> Result<Loaded> {
    load_with(opts, &ExcerptCache::new())
}

/// Stages 1-4, reading code excerpts through `cache` (kept by the caller across builds).
pub fn load_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<Loaded> {
    let mut loaded = load_reports(opts)?;
    let excerpter = Excerpter::new(&loaded.config, cache);
    let made = make_excerpts(&excerpter, &loaded, &opts.root);
    apply_excerpts(&mut loaded, made, excerpter);
    Ok(loaded)
}

/// The excerpts of every review (in the order of `loaded.reviews`), with diagnostics.
fn make_excerpts(
    excerpter: &Excerpter<'_>,
    loaded: &Loaded,
    root: &Path,
) -> Vec<(Attachment, Vec<Diagnostic>)> {
    loaded
        .reviews
        .par_iter()
        .zip(loaded.sources.par_iter())
        .map(|(review, src)| excerpter.excerpts_for(review, &shown_path(root, &src.path)))
        .collect()
}

/// Puts excerpts made by [`make_excerpts`] on their reviews, with their diagnostics and
/// the excerpter's per-repository ones.
fn apply_excerpts(
    loaded: &mut Loaded,
    made: Vec<(Attachment, Vec<Diagnostic>)>,
    excerpter: Excerpter<'_>,
) {
    for (review, (attachment, diags)) in loaded.reviews.iter_mut().zip(made) {
        attachment.apply(review);
        loaded.diagnostics.extend(diags);
    }
    loaded.diagnostics.extend(excerpter.finish());
}

/// A path as users see it: relative to the site root when it is inside, `/`-separated.
fn shown_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Stages 1-4 without code excerpts: config, content, parse, enrich.
fn load_reports(opts: &BuildOptions) -> Result<Loaded> {
    let config = Config::load(&opts.root, &opts.overrides)?;
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
    let mut content = content::load(&config.content_dir, &opts.root, &exclude);
    let mut diagnostics = content.diagnostics;
    content.reports.retain(|src| {
        let page = format!("{}.html", src.id);
        let reserved = render::RESERVED_PAGES.contains(&page.as_str());
        if reserved {
            let shown = src.path.strip_prefix(&opts.root).unwrap_or(&src.path);
            diagnostics.push(Diagnostic::warning(
                shown.to_string_lossy(),
                None,
                format!("{page} is the site's own page, so this report cannot have it; skipped: rename the report"),
            ));
        }
        !reserved
    });
    if content.reports.is_empty() {
        if let Some(e) = diagnostics.iter().find(|d| d.level == Level::Error) {
            bail!("{}: {}", e.file, e.message);
        }
        diagnostics.push(Diagnostic::warning(
            config.content_dir.display().to_string(),
            None,
            "no review reports (*.md) found; the site will be empty",
        ));
    }
    let parsed: Vec<(Review, Vec<Diagnostic>)> = content
        .reports
        .par_iter()
        .map(|src| {
            let parsed = parse::parse_report(src);
            let mut review = parsed.review;
            // The parser names files relative to the content folder; users see paths
            // relative to the site root, as everywhere else.
            let shown_md = shown_path(&opts.root, &src.path);
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
            let sidecar_file = src.path.with_extension("json");
            let shown = sidecar_file
                .strip_prefix(&opts.root)
                .unwrap_or(&sidecar_file);
            diags.extend(enrich::enrich(&mut review, &shown.to_string_lossy()));
            (review, diags)
        })
        .collect();
    let mut reviews = Vec::with_capacity(parsed.len());
    for (review, diags) in parsed {
        diagnostics.extend(diags);
        reviews.push(review);
    }
    let summaries = reviews.iter().map(aggregate::summarise).collect();
    Ok(Loaded {
        config,
        sources: content.reports,
        reviews,
        summaries,
        diagnostics,
    })
}

/// Builds the site. `Err` means nothing was replaced: the previous output is intact.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, &ExcerptCache::new())
}

/// Builds the site, reading code excerpts through `cache`: a caller that builds again and
/// again (`serve`) keeps one cache, so files already read and highlighted are not read
/// again.
pub fn build_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<BuildReport> {
    let start = Instant::now();
    let mut loaded = load_reports(opts)?;
    let config = loaded.config.clone();
    let config = &config;
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
    let index = aggregate::aggregate(config, std::mem::take(&mut loaded.summaries));
    let staging = Staging::begin(&config.output_dir)?;
    let result = (|| -> Result<(usize, Vec<Diagnostic>)> {
        let renderer = Renderer::new(config)?;
        let ctx = SiteContext::new(config, &loaded.reviews, &index);
        // Excerpts (highlighting is their cost) are made while the pages that do not
        // show them are rendered; then the review pages.
        let excerpter = Excerpter::new(config, cache);
        let (made, aggregates) = rayon::join(
            || make_excerpts(&excerpter, &loaded, &opts.root),
            || renderer.aggregate_pages(&ctx, config, &loaded.reviews, &index, &staging),
        );
        let aggregates = aggregates?;
        apply_excerpts(&mut loaded, made, excerpter);
        let mut rendered = renderer.review_pages(&ctx, &loaded.reviews, &index, &staging);
        rendered.pages += aggregates.pages;
        rendered.diagnostics.extend(aggregates.diagnostics);
        renderer.assets(config, &index, &staging)?;
        loaded.sources.par_iter().try_for_each(|src| {
            staging.write(&format!("{}.md", src.id), &std::fs::read(&src.path)?)
        })?;
        Ok((rendered.pages, rendered.diagnostics))
    })();
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let pages = match result {
        Ok((pages, diags)) => {
            diagnostics.extend(diags);
            pages
        }
        Err(e) => {
            staging.abort();
            return Err(e.context("build failed; the previous output is unchanged"));
        }
    };
    let problems: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.level >= Level::Warning)
        .collect();
    if problems.iter().any(|d| d.level == Level::Error) || (opts.strict && !problems.is_empty()) {
        staging.abort();
        let shown: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        bail!(
            "{}\nbuild failed with {} problem(s){}; the previous output is unchanged",
            shown.join("\n"),
            problems.len(),
            if opts.strict { " (--strict)" } else { "" }
        );
    }
    let files = staging.file_count();
    staging.commit()?;
    Ok(BuildReport {
        reviews: loaded.reviews.len(),
        pages,
        files,
        diagnostics,
        elapsed: start.elapsed(),
        output_dir: config.output_dir.clone(),
    })
}

/// Parses and validates everything without writing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport> {
    check_with(opts, &ExcerptCache::new())
}

/// [`check`] reading code excerpts through `cache`.
pub fn check_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<BuildReport> {
    let start = Instant::now();
    let loaded = load_with(opts, cache)?;
    Ok(BuildReport {
        reviews: loaded.reviews.len(),
        pages: 0,
        files: 0,
        diagnostics: loaded.diagnostics,
        elapsed: start.elapsed(),
        output_dir: loaded.config.output_dir,
    })
}

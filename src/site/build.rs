//! `build` and `check`: the engine run once, from config to the written site.
//!
//! `build` loads the site ([`Site`]), renders every page into a staging folder and swaps it
//! in only when all of that succeeded; `check` runs the same stages up to rendering and
//! writes nothing. (`serve` keeps the [`Site`] and renders again only what a change
//! affects.) Code excerpts are read through an [`ExcerptCache`]: `build` and `check` make
//! a fresh one, the `_with` variants take one a caller keeps. One bad report never
//! stops the others: it becomes diagnostics, and `--strict` turns warnings into failure.

use super::engine::Site;
use super::options::{BuildOptions, BuildReport, Loaded};
use crate::diagnostics::{self, Diagnostic, Level};
use crate::enrich::excerpts::ExcerptCache;
use crate::output::{self, Staging};
use crate::timing;
use anyhow::{bail, Result};
use std::time::Instant;

/// Stages 1-4: config, content, parse, enrich (code excerpts included, with a fresh
/// excerpt cache).
pub fn load(opts: &BuildOptions) -> Result<Loaded> {
    Ok(Site::load(opts)?.into_loaded())
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
    let target = output::resolve_output(&config.output_dir)?;
    output::check_output_outside(&target, &[&config.static_dir, &config.theme_dir])?;
    let staging = Staging::begin(&target)?;
    let rendered = match timing::time("render", || site.render(&staging)) {
        Ok(rendered) => rendered,
        Err(e) => {
            staging.abort();
            return Err(e.context("build failed; the previous output is unchanged"));
        }
    };
    let reused = match timing::time("reuse", || site.link_reused(&staging, &rendered)) {
        Ok(pages) => pages,
        Err(e) => {
            staging.abort();
            return Err(e.context("build failed; the previous output is unchanged"));
        }
    };
    let pages = rendered.pages + reused;
    let mut diagnostics = site.diagnostics();
    if let Some(failure) = diagnostics::failure(&diagnostics, opts.strict) {
        staging.abort();
        bail!(
            "{failure}\nbuild failed with {}; the previous output is unchanged",
            failure.summary()
        );
    }
    let files = staging.file_count();
    let leftovers = staging.commit()?;
    // Reported, never left silently: a hidden folder the size of the site.
    diagnostics.extend(
        leftovers
            .into_iter()
            .map(|(folder, says)| Diagnostic::warning(folder.display().to_string(), None, says)),
    );
    diagnostics.extend(timing::time("cache", || {
        site.update_cache(&target, &rendered)
    }));
    // Its lock goes now, not with the rest of the site below (which may outlive the
    // process).
    site.cache = None;
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
pub(crate) fn check_with(opts: &BuildOptions, cache: &ExcerptCache) -> Result<BuildReport> {
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

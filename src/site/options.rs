//! What a caller asks of the engine ([`BuildOptions`]) and what it gets back: a
//! [`BuildReport`] of a build or check, or the [`Loaded`] archive.

use crate::aggregate::ReviewSummary;
use crate::config::{Config, Overrides};
use crate::content::SourceReport;
use crate::diagnostics::{Diagnostic, Level};
use crate::model::Review;
use std::path::PathBuf;
use std::time::Duration;

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
    /// documents) as "Report" pages too, instead of skipping them (see `enrich/shape.rs`).
    pub include_non_reports: bool,
    /// Where a build keeps what the next one can reuse (see `site/cache.rs`).
    pub cache: CacheDir,
}

/// Where `build` keeps its build cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheDir {
    /// No cache: everything is made from the reports.
    #[default]
    Off,
    /// `.reviewsite-cache` beside the output folder (`reviewsite build`'s default).
    BesideOutput,
    /// This folder (`--cache-dir`).
    At(PathBuf),
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

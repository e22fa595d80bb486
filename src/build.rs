//! The pipeline: config, content, parse, enrich, aggregate, render, write.

use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
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

/// Builds the site. `Err` means nothing was written (the previous output is intact).
pub fn build(_opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    anyhow::bail!("not yet implemented")
}

/// Parses and validates everything without writing.
pub fn check(_opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    anyhow::bail!("not yet implemented")
}

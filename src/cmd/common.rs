//! The arguments `build`, `serve` and `check` share: the site folder, `--strict`,
//! `--checkout` and `--include-non-reports`.

use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct CommonArgs {
    /// The site folder: book.toml, content/, themes/, static/.
    #[arg(long, short, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Read code excerpts of OWNER/NAME from the clone at PATH: sets or overrides
    /// [repos."OWNER/NAME"] checkout for this run. A relative PATH is relative to the
    /// current folder (book.toml's are relative to the site folder). Repeatable.
    #[arg(long, value_name = "OWNER/NAME=PATH")]
    pub checkout: Vec<String>,
    /// Publish Markdown files that are not review reports (README-like documents) too.
    #[arg(long)]
    pub include_non_reports: bool,
}

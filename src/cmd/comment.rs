//! `reviewsite comment`: the PR comment on stdout (Markdown, or JSON for bots), warnings
//! (unless `--quiet`) on stderr.

use super::problems::fail;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CommentArgs {
    /// The review: its id (file stem, e.g. 20260519-100641-pr-4985) or the path of its .md.
    stem: String,
    /// The site folder (default: the folder of book.toml above a given .md path, else .).
    #[arg(long, short)]
    root: Option<PathBuf>,
    /// Base URL the site is published at (overrides base_url); links need an absolute one.
    #[arg(long, short = 'u')]
    base_url: Option<String>,
    /// `markdown`: the comment; `json`: an object with the comment (`body`), the PR it
    /// belongs on (`repo`, `pr`) and its hidden `marker`, for bots that post it.
    #[arg(long, value_enum, default_value_t = CommentFormat::Markdown)]
    format: CommentFormat,
}

/// What `comment` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CommentFormat {
    Markdown,
    Json,
}

/// Prints the comment for one review.
pub fn run(args: CommentArgs, quiet: bool) -> ExitCode {
    match reviewsite::comment::comment(&args.stem, args.root.as_deref(), args.base_url.as_deref()) {
        Ok(c) => {
            for w in c.warnings.iter().filter(|_| !quiet) {
                eprintln!("warning: {w}");
            }
            match args.format {
                CommentFormat::Markdown => print!("{}", c.markdown),
                CommentFormat::Json => print!("{}", c.to_json()),
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
